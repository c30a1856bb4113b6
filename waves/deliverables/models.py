"""Test deliverables, their file revisions and review threads, the QT entry
checkpoint reviews, and which cohorts each test manager manages."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Qualification

from .kinds import CODE_BODIES, TEST_MANAGER, DeliverableKind


class DeliverableStatus(models.TextChoices):
    """The columns of the programme's "Qualification Status Updates" table."""

    OUTSTANDING = "outstanding", "Outstanding"
    DRAFT_AND_REVIEW = "draft_and_review", "Draft and Review"
    CODE_BODY_REVIEW = "code_body_review", "Code Body Review"
    COMPLETED = "completed", "Completed"


D = DeliverableStatus


class FinalReviewer(models.TextChoices):
    TEST_MANAGER = TEST_MANAGER, "Qualification Test Manager"
    CODE_BODIES = CODE_BODIES, "Code Bodies and DIP Manager"


class Deliverable(ConcurrentTransitionMixin, TimeStampedModel):
    """One document a qualification's cohort timeline asks for.

    ``cohort`` is the cohort it is counted in: it follows the qualification's
    allocation. ``final_reviewer`` is fixed when the row is made, from the
    kind and the cohort's route (kinds.final_reviewer)."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="deliverables"
    )
    cohort = models.ForeignKey(
        "waves.Cohort", on_delete=models.PROTECT, related_name="deliverables"
    )
    kind = models.CharField(max_length=32, choices=DeliverableKind.choices)
    status = FSMField(default=D.OUTSTANDING, choices=D.choices, protected=True)
    final_reviewer = models.CharField(max_length=16, choices=FinalReviewer.choices)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "kind"], name="deliverable_one_per_kind"
            ),
        ]
        indexes = [
            # The programme status table groups by cohort, kind and status.
            models.Index(fields=["cohort", "kind", "status"], name="deliverable_table_idx"),
        ]

    def __str__(self) -> str:
        return f"Deliverable {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("deliverables:detail", args=[self.pk])

    def needs_code_bodies(self) -> bool:
        return self.final_reviewer == CODE_BODIES

    @transition(field=status, source=D.OUTSTANDING, target=D.DRAFT_AND_REVIEW)
    def submit(self):
        """The participant submits its file for review."""
        self.submitted_at = timezone.now()

    @transition(
        field=status,
        source=D.DRAFT_AND_REVIEW,
        target=D.CODE_BODY_REVIEW,
        conditions=[needs_code_bodies],
    )
    def pass_to_code_bodies(self):
        """The test manager has reviewed it; the Code Bodies validate it."""

    @transition(field=status, source=D.CODE_BODY_REVIEW, target=D.DRAFT_AND_REVIEW)
    def return_for_changes(self):
        """The Code Bodies send it back to the participant with a comment."""

    @transition(
        field=status,
        source=D.DRAFT_AND_REVIEW,
        target=D.COMPLETED,
        conditions=[lambda d: d.final_reviewer == TEST_MANAGER],
    )
    def complete_by_test_manager(self):
        """The test manager accepts a deliverable it assures."""
        self.completed_at = timezone.now()

    @transition(
        field=status, source=D.CODE_BODY_REVIEW, target=D.COMPLETED, conditions=[needs_code_bodies]
    )
    def complete_by_code_bodies(self):
        """The Code Bodies and DIP Manager accept a PIT artefact."""
        self.completed_at = timezone.now()


def _revision_path(instance, filename: str) -> str:
    # A random name: the stored path never carries what the uploader typed.
    return f"deliverables/{instance.deliverable.qualification.organisation_id}/{uuid.uuid4().hex}"


class DeliverableRevision(models.Model):
    """One uploaded file of a deliverable. Append-only: earlier files are kept."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_revision_path, max_length=200)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deliverable", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "number"], name="deliverable_revision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number}"


class DeliverableComment(models.Model):
    """The review thread: participants, test managers and Code Bodies. Append-only."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The status when it was written: the thread reads as a review history.
    status = models.CharField(max_length=20, choices=D.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deliverable", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class CheckpointOutcome(models.TextChoices):
    PASSED = "passed", "Passed"
    NOT_ON_TRACK = "not_on_track", "Not on track"


class CheckpointReview(models.Model):
    """A test manager's review of a QT Entry Checkpoint for one qualification.

    Append-only: a "not on track" review may be followed by a pass, and a
    qualification passes each checkpoint once."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="checkpoint_reviews"
    )
    number = models.PositiveSmallIntegerField(choices=[(1, "Checkpoint 1"), (2, "Checkpoint 2")])
    outcome = models.CharField(max_length=16, choices=CheckpointOutcome.choices)
    comment = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["qualification", "number", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "number"],
                condition=Q(outcome="passed"),
                name="checkpoint_passed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Checkpoint {self.number} review {self.pk}"


class CohortTestManager(TimeStampedModel):
    """A Qualification Test Manager's cohorts: MHHSP's manage the Non-SIT LDSO
    wave, Elexon's the QT waves (QA&P §10.7). Only they review its deliverables."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="managed_cohorts"
    )
    cohort = models.ForeignKey("waves.Cohort", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="cohort_test_manager_unique"),
        ]

    def __str__(self) -> str:
        return f"Cohort test manager {self.pk}"
