from datetime import date
from types import SimpleNamespace

from waves.poap import CHART_WIDTH, LABEL_WIDTH, build_poap


def rule(kind, label="Activity", **fields):
    defaults = dict(
        opens=None, due=None, n=None, unit="", event_kind="", cap=None, text="", note=""
    )
    return SimpleNamespace(
        kind=kind, activity=SimpleNamespace(label=label), **{**defaults, **fields}
    )


def test_windows_are_bars_and_dates_are_diamonds_inside_the_chart():
    rules = [
        rule(
            "window", "Initial QAD submission window", opens=date(2025, 5, 5), due=date(2025, 7, 11)
        ),
        rule("date", "QT Preparation start", due=date(2025, 5, 28)),
    ]
    poap = build_poap(rules, today=date(2025, 6, 1))
    window, single = poap.rows
    assert [m.kind for m in window.marks] == ["bar", "due"]
    assert [m.kind for m in single.marks] == ["due"]
    bar = window.marks[0]
    assert LABEL_WIDTH <= bar.x < bar.x + bar.width <= LABEL_WIDTH + CHART_WIDTH
    assert poap.start == date(2025, 5, 1) and poap.end == date(2025, 8, 1)
    assert poap.today_x is not None and bar.x < poap.today_x < bar.x + bar.width


def test_a_capped_rule_before_its_event_is_a_provisional_mark_at_the_cap():
    capped = rule(
        "within", n=6, unit="weeks", event_kind="initial_qad_submitted", cap=date(2025, 8, 22)
    )
    poap = build_poap([capped], today=date(2026, 1, 1))
    (mark,) = poap.rows[0].marks
    assert mark.kind == "cap" and mark.provisional
    assert poap.today_x is None  # today is after the chart's last month


def test_after_its_event_a_capped_rule_runs_from_the_event_to_the_earlier_date():
    capped = rule(
        "within", n=6, unit="weeks", event_kind="initial_qad_submitted", cap=date(2025, 8, 22)
    )
    poap = build_poap(
        [capped], today=date(2025, 6, 1), event_dates={"initial_qad_submitted": date(2025, 6, 2)}
    )
    bar, due = poap.rows[0].marks
    assert bar.kind == "bar" and due.kind == "due" and not due.provisional
    assert "whichever is earlier" in poap.rows[0].sentence


def test_text_rules_have_no_marks_and_a_timeline_of_text_only_draws_nothing():
    assert build_poap([rule("text", text="Summer 2023")], today=date(2025, 1, 1)) is None
    poap = build_poap(
        [rule("text", text="Summer 2023"), rule("date", due=date(2025, 1, 10))],
        today=date(2025, 1, 1),
    )
    assert poap.rows[0].marks == [] and poap.rows[0].sentence == "Summer 2023"


def test_short_labels_keep_the_note_that_tells_two_deadlines_apart():
    from waves.poap import LABEL_CHARS, short_label

    long = "QT Entry Checkpoint 2: final date to confirm and evidence the PIT Completion Report"
    first, second = short_label(long, "Functional and Migration"), short_label(long, "Operational")
    assert first != second
    assert first.endswith("(Functional and Migration)") and len(first) <= LABEL_CHARS
    assert short_label("PQS deadline", "") == "PQS deadline"
