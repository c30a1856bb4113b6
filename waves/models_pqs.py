"""Pre-Qualification Submissions (QA&P §9.3.2) and the wave wait lists.

A Non-SIT participant or new entrant states in its PQS the wave it prefers,
its PIT approach and timescales, its target migration date, the roles and
MPIDs it will qualify (and those it will not take forward) and whether it
asks to place reliance. The Code Bodies review it, asking clarifications in
the portal, then accept it and allocate its roles to a wave. A wave that is
full keeps a wait list from which the Code Bodies promote, with a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Mpid, Organisation, Qualification


class PqsStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CLARIFICATION_REQUESTED = "clarification_requested", "Clarification requested"
    CLARIFICATION_ANSWERED = "clarification_answered", "Clarification answered"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


P = PqsStatus
# States in which the Code Bodies are reviewing the submission.
UNDER_REVIEW = [P.SUBMITTED, P.CLARIFICATION_REQUESTED, P.CLARIFICATION_ANSWERED]
# States in which the submission still speaks for its roles.
LIVE_STATES = [P.DRAFT, *UNDER_REVIEW, P.ACCEPTED]


class PreQualificationSubmission(ConcurrentTransitionMixin, TimeStampedModel):
    """One organisation's PQS for one or more of its roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pre_qualification_submissions"
    )
    status = FSMField(default=P.DRAFT, choices=P.choices, protected=True)
    preferred_cohort = models.ForeignKey(
        "waves.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        # No reverse accessor: a cohort is published reference data, not a
        # door into the tenants that prefer it.
        related_name="+",
        verbose_name="preferred wave",
    )
    qualifications = models.ManyToManyField(
        Qualification, related_name="pre_qualification_submissions", blank=True
    )
    mpids = models.ManyToManyField(Mpid, related_name="+", blank=True)
    mpids_not_taken_forward = models.ManyToManyField(Mpid, related_name="+", blank=True)
    pit_approach = models.TextField("PIT approach", blank=True)
    pit_start = models.DateField("PIT starts", null=True, blank=True)
    pit_completion = models.DateField("PIT completes", null=True, blank=True)
    target_migration_date = models.DateField(null=True, blank=True)
    reliance_requested = models.BooleanField("Placing Reliance requested", default=False)
    reliance_details = models.TextField("Placing Reliance request", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "-id"]
        verbose_name = "pre-qualification submission"
        indexes = [
            # The Code Bodies' review queue: submissions under review, oldest first.
            models.Index(fields=["status", "submitted_at"], name="pqs_status_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pit_start__isnull=True)
                | Q(pit_completion__isnull=True)
                | Q(pit_start__lte=models.F("pit_completion")),
                name="pqs_pit_starts_before_it_completes",
            ),
        ]

    def __str__(self) -> str:
        return f"PQS {self.pk}"

    @transition(field=status, source=P.DRAFT, target=P.SUBMITTED)
    def submit(self):
        """The participant sent it to the Code Bodies."""

    @transition(
        field=status,
        source=[P.SUBMITTED, P.CLARIFICATION_ANSWERED],
        target=P.CLARIFICATION_REQUESTED,
    )
    def request_clarification(self):
        """A Code Body asked a question the participant must answer."""

    @transition(field=status, source=P.CLARIFICATION_REQUESTED, target=P.CLARIFICATION_ANSWERED)
    def answer_clarification(self):
        """The participant answered."""

    @transition(field=status, source=[P.SUBMITTED, P.CLARIFICATION_ANSWERED], target=P.ACCEPTED)
    def accept(self):
        """The Code Bodies accepted it: its roles can be allocated to a wave."""

    @transition(field=status, source=[P.SUBMITTED, P.CLARIFICATION_ANSWERED], target=P.REJECTED)
    def reject(self):
        """The Code Bodies refused it (e.g. roles out of scope); a new one may follow."""

    @transition(field=status, source=[P.DRAFT, *UNDER_REVIEW], target=P.WITHDRAWN)
    def withdraw(self):
        """The participant withdrew it."""


class PqsMessageKind(models.TextChoices):
    QUESTION = "question", "Clarification requested"
    ANSWER = "answer", "Answer"
    NOTE = "note", "Note"


class PqsMessage(models.Model):
    """One message of a PQS's clarification thread. Append-only, like the ledger."""

    pqs = models.ForeignKey(
        PreQualificationSubmission, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=10, choices=PqsMessageKind.choices)
    # The body a reviewer wrote for (BSC or REC); blank for the participant.
    body = models.CharField(max_length=3, blank=True)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pqs_id", "id"]

    def __str__(self) -> str:
        return f"PQS message {self.pk} ({self.kind})"


class WaitListStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    PROMOTED = "promoted", "Promoted"
    REMOVED = "removed", "Removed"


W = WaitListStatus


class WaitListEntry(ConcurrentTransitionMixin, TimeStampedModel):
    """A qualification waiting for a place in a full wave.

    Not first come, first served: the Code Bodies choose whom to promote when
    a place frees, and record why (QA&P §9.3.2)."""

    cohort = models.ForeignKey("waves.Cohort", on_delete=models.PROTECT, related_name="wait_list")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="wait_list_entries"
    )
    pqs = models.ForeignKey(
        PreQualificationSubmission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wait_list_entries",
    )
    status = FSMField(default=W.WAITING, choices=W.choices, protected=True)
    reason = models.CharField(max_length=300)
    outcome_reason = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort_id", "created_at", "id"]
        verbose_name_plural = "wait list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "qualification"],
                condition=Q(status="waiting"),
                name="wait_list_once_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"Wait list entry {self.pk} ({self.status})"

    @transition(field=status, source=W.WAITING, target=W.PROMOTED)
    def promote(self):
        """A place freed and the Code Bodies gave it to this participant."""

    @transition(field=status, source=W.WAITING, target=W.REMOVED)
    def remove(self):
        """Taken off the list (allocated elsewhere, withdrawn, or the Code Bodies decided)."""
