"""Parsing what people type (commands, forms, query strings) into domain values.

Every failure is a ValidationFailed with field errors, which commands turn
into exit code 2, the API into a 400 and forms into field messages.
"""

from datetime import date

from mhhs_portal.exceptions import ValidationFailed

from .models import Cohort


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ValidationFailed(
            f"{field}: {value!r} is not a date (YYYY-MM-DD).",
            errors={field: [f"{value!r} is not a date in the form YYYY-MM-DD."]},
        ) from None


def cohort_by_key(key: str) -> Cohort:
    cohort = Cohort.objects.filter(key=key).first()
    if cohort is None:
        known = ", ".join(Cohort.objects.values_list("key", flat=True))
        raise ValidationFailed(
            f"Unknown cohort {key!r}. Known cohorts: {known}.",
            errors={"cohort": [f"Unknown cohort {key!r}."]},
        )
    return cohort
