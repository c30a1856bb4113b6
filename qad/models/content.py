"""What participants and reviewers write into a QAD: answers, evidence
files and their revisions, comments, reopen requests, the sign-off, and the
in-app notifications the workflow sends."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Body, Organisation

from .qads import Qad, QadSection
from .templates import TemplateQuestion

User = settings.AUTH_USER_MODEL


class Answer(TimeStampedModel):
    section = models.ForeignKey(QadSection, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TemplateQuestion, on_delete=models.PROTECT, related_name="+")
    # Shape by question type: str, bool, list[str], ISO date str, or
    # {"reference": str, "url": str} for an external reference.
    value = models.JSONField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["section", "question"], name="qad_answer_one_per_question"
            ),
        ]
        ordering = ["section_id", "question__order"]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


def _evidence_path(instance, filename: str) -> str:
    # A random name: the stored path never carries what the uploader typed.
    return f"qad/evidence/{instance.evidence.section.qad.organisation_id}/{uuid.uuid4().hex}"


class EvidenceFile(TimeStampedModel):
    """The file answering one file question of a section; each upload is a new revision."""

    section = models.ForeignKey(QadSection, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(TemplateQuestion, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["section", "question"], name="qad_evidence_one_per_question"
            ),
        ]
        ordering = ["section_id", "question__order"]

    def __str__(self) -> str:
        return f"Evidence {self.pk}"


class EvidenceRevision(TimeStampedModel):
    """One uploaded version. Revisions are never replaced: the snapshot signs their hashes."""

    evidence = models.ForeignKey(EvidenceFile, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number"], name="qad_evidence_revision_number"
            ),
        ]
        ordering = ["evidence_id", "-number"]

    def __str__(self) -> str:
        return f"Revision {self.number} of evidence {self.evidence_id}"


class Comment(TimeStampedModel):
    """A point on a section. `body` is blank for the participant's own replies."""

    section = models.ForeignKey(QadSection, on_delete=models.CASCADE, related_name="comments")
    body = models.CharField(max_length=3, choices=Body.choices, blank=True)
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    # Internal comments are between reviewers; participants never see them.
    internal = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(internal=False) | ~Q(body=""),
                name="qad_comment_internal_only_from_a_body",
            ),
        ]
        ordering = ["section_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class ReopenStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ReopenRequest(TimeStampedModel):
    """A participant's request to reopen an accepted section (QA&P §10.3)."""

    section = models.ForeignKey(
        QadSection, on_delete=models.CASCADE, related_name="reopen_requests"
    )
    reason = models.TextField()
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        max_length=10, choices=ReopenStatus.choices, default=ReopenStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["section"],
                condition=Q(status="requested"),
                name="qad_reopen_one_open_per_section",
            ),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Reopen request {self.pk}"


class DelegatedAuthority(TimeStampedModel):
    """A Letter of Delegated Authority: a Director lets a colleague sign for REC-only roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="qad_delegations"
    )
    delegate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    letter = models.FileField(upload_to="qad/loda/", max_length=200)
    sha256 = models.CharField(max_length=64)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "delegated authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "delegate"], name="qad_delegation_one_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Delegated authority {self.pk}"


class SignOff(models.Model):
    """The signed Final QAD: a frozen canonical JSON snapshot and its SHA-256."""

    qad = models.OneToOneField(Qad, on_delete=models.PROTECT, related_name="sign_off_record")
    signer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_as = models.CharField(max_length=16)
    declaration_version = models.CharField(max_length=16)
    snapshot = models.TextField()
    sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField()

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Sign-off {self.pk}"


class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        indexes = [
            # The header badge: a person's unread notifications, newest first.
            models.Index(
                fields=["recipient", "read_at", "-id"], name="qad_notification_unread_idx"
            ),
        ]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Notification {self.pk}"
