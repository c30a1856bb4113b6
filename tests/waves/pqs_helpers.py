"""Shared builders for the PQS and wait list tests."""

from datetime import date

from tests.factories import MpidFactory, OrganisationFactory, QualificationFactory, market_role
from waves.models import Cohort
from waves.pqs_services import PqsInput, pqs_create


def wave(key: str) -> Cohort:
    return Cohort.objects.get(key=key)


def complete_input(**overrides) -> PqsInput:
    values = {
        "preferred_cohort": wave("wave_2"),
        "roles": ("SUPPLIER",),
        "mpids": ("ALP1",),
        "mpids_not_taken_forward": (),
        "pit_approach": "PIT in our own test environment with a third-party test house.",
        "pit_start": date(2025, 3, 1),
        "pit_completion": date(2025, 9, 30),
        "target_migration_date": date(2026, 6, 1),
    }
    values.update(overrides)
    return PqsInput(**values)


def participant(organisation=None, roles=("SUPPLIER",), mpid="ALP1"):
    """An organisation holding these roles and one MPID in the first."""
    organisation = organisation or OrganisationFactory()
    for code in roles:
        QualificationFactory(organisation=organisation, market_role=market_role(code))
    if mpid:
        MpidFactory(organisation=organisation, market_role=market_role(roles[0]), code=mpid)
    return organisation


def draft(actor, organisation, **overrides):
    return pqs_create(actor=actor, organisation=organisation, data=complete_input(**overrides))
