from datetime import timedelta

import pytest

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.models import Event
from tests.factories import member, staff
from waves.models import PqsMessage
from waves.models import PreQualificationSubmission as Pqs
from waves.pqs_services import (
    pqs_accept,
    pqs_clarification_answer,
    pqs_clarification_request,
    pqs_reject,
    pqs_submit,
    pqs_update,
    pqs_withdraw,
)

from .pqs_helpers import complete_input, draft, participant
from .test_sweep import eager_tasks  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(org_a):
    return participant(org_a, roles=("SUPPLIER", "SDS"))


def snapshot(pqs):
    pqs.refresh_from_db()
    return (
        pqs.status,
        pqs.history.count(),
        Event.objects.count(),
        PqsMessage.objects.filter(pqs=pqs).count(),
    )


def test_a_contributor_drafts_and_submits_a_pqs(org, contributor_a):
    pqs = draft(
        contributor_a,
        org,
        roles=("SUPPLIER", "SDS"),
        reliance_requested=True,
        reliance_details="Relies on Acme Test House for migration testing.",
    )
    assert pqs.status == "draft"
    assert sorted(q.market_role.code for q in pqs.qualifications.all()) == ["SDS", "SUPPLIER"]
    assert [m.code for m in pqs.mpids.all()] == ["ALP1"]
    pqs = pqs_submit(actor=contributor_a, pqs=pqs)
    assert pqs.status == "submitted" and pqs.submitted_at is not None
    event = Event.objects.get(kind="pqs_submitted")
    # Organisation-wide, so the deadline engine counts it for every role of the PQS.
    assert event.organisation_id == org.pk and event.qualification_id is None
    assert event.payload["pqs"] == pqs.pk and event.payload["roles"] == ["SDS", "SUPPLIER"]
    assert event.payload["from"] == "draft" and event.payload["to"] == "submitted"
    latest = pqs.history.latest()
    assert latest.status == "submitted" and latest.history_user == contributor_a
    assert latest.history_change_reason == "submitted to the Code Bodies"
    assert latest.submitted_at is not None


def test_a_pqs_for_a_role_the_organisation_does_not_hold_is_refused(org, admin_a):
    with pytest.raises(ValidationFailed) as refused:
        draft(admin_a, org, roles=("SUPPLIER", "MEM_SMART"))
    assert "MEM_SMART" in refused.value.errors["roles"][0]
    assert not Pqs.objects.exists() and not Event.objects.filter(kind="pqs_created").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"mpids": ("ZZZ9",)}, "mpids"),
        ({"mpids_not_taken_forward": ("ALP1",)}, "mpids_not_taken_forward"),
        ({"preferred_cohort_key": "sit_m10"}, "preferred_cohort"),
        ({"pit_completion_before_start": True}, "pit_completion"),
        ({"reliance_requested": True}, "reliance_details"),
    ],
)
def test_bad_answers_are_refused_with_the_field_named(org, admin_a, overrides, field):
    from .pqs_helpers import wave

    if overrides.pop("preferred_cohort_key", None):
        overrides["preferred_cohort"] = wave("sit_m10")
    if overrides.pop("pit_completion_before_start", None):
        base = complete_input()
        overrides["pit_completion"] = base.pit_start - timedelta(days=1)
    with pytest.raises(ValidationFailed) as refused:
        draft(admin_a, org, **overrides)
    assert field in refused.value.errors
    assert not Pqs.objects.exists()


def test_a_role_cannot_be_in_two_live_pqs(org, admin_a):
    draft(admin_a, org)
    with pytest.raises(ValidationFailed) as refused:
        draft(admin_a, org)
    assert "Already in another live PQS" in refused.value.errors["roles"][0]
    assert Pqs.objects.count() == 1


@pytest.mark.parametrize("who", ["viewer", "other_admin", "bsc_reviewer"])
def test_only_the_participants_contributors_draft_and_submit(org, admin_a, admin_b, who):
    person = {
        "viewer": lambda: member(org, "viewer"),
        "other_admin": lambda: admin_b,
        "bsc_reviewer": lambda: staff("reviewer", "BSC"),
    }[who]()
    with pytest.raises(NotPermitted):
        draft(person, org)
    pqs = draft(admin_a, org)
    before = snapshot(pqs)
    with pytest.raises(NotPermitted):
        pqs_submit(actor=person, pqs=pqs)
    assert snapshot(pqs) == before


