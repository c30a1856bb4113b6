"""cohort_replan: a new timeline version, per-participant moves, the sweep recomputes."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.models import Event
from waves.models import Cohort, Deadline, TimelineVersion
from waves.replan import cohort_replan

from .deadline_helpers import allocated, happened

pytestmark = pytest.mark.django_db

NEW_CAP = {("initial_qad_review", 1): {"cap": date(2025, 8, 8)}}


@pytest.fixture
def wave_1(settings):
    settings.DEMO_TODAY = date(2025, 7, 1)
    return Cohort.objects.get(key="wave_1")


def test_replan_makes_a_version_and_reports_who_moved(wave_1, bsc_reviewer, org_a, org_b):
    early = allocated("wave_1", organisation=org_a)
    late = allocated("wave_1", organisation=org_b)
    allocated("wave_2")
    happened(early, "initial_qad_submitted", date(2025, 6, 2))  # + 6 weeks = 14 July
    happened(late, "initial_qad_submitted", date(2025, 6, 30))  # + 6 weeks = 11 August
    report = cohort_replan(actor=bsc_reviewer, cohort=wave_1, changes=NEW_CAP, source="CR061")
    assert (report.timeline.number, report.timeline.source) == (2, "CR061")
    assert report.timeline.rules.count() == 26
    # Only the participant whose review was due after the new cap moved.
    [impact] = report.impacts
    assert impact.qualification == late
    assert [(m.activity, m.old_due, m.new_due) for m in impact.moves] == [
        ("initial_qad_review", date(2025, 8, 11), date(2025, 8, 8))
    ]
    event = Event.objects.get(kind="deadlines_replanned")
    assert event.qualification == late
    assert event.payload["moves"][0]["new_due"] == "2025-08-08"
    deadline = Deadline.objects.get(qualification=late, activity__key="initial_qad_review")
    assert (deadline.due, deadline.timeline) == (date(2025, 8, 8), report.timeline)
    assert deadline.history.count() == 1


def test_a_fixed_date_moves_for_everyone_in_the_cohort(wave_1, test_manager):
    for _ in range(3):
        allocated("wave_1")
    report = cohort_replan(
        actor=test_manager,
        cohort=wave_1,
        changes={("final_qad_submission", 1): {"due": date(2026, 2, 6)}},
        source="CR062",
    )
    assert len(report.impacts) == 3
    assert Event.objects.filter(kind="deadlines_replanned").count() == 3


def test_participants_cannot_replan(wave_1, admin_a):
    with pytest.raises(NotPermitted):
        cohort_replan(actor=admin_a, cohort=wave_1, changes=NEW_CAP, source="CR061")
    assert TimelineVersion.objects.filter(cohort=wave_1).count() == 1


@pytest.mark.parametrize(
    ("changes", "source"),
    [
        ({("no_such_activity", 1): {"due": date(2026, 1, 1)}}, "CR1"),
        ({("qad_sign_off", 1): {"kind": "text"}}, "CR1"),
        ({("qad_sign_off", 1): {"due": "2026-01-01"}}, "CR1"),
        ({("final_qad_submission", 1): {"opens": date(2026, 12, 1)}}, "CR1"),
        ({("initial_qad_review", 1): {"unit": "fortnights"}}, "CR1"),
        (NEW_CAP, " "),
        ({}, "CR1"),
    ],
)
def test_bad_changes_write_nothing(wave_1, bsc_reviewer, changes, source):
    allocated("wave_1")
    with pytest.raises(ValidationFailed):
        cohort_replan(actor=bsc_reviewer, cohort=wave_1, changes=changes, source=source)
    assert TimelineVersion.objects.filter(cohort=wave_1).count() == 1
    assert not Event.objects.filter(kind="deadlines_replanned").exists()


def test_command_prints_the_report_as_csv(wave_1, bsc_reviewer):
    allocated("wave_1")
    out = StringIO()
    call_command(
        "replan_cohort",
        "--cohort=wave_1",
        "--set=qad_sign_off.due=2026-04-10",
        "--source=CR063",
        f"--actor={bsc_reviewer.email}",
        "--csv",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("organisation,market_role,activity,seq,old_due,new_due")
    assert lines[1].endswith("qad_sign_off,1,2026-03-20,2026-04-10,,")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--set=qad_sign_off.due=2026-02-31"], 2),
        (["--set=qad_sign_off=2026-02-01"], 2),
        (["--set=qad_sign_off.due=2026-04-10", "--actor=nobody@example.com"], 2),
        (["--set=qad_sign_off.due=2026-04-10", "--actor=admin@alpha.test"], 1),
    ],
)
def test_command_refusals(wave_1, bsc_reviewer, admin_a, args, code):
    base = ["--cohort=wave_1", "--source=CR064", f"--actor={bsc_reviewer.email}"]
    with pytest.raises(CommandError) as raised:
        call_command("replan_cohort", *base, *args, stdout=StringIO())
    assert raised.value.returncode == code
    assert TimelineVersion.objects.filter(cohort=wave_1).count() == 1


def test_report_page_is_scoped(client, wave_1, bsc_reviewer, org_a, org_b, admin_a):
    mine = allocated("wave_1", organisation=org_a)
    allocated("wave_1", organisation=org_b)
    cohort_replan(
        actor=bsc_reviewer,
        cohort=wave_1,
        changes={("qad_sign_off", 1): {"due": date(2026, 4, 10)}},
        source="CR065",
    )
    client.force_login(admin_a)
    events = client.get("/deadlines/replans/").context["events"]
    assert [e.qualification_id for e in events] == [mine.pk]
    body = client.get("/deadlines/replans.csv").content.decode().splitlines()
    assert len(body) == 2 and "2026-04-10" in body[1]
