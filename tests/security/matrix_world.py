"""The people and the objects the authorisation matrix requests routes with.

Organisation A owns one object of every kind a route names (built through the
services, as a participant and the bodies would); B is another tenant. The
staff are a reviewer of each body, the PAB secretariat and a programme viewer.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from governance.services import approvals_sync, finding_raise, meeting_create
from mhhs_portal.api.webhooks import webhook_endpoint_register
from qad import services as qad_services
from qad.models import EvidenceRevision
from qualification.services import qualification_transition
from service_activation.dip_onboarding import dip_officer_appoint
from service_activation.services import activation_open
from service_activation.tickets import ticket_raise
from tests.api_tokens import token_for
from tests.factories import (
    OrganisationFactory,
    QualificationFactory,
    allocate,
    market_role,
    member,
    staff,
)
from tests.qad.conftest import answer_all, section_of

# The columns of the table, in order.
ACTORS = (
    "anon",
    "a_admin",
    "a_contributor",
    "a_director",
    "a_viewer",
    "b_admin",
    "bsc_reviewer",
    "rec_reviewer",
    "dip_reviewer",
    "secretariat",
    "programme",
)


# The names the table's kwargs column may use.
OBJECT_KINDS = (
    "org",
    "membership",
    "qualification",
    "signed_qualification",
    "qad",
    "section",
    "question",
    "comment",
    "evidence",
    "approval",
    "finding",
    "meeting",
    "activation",
    "ticket",
    "officer",
    "token",
    "endpoint",
    "cohort",
    "cohort_key",
    "finding_action",
    "none",
    "text",
)


@dataclass
class World:
    people: dict
    objects: dict = field(default_factory=dict)


def build_world() -> World:
    org_a = OrganisationFactory(name="Matrix Alpha Ltd", slug="matrix-alpha")
    org_b = OrganisationFactory(name="Matrix Bravo Ltd", slug="matrix-bravo")
    people = {"anon": None}
    for role in ("admin", "contributor", "director", "viewer"):
        people[f"a_{role}"] = member(org_a, role, email=f"{role}@matrix-alpha.test")
    people["b_admin"] = member(org_b, "admin", email="admin@matrix-bravo.test")
    for body in ("BSC", "REC", "DIP"):
        people[f"{body.lower()}_reviewer"] = staff("reviewer", body, email=f"rev@{body}.test")
    people["secretariat"] = staff("pab_secretariat", email="secretariat@pab.test")
    people["programme"] = staff("programme_viewer", email="viewer@programme.test")
    test_manager = staff("test_manager", email="manager@qt.test")

    # A supplier in testing with a QAD whose people section is answered and submitted.
    supplier = QualificationFactory(organisation=org_a, market_role=market_role("SUPPLIER"))
    for step in ("start_preparation", "enter_testing"):
        supplier = qualification_transition(
            actor=test_manager, qualification=supplier, transition=step
        )
    qad = qad_services.qad_create(
        actor=people["a_admin"], organisation=org_a, qualifications=[supplier]
    )
    section = section_of(qad, "people")
    answer_all(people["a_contributor"], section)
    section = qad_services.section_submit(actor=people["a_contributor"], section=section)
    question = section.template_section.questions.filter(type="file").first()
    # The download route takes a revision's id, not the evidence file's: the two
    # only coincide on a database that restarts its sequences per test.
    evidence = EvidenceRevision.objects.filter(evidence__section=section).first()
    comment = qad_services.comment_add(
        actor=people["bsc_reviewer"], section=section, text="Please add the org chart."
    )

    # A signed-off role with its approvals, and a finding the BSC raised.
    signed = QualificationFactory(
        organisation=org_a, market_role=market_role("MEM_SMART"), status="signed_off"
    )
    approvals = approvals_sync(qualification=signed)
    finding = finding_raise(
        actor=people["rec_reviewer"],
        qualification=signed,
        body="REC",
        kind="observation",
        text="Evidence of the DR test is thin.",
    )
    meeting = meeting_create(
        actor=people["secretariat"], title="BSC PAB 400", starts_at=timezone.now()
    )

    # A qualified role in service activation, with a ticket.
    qualified = QualificationFactory(
        organisation=org_a, market_role=market_role("MEM_ADV"), status="qualified"
    )
    allocate(qualified, "sit_m10")
    activation = activation_open(qualification=qualified)
    ticket = ticket_raise(
        actor=people["a_admin"], activation=activation, description="Certificate not received."
    )
    officer = dip_officer_appoint(
        actor=people["a_admin"],
        organisation=org_a,
        role="technical_contact",
        name="Tess Contact",
        email="tess@matrix-alpha.test",
    )
    token_for(people["a_admin"], org_a, name="A's tracker")
    endpoint, _ = webhook_endpoint_register(
        actor=people["a_admin"], organisation=org_a, url="https://hooks.matrix-alpha.test/in"
    )
    from qualification.models import ApiToken
    from waves.models import Cohort

    world = World(people=people)
    world.objects = {
        "org": org_a.pk,
        "membership": people["a_viewer"].memberships.get().pk,
        "qualification": supplier.pk,
        "signed_qualification": signed.pk,
        "qad": qad.pk,
        "section": section.pk,
        "question": question.pk if question else 0,
        "comment": comment.pk,
        "evidence": evidence.pk if evidence else 0,
        "approval": next(a.pk for a in approvals if a.body == "DIP"),
        "finding": finding.pk,
        "meeting": meeting.pk,
        "activation": activation.pk,
        "ticket": ticket.pk,
        "officer": officer.pk,
        "token": ApiToken.objects.get(organisation=org_a).pk,
        "endpoint": endpoint.pk,
        "cohort": Cohort.objects.get(key="wave_1").pk,
        "cohort_key": "wave_1",
        "finding_action": "propose",
        # Kinds of objects the world does not build: an id no row has.
        "none": 987_654_321,
        "text": "x",
    }
    return world
