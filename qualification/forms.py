from django import forms

from .models import MarketRole, MembershipRole, mpid_validator


class MemberAddForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    full_name = forms.CharField(label="Full name", max_length=150, required=False)
    role = forms.ChoiceField(choices=MembershipRole.choices, initial=MembershipRole.CONTRIBUTOR)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=MembershipRole.choices)


class UpperCaseField(forms.CharField):
    """People type MPIDs in any case; they are stored upper-case."""

    def to_python(self, value):
        return super().to_python(value).upper()


class MpidAddForm(forms.Form):
    code = UpperCaseField(
        label="MPID",
        max_length=4,
        help_text="Four upper-case letters or digits, e.g. ABC1.",
        validators=[mpid_validator],
    )
    market_role = forms.ModelChoiceField(
        queryset=MarketRole.objects.filter(in_scope=True), label="Market role"
    )


class QualificationAddForm(forms.Form):
    market_role = forms.ModelChoiceField(
        queryset=MarketRole.objects.filter(in_scope=True), label="Market role to qualify"
    )
