"""The deadline sweep: evaluate every swept qualification's timeline in batches,
upsert its Deadline rows and record each reminder and escalation once.

Each batch costs a constant number of queries whatever the number of
qualifications: one read each of allocations, events and existing deadlines,
then bulk writes (SQLite's parameter limit splits a bulk write of a large
batch into chunks, so the count depends on batch_size, never on the total).
"""

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from qualification.events import events_record_bulk
from qualification.models import Event, QualificationStatus

from .dashboard_cache import deadlines_changed
from .models import Allocation, Deadline, DeadlineNotice, NoticeKind
from .rules import Status, evaluate
from .selectors import current_timelines

# Withdrawn and surrendered roles have no deadlines left to chase.
SWEPT_STATES = [s for s in QualificationStatus.values if s not in ("withdrawn", "surrendered")]
# What the sweep writes from an evaluation; a change to any of them is a change
# a person can see, so it is audited and moves updated_at.
EVALUATED_FIELDS = [
    "timeline_id",
    "kind",
    "opens",
    "due",
    "provisional",
    "status",
    "completed_on",
    "rule",
    "note",
]
# What a batch reads of its existing rows to tell what changed: no datetimes,
# whose parsing would dominate the read. Rows that change are then loaded whole.
ROW_FIELDS = ["id", "qualification_id", "activity_id", "seq", *EVALUATED_FIELDS, "as_of"]
# Positions in a row read with ROW_FIELDS: rows stay tuples, compared in C.
_EVALUATED = slice(4, 4 + len(EVALUATED_FIELDS))
_DUE, _STATUS, _AS_OF = (ROW_FIELDS.index(name) for name in ("due", "status", "as_of"))
# Statuses that get a reminder (due soon) or an escalation (overdue).
NOTIFIED = frozenset({Status.DUE_SOON, Status.OVERDUE})
EVENT_OF_NOTICE = {
    NoticeKind.REMINDER: "deadline_reminder",
    NoticeKind.ESCALATION: "deadline_escalated",
}
# The misses the programme escalates to the PSG (QT entry, Final QAD, sign-off, decision).
CRITICAL_ACTIVITIES = frozenset(
    {
        "qt_entry_confirmation",
        "final_qad_submission",
        "qad_sign_off",
        "qualification_decision",
    }
)


@dataclass
class SweepResult:
    as_of: date
    qualifications: int = 0
    batches: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    reminders: int = 0
    escalations: int = 0

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {
            "as_of": self.as_of.isoformat()
        }


@dataclass
class _Context:
    as_of: date
    now: datetime
    sweep: uuid.UUID
    timelines: dict
    horizon: int
    reminder_steps: list[int]


def reminder_steps(horizon: int, days: tuple[int, ...]) -> list[int]:
    """Days before a due date that get a reminder; the first is when it becomes due soon."""
    return sorted({horizon, *(d for d in days if d <= horizon)})


def deadlines_sweep(
    *,
    as_of: date,
    batch_size: int = 1000,
    qualification_ids=None,
    cohort=None,
) -> SweepResult:
    """Evaluate and store the deadlines of every swept qualification as of ``as_of``."""
    horizon = settings.DEADLINE_DUE_SOON_DAYS
    context = _Context(
        as_of=as_of,
        now=timezone.now(),
        sweep=uuid.uuid4(),
        timelines=current_timelines(),
        horizon=horizon,
        reminder_steps=reminder_steps(horizon, settings.DEADLINE_REMINDER_DAYS),
    )
    allocations = Allocation.objects.filter(qualification__status__in=SWEPT_STATES)
    if qualification_ids is not None:
        allocations = allocations.filter(qualification_id__in=list(qualification_ids))
    if cohort is not None:
        allocations = allocations.filter(cohort=cohort)
    allocations = allocations.order_by("qualification_id").values_list(
        "qualification_id", "qualification__organisation_id", "cohort_id"
    )
    result = SweepResult(as_of=as_of)
    last = 0
    while batch := list(allocations.filter(qualification_id__gt=last)[:batch_size]):
        last = batch[-1][0]
        _sweep_batch_retrying(batch, context, result)
        result.batches += 1
        result.qualifications += len(batch)
    return result


