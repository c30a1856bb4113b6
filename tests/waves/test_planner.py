"""plan_deadlines: the JSON contract and bad input (exit code 2, nothing written)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qualification.models import Event
from waves.models import Deadline

pytestmark = pytest.mark.django_db

CONTRACT = {"activity", "kind", "opens", "due", "provisional", "status", "rule"}


def _plan(*args) -> list[dict]:
    out = StringIO()
    call_command("plan_deadlines", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _row(rows, activity, seq=1):
    return next(r for r in rows if r["activity"] == activity and r["seq"] == seq)


def test_json_follows_the_contract():
    rows = _plan("--cohort", "wave_1", "--as-of", "2025-06-01")
    assert len(rows) == 26
    for row in rows:
        assert row.keys() >= CONTRACT
        assert isinstance(row["provisional"], bool)
        assert row["due"] is None or date.fromisoformat(row["due"])
    review = _row(rows, "initial_qad_review")
    assert review == review | {
        "kind": "within",
        "opens": None,
        "due": "2025-08-22",
        "provisional": True,
        "status": "awaiting_event",
    }
    assert "whichever is earlier" in review["rule"]
    assert _row(rows, "placing_reliance_submission")["status"] == "not_applicable"


def test_an_event_moves_a_within_deadline():
    rows = _plan(
        "--cohort",
        "wave_1",
        "--event",
        "initial_qad_submitted=2025-06-20",
        "--as-of",
        "2025-07-01",
    )
    review = _row(rows, "initial_qad_review")
    assert (review["opens"], review["due"], review["provisional"]) == (
        "2025-06-20",
        "2025-08-01",
        False,
    )
    assert _row(rows, "initial_qad_submission")["status"] == "met_on_time"


def test_an_activity_key_stands_for_its_completing_event():
    rows = _plan(
        "--cohort", "wave_2", "--event", "final_qad_submission:2025-11-20", "--as-of", "2025-11-25"
    )
    assert _row(rows, "final_qad_review")["due"] == "2025-12-18"


def test_two_deadlines_of_one_activity_have_notes():
    rows = _plan("--cohort", "ldso_m10", "--as-of", "2024-11-20")
    first, second = _row(rows, "qt_entry_checkpoint_2", 1), _row(rows, "qt_entry_checkpoint_2", 2)
    assert (first["due"], first["note"], first["status"]) == (
        "2024-11-30",
        "Functional and Migration",
        "due_soon",
    )
    assert (second["due"], second["note"]) == ("2025-01-30", "Operational and Non-Functional")
    assert "note" not in _row(rows, "qad_sign_off")


def test_text_output_lists_every_rule():
    out = StringIO()
    call_command("plan_deadlines", "--cohort", "sit_m10", "--as-of", "2025-05-01", stdout=out)
    assert len(out.getvalue().splitlines()) == 26


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cohort", "wave_9"], "Unknown cohort 'wave_9'"),
        (["--cohort", "wave_1", "--event", "qad_teleported=2025-01-01"], "Unknown event"),
        (["--cohort", "wave_1", "--event", "pqs_opens=2025-01-01"], "not completed by an event"),
        (["--cohort", "wave_1", "--event", "final_qad_submitted"], "KIND=YYYY-MM-DD"),
        (["--cohort", "wave_1", "--event", "final_qad_submitted=2025-02-30"], "not a date"),
        (["--cohort", "wave_1", "--as-of", "01/06/2025"], "not a date"),
        (
            ["--cohort", "wave_1", "--as-of", "2025-06-01", "--event", "pqs_submitted=2025-06-02"],
            "after the as-of day",
        ),
        (
            [
                "--cohort",
                "wave_1",
                "--event",
                "pqs_submitted=2024-01-01",
                "--event",
                "pqs_deadline=2024-01-02",
            ],
            "given twice",
        ),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(args, message):
    events, deadlines = Event.objects.count(), Deadline.objects.count()
    with pytest.raises(CommandError, match=message) as raised:
        call_command("plan_deadlines", *args, "--json", stdout=StringIO())
    assert raised.value.returncode == 2
    assert (Event.objects.count(), Deadline.objects.count()) == (events, deadlines)
