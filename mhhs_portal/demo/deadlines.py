"""Demo events that place each qualification on its timeline as of the demo
day, then a sweep, so the deadline pages show every status.

What a qualification has done follows its lifecycle state (a role in testing
has passed the QT entry checkpoints) but only up to the demo day: an activity
is done a few days before it falls due, or not yet if that day is still to
come. A few deterministic slips give the late, missed and at-risk cases.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from qualification.events import events_record_bulk
from qualification.models import Event
from waves.appendix_c import COMPLETING_EVENT_KINDS
from waves.clock import portal_today
from waves.rules import rule_dates
from waves.selectors import current_timelines
from waves.sweep import SWEPT_STATES, deadlines_sweep

# The activities each lifecycle state has completed, added to the earlier states'.
DONE_BY_STATE = {
    "registered": [
        "placing_reliance_submission",
        "mhhsp_placing_reliance_review",
        "code_bodies_placing_reliance_review",
        "pqs_deadline",
        "pit_approach_plan_submission",
        "indicative_wave_allocation",
        "wave_allocation_final",
        "pit_plan_clarification",
    ],
    "preparing": [
        "qt_preparation_start",
        "final_pit_approach_plan",
        "pit_rttm",
        "initial_qad_submission",
    ],
    "in_testing": [
        "qt_entry_checkpoint_1",
        "qt_test_plan_approved",
        "qt_entry_checkpoint_2",
        "initial_qad_review",
        "dip_onboarding_for_qt",
        "qt_entry_confirmation",
    ],
    "final_qad": ["qt_execution", "final_qad_submission"],
    "signed_off": ["final_qad_review", "qad_sign_off_opens", "qad_sign_off"],
    "qualified": ["qualification_decision", "dip_non_technical_assurance"],
    "active": [],
}
STATES = list(DONE_BY_STATE)
ON_TIME = timedelta(days=5)
LATE = timedelta(days=4)
# Text rules have no day; their activity is done this long before the demo day.
UNDATED = timedelta(days=60)


def _done(state: str) -> set[str]:
    if state not in STATES:
        return set()
    return {key for s in STATES[: STATES.index(state) + 1] for key in DONE_BY_STATE[s]}


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _events_for(qualification, rules, as_of: date, index: int) -> list[Event]:
    done = _done(qualification.status)
    # Every third role missed its latest deadline; every fourth met one late.
    slip_late = index % 4 == 1
    skip_last = index % 3 == 2
    event_dates: dict[str, date] = {}
    planned = []
    for rule in rules:
        key = rule.activity.key
        if key not in done or not rule.activity.completed_by or rule.seq > 1:
            continue
        dates = rule_dates(rule, event_dates)
        if dates.due is None:
            day = dates.opens or as_of - UNDATED
        elif slip_late and key == "pit_rttm":
            day = dates.due + LATE
        else:
            day = max(dates.due - ON_TIME, dates.opens or dates.due - ON_TIME)
        if day > as_of:
            continue
        planned.append((rule, day))
        event_dates[rule.activity.completed_by[0]] = day
    if skip_last and planned:
        planned.pop()
    return [
        Event(
            kind=rule.activity.completed_by[0],
            organisation_id=qualification.organisation_id,
            qualification=qualification,
            occurred_at=_noon(day),
            payload={"demo": True},
        )
        for rule, day in planned
    ]


def build_deadlines(qualifications) -> None:
    """Record the demo's timeline events once, then sweep as of the demo day."""
    as_of = portal_today()
    timelines = current_timelines()
    already = set(
        Event.objects.filter(kind__in=list(COMPLETING_EVENT_KINDS), payload__demo=True)
        .values_list("qualification_id", flat=True)
        .distinct()
    )
    events = []
    for index, qualification in enumerate(qualifications):
        allocation = getattr(qualification, "allocation", None)
        if qualification.pk in already or allocation is None:
            continue
        timeline = timelines.get(allocation.cohort_id)
        if timeline is not None and qualification.status in SWEPT_STATES:
            events += _events_for(qualification, timeline.rules_list, as_of, index)
    events_record_bulk(events)
    deadlines_sweep(as_of=as_of)
