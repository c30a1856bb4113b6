from django import forms

from qualification.event_kinds import EVENT_KINDS


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class PlanForm(forms.Form):
    """ "What if ... on ...?": a date per event the cohort's rules read, and the day to stand on."""

    as_of = forms.DateField(
        required=False, label="As of", widget=_DateInput(), help_text="Default: today"
    )

    def __init__(self, *args, event_kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_kinds = list(event_kinds)
        for kind in self.event_kinds:
            self.fields[kind] = forms.DateField(
                required=False, label=f"{EVENT_KINDS.get(kind, kind)} on", widget=_DateInput()
            )

    def events(self) -> list[str]:
        data = self.cleaned_data
        return [f"{kind}={data[kind].isoformat()}" for kind in self.event_kinds if data.get(kind)]

    def as_of_text(self) -> str | None:
        day = self.cleaned_data.get("as_of")
        return day.isoformat() if day else None
