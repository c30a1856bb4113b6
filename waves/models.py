"""Cohorts, their versioned Appendix C timelines, and allocations of
qualifications to cohorts."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Qualification

from .rules import Status as DeadlineStatus


class Route(models.TextChoices):
    SIT = "SIT", "SIT"
    NON_SIT_LDSO = "NON_SIT_LDSO", "Non-SIT LDSO"
    NON_SIT_QT = "NON_SIT_QT", "Non-SIT QT"
    OTHER = "OTHER", "Other (new entrants, enduring qualification)"


class Cohort(TimeStampedModel):
    """A group that shares one timeline: the SIT groups, the LDSO wave, QT waves 1-4."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    route = models.CharField(max_length=16, choices=Route.choices)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.label


class Activity(models.Model):
    """A row of Appendix C: something participants or bodies must do by a date.

    Reference data changed only by migrations, so it keeps no history; the
    timeline rules that date it do."""

    key = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    # Event kinds that complete this activity for a qualification.
    completed_by = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.label


class TimelineVersion(TimeStampedModel):
    """One published version of a cohort's timeline. Re-planning adds a version."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="timelines")
    number = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200, help_text="e.g. QA&P v5.0 Appendix C, or a CR")
    effective_from = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="timeline_version_unique"),
        ]

    def __str__(self) -> str:
        return f"Timeline v{self.number}"


class RuleKind(models.TextChoices):
    DATE = "date", "Date"
    WINDOW = "window", "Window"
    WITHIN = "within", "Within N of an event, capped"
    EVENT = "event", "Opens on an event"
    TEXT = "text", "Indicative text"
    NOT_APPLICABLE = "n/a", "Not applicable"


class Unit(models.TextChoices):
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


class TimelineRule(models.Model):
    """One cell of Appendix C: when an activity is due for one cohort."""

    timeline = models.ForeignKey(TimelineVersion, on_delete=models.CASCADE, related_name="rules")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="rules")
    # Most cells hold one rule; the LDSO QT Entry Checkpoint 2 holds two.
    seq = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=8, choices=RuleKind.choices)
    opens = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    n = models.PositiveSmallIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=8, choices=Unit.choices, blank=True)
    event_kind = models.CharField(max_length=64, blank=True)
    cap = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["timeline", "activity__order", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["timeline", "activity", "seq"], name="timeline_rule_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="date") | Q(due__isnull=False), name="rule_date_has_due"
            ),
            models.CheckConstraint(
                condition=~Q(kind="window") | Q(opens__isnull=False, due__isnull=False),
                name="rule_window_has_bounds",
            ),
            models.CheckConstraint(
                condition=~Q(kind="within")
                | (Q(n__isnull=False, cap__isnull=False) & ~Q(unit="") & ~Q(event_kind="")),
                name="rule_within_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Rule {self.pk} ({self.kind})"


class AllocationStatus(models.TextChoices):
    INDICATIVE = "indicative", "Indicative"
    FINAL = "final", "Final"


class Allocation(TimeStampedModel):
    """Which cohort a qualification follows. Changes are events, with history."""

    qualification = models.OneToOneField(
        Qualification, on_delete=models.CASCADE, related_name="allocation"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="allocations")
    status = models.CharField(
        max_length=12, choices=AllocationStatus.choices, default=AllocationStatus.FINAL
    )
    reason = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Allocation {self.pk}"


class Deadline(TimeStampedModel):
    """One deadline of one qualification, as the sweep last evaluated it.

    One row per (qualification, activity, seq) of the qualification's current
    cohort timeline. ``updated_at`` moves only when what a person reads
    (dates, status, rule) changes, so API clients can sync with updated_since.
    """

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="deadlines"
    )
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="deadlines")
    seq = models.PositiveSmallIntegerField(default=1)
    timeline = models.ForeignKey(
        TimelineVersion, on_delete=models.PROTECT, related_name="deadlines"
    )
    kind = models.CharField(max_length=8, choices=RuleKind.choices)
    opens = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    # The due date is only the cap of a "whichever is earlier" rule until its event happens.
    provisional = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=DeadlineStatus.choices)
    completed_on = models.DateField(null=True, blank=True)
    rule = models.CharField(max_length=300, help_text="The rule that produced the dates, in words")
    note = models.CharField(max_length=200, blank=True)
    # The "today" of the last evaluation and when it ran. Not audited: they
    # change on every sweep, and a history row per deadline per day says nothing.
    as_of = models.DateField()
    evaluated_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["as_of", "evaluated_at"])

    class Meta:
        ordering = ["qualification", "activity__order", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "activity", "seq"], name="deadline_one_per_rule"
            ),
        ]
        indexes = [
            # The overdue list and the API's status / due-range filters.
            models.Index(fields=["status", "due"], name="deadline_status_due_idx"),
            # The API's updated_since filter.
            models.Index(fields=["updated_at"], name="deadline_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"Deadline {self.pk} ({self.status})"


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", "Reminder"
    ESCALATION = "escalation", "Escalation"


class DeadlineNotice(models.Model):
    """A reminder or escalation that has been recorded: at most one per step.

    The unique constraint is what makes "exactly once" hold when sweeps run
    twice or at the same time: each sweep inserts its candidates ignoring
    conflicts and records events only for the rows carrying its own ``sweep``
    token. ``due`` is part of the key so a re-planned date is reminded again.
    Append-only, like the event ledger, so it has no history of its own.
    """

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=12, choices=NoticeKind.choices)
    due = models.DateField()
    # Reminders at 14, 7 and 1 days before; 0 for the escalation on the day it is missed.
    days_before = models.PositiveSmallIntegerField(default=0)
    sweep = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "activity", "seq", "kind", "due", "days_before"],
                name="deadline_notice_once",
            ),
        ]
        indexes = [models.Index(fields=["sweep"], name="deadline_notice_sweep_idx")]

    def __str__(self) -> str:
        return f"Notice {self.pk} ({self.kind})"


from .deliverables.models import (  # noqa: E402, F401
    CheckpointReview,
    CohortTestManager,
    Deliverable,
    DeliverableComment,
    DeliverableRevision,
)
from .models_pqs import (  # noqa: E402, F401
    PqsMessage,
    PreQualificationSubmission,
    WaitListEntry,
)
