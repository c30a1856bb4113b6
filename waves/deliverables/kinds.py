"""The test deliverables of the Non-SIT timelines, as data (QA&P §10.5-10.7;
Open Day 2025 Wave 1 journey: "Checkpoint 1 Deliverables: QT Test Plan, QT
Test Catalogue, QT RTTM and QT Interim Readiness Report"; "Checkpoint 2
Deliverables: PIT Completion Report and QT Final Readiness Report").

Each deliverable belongs to one Appendix C activity. A cohort's timeline asks
for a deliverable when its rule for that activity gives a date (date, window,
within, event); an "n/a" cell, or indicative text such as the SIT groups'
"Submitted as per timelines for SIT entry", means the portal does not track it
for that cohort. So which deliverables a cohort has is read from its timeline,
not written per cohort here.

Who reviews: the Qualification Test Manager of the cohort reviews every
deliverable first (Draft and Review). PIT artefacts of Non-SIT Suppliers,
Agents and new entrants are then validated by the Code Bodies and DIP Manager
(§10.5.1: Code Body Review); for Non-SIT LDSOs the programme assures PIT
(§10.5.2), which its MHHSP Qualification Test Manager completes. QT
preparation and completion artefacts are assured by the test managers on the
Code Bodies' behalf (§10.7), so the test manager completes them.
"""

from dataclasses import dataclass

from django.db import models


class DeliverableKind(models.TextChoices):
    PIT_APPROACH_INITIAL = "pit_approach_initial", "PIT Approach and Plan (initial)"
    PIT_APPROACH_FINAL = "pit_approach_final", "PIT Approach and Plan (final)"
    PIT_RTTM = "pit_rttm", "PIT RTTM (with PIT Test Scenarios)"
    QT_TEST_PLAN = "qt_test_plan", "QT Test Plan"
    QT_TEST_CATALOGUE = "qt_test_catalogue", "QT Test Catalogue"
    QT_RTTM = "qt_rttm", "QT RTTM"
    QT_INTERIM_READINESS = "qt_interim_readiness", "QT Interim Readiness Report"
    PIT_COMPLETION_REPORT = "pit_completion_report", "PIT Completion Report"
    QT_FINAL_READINESS = "qt_final_readiness", "QT Final Readiness Report"
    TEST_COMPLETION_REPORT = "test_completion_report", "QT Test Completion Report"


K = DeliverableKind

TEST_MANAGER = "test_manager"
CODE_BODIES = "code_bodies"

# Routes whose PIT the Code Bodies and DIP Manager validate (QA&P §10.5.1).
CODE_BODY_PIT_ROUTES = frozenset({"NON_SIT_QT", "OTHER"})
# Routes with QT entry checkpoints and QT entry confirmation by a test manager.
QT_ROUTES = frozenset({"NON_SIT_LDSO", "NON_SIT_QT", "OTHER"})

# Rule kinds that give a deliverable a date in a cohort's timeline.
DATED_RULE_KINDS = frozenset({"date", "window", "within", "event"})


@dataclass(frozen=True)
class Spec:
    kind: str
    activity: str  # the Appendix C activity that dates it
    pit: bool  # a PIT artefact (Code Bodies validate it on the QT waves)
    checkpoint: int | None = None  # QT Entry Checkpoint whose review needs it
    # Event kinds recorded on submission and on completion. An Appendix C
    # activity that reads the moment is given its own kind (completed_by);
    # otherwise the generic deliverable kinds, with the deliverable in the payload.
    submitted_event: str = "deliverable_submitted"
    completed_event: str = "deliverable_completed"
    # The participant may submit it only once QT has been entered.
    after_qt_entry: bool = False


SPECS: dict[str, Spec] = {
    s.kind: s
    for s in [
        Spec(
            K.PIT_APPROACH_INITIAL,
            "pit_approach_plan_submission",
            pit=True,
            submitted_event="pit_approach_submitted",
            # "Code Bodies engage with participants on the PIT Approach and Plan
            # submitted with the PQS": its review completing is that engagement.
            completed_event="pit_plan_clarified",
        ),
        Spec(
            K.PIT_APPROACH_FINAL,
            "final_pit_approach_plan",
            pit=True,
            submitted_event="final_pit_approach_submitted",
        ),
        Spec(K.PIT_RTTM, "pit_rttm", pit=True, submitted_event="pit_rttm_submitted"),
        Spec(
            K.QT_TEST_PLAN,
            "qt_entry_checkpoint_1",
            pit=False,
            checkpoint=1,
            completed_event="qt_test_plan_approved",
        ),
        Spec(K.QT_TEST_CATALOGUE, "qt_entry_checkpoint_1", pit=False, checkpoint=1),
        Spec(K.QT_RTTM, "qt_entry_checkpoint_1", pit=False, checkpoint=1),
        Spec(K.QT_INTERIM_READINESS, "qt_entry_checkpoint_1", pit=False, checkpoint=1),
        Spec(K.PIT_COMPLETION_REPORT, "qt_entry_checkpoint_2", pit=True, checkpoint=2),
        Spec(K.QT_FINAL_READINESS, "qt_entry_checkpoint_2", pit=False, checkpoint=2),
        Spec(
            K.TEST_COMPLETION_REPORT,
            "qt_execution",
            pit=False,
            completed_event="qt_exited",
            after_qt_entry=True,
        ),
    ]
}
ORDER = {kind: index for index, kind in enumerate(SPECS)}
CHECKPOINT_ACTIVITIES = {1: "qt_entry_checkpoint_1", 2: "qt_entry_checkpoint_2"}
CHECKPOINT_EVENTS = {1: "qt_entry_checkpoint_1_passed", 2: "qt_entry_checkpoint_2_passed"}


def final_reviewer(kind: str, route: str) -> str:
    """Who completes a deliverable of this kind on this route."""
    if SPECS[kind].pit and route in CODE_BODY_PIT_ROUTES:
        return CODE_BODIES
    return TEST_MANAGER


def kinds_for_timeline(rule_kinds: dict[str, str]) -> list[str]:
    """The deliverables a timeline asks for, given each activity's rule kind."""
    return [k for k, spec in SPECS.items() if rule_kinds.get(spec.activity) in DATED_RULE_KINDS]


def checkpoints_for_timeline(rule_kinds: dict[str, str]) -> list[int]:
    return [n for n, a in CHECKPOINT_ACTIVITIES.items() if rule_kinds.get(a) in DATED_RULE_KINDS]
