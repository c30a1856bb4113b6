"""Rule evaluation, cell by cell over the shipped Appendix C (waves.appendix_c.RULES)."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from waves.appendix_c import ACTIVITIES, RULES
from waves.rules import (
    Status,
    add_months,
    add_period,
    evaluate,
    events_as_of,
    rule_dates,
    rule_sentence,
)

COMPLETED_BY = {a["key"]: a["completed_by"] for a in ACTIVITIES}
FAR_PAST = date(2020, 1, 1)


def _rule(**fields):
    blank = dict(opens=None, due=None, n=None, unit="", event_kind="", cap=None, text="", note="")
    return SimpleNamespace(**(blank | fields))


def _eval(rule, activity, today, events=None):
    return evaluate(
        rule,
        completed_by=COMPLETED_BY[activity],
        event_dates=events_as_of(events or {}, today),
        today=today,
    )


@pytest.mark.parametrize(
    "cell", RULES, ids=[f"{r['activity']}-{r['cohort']}-{r['seq']}" for r in RULES]
)
def test_every_cell_of_appendix_c(cell):
    rule = _rule(**{k: cell[k] for k in ("kind", "opens", "due", "n", "unit", "event_kind", "cap")})
    activity = cell["activity"]
    completing = COMPLETED_BY[activity]
    kind = cell["kind"]
    early = _eval(rule, activity, FAR_PAST)
    if kind == "n/a":
        assert early.status == Status.NOT_APPLICABLE
        assert (early.opens, early.due) == (None, None)
    elif kind == "text":
        assert early.status == Status.INDICATIVE
        assert early.due is None
        done = _eval(rule, activity, date(2030, 1, 1), {completing[0]: date(2024, 1, 1)})
        assert done.status == Status.MET_ON_TIME
    elif kind == "event":
        assert (early.status, early.opens, early.due) == (Status.AWAITING_EVENT, None, None)
        happened = {cell["event_kind"]: date(2025, 3, 3)}
        opened = _eval(rule, activity, date(2025, 3, 4), happened)
        assert opened.opens == date(2025, 3, 3)
        # The sign-off opens on the very event that completes the activity.
        assert opened.status == Status.MET_ON_TIME
    elif kind in ("date", "window"):
        due = cell["due"]
        assert (early.opens, early.due, early.provisional) == (cell["opens"], due, False)
        if not completing:
            assert _eval(rule, activity, due - timedelta(days=1)).status == Status.UPCOMING
            assert _eval(rule, activity, due).status == Status.MET_ON_TIME
            return
        assert early.status == Status.UPCOMING
        assert _eval(rule, activity, due - timedelta(days=15)).status == Status.UPCOMING
        assert _eval(rule, activity, due - timedelta(days=14)).status == Status.DUE_SOON
        assert _eval(rule, activity, due).status == Status.DUE_SOON
        assert _eval(rule, activity, due + timedelta(days=1)).status == Status.OVERDUE
        later = due + timedelta(days=30)
        assert _eval(rule, activity, later, {completing[0]: due}).status == Status.MET_ON_TIME
        late = {completing[0]: due + timedelta(days=1)}
        assert _eval(rule, activity, later, late).status == Status.MET_LATE
    else:
        assert kind == "within"
        cap = cell["cap"]
        assert (early.due, early.provisional, early.status) == (cap, True, Status.AWAITING_EVENT)
        assert _eval(rule, activity, cap - timedelta(days=3)).status == Status.DUE_SOON
        assert _eval(rule, activity, cap + timedelta(days=1)).status == Status.OVERDUE
        event_day = cap - timedelta(days=120)
        expected = add_period(event_day, cell["n"], cell["unit"])
        started = _eval(rule, activity, event_day, {cell["event_kind"]: event_day})
        assert (started.opens, started.due, started.provisional) == (event_day, expected, False)
        assert started.status == Status.UPCOMING
        done = {cell["event_kind"]: event_day, completing[0]: expected}
        assert _eval(rule, activity, cap, done).status == Status.MET_ON_TIME
        done[completing[0]] = expected + timedelta(days=1)
        assert _eval(rule, activity, cap, done).status == Status.MET_LATE


SIX_WEEKS_OR_CAP = _rule(
    kind="within", n=6, unit="weeks", event_kind="initial_qad_submitted", cap=date(2025, 8, 22)
)


def test_within_event_plus_n_equal_to_cap():
    event = date(2025, 7, 11)  # + 6 weeks = 22 August, the cap itself
    dates = rule_dates(SIX_WEEKS_OR_CAP, {"initial_qad_submitted": event})
    assert (dates.opens, dates.due, dates.provisional) == (event, date(2025, 8, 22), False)


def test_within_event_one_day_before_the_cap_boundary():
    dates = rule_dates(SIX_WEEKS_OR_CAP, {"initial_qad_submitted": date(2025, 7, 10)})
    assert dates.due == date(2025, 8, 21)


def test_within_event_late_enough_that_the_cap_is_earlier():
    dates = rule_dates(SIX_WEEKS_OR_CAP, {"initial_qad_submitted": date(2025, 7, 20)})
    assert (dates.due, dates.provisional) == (date(2025, 8, 22), False)


def test_within_event_after_the_cap():
    dates = rule_dates(SIX_WEEKS_OR_CAP, {"initial_qad_submitted": date(2025, 9, 1)})
    assert (dates.due, dates.provisional) == (date(2025, 8, 22), False)


def test_within_before_the_event_the_cap_is_provisional():
    dates = rule_dates(SIX_WEEKS_OR_CAP, {})
    assert (dates.opens, dates.due, dates.provisional) == (None, date(2025, 8, 22), True)


def test_within_event_in_the_future_of_today_is_not_seen():
    today = date(2025, 7, 1)
    result = evaluate(
        SIX_WEEKS_OR_CAP,
        completed_by=["initial_qad_review_completed"],
        event_dates=events_as_of({"initial_qad_submitted": date(2025, 7, 10)}, today),
        today=today,
    )
    assert (result.provisional, result.status) == (True, Status.AWAITING_EVENT)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 1, 28), 1, date(2025, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_within_one_month_from_31_january():
    rule = _rule(
        kind="within", n=1, unit="months", event_kind="qad_signed_off", cap=date(2026, 4, 15)
    )
    assert rule_dates(rule, {"qad_signed_off": date(2026, 1, 31)}).due == date(2026, 2, 28)


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        add_period(date(2025, 1, 1), 1, "fortnights")


def test_horizon_is_configurable():
    rule = _rule(kind="date", due=date(2025, 10, 30))
    kwargs = dict(completed_by=["x"], event_dates={}, today=date(2025, 10, 1))
    assert evaluate(rule, **kwargs).status == Status.UPCOMING
    assert evaluate(rule, **kwargs, horizon_days=30).status == Status.DUE_SOON


def test_event_rule_opened_but_completed_by_another_event_is_upcoming():
    rule = _rule(kind="event", event_kind="opened")
    result = evaluate(
        rule,
        completed_by=["done"],
        event_dates={"opened": date(2025, 1, 1)},
        today=date(2025, 2, 1),
    )
    assert (result.opens, result.due, result.status) == (date(2025, 1, 1), None, Status.UPCOMING)


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        (_rule(kind="date", due=date(2025, 8, 22)), "Due 22/08/2025"),
        (
            _rule(kind="window", opens=date(2025, 4, 7), due=date(2025, 5, 9)),
            "Window 07/04/2025 to 09/05/2025",
        ),
        (
            SIX_WEEKS_OR_CAP,
            "Within 6 weeks of “Initial QAD submitted” or 22/08/2025, whichever is earlier",
        ),
        (
            _rule(
                kind="within",
                n=1,
                unit="months",
                event_kind="qad_signed_off",
                cap=date(2026, 4, 15),
            ),
            "Within 1 month of “QAD Sign-off submitted” or 15/04/2026, whichever is earlier",
        ),
        (_rule(kind="text", text="Summer 2023"), "Summer 2023"),
        (_rule(kind="n/a"), "Not applicable"),
        (
            _rule(kind="date", due=date(2024, 11, 30), note="Functional"),
            "Due 30/11/2024 (Functional)",
        ),
    ],
)
def test_rule_sentence(rule, sentence):
    assert rule_sentence(rule) == sentence