def _sweep_batch_retrying(batch, context: _Context, result: SweepResult) -> None:
    # A concurrent sweep may insert the same new Deadline rows first: our
    # insert then fails on deadline_one_per_rule once theirs commits, and a
    # second pass sees their rows and updates them instead.
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                _sweep_batch(batch, context, result)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def event_dates_for(batch, as_of: date) -> dict[int, dict[str, date]]:
    """First day of each event kind per qualification, up to and including ``as_of``.

    Organisation-wide events (an Initial QAD covers every role) count for
    each of the organisation's qualifications.
    """
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    qualification_ids = [q for q, _, _ in batch]
    organisation_ids = {o for _, o, _ in batch}
    rows = (
        Event.objects.filter(
            Q(qualification_id__in=qualification_ids)
            | Q(organisation_id__in=organisation_ids, qualification__isnull=True),
            occurred_at__lt=end,
        )
        .values("qualification_id", "organisation_id", "kind")
        .annotate(first=Min("occurred_at"))
        .values_list("qualification_id", "organisation_id", "kind", "first")
    )
    by_qualification: dict[int, dict[str, date]] = {}
    by_organisation: dict[int, dict[str, date]] = {}
    for qualification_id, organisation_id, kind, first in rows:
        target = (
            by_qualification.setdefault(qualification_id, {})
            if qualification_id
            else by_organisation.setdefault(organisation_id, {})
        )
        target[kind] = timezone.localtime(first).date()
    dates = {}
    for qualification_id, organisation_id, _ in batch:
        merged = dict(by_organisation.get(organisation_id, {}))
        for kind, day in by_qualification.get(qualification_id, {}).items():
            merged[kind] = min(day, merged.get(kind, day))
        dates[qualification_id] = merged
    return dates


def _sweep_batch(batch, context: _Context, result: SweepResult) -> None:
    qualification_ids = [q for q, _, _ in batch]
    event_dates = event_dates_for(batch, context.as_of)
    existing = {
        (row[1], row[2], row[3]): row
        for row in Deadline.objects.filter(qualification_id__in=qualification_ids).values_list(
            *ROW_FIELDS
        )
    }
    to_create: dict[tuple, Deadline] = {}
    changed: dict[tuple, dict] = {}
    seen = set()
    candidates = []
    for qualification_id, organisation_id, cohort_id in batch:
        timeline = context.timelines.get(cohort_id)
        if timeline is None:
            continue
        dates = event_dates[qualification_id]
        for rule in timeline.rules_list:
            key = (qualification_id, rule.activity_id, rule.seq)
            evaluation = evaluate(
                rule,
                completed_by=rule.activity.completed_by,
                event_dates=dates,
                today=context.as_of,
                horizon_days=context.horizon,
            )
            # In EVALUATED_FIELDS order.
            values = (
                timeline.pk,
                rule.kind,
                evaluation.opens,
                evaluation.due,
                evaluation.provisional,
                evaluation.status,
                evaluation.completed_on,
                rule.sentence,
                rule.note,
            )
            seen.add(key)
            old = existing.get(key)
            if evaluation.status in NOTIFIED:
                candidates += _notice_candidates(
                    key, organisation_id, rule, evaluation, old, context
                )
            if old is None:
                to_create[key] = Deadline(
                    qualification_id=qualification_id,
                    activity_id=rule.activity_id,
                    seq=rule.seq,
                    as_of=context.as_of,
                    evaluated_at=context.now,
                    **dict(zip(EVALUATED_FIELDS, values, strict=True)),
                )
            elif old[_EVALUATED] != values:
                changed[key] = {
                    name: value
                    for name, was, value in zip(
                        EVALUATED_FIELDS, old[_EVALUATED], values, strict=True
                    )
                    if was != value
                }
    won = _claim_notices(candidates, context)
    to_update = _rows_to_update(changed, won, to_create, existing, context)
    stale = [row[0] for key, row in existing.items() if key not in seen]
    if stale:
        # Rules that left the qualification's timeline (a wave move, a
        # re-plan dropping a row). delete() keeps the history of each row.
        Deadline.objects.filter(pk__in=stale).delete()
    if to_create:
        bulk_create_with_history(
            list(to_create.values()), Deadline, default_change_reason="deadline sweep"
        )
    for fields_changed, rows in to_update.items():
        bulk_update_with_history(
            rows, Deadline, sorted(fields_changed), default_change_reason="deadline sweep"
        )
    if stale or to_create or to_update:
        # The only writer of Deadline rows (a re-plan writes them through this
        # sweep): cached dashboard figures go stale when this batch commits.
        deadlines_changed()
    if won:
        events_record_bulk([_notice_event(notice, context) for notice in won])
    # as_of and evaluated_at are excluded from history, so this plain update
    # loses no audit; it marks every row of the batch as checked today.
    Deadline.objects.filter(qualification_id__in=qualification_ids).update(
        as_of=context.as_of, evaluated_at=context.now
    )
    # Counted last: a batch retried after a conflict must not count twice.
    result.deleted += len(stale)
    result.created += len(to_create)
    result.updated += sum(len(rows) for rows in to_update.values())
    result.reminders += sum(n["kind"] == NoticeKind.REMINDER for n in won)
    result.escalations += sum(n["kind"] == NoticeKind.ESCALATION for n in won)


