"""Demo service activations and DIP onboarding, made through the services.

Qualified roles are opened and walked to a spread of steps (one live, one
held by a blocking ticket); organisations in the QT waves and the LDSO wave
get DIP onboarding at different stages. Running it again adds nothing.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from qualification.models import Membership, Organisation, Qualification
from service_activation.dip_onboarding import dip_officer_appoint, dip_onboarding_record
from service_activation.models import DipOnboarding, OfficerRole, Step
from service_activation.selectors import dip_windows
from service_activation.services import activation_open, activation_step
from service_activation.steps import DIP, ORDER, PARTICIPANT, STEPS, TEAM
from service_activation.tickets import ticket_raise

# Where each demo activation stands, cycling in qualification order.
TARGETS = [
    Step.CONFIG_IMPORTED,
    Step.LIVE,
    Step.EFD_AGREED,
    Step.PROMOTED_TO_PRODUCTION,
    Step.ISD_PUBLISHED,
    Step.AWAITING_PLAN,
    Step.SYSTEMS_UPDATED,
]
# The first activation sent to this step is held there by a blocking ticket.
BLOCKED = TARGETS.index(Step.PROMOTED_TO_PRODUCTION)
# DIP onboarding stages, cycling over the organisations with a DIP window.
ONBOARDING_STAGES = ["complete", "certificates", "officers", "none", "complete"]


def _admin_of(organisation_id: int):
    return (
        Membership.objects.filter(organisation_id=organisation_id, role="admin")
        .select_related("user")
        .first()
        .user
    )


def _dates(index: int, target: str, today: date) -> dict[str, date]:
    """EFDs spread over the coming weeks; the live one went live two weeks ago."""
    if target == Step.LIVE:
        efd = today - timedelta(days=14)
    elif target == Step.ISD_PUBLISHED:
        efd = today + timedelta(days=7)
    else:
        efd = today + timedelta(weeks=2 + index % 6)
    return {
        Step.EFD_AGREED: efd,
        Step.PROMOTED_TO_PRODUCTION: min(today, efd) - timedelta(days=10),
        Step.ISD_PUBLISHED: efd - timedelta(days=7),
    }


def _walk(activation, target: str, people: dict, index: int, today: date):
    dates = _dates(index, target, today)
    holders = {TEAM: people["activation"], DIP: people["dip.manager@dip.example"]}
    holders[PARTICIPANT] = _admin_of(activation.qualification.organisation_id)
    for step in ORDER[ORDER.index(activation.status) + 1 : ORDER.index(target) + 1]:
        activation = activation_step(
            actor=holders[STEPS[step].holder],
            activation=activation,
            step=step,
            on=dates.get(step),
            note="Demo",
            today=today,
        )
    if index == BLOCKED and not activation.tickets.exists():
        ticket_raise(
            actor=holders[PARTICIPANT],
            activation=activation,
            description="Production certificate rejected by our DIP adaptor; cannot import "
            "the configuration settings.",
            blocking=True,
        )


def _build_onboarding(organisation: Organisation, stage: str, people: dict) -> None:
    admin = _admin_of(organisation.pk)
    roles = list(OfficerRole) if stage != "officers" else [OfficerRole.NOMINATING_OFFICER]
    for n, role in enumerate(roles):
        dip_officer_appoint(
            actor=admin,
            organisation=organisation,
            role=role,
            name=f"{role.label.split(' (')[0]} of {organisation.name}",
            email=f"dip-officer-{n}@{organisation.slug}.example",
        )
    if stage in ("certificates", "complete"):
        windows = dip_windows(organisation)
        issued = windows[0].dates.opens + timedelta(days=7) if windows else timezone.localdate()
        dip_manager = people["dip.manager@dip.example"]
        dip_onboarding_record(
            actor=dip_manager, organisation=organisation, test_certificates_issued_on=issued
        )
        if stage == "complete":
            dip_onboarding_record(
                actor=dip_manager,
                organisation=organisation,
                smoke_test_passed_on=issued + timedelta(days=14),
            )


def build_activations(people: dict) -> None:
    today = timezone.localdate()
    qualifications = (
        Qualification.objects.filter(Q(status="qualified") | Q(activation__isnull=False))
        .select_related("organisation")
        .order_by("pk")
    )
    for index, qualification in enumerate(qualifications):
        activation = activation_open(qualification=qualification, actor=people["activation"])
        _walk(activation, TARGETS[index % len(TARGETS)], people, index, today)

    with_window = [
        o
        for o in Organisation.objects.filter(qualifications__allocation__isnull=False)
        .distinct()
        .order_by("pk")
        if dip_windows(o)
    ]
    started = set(DipOnboarding.objects.values_list("organisation_id", flat=True))
    for index, organisation in enumerate(with_window):
        stage = ONBOARDING_STAGES[index % len(ONBOARDING_STAGES)]
        if stage != "none" and organisation.pk not in started:
            _build_onboarding(organisation, stage, people)
