from django import forms

from .models import OfficerRole


class DateInput(forms.DateInput):
    input_type = "date"


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label="Date", required=False, widget=DateInput)
    note = forms.CharField(label="Note (optional)", max_length=500, required=False)


class EfdChangeForm(forms.Form):
    efd = forms.DateField(label="New EFD", widget=DateInput)
    reason = forms.CharField(label="Why it moves", max_length=300)


class TicketForm(forms.Form):
    description = forms.CharField(
        label="What is the problem?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reference = forms.CharField(
        label="Elexon Service Desk reference (optional)",
        max_length=32,
        required=False,
        help_text="Leave blank and the portal numbers the ticket.",
    )
    blocking = forms.BooleanField(
        label="Blocking: the next step cannot happen until this is resolved", required=False
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(label="Resolution", max_length=500, required=False)


class OfficerForm(forms.Form):
    role = forms.ChoiceField(choices=OfficerRole.choices)
    name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail address")


class OnboardingRecordForm(forms.Form):
    test_certificates_issued_on = forms.DateField(
        label="Test certificates issued on", required=False, widget=DateInput
    )
    smoke_test_passed_on = forms.DateField(
        label="Connectivity (smoke) test passed on", required=False, widget=DateInput
    )
