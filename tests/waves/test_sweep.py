"""The deadline sweep: rows, history, reminders and escalations exactly once, query counts."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualification.models import Event
from waves.models import Deadline, DeadlineNotice, TimelineRule
from waves.sweep import deadlines_sweep, reminder_steps
from waves.tasks import sweep_deadlines

from .deadline_helpers import allocated, happened

pytestmark = pytest.mark.django_db

WAVE_1_RULES = 26  # one per Appendix C row


def _deadline(qualification, activity):
    return Deadline.objects.get(qualification=qualification, activity__key=activity)


def _events(kind):
    return Event.objects.filter(kind=kind)


def test_sweep_writes_one_row_per_rule_with_dates_status_and_rule():
    q = allocated("wave_1")
    happened(q, "initial_qad_submitted", date(2025, 6, 20))
    result = deadlines_sweep(as_of=date(2025, 7, 1))
    assert result.created == Deadline.objects.filter(qualification=q).count() == WAVE_1_RULES
    review = _deadline(q, "initial_qad_review")
    # 20 June + 6 weeks = 1 August, earlier than the 22 August cap.
    assert (review.due, review.provisional, review.status) == (date(2025, 8, 1), False, "upcoming")
    assert review.rule.startswith("Within 6 weeks of")
    submission = _deadline(q, "initial_qad_submission")
    assert (submission.status, submission.completed_on) == ("met_on_time", date(2025, 6, 20))
    assert _deadline(q, "qt_entry_checkpoint_1").status == "overdue"
    assert _deadline(q, "mhhsp_placing_reliance_review").status == "not_applicable"
    assert submission.history.count() == 1


def test_events_after_as_of_are_not_seen():
    q = allocated("wave_1")
    happened(q, "initial_qad_submitted", date(2025, 7, 5))
    deadlines_sweep(as_of=date(2025, 7, 1))
    review = _deadline(q, "initial_qad_review")
    assert (review.provisional, review.status) == (True, "awaiting_event")


def test_second_sweep_changes_nothing_but_the_evaluation_day():
    q = allocated("wave_1")
    deadlines_sweep(as_of=date(2025, 5, 1))
    before = _deadline(q, "qt_execution")
    result = deadlines_sweep(as_of=date(2025, 5, 2))
    after = _deadline(q, "qt_execution")
    assert (result.created, result.updated) == (0, 0)
    assert after.as_of == date(2025, 5, 2)
    assert after.updated_at == before.updated_at
    assert after.history.count() == 1


def test_a_status_change_is_audited():
    q = allocated("wave_1")
    deadlines_sweep(as_of=date(2025, 5, 1))
    happened(q, "initial_qad_submitted", date(2025, 5, 10))
    deadlines_sweep(as_of=date(2025, 5, 12))
    submission = _deadline(q, "initial_qad_submission")
    assert submission.status == "met_on_time"
    assert [h.status for h in submission.history.order_by("history_id")] == [
        "upcoming",
        "met_on_time",
    ]


def test_reminder_when_due_soon_recorded_once_even_when_swept_twice():
    q = allocated("wave_1")
    due = date(2025, 6, 13)  # QT Entry Checkpoint 1, wave 1
    deadlines_sweep(as_of=due - timedelta(days=14))
    deadlines_sweep(as_of=due - timedelta(days=14))
    reminders = _events("deadline_reminder").filter(payload__activity="qt_entry_checkpoint_1")
    assert reminders.count() == 1
    assert reminders.get().qualification == q
    assert reminders.get().payload["days_before"] == 14
    assert _deadline(q, "qt_entry_checkpoint_1").reminded_at is not None


def test_reminders_at_14_7_and_1_days_then_one_escalation():
    q = allocated("wave_1")
    due = date(2025, 6, 13)
    for days_before in (20, 14, 10, 7, 6, 1, 0, -1, -2):
        deadlines_sweep(as_of=due + timedelta(days=-days_before))
    reminders = _events("deadline_reminder").filter(
        qualification=q, payload__activity="qt_entry_checkpoint_1"
    )
    assert sorted(e.payload["days_before"] for e in reminders) == [1, 7, 14]
    escalations = _events("deadline_escalated").filter(payload__activity="qt_entry_checkpoint_1")
    assert escalations.count() == 1
    assert escalations.get().payload["critical"] is False
    assert _deadline(q, "qt_entry_checkpoint_1").escalated_at is not None


def test_a_met_deadline_gets_no_reminder():
    q = allocated("wave_1")
    happened(q, "qt_entry_checkpoint_1_passed", date(2025, 5, 1))
    deadlines_sweep(as_of=date(2025, 6, 10))
    assert not _events("deadline_reminder").filter(payload__activity="qt_entry_checkpoint_1")


def test_notices_claimed_by_one_sweep_are_not_recorded_by_another():
    """What a concurrent sweep sees: the notice rows already exist under another token."""
    q = allocated("wave_1")
    deadlines_sweep(as_of=date(2025, 6, 1))
    first = set(DeadlineNotice.objects.values_list("sweep", flat=True))
    Event.objects.filter(kind__in=["deadline_reminder", "deadline_escalated"]).delete()
    Deadline.objects.filter(qualification=q).delete()
    deadlines_sweep(as_of=date(2025, 6, 1))
    assert set(DeadlineNotice.objects.values_list("sweep", flat=True)) == first
    assert not Event.objects.filter(kind__in=["deadline_reminder", "deadline_escalated"])


def test_moving_cohort_recomputes_and_drops_rules_that_left():
    q = allocated("ldso_m10")
    deadlines_sweep(as_of=date(2024, 6, 1))
    assert (
        Deadline.objects.filter(qualification=q, activity__key="qt_entry_checkpoint_2").count() == 2
    )
    q.allocation.cohort = TimelineRule.objects.filter(timeline__cohort__key="wave_2")[
        0
    ].timeline.cohort
    q.allocation.save()
    result = deadlines_sweep(as_of=date(2024, 6, 1))
    assert result.deleted == 1
    rows = Deadline.objects.filter(qualification=q)
    assert rows.count() == WAVE_1_RULES
    assert {r.timeline.cohort.key for r in rows} == {"wave_2"}


def test_withdrawn_qualifications_are_not_swept():
    from qualification.models import Qualification

    q = allocated("wave_1")
    Qualification.objects.filter(pk=q.pk).update(status="withdrawn")
    assert deadlines_sweep(as_of=date(2025, 6, 1)).qualifications == 0


def test_reminder_steps_start_when_due_soon():
    assert reminder_steps(14, (14, 7, 1)) == [1, 7, 14]
    assert reminder_steps(10, (14, 7, 1)) == [1, 7, 10]


def _sweep_queries(n, **kwargs):
    for _ in range(n):
        allocated("wave_1")
    with CaptureQueriesContext(connection) as ctx:
        deadlines_sweep(batch_size=4, **kwargs)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("as_of", [date(2025, 6, 1), date(2025, 6, 2)])
def test_queries_per_batch_do_not_grow_with_qualifications(as_of):
    # 4, 8 then 12 qualifications in batches of 4: each batch costs the same.
    first = _sweep_queries(4, as_of=as_of)
    Deadline.objects.all().delete()
    DeadlineNotice.objects.all().delete()
    second = _sweep_queries(4, as_of=as_of)
    Deadline.objects.all().delete()
    DeadlineNotice.objects.all().delete()
    third = _sweep_queries(4, as_of=as_of)
    per_batch = second - first
    assert third - second == per_batch
    assert per_batch <= 20


def test_steady_state_batch_is_cheaper():
    for _ in range(8):
        allocated("wave_1")
    deadlines_sweep(as_of=date(2025, 6, 1), batch_size=4)
    with CaptureQueriesContext(connection) as ctx:
        deadlines_sweep(as_of=date(2025, 6, 1), batch_size=4)
    # Per batch: allocations, savepoint, events, deadlines, touch, release (nothing
    # to write or notify); plus the timelines (2) and the final empty batch read.
    assert len(ctx.captured_queries) == 2 + 2 * 6 + 1


def test_task_runs_the_sweep():
    allocated("wave_1")
    # apply() runs in this process whatever the broker, so the task sees this
    # test's uncommitted rows (the real worker is tested in tests/integration).
    result = sweep_deadlines.apply(kwargs={"as_of": "2025-06-01"}).get()
    assert result["created"] == WAVE_1_RULES


def test_beat_fires_the_daily_sweep_from_half_past_five_until_it_has_run():
    from django.conf import settings

    from waves.tasks import sweep_deadlines_daily

    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == sweep_deadlines_daily.name
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"].hour == set(range(5, 24))
    assert entries[0]["schedule"].minute == {30}


def test_the_daily_sweep_runs_once_a_day(time_machine):
    from mhhs_portal.models import ScheduledRun
    from waves.tasks import sweep_deadlines_daily

    time_machine.move_to("2025-06-01 06:30:00+01:00", tick=False)
    allocated("wave_1")
    assert sweep_deadlines_daily.apply().get()["created"] == WAVE_1_RULES
    assert "skipped" in sweep_deadlines_daily.apply().get()
    time_machine.move_to("2025-06-02 06:30:00+01:00", tick=False)
    assert sweep_deadlines_daily.apply().get()["created"] == 0
    assert sorted(ScheduledRun.objects.values_list("slot", flat=True)) == [
        "2025-06-01",
        "2025-06-02",
    ]


def test_check_deadlines_command(capsys):
    allocated("wave_3")
    call_command("check_deadlines", "--as-of", "2025-10-06", "--cohort", "wave_3")
    assert '"created": 26' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2025-13-01"], "not a date"),
        (["--as-of", "yesterday"], "not a date"),
        (["--cohort", "wave_9"], "Unknown cohort 'wave_9'"),
    ],
)
def test_check_deadlines_bad_input_exits_2_and_writes_nothing(args, message):
    allocated("wave_1")
    with pytest.raises(CommandError, match=message) as raised:
        call_command("check_deadlines", *args)
    assert raised.value.returncode == 2
    assert not Deadline.objects.exists()


@pytest.fixture
def eager_tasks():
    # With REDIS_URL set, delay() would go to a broker and its worker could
    # not see this test's transaction.
    from mhhs_portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


def test_an_event_a_rule_reads_sweeps_its_qualification(
    django_capture_on_commit_callbacks, eager_tasks
):
    q = allocated("wave_1")
    with django_capture_on_commit_callbacks(execute=True):
        happened(q, "initial_qad_submitted", date(2025, 6, 20))
    assert Deadline.objects.get(
        qualification=q, activity__key="initial_qad_submission"
    ).completed_on == date(2025, 6, 20)


def test_events_no_rule_reads_do_not_sweep(django_capture_on_commit_callbacks, eager_tasks):
    q = allocated("wave_1")
    with django_capture_on_commit_callbacks(execute=True):
        happened(q, "member_added", date(2025, 6, 20))
    assert not Deadline.objects.exists()


def test_an_event_already_seen_by_a_sweep_queues_nothing(
    django_capture_on_commit_callbacks, eager_tasks
):
    q = allocated("wave_1")
    with django_capture_on_commit_callbacks(execute=True):
        happened(q, "initial_qad_submitted", date(2025, 6, 20))
        deadlines_sweep(as_of=date(2025, 7, 1))
    # Had the event queued a sweep as of today, as_of would have moved on.
    assert set(Deadline.objects.values_list("as_of", flat=True)) == {date(2025, 7, 1)}
