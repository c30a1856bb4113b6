"""BSC PAB meetings, their agendas and the approval packs generated for them."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel

from .approvals import Approval

DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE: BSC PAB members and Code Bodies only"


class PabMeeting(TimeStampedModel):
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    classification = models.CharField(max_length=120, default=DEFAULT_CLASSIFICATION)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(PabMeeting, on_delete=models.CASCADE, related_name="items")
    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    recommendation = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "approval"], name="agenda_item_once_per_meeting"
            ),
        ]
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return f"Agenda item {self.pk}"


def _pack_path(instance, filename: str) -> str:
    return f"governance/packs/{instance.meeting_id}/v{instance.number}.pdf"


class PackVersion(models.Model):
    """One generated approval pack. Never regenerated in place: a new version each time."""

    meeting = models.ForeignKey(PabMeeting, on_delete=models.PROTECT, related_name="packs")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_pack_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()
    # QAD id -> SHA-256 of the signed snapshot the pack was built from.
    qad_snapshots = models.JSONField(default=dict)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="pack_version_number"),
        ]
        ordering = ["meeting_id", "-number"]

    def __str__(self) -> str:
        return f"Pack v{self.number}"
