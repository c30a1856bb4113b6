from datetime import timedelta

from django import forms
from django.utils import timezone

from qualification.event_kinds import EVENT_KINDS
from qualification.models import Body
from qualification.models_api import TokenScope

EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("", "Never")]


class TokenCreateForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What uses it, e.g. 'Status tracker sync'.")
    scope = forms.ChoiceField(choices=TokenScope.choices, initial=TokenScope.READ)
    expires_in = forms.ChoiceField(label="Expires in", choices=EXPIRY_CHOICES, required=False)

    def __init__(self, *args, service_accounts=False, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        if service_accounts:
            self.fields["service_account"] = forms.BooleanField(
                required=False,
                label="Service account",
                help_text="Acts as the organisation, not as you; it keeps working if you leave.",
            )
        if bodies:
            self.fields["body"] = forms.ChoiceField(
                choices=[(b, Body(b).label) for b in bodies], help_text="What the token may see."
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        days = data.pop("expires_in")
        data["expires_at"] = timezone.now() + timedelta(days=int(days)) if days else None
        return data


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https")
    description = forms.CharField(max_length=120, required=False)
    event_kinds = forms.MultipleChoiceField(
        label="Event kinds",
        choices=sorted(EVENT_KINDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every kind.",
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        if bodies:
            self.fields["body"] = forms.ChoiceField(choices=[(b, Body(b).label) for b in bodies])
