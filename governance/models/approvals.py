"""Approvals: one per (qualification, approving body), with the decisions
taken on it and any appeal against a rejection (QA&P §11.3)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Body, Qualification


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    READY = "ready", "Ready for decision"
    SCHEDULED = "scheduled", "On a PAB agenda"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    DEFERRED = "deferred", "Deferred"


A = ApprovalStatus
DECIDABLE = [A.READY, A.SCHEDULED, A.DEFERRED]
DECIDED = [A.APPROVED, A.REJECTED]


class Approval(ConcurrentTransitionMixin, TimeStampedModel):
    """One body's approval of one role. Moved only by governance.services."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="approvals"
    )
    body = models.CharField(max_length=3, choices=Body.choices)
    status = FSMField(default=A.PENDING, choices=A.choices, protected=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["qualification", "body"], name="approval_one_per_body"),
        ]
        indexes = [
            # The approvals dashboard: one body's approvals by status.
            models.Index(fields=["body", "status"], name="approval_body_status_idx"),
        ]
        ordering = ["qualification_id", "body"]

    def __str__(self) -> str:
        return f"Approval {self.pk} ({self.body})"

    @transition(field=status, source=A.PENDING, target=A.READY)
    def mark_ready(self):
        """The QAD is signed off and, for BSC and REC, the DIP Manager approved."""
        self.ready_at = timezone.now()

    @transition(field=status, source=[A.READY, A.DEFERRED], target=A.SCHEDULED)
    def schedule(self):
        """Placed on a PAB meeting's agenda (BSC only)."""

    @transition(field=status, source=A.SCHEDULED, target=A.READY)
    def unschedule(self):
        """Taken off an agenda before the meeting decided it."""

    # A decided approval may be decided again: that is a new Decision with a
    # reason, never an edit of the first one.
    @transition(field=status, source=[*DECIDABLE, A.REJECTED], target=A.APPROVED)
    def approve(self, decided_at=None):
        """The body approved the role."""
        self.decided_at = decided_at or timezone.now()

    @transition(field=status, source=[*DECIDABLE, A.APPROVED], target=A.REJECTED)
    def reject(self, decided_at=None):
        """The body rejected the role; the participant may appeal."""
        self.decided_at = decided_at or timezone.now()

    @transition(field=status, source=DECIDABLE, target=A.DEFERRED)
    def defer(self, decided_at=None):
        """The decision was put off (to a later meeting)."""
        self.decided_at = decided_at or timezone.now()


class Decision(models.Model):
    """A decision as recorded. Never changed: a later change is a new row that supersedes it."""

    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=A.choices)
    reason = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    meeting = models.ForeignKey(
        "governance.PabMeeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["approval_id", "decided_at", "id"]

    def __str__(self) -> str:
        return f"Decision {self.pk} ({self.outcome})"


class AppealForum(models.TextChoices):
    OFGEM = "ofgem", "Ofgem (BSC Section J 3.7)"
    REC_PAB = "rec_pab", "REC PAB (REC Schedule 9 §15)"


class Appeal(TimeStampedModel):
    """An appeal against a rejection: BSC decisions go to Ofgem, REC ones to the REC PAB."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    forum = models.CharField(max_length=8, choices=AppealForum.choices)
    grounds = models.TextField()
    lodged_on = models.DateField()
    outcome = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Appeal {self.pk}"
