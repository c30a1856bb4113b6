"""Demo test deliverables in every status, checkpoint reviews and a review
thread, all through the services, for every Non-SIT qualification.

The Elexon Qualification Test Manager manages the QT waves and the MHHSP one
the LDSO wave (QA&P §10.7). How far each deliverable has gone follows the
qualification's lifecycle: in testing or later, everything before QT exit is
completed; while preparing, the PIT artefacts and checkpoint deliverables
are spread over the four statuses. Like the QADs, only the showcased
organisations' deliverables are worked through (each step is a service call
with its event); the others' stay Outstanding. Runs once: a second run finds files and
leaves everything alone.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from mhhs_portal.exceptions import ApplicationError
from qualification.models import Qualification, User
from waves.clock import portal_today
from waves.deliverables import services
from waves.deliverables.kinds import SPECS
from waves.deliverables.models import (
    CohortTestManager,
    Deliverable,
    DeliverableRevision,
    DeliverableStatus,
)
from waves.models import Cohort
from waves.sweep import deadlines_sweep

D = DeliverableStatus
TEST_MANAGERS = {
    "test.manager@mhhsp.example": ["ldso_m10"],
    "qt.manager@elexon.example": ["wave_1", "wave_2", "wave_3", "wave_4"],
}
REVIEWERS = {"BSC": "bsc.reviewer@elexon.example", "REC": "rec.reviewer@rec.example"}
AFTER_ENTRY = {"in_testing", "final_qad", "signed_off", "qualified", "active"}
CYCLE = [D.COMPLETED, D.CODE_BODY_REVIEW, D.DRAFT_AND_REVIEW, D.OUTSTANDING]


def _file(kind: str) -> SimpleUploadedFile:
    body = f"%PDF-1.7\n% Demo {SPECS[kind].kind.label}\n".encode()
    return SimpleUploadedFile(f"{kind.replace('_', '-')}.pdf", body, "application/pdf")


def _target(d: Deliverable, status: str, index: int) -> str:
    spec = SPECS[d.kind]
    if status in AFTER_ENTRY:
        if d.kind == "test_completion_report":
            return D.DRAFT_AND_REVIEW if status == "in_testing" else D.COMPLETED
        return D.COMPLETED
    if status == "preparing":
        if d.kind in ("pit_approach_initial", "pit_approach_final"):
            return D.COMPLETED
        if spec.checkpoint == 1 and index % 3 == 0:
            return D.COMPLETED
        if d.kind == "pit_rttm" or spec.checkpoint == 1:
            return CYCLE[(index + list(SPECS).index(d.kind)) % len(CYCLE)]
        return D.OUTSTANDING
    if d.kind == "pit_approach_initial" and index % 2 == 0:
        return D.DRAFT_AND_REVIEW
    return D.OUTSTANDING


def _advance(d: Deliverable, target: str, people: dict) -> None:
    if target == D.OUTSTANDING:
        return
    services.deliverable_upload(actor=people["contributor"], deliverable=d, upload=_file(d.kind))
    d = services.deliverable_submit(actor=people["contributor"], deliverable=d)
    if target == D.DRAFT_AND_REVIEW:
        return
    if d.final_reviewer == "test_manager":
        services.deliverable_complete(actor=people["tm"], deliverable=d)
        return
    d = services.deliverable_pass_to_code_bodies(
        actor=people["tm"], deliverable=d, comment="Coverage checked against the RTTM template."
    )
    if target == D.COMPLETED:
        services.deliverable_complete(actor=people["code_body"], deliverable=d)


def _returned_once(d: Deliverable, people: dict) -> None:
    """A review thread: the Code Bodies return the PIT RTTM, the participant answers."""
    _advance(d, D.CODE_BODY_REVIEW, people)
    d = services.deliverable_return(
        actor=people["code_body"],
        deliverable=Deliverable.objects.get(pk=d.pk),
        comment="Please add the PIT Test Scenarios for the migration processes.",
    )
    services.deliverable_comment_add(
        actor=people["contributor"],
        deliverable=d,
        text="Added in the next version; uploading it this week.",
    )


def build_deliverables(organisation_names) -> None:
    if DeliverableRevision.objects.exists():
        return
    # One transaction, then one sweep of the qualifications touched: the
    # after-commit receivers see deadlines evaluated after their events and
    # leave them alone, instead of sweeping once per event.
    with transaction.atomic():
        ids = _build(list(organisation_names))
        deadlines_sweep(as_of=portal_today(), qualification_ids=ids)


def _build(organisation_names: list[str]) -> list[int]:
    managers = {}
    for email, keys in TEST_MANAGERS.items():
        user = User.objects.get(email=email)
        for cohort in Cohort.objects.filter(key__in=keys):
            CohortTestManager.objects.get_or_create(user=user, cohort=cohort)
            managers[cohort.pk] = user
    qualifications = (
        Qualification.objects.filter(
            allocation__cohort_id__in=managers, organisation__name__in=organisation_names
        )
        .select_related("organisation", "market_role", "allocation")
        .order_by("pk")
    )
    for index, q in enumerate(qualifications):
        deliverables = services.deliverables_sync(qualification=q)
        body = next(b for b in ("BSC", "REC") if b in q.market_role.approving_bodies)
        people = {
            "contributor": User.objects.get(email=f"contributor@{q.organisation.slug}.example"),
            "tm": managers[q.allocation.cohort_id],
            "code_body": User.objects.get(email=REVIEWERS[body]),
        }
        for d in sorted(deliverables, key=lambda d: list(SPECS).index(d.kind)):
            if q.status == "preparing" and d.kind == "pit_rttm" and index % 7 == 3:
                _returned_once(d, people)
                continue
            _advance(d, _target(d, q.status, index), people)
        if q.status == "preparing":
            _review_checkpoint_1(q, people["tm"], index)
    return [q.pk for q in qualifications]


def _review_checkpoint_1(q: Qualification, tm: User, index: int) -> None:
    try:
        services.checkpoint_review(actor=tm, qualification=q, number=1, outcome="passed")
    except ApplicationError:
        if index % 5 == 0:
            services.checkpoint_review(
                actor=tm,
                qualification=q,
                number=1,
                outcome="not_on_track",
                comment="QT Test Catalogue and RTTM not yet submitted.",
            )
