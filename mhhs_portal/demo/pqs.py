"""Demo Pre-Qualification Submissions and wave places, through the real services.

Wave capacities are set so that QT Wave 1 is exactly full; the QT Wave 4
participants have a PQS in every state; accepted ones that prefer Wave 1 wait
on its list. A Wave 2 participant not on track at QT Entry Checkpoint 1 moves
to Wave 3, and a Wave 3 participant on Wave 2's wait list is promoted into the
place it frees, each with its reason.
Safe to run again: an organisation that has a PQS is left alone.
"""

from datetime import date

from qualification.models import Organisation, User
from waves.models import Allocation, Cohort, PreQualificationSubmission
from waves.pqs_services import (
    PqsInput,
    pqs_accept,
    pqs_clarification_answer,
    pqs_clarification_request,
    pqs_create,
    pqs_reject,
    pqs_reviewing_body,
    pqs_submit,
    pqs_withdraw,
)
from waves.services import allocation_set
from waves.wait_list import cohort_capacity_set, wait_list_add, wait_list_promote

# Spare places per wave once the demo population is allocated: Wave 1 is full.
SPARE = {"wave_1": 0, "wave_2": 0, "wave_3": 2, "wave_4": 3}
# What happens to the PQS of each Wave 4 participant, in turn.
STORIES = [
    "draft",
    "submitted",
    "clarification_requested",
    "clarification_answered",
    "accepted_wait_listed",
    "rejected",
    "accepted",
    "withdrawn",
    "accepted_wait_listed",
    "accepted",
]
QUESTION = "Which environment will you run PIT in, and who provides the test data?"
ANSWER = "Our own pre-production stack; test data from our metering agent's sandbox."


def _people() -> dict[str, User]:
    emails = {
        "bsc": "bsc.reviewer@elexon.example",
        "rec": "rec.reviewer@rec.example",
        "superuser": "admin@mhhsp.example",
    }
    found = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {key: found[email] for key, email in emails.items()}


def _set_capacities(actor, waves: dict[str, Cohort]) -> None:
    for key, spare in SPARE.items():
        wave = waves[key]
        if wave.capacity is None:
            taken = Allocation.objects.filter(cohort=wave).count()
            cohort_capacity_set(
                actor=actor,
                cohort=wave,
                capacity=taken + spare,
                reason="Capacity agreed with the Code Bodies for the demo",
            )


def _input(organisation: Organisation, preferred: Cohort) -> PqsInput:
    roles = tuple(q.market_role.code for q in organisation.qualifications.all())
    mpids = sorted({m.code for m in organisation.mpids.all()})
    return PqsInput(
        preferred_cohort=preferred,
        roles=roles,
        mpids=tuple(mpids[:1]),
        mpids_not_taken_forward=tuple(mpids[1:2]),
        pit_approach=(
            "PIT in our own pre-production environment against the programme's"
            " test scenarios, with a third-party test house for regression."
        ),
        pit_start=date(2025, 2, 3),
        pit_completion=date(2025, 8, 29),
        target_migration_date=date(2026, 6, 15),
        reliance_requested=len(roles) > 1,
        reliance_details=(
            "We rely on our data service provider's QT evidence for the shared interfaces."
            if len(roles) > 1
            else ""
        ),
    )


def _reviewer(people, pqs):
    for key in ("bsc", "rec"):
        if pqs_reviewing_body(people[key], pqs):
            return people[key]
    return people["superuser"]


def _tell(story: str, organisation, people, waves) -> None:
    contributor = organisation.memberships.get(role="admin").user
    preferred = waves["wave_1"] if "wait_listed" in story else waves["wave_4"]
    pqs = pqs_create(
        actor=contributor, organisation=organisation, data=_input(organisation, preferred)
    )
    if story == "draft":
        return
    if story == "withdrawn":
        pqs_withdraw(actor=contributor, pqs=pqs, reason="We will qualify after M14 instead.")
        return
    pqs = pqs_submit(actor=contributor, pqs=pqs)
    reviewer = _reviewer(people, pqs)
    if story == "submitted":
        return
    pqs = pqs_clarification_request(actor=reviewer, pqs=pqs, question=QUESTION)
    if story == "clarification_requested":
        return
    pqs = pqs_clarification_answer(actor=contributor, pqs=pqs, answer=ANSWER)
    if story == "clarification_answered":
        return
    if story == "rejected":
        pqs_reject(
            actor=reviewer,
            pqs=pqs,
            reason="The target migration date is after the Non-SIT migration window.",
        )
        return
    pqs = pqs_accept(actor=reviewer, pqs=pqs, note="Preferences noted for allocation.")
    for qualification in pqs.qualifications.all():
        if story == "accepted_wait_listed":
            wait_list_add(
                actor=reviewer,
                qualification=qualification,
                cohort=waves["wave_1"],
                reason="Prefers Wave 1 for an earlier migration; Wave 1 is full",
                pqs=pqs,
            )


def build_pqs() -> None:
    people = _people()
    waves = {c.key: c for c in Cohort.objects.filter(key__in=SPARE)}
    _set_capacities(people["superuser"], waves)
    with_pqs = set(PreQualificationSubmission.objects.values_list("organisation_id", flat=True))
    wave_4 = (
        Organisation.objects.filter(qualifications__allocation__cohort=waves["wave_4"])
        .distinct()
        .order_by("name")
        .prefetch_related("qualifications__market_role", "mpids")
    )
    for story, organisation in zip(STORIES, wave_4, strict=False):
        if organisation.pk not in with_pqs:
            _tell(story, organisation, people, waves)
    _swap_through_the_wait_list(people, waves)


def _swap_through_the_wait_list(people, waves) -> None:
    """A Wave 2 supplier not on track at QT Entry Checkpoint 1 moves to Wave 3,
    and the place it frees goes to a Wave 3 supplier waiting for Wave 2. Each
    wave keeps its number of participants, as in the published population."""
    if Allocation.objects.filter(reason__startswith="Not on track").exists():
        return
    suppliers = (
        Allocation.objects.filter(qualification__market_role__code="SUPPLIER")
        .select_related("qualification")
        .order_by("qualification__organisation__name")
    )
    late = suppliers.filter(cohort=waves["wave_2"], qualification__status="in_testing").first()
    keen = suppliers.filter(cohort=waves["wave_3"], qualification__status="preparing").first()
    if late is None or keen is None:
        return
    reviewer = people["bsc"]
    entry = wait_list_add(
        actor=reviewer,
        qualification=keen.qualification,
        cohort=waves["wave_2"],
        reason="Target migration date needs Wave 2; Wave 2 is full",
    )
    allocation_set(
        actor=reviewer,
        qualification=late.qualification,
        cohort=waves["wave_3"],
        reason="Not on track at QT Entry Checkpoint 1: PIT completion report outstanding",
    )
    wait_list_promote(
        actor=reviewer,
        entry=entry,
        reason="Place freed in Wave 2; PIT complete and earliest target migration date",
        status="final",
    )
