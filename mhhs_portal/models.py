from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A task to run, written in the same transaction as the change that needs it.

    The broker may be down when the change commits; the row is not. The
    dispatcher (mhhs_portal.outbox) hands pending rows to Celery, and the
    runner marks a row done in the same transaction as the task's effects, so
    a redelivered or twice-dispatched message has its effects once.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not handed to the broker before this time (a webhook retry's back-off).
    available_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_count = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The drain: pending rows, oldest first (done rows are the vast majority).
            models.Index(
                fields=["available_at", "id"],
                condition=models.Q(done_at__isnull=True),
                name="outbox_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"


class ScheduledRun(models.Model):
    """One row per scheduled job and slot (e.g. the deadline sweep of a day).

    The unique constraint is what makes a job run once per slot when two
    beat processes (a failover left running, a deploy overlap) both fire it.
    """

    name = models.CharField(max_length=100)
    slot = models.CharField(max_length=40)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"
