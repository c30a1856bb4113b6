"""Re-planning a cohort: a change request moves some dates, which makes a new
timeline version; every participant in the cohort is told which of its
deadlines moved (one event per affected qualification) and the sweep
recomputes their Deadline rows."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from qualification.events import events_record_bulk
from qualification.models import Event, Qualification
from qualification.permissions import actor_for

from .clock import portal_today
from .models import Allocation, Cohort, TimelineRule, TimelineVersion, Unit
from .rules import rule_dates
from .sweep import SWEPT_STATES, deadlines_sweep, event_dates_for

CHANGEABLE = {"opens": date, "due": date, "cap": date, "n": int, "unit": str, "text": str}
RULE_FIELDS = ["kind", "opens", "due", "n", "unit", "event_kind", "cap", "text", "note"]


@dataclass(frozen=True)
class Move:
    activity: str
    seq: int
    old_opens: date | None
    new_opens: date | None
    old_due: date | None
    new_due: date | None

    def as_json(self) -> dict:
        def iso(day):
            return day.isoformat() if day else None

        return {
            "activity": self.activity,
            "seq": self.seq,
            "old_opens": iso(self.old_opens),
            "new_opens": iso(self.new_opens),
            "old_due": iso(self.old_due),
            "new_due": iso(self.new_due),
        }


@dataclass
class Impact:
    qualification: Qualification
    moves: list[Move] = field(default_factory=list)


@dataclass
class ReplanReport:
    cohort: Cohort
    timeline: TimelineVersion
    impacts: list[Impact]


def _may_replan(actor) -> bool:
    a = actor_for(actor)
    return a.is_superuser or bool(a.bodies & {"BSC", "REC"}) or a.has_duty("test_manager")


def _refuse(message: str, field_name: str = "changes"):
    raise ValidationFailed(message, errors={field_name: [message]})


def _apply(rule: TimelineRule, values: dict) -> TimelineRule:
    new = TimelineRule(
        activity=rule.activity,
        seq=rule.seq,
        **{name: getattr(rule, name) for name in RULE_FIELDS},
    )
    for name, value in values.items():
        expected = CHANGEABLE.get(name)
        if expected is None:
            _refuse(f"{name!r} cannot be changed; change one of {', '.join(CHANGEABLE)}.")
        if not isinstance(value, expected):
            _refuse(f"{rule.activity.key}.{name} must be a {expected.__name__}.")
        setattr(new, name, value)
    if new.kind == "within" and (new.unit not in Unit.values or not new.n):
        _refuse(f"{rule.activity.key}: a 'within' rule needs n > 0 and unit weeks or months.")
    if new.opens and new.due and new.opens > new.due:
        _refuse(f"{rule.activity.key}: opens after it is due.")
    return new


def cohort_replan(*, actor, cohort: Cohort, changes: dict, source: str) -> ReplanReport:
    """Publish a new timeline version with ``changes`` and report what moved, per participant.

    ``changes`` maps (activity key, seq) to new field values, e.g.
    {("final_qad_submission", 1): {"due": date(2026, 2, 6)}}.
    """
    if not _may_replan(actor):
        raise NotPermitted("Only the Code Bodies and test managers re-plan a cohort.")
    if not source.strip():
        _refuse("Say which change request moves the dates.", "source")
    if not changes:
        _refuse("Nothing to change.")
    today = portal_today()
    with transaction.atomic():
        # The cohort row lock makes two re-plans take consecutive version numbers.
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        current = cohort.timelines.order_by("-number").first()
        old_rules = list(current.rules.select_related("activity")) if current else []
        by_key = {(r.activity.key, r.seq): r for r in old_rules}
        unknown = sorted(f"{a}:{s}" for a, s in changes if (a, s) not in by_key)
        if unknown:
            _refuse(f"Not in the {cohort.label} timeline: {', '.join(unknown)}.")
        new_rules = [_apply(r, changes.get((r.activity.key, r.seq), {})) for r in old_rules]
        timeline = TimelineVersion(
            cohort=cohort,
            number=(current.number if current else 0) + 1,
            source=source.strip(),
            effective_from=today,
        )
        timeline._history_user = actor
        timeline.save()
        for rule in new_rules:
            rule.timeline = timeline
        bulk_create_with_history(
            new_rules, TimelineRule, default_user=actor, default_change_reason=source.strip()
        )
        impacts = _impacts(cohort, old_rules, new_rules, today)
        events_record_bulk(
            [
                Event(
                    kind="deadlines_replanned",
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                    organisation_id=impact.qualification.organisation_id,
                    qualification=impact.qualification,
                    occurred_at=timezone.now(),
                    payload={
                        "cohort": cohort.key,
                        "timeline": timeline.number,
                        "source": timeline.source,
                        "moves": [m.as_json() for m in impact.moves],
                    },
                )
                for impact in impacts
            ]
        )
        deadlines_sweep(as_of=today, cohort=cohort)
    return ReplanReport(cohort=cohort, timeline=timeline, impacts=impacts)


def _impacts(cohort, old_rules, new_rules, today: date) -> list[Impact]:
    """Per participant of the cohort, each deadline whose opening or due day moved."""
    allocations = (
        Allocation.objects.filter(cohort=cohort, qualification__status__in=SWEPT_STATES)
        .select_related("qualification__organisation", "qualification__market_role")
        .order_by("qualification__organisation__name", "qualification_id")
    )
    qualifications = [a.qualification for a in allocations]
    event_dates = event_dates_for(
        [(q.pk, q.organisation_id, cohort.pk) for q in qualifications], today
    )
    impacts = []
    for qualification in qualifications:
        dates = event_dates[qualification.pk]
        impact = Impact(qualification)
        for old, new in zip(old_rules, new_rules, strict=True):
            before, after = rule_dates(old, dates), rule_dates(new, dates)
            if (before.opens, before.due) != (after.opens, after.due):
                impact.moves.append(
                    Move(
                        old.activity.key, old.seq, before.opens, after.opens, before.due, after.due
                    )
                )
        if impact.moves:
            impacts.append(impact)
    return impacts