def _rows_to_update(changed, won, to_create, existing, context: _Context) -> dict:
    """Whole rows for what changed or was notified (one read), grouped by the
    fields that changed: an UPDATE that sets only those is several times
    cheaper than one setting every field, and the groups are few (a status
    moving, a due date moving), so the query count stays bounded."""
    notified: dict[tuple, list[str]] = {}
    for notice in won:
        field = "reminded_at" if notice["kind"] == NoticeKind.REMINDER else "escalated_at"
        if notice["key"] in to_create:
            setattr(to_create[notice["key"]], field, context.now)
        else:
            notified.setdefault(notice["key"], []).append(field)
    keys = changed.keys() | notified.keys()
    if not keys:
        return {}
    by_id = {existing[key][0]: key for key in keys}
    groups: dict[frozenset, list[Deadline]] = {}
    for row in Deadline.objects.filter(pk__in=list(by_id)):
        key = by_id[row.pk]
        values = changed.get(key, {})
        for name, value in values.items():
            setattr(row, name, value)
        for field in notified.get(key, []):
            setattr(row, field, context.now)
        row.updated_at = context.now
        names = {name.removesuffix("_id") for name in values}
        groups.setdefault(frozenset({*names, *notified.get(key, []), "updated_at"}), []).append(row)
    return groups


def _step(context: _Context, due: date, as_of: date) -> int | None:
    days_left = (due - as_of).days
    return next((s for s in context.reminder_steps if days_left <= s), None)


def _notice_candidates(key, organisation_id, rule, evaluation, old, context) -> list[dict]:
    status, due = evaluation.status, evaluation.due
    if status == Status.DUE_SOON:
        step, kind = _step(context, due, context.as_of), NoticeKind.REMINDER
    else:
        step, kind = 0, NoticeKind.ESCALATION
    # The sweep that wrote an unchanged row's as_of claimed that day's notice in
    # the same transaction, so the step is taken already: skipping it only
    # saves an insert that the unique constraint would ignore.
    claimed = (
        old is not None
        and (old[_STATUS], old[_DUE]) == (status, due)
        and (kind == NoticeKind.ESCALATION or _step(context, due, old[_AS_OF]) == step)
    )
    if claimed:
        return []
    return [
        {
            "key": key,
            "organisation_id": organisation_id,
            "activity": rule.activity.key,
            "kind": kind,
            "due": due,
            "days_before": step,
        }
    ]


def _claim_notices(candidates: list[dict], context: _Context) -> list[dict]:
    """The candidates this sweep records: those whose row it inserted.

    A concurrent sweep's INSERT of the same key waits for ours to commit and
    then does nothing (ON CONFLICT DO NOTHING / INSERT OR IGNORE), so reading
    back the rows carrying our token tells exactly which notices are ours.
    """
    if not candidates:
        return []
    DeadlineNotice.objects.bulk_create(
        [
            DeadlineNotice(
                qualification_id=c["key"][0],
                activity_id=c["key"][1],
                seq=c["key"][2],
                kind=c["kind"],
                due=c["due"],
                days_before=c["days_before"],
                sweep=context.sweep,
            )
            for c in candidates
        ],
        ignore_conflicts=True,
    )
    ours = set(
        DeadlineNotice.objects.filter(sweep=context.sweep).values_list(
            "qualification_id", "activity_id", "seq", "kind"
        )
    )
    return [c for c in candidates if (*c["key"], c["kind"]) in ours]


def _notice_event(notice: dict, context: _Context) -> Event:
    qualification_id, _, seq = notice["key"]
    return Event(
        kind=EVENT_OF_NOTICE[notice["kind"]],
        organisation_id=notice["organisation_id"],
        qualification_id=qualification_id,
        occurred_at=context.now,
        payload={
            "activity": notice["activity"],
            "seq": seq,
            "due": notice["due"].isoformat(),
            "days_before": notice["days_before"],
            "critical": notice["activity"] in CRITICAL_ACTIVITIES,
            "as_of": context.as_of.isoformat(),
        },
    )