def test_an_incomplete_pqs_cannot_be_submitted(org, admin_a):
    pqs = draft(admin_a, org, pit_approach="", target_migration_date=None)
    before = snapshot(pqs)
    with pytest.raises(ValidationFailed) as refused:
        pqs_submit(actor=admin_a, pqs=pqs)
    assert set(refused.value.errors) == {"pit_approach", "target_migration_date"}
    assert snapshot(pqs) == before


def test_only_a_draft_is_edited(org, admin_a):
    pqs = draft(admin_a, org)
    pqs = pqs_update(actor=admin_a, pqs=pqs, data=complete_input(pit_approach="Changed"))
    assert pqs.pit_approach == "Changed" and pqs.history.latest().pit_approach == "Changed"
    pqs_submit(actor=admin_a, pqs=pqs)
    with pytest.raises(IllegalTransition):
        pqs_update(actor=admin_a, pqs=pqs, data=complete_input(pit_approach="Again"))
    pqs.refresh_from_db()
    assert pqs.pit_approach == "Changed"


def test_clarifications_go_back_and_forth_then_the_code_body_accepts(
    org, admin_a, bsc_reviewer, rec_reviewer
):
    pqs = pqs_submit(actor=admin_a, pqs=draft(admin_a, org))
    pqs = pqs_clarification_request(actor=bsc_reviewer, pqs=pqs, question="Which test house?")
    assert pqs.status == "clarification_requested"
    pqs = pqs_clarification_answer(actor=admin_a, pqs=pqs, answer="Acme Test House.")
    assert pqs.status == "clarification_answered"
    pqs = pqs_clarification_request(actor=rec_reviewer, pqs=pqs, question="And for PIT?")
    pqs = pqs_clarification_answer(actor=admin_a, pqs=pqs, answer="The same.")
    pqs = pqs_accept(actor=rec_reviewer, pqs=pqs, note="Wave 2 preference noted.")
    assert pqs.status == "accepted" and pqs.decided_at is not None
    thread = list(pqs.messages.values_list("kind", "body", "text"))
    assert thread == [
        ("question", "BSC", "Which test house?"),
        ("answer", "", "Acme Test House."),
        ("question", "REC", "And for PIT?"),
        ("answer", "", "The same."),
        ("note", "REC", "Wave 2 preference noted."),
    ]
    kinds = list(
        Event.objects.filter(organisation=org)
        .exclude(kind="pqs_created")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "pqs_submitted",
        "pqs_clarification_requested",
        "pqs_clarification_answered",
        "pqs_clarification_requested",
        "pqs_clarification_answered",
        "pqs_accepted",
    ]
    reasons = [h.history_change_reason for h in pqs.history.order_by("history_id")]
    assert reasons[-1] == "accepted by REC" and reasons[-2] == "clarification answered"


# (service, who acts, kwargs) for every move; the sources each move accepts.
MOVES = {
    "submit": (pqs_submit, "participant", {}, {"draft"}),
    "request": (
        pqs_clarification_request,
        "reviewer",
        {"question": "Q?"},
        {"submitted", "clarification_answered"},
    ),
    "answer": (
        pqs_clarification_answer,
        "participant",
        {"answer": "A."},
        {"clarification_requested"},
    ),
    "accept": (pqs_accept, "reviewer", {}, {"submitted", "clarification_answered"}),
    "reject": (
        pqs_reject,
        "reviewer",
        {"reason": "Out of scope."},
        {"submitted", "clarification_answered"},
    ),
    "withdraw": (
        pqs_withdraw,
        "participant",
        {},
        {"draft", "submitted", "clarification_requested", "clarification_answered"},
    ),
}
STATES = [
    "draft",
    "submitted",
    "clarification_requested",
    "clarification_answered",
    "accepted",
    "rejected",
    "withdrawn",
]
# How to reach each state from a fresh draft.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "clarification_requested": ["submit", "request"],
    "clarification_answered": ["submit", "request", "answer"],
    "accepted": ["submit", "accept"],
    "rejected": ["submit", "reject"],
    "withdrawn": ["withdraw"],
}


def _do(move, pqs, people):
    service, who, kwargs, _ = MOVES[move]
    return service(actor=people[who], pqs=pqs, **kwargs)


