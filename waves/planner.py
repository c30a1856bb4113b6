"""The planner: a cohort's current timeline evaluated for a hypothetical
participant ("what if we submit our Final QAD on ...?").

The command, the page and the API all call plan_parse then cohort_plan, so
they accept and refuse the same input.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings

from mhhs_portal.exceptions import ValidationFailed

from .appendix_c import COMPLETING_EVENT_KINDS
from .clock import portal_today
from .inputs import cohort_by_key, parse_date
from .models import Activity, Cohort
from .rules import evaluate, rule_sentence
from .selectors import timeline_current


@dataclass(frozen=True)
class PlanRow:
    activity: str
    label: str
    seq: int
    kind: str
    opens: date | None
    due: date | None
    provisional: bool
    status: str
    rule: str
    note: str
    completed_on: date | None

    def as_json(self) -> dict:
        data = asdict(self)
        for name in ("opens", "due", "completed_on"):
            data[name] = data[name].isoformat() if data[name] else None
        if not self.note:
            # The contract adds `note` only where it tells deadlines apart.
            del data["note"]
        return data


@dataclass(frozen=True)
class PlanInput:
    cohort: Cohort
    event_dates: dict[str, date]
    as_of: date


def _event_kind(key: str, activities: dict[str, list[str]]) -> str:
    """An event kind, or an activity key standing for the event that completes it."""
    if key in COMPLETING_EVENT_KINDS:
        return key
    completed_by = activities.get(key)
    if completed_by:
        return completed_by[0]
    if key in activities:
        raise ValidationFailed(
            f"Activity {key!r} is not completed by an event.",
            errors={"event": [f"Activity {key!r} is not completed by an event."]},
        )
    raise ValidationFailed(
        f"Unknown event or activity {key!r}.",
        errors={"event": [f"Unknown event or activity {key!r}."]},
    )


def plan_parse(*, cohort: str | Cohort, events: list[str], as_of: str | None) -> PlanInput:
    """Read KIND=YYYY-MM-DD (or KIND:YYYY-MM-DD) pairs, the day to stand on and the cohort.

    Refuses unknown cohorts, events and activities, malformed dates, a key
    given twice, and events after the as-of day (they have not happened).
    """
    selected = cohort if isinstance(cohort, Cohort) else cohort_by_key(cohort)
    day = parse_date(as_of, "as_of") if as_of else portal_today()
    activities = dict(Activity.objects.values_list("key", "completed_by"))
    event_dates: dict[str, date] = {}
    for spec in events:
        key, sep, value = spec.replace(":", "=", 1).partition("=")
        if not sep:
            raise ValidationFailed(
                f"{spec!r} is not KIND=YYYY-MM-DD.",
                errors={"event": [f"{spec!r} is not KIND=YYYY-MM-DD."]},
            )
        kind = _event_kind(key.strip(), activities)
        happened = parse_date(value, "event")
        if kind in event_dates:
            raise ValidationFailed(
                f"Event {kind!r} is given twice.", errors={"event": [f"{kind!r} is given twice."]}
            )
        if happened > day:
            message = f"Event {kind!r} on {happened} is after the as-of day {day}."
            raise ValidationFailed(message, errors={"event": [message]})
        event_dates[kind] = happened
    return PlanInput(cohort=selected, event_dates=event_dates, as_of=day)


def cohort_plan(plan: PlanInput, *, horizon_days: int | None = None) -> list[PlanRow]:
    horizon = settings.DEADLINE_DUE_SOON_DAYS if horizon_days is None else horizon_days
    timeline = timeline_current(plan.cohort)
    rows = []
    for rule in timeline.rules.all() if timeline else []:
        evaluation = evaluate(
            rule,
            completed_by=rule.activity.completed_by,
            event_dates=plan.event_dates,
            today=plan.as_of,
            horizon_days=horizon,
        )
        rows.append(
            PlanRow(
                activity=rule.activity.key,
                label=rule.activity.label,
                seq=rule.seq,
                kind=rule.kind,
                opens=evaluation.opens,
                due=evaluation.due,
                provisional=evaluation.provisional,
                status=evaluation.status,
                rule=rule_sentence(rule),
                note=rule.note,
                completed_on=evaluation.completed_on,
            )
        )
    return rows
