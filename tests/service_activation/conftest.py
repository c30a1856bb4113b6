from datetime import date, timedelta

import pytest

from service_activation.models import ServiceActivation, Step
from service_activation.services import activation_open, activation_step
from service_activation.steps import DIP, ORDER, PARTICIPANT, STEPS, TEAM
from tests.factories import QualificationFactory, allocate, staff

EFD = date(2026, 9, 1)
ISD = EFD - timedelta(days=7)
CERTIFICATE = date(2026, 8, 10)
# The date each dated step is given when walked.
STEP_DATES = {
    Step.EFD_AGREED: EFD,
    Step.PROMOTED_TO_PRODUCTION: CERTIFICATE,
    Step.ISD_PUBLISHED: ISD,
}


@pytest.fixture
def team(db):
    return staff("service_activation", email="team@activation.test")


@pytest.fixture
def dip_manager(db):
    return staff("approver", "DIP", email="approver@dip.test")


@pytest.fixture
def qualified_a(org_a):
    qualification = QualificationFactory(organisation=org_a, status="qualified")
    allocate(qualification, "sit_m10")
    return qualification


@pytest.fixture
def activation_a(qualified_a):
    return activation_open(qualification=qualified_a)


@pytest.fixture
def people(team, dip_manager, admin_a):
    return {TEAM: team, DIP: dip_manager, PARTICIPANT: admin_a}


def at_state(qualification, status: str) -> ServiceActivation:
    """An activation standing at `status` with the dates it would have by then."""
    reached = ORDER.index(status)
    dates = {}
    if reached >= ORDER.index(Step.EFD_AGREED):
        dates["efd"] = EFD
    if reached >= ORDER.index(Step.PROMOTED_TO_PRODUCTION):
        dates["production_certificate_issued_on"] = CERTIFICATE
    if reached >= ORDER.index(Step.ISD_PUBLISHED):
        dates["isd_published_on"] = ISD
    return ServiceActivation.objects.create(qualification=qualification, status=status, **dates)


def do_step(activation, step: str, people: dict, **extra):
    spec = STEPS[step]
    extra.setdefault("on", STEP_DATES.get(step))
    extra.setdefault("today", EFD)
    return activation_step(actor=people[spec.holder], activation=activation, step=step, **extra)


def walk(activation, to: str, people: dict):
    for step in ORDER[ORDER.index(activation.status) + 1 : ORDER.index(to) + 1]:
        activation = do_step(activation, step, people)
    return activation