@pytest.mark.parametrize("move", list(MOVES))
@pytest.mark.parametrize("state", STATES)
def test_every_move_from_every_state(org, admin_a, bsc_reviewer, move, state):
    people = {"participant": admin_a, "reviewer": bsc_reviewer}
    pqs = draft(admin_a, org)
    for step in PATHS[state]:
        pqs = _do(step, pqs, people)
    assert pqs.status == state
    if state in MOVES[move][3]:
        moved = _do(move, pqs, people)
        assert moved.status != state
        assert moved.history.latest().history_user == people[MOVES[move][1]]
        assert Event.objects.latest("pk").payload["from"] == state
        return
    before = snapshot(pqs)
    with pytest.raises(IllegalTransition):
        _do(move, pqs, people)
    assert snapshot(pqs) == before


@pytest.mark.parametrize("move", ["request", "accept", "reject"])
@pytest.mark.parametrize("who", ["participant", "dip_reviewer", "rec_for_bsc_only", "programme"])
def test_only_a_code_body_of_the_roles_reviews(org_a, admin_a, move, who):
    org = participant(org_a, roles=("SDS",), mpid="ALP1")  # SDS: BSC and DIP only
    pqs = pqs_submit(actor=admin_a, pqs=draft(admin_a, org, roles=("SDS",)))
    person = {
        "participant": lambda: admin_a,
        "dip_reviewer": lambda: staff("reviewer", "DIP"),
        "rec_for_bsc_only": lambda: staff("reviewer", "REC"),
        "programme": lambda: staff("programme_viewer"),
    }[who]()
    before = snapshot(pqs)
    service, _, kwargs, _ = MOVES[move]
    with pytest.raises(NotPermitted):
        service(actor=person, pqs=pqs, **kwargs)
    assert snapshot(pqs) == before


@pytest.mark.parametrize("move", ["answer", "withdraw"])
def test_reviewers_cannot_answer_or_withdraw_for_the_participant(org, admin_a, bsc_reviewer, move):
    people = {"participant": admin_a, "reviewer": bsc_reviewer}
    pqs = draft(admin_a, org)
    for step in PATHS["clarification_requested"]:
        pqs = _do(step, pqs, people)
    before = snapshot(pqs)
    service, _, kwargs, _ = MOVES[move]
    with pytest.raises(NotPermitted):
        service(actor=bsc_reviewer, pqs=pqs, **kwargs)
    assert snapshot(pqs) == before


@pytest.mark.parametrize(
    "move, field", [("request", "question"), ("answer", "answer"), ("reject", "reason")]
)
def test_empty_messages_are_refused(org, admin_a, bsc_reviewer, move, field):
    people = {"participant": admin_a, "reviewer": bsc_reviewer}
    pqs = draft(admin_a, org)
    path = PATHS["clarification_requested" if move == "answer" else "submitted"]
    for step in path:
        pqs = _do(step, pqs, people)
    before = snapshot(pqs)
    service, who, _, _ = MOVES[move]
    with pytest.raises(ValidationFailed) as refused:
        service(actor=people[who], pqs=pqs, **{field: "  "})
    assert field in refused.value.errors
    assert snapshot(pqs) == before


def test_a_rejected_pqs_frees_its_roles_for_a_new_one(org, admin_a, bsc_reviewer):
    pqs = pqs_submit(actor=admin_a, pqs=draft(admin_a, org))
    pqs_reject(actor=bsc_reviewer, pqs=pqs, reason="Target date after M14.")
    again = draft(admin_a, org)
    assert again.pk != pqs.pk and again.status == "draft"


def test_submitting_completes_the_pqs_deadline_of_every_role_it_covers(
    org,
    admin_a,
    bsc_reviewer,
    django_capture_on_commit_callbacks,
    eager_tasks,  # noqa: F811
):
    from waves.models import Deadline
    from waves.services import allocation_set

    from .pqs_helpers import wave

    for qualification in org.qualifications.all():
        allocation_set(actor=bsc_reviewer, qualification=qualification, cohort=wave("wave_3"))
    pqs = draft(admin_a, org, roles=("SUPPLIER", "SDS"))
    with django_capture_on_commit_callbacks(execute=True):
        pqs_submit(actor=admin_a, pqs=pqs)
    done = Deadline.objects.filter(activity__key="pqs_deadline", completed_on__isnull=False)
    assert sorted(done.values_list("qualification__market_role__code", flat=True)) == [
        "SDS",
        "SUPPLIER",
    ]
