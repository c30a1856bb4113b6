"""Shared set-up for deadline tests: qualifications in cohorts, events on given days."""

from datetime import date, datetime, time

from django.utils import timezone

from qualification.events import event_record
from tests.factories import QualificationFactory, allocate


def on(day: date):
    """Noon London time on ``day``: safely inside that local day."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def happened(qualification, kind: str, day: date):
    return event_record(kind=kind, qualification=qualification, occurred_at=on(day))


def allocated(cohort_key: str = "wave_1", **fields):
    qualification = QualificationFactory(**fields)
    allocate(qualification, cohort_key)
    return qualification
