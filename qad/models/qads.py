"""A QAD and its state machines: the document's stage, each section's
status, and each body's review of a section. Transitions are called only by
qad.services, through qualification.transitions.transition_apply."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Body, MarketRole, Organisation, Qualification

from .templates import QadTemplate, TemplateSection


class QadStage(models.TextChoices):
    INITIAL = "initial", "Initial"
    FINAL = "final", "Final"
    SIGNED_OFF = "signed_off", "Signed off"


class Qad(ConcurrentTransitionMixin, TimeStampedModel):
    """One organisation's Qualification Assessment Document for the roles it covers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="qads")
    template = models.ForeignKey(QadTemplate, on_delete=models.PROTECT, related_name="qads")
    qualifications = models.ManyToManyField(Qualification, related_name="qads")
    stage = FSMField(default=QadStage.INITIAL, choices=QadStage.choices, protected=True)
    # Goes up when the QAD is re-versioned as Final.
    version = models.PositiveSmallIntegerField(default=1)
    # Set once, by the service that records the stage's submission event, so
    # the event is never recorded twice.
    initial_submitted_at = models.DateTimeField(null=True, blank=True)
    final_submitted_at = models.DateTimeField(null=True, blank=True)
    ready_to_sign_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "QAD"
        ordering = ["organisation_id", "id"]

    def __str__(self) -> str:
        return f"QAD {self.pk}"

    @property
    def is_read_only(self) -> bool:
        return self.stage == QadStage.SIGNED_OFF

    @transition(field=stage, source=QadStage.INITIAL, target=QadStage.FINAL)
    def mark_final(self):
        """The test completion report is in: the QAD is re-versioned as Final."""
        self.version += 1

    @transition(field=stage, source=QadStage.FINAL, target=QadStage.SIGNED_OFF)
    def sign_off(self):
        """A Director (or, for REC-only roles, a delegate) signed the Final QAD."""


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"


SS = SectionStatus
AWAITING_REVIEW = [SS.SUBMITTED, SS.RESUBMITTED]
# While bodies still review, one body asking for changes does not stop another reviewing.
REVIEWABLE = [SS.SUBMITTED, SS.RESUBMITTED, SS.CHANGES_REQUESTED]
EDITABLE = [SS.NOT_STARTED, SS.IN_PROGRESS, SS.CHANGES_REQUESTED]


class QadSection(ConcurrentTransitionMixin, TimeStampedModel):
    qad = models.ForeignKey(Qad, on_delete=models.CASCADE, related_name="sections")
    template_section = models.ForeignKey(
        TemplateSection, on_delete=models.PROTECT, related_name="+"
    )
    # Set for role-specific sections only.
    market_role = models.ForeignKey(
        MarketRole, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(default=SS.NOT_STARTED, choices=SS.choices, protected=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["qad", "template_section"],
                condition=Q(market_role__isnull=True),
                name="qad_section_once_per_qad",
            ),
            models.UniqueConstraint(
                fields=["qad", "template_section", "market_role"],
                condition=Q(market_role__isnull=False),
                name="qad_section_once_per_role",
            ),
        ]
        indexes = [
            # The reviewer queue: sections awaiting review, oldest submission first.
            models.Index(fields=["status", "last_submitted_at"], name="qad_section_queue_idx"),
        ]
        ordering = ["qad_id", "template_section__order", "market_role__order", "id"]

    def __str__(self) -> str:
        return f"Section {self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @transition(field=status, source=SS.NOT_STARTED, target=SS.IN_PROGRESS)
    def start(self):
        """The first answer or file was saved."""

    @transition(field=status, source=[SS.NOT_STARTED, SS.IN_PROGRESS], target=SS.SUBMITTED)
    def submit(self):
        """Sent to the reviewing bodies."""
        self._stamp_submission()

    @transition(field=status, source=SS.CHANGES_REQUESTED, target=SS.RESUBMITTED)
    def resubmit(self):
        """Sent back to the bodies after addressing their feedback."""
        self._stamp_submission()

    def _stamp_submission(self):
        # The reviewer queue orders by the latest submission; "submitted at
        # least once" (the Initial QAD Submission) reads the first.
        self.last_submitted_at = timezone.now()
        self.first_submitted_at = self.first_submitted_at or self.last_submitted_at

    @transition(field=status, source=REVIEWABLE, target=SS.CHANGES_REQUESTED)
    def request_changes(self):
        """A reviewing body asked for changes."""

    @transition(field=status, source=AWAITING_REVIEW, target=SS.ACCEPTED)
    def accept(self):
        """Every reviewing body has accepted the section."""

    @transition(field=status, source=SS.ACCEPTED, target=SS.IN_PROGRESS)
    def reopen(self):
        """A reviewer approved the participant's request to reopen it."""


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"


RS = ReviewStatus


class SectionReview(ConcurrentTransitionMixin, TimeStampedModel):
    """One body's verdict on one section (QA&P §10.2.1: every body must accept)."""

    section = models.ForeignKey(QadSection, on_delete=models.CASCADE, related_name="reviews")
    body = models.CharField(max_length=3, choices=Body.choices)
    status = FSMField(default=RS.PENDING, choices=RS.choices, protected=True)
    # When the body last gave a verdict; who gave it is in the history row.
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["section", "body"], name="qad_review_one_per_body"),
        ]
        indexes = [
            # The reviewer queue (qad.selectors.reviewer_queue): a body's pending
            # reviews; without it PostgreSQL reads every review to count the queue.
            models.Index(fields=["body", "status"], name="qad_review_queue_idx"),
        ]
        ordering = ["section_id", "body"]

    def __str__(self) -> str:
        return f"Review {self.pk} ({self.body})"

    @transition(field=status, source=RS.PENDING, target=RS.ACCEPTED)
    def accept(self):
        """The body accepts the section as submitted."""
        self.reviewed_at = timezone.now()

    @transition(field=status, source=RS.PENDING, target=RS.CHANGES_REQUESTED)
    def request_changes(self):
        """The body asks the participant for changes."""
        self.reviewed_at = timezone.now()

    @transition(field=status, source=RS.CHANGES_REQUESTED, target=RS.PENDING)
    def await_resubmission(self):
        """The participant resubmitted: the body reviews again."""

    @transition(field=status, source=RS.ACCEPTED, target=RS.PENDING)
    def reopen(self):
        """The section was reopened: the body reviews it again."""
