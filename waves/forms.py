from django import forms

from qualification.event_kinds import EVENT_KINDS

from .pqs_services import PqsInput


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


class PqsForm(forms.Form):
    """The participant's Pre-Qualification Submission (QA&P §9.3.2)."""

    preferred_cohort = forms.ModelChoiceField(
        queryset=None, required=False, label="Preferred wave", empty_label="Choose a wave"
    )
    roles = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Roles to qualify", required=False
    )
    mpids = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="MPIDs to qualify", required=False
    )
    mpids_not_taken_forward = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="MPIDs not taken forward",
        required=False,
        help_text="To be surrendered or consolidated (QA&P §11.4.3).",
    )
    pit_approach = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="PIT approach"
    )
    pit_start = forms.DateField(required=False, label="PIT starts", widget=_DateInput())
    pit_completion = forms.DateField(required=False, label="PIT completes", widget=_DateInput())
    target_migration_date = forms.DateField(
        required=False, label="Target migration date", widget=_DateInput()
    )
    reliance_requested = forms.BooleanField(
        required=False, label="We ask to place reliance on another party's testing"
    )
    reliance_details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Placing Reliance request",
        help_text="On whom, or on which third-party provider, and for what scope (QA&P §10.4).",
    )

    def __init__(self, *args, organisation, waves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_cohort"].queryset = waves
        self.fields["roles"].choices = [
            (q.market_role.code, q.market_role.name)
            for q in organisation.qualifications.select_related("market_role").order_by(
                "market_role__order"
            )
        ]
        mpids = [
            (m.code, f"{m.code} ({m.market_role.name})")
            for m in organisation.mpids.select_related("market_role").order_by("code")
        ]
        self.fields["mpids"].choices = mpids
        self.fields["mpids_not_taken_forward"].choices = mpids

    @staticmethod
    def initial_from(pqs) -> dict:
        return {
            "preferred_cohort": pqs.preferred_cohort_id,
            "roles": [q.market_role.code for q in pqs.qualifications.all()],
            "mpids": [m.code for m in pqs.mpids.all()],
            "mpids_not_taken_forward": [m.code for m in pqs.mpids_not_taken_forward.all()],
            "pit_approach": pqs.pit_approach,
            "pit_start": pqs.pit_start,
            "pit_completion": pqs.pit_completion,
            "target_migration_date": pqs.target_migration_date,
            "reliance_requested": pqs.reliance_requested,
            "reliance_details": pqs.reliance_details,
        }

    def to_input(self) -> PqsInput:
        data = self.cleaned_data
        return PqsInput(
            preferred_cohort=data["preferred_cohort"],
            roles=tuple(data["roles"]),
            mpids=tuple(data["mpids"]),
            mpids_not_taken_forward=tuple(data["mpids_not_taken_forward"]),
            pit_approach=data["pit_approach"],
            pit_start=data["pit_start"],
            pit_completion=data["pit_completion"],
            target_migration_date=data["target_migration_date"],
            reliance_requested=data["reliance_requested"],
            reliance_details=data["reliance_details"],
        )

    def add_service_errors(self, exc) -> None:
        """Put a service's refusal on the fields it names (the rest on the form)."""
        self.add_error(None, exc.message)
        for name, errors in exc.errors.items():
            for error in errors:
                self.add_error(name if name in self.fields else None, error)
