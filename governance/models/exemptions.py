"""UMS and Smart segment exemptions for Suppliers (QA&P §11.4.2)."""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Qualification


class ExemptionSegment(models.TextChoices):
    UMS = "ums", "Unmetered Supplies (UMS)"
    SMART = "smart", "Smart segment (SMS, BSC P476)"


class ExemptionStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ASSERTED = "asserted", "Director's assertion given"
    APPROVED = "approved", "Approved at PAB"
    REFUSED = "refused", "Refused at PAB"


E = ExemptionStatus


class Exemption(ConcurrentTransitionMixin, TimeStampedModel):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="exemptions"
    )
    segment = models.CharField(max_length=5, choices=ExemptionSegment.choices)
    # Eligibility facts (QA&P §11.4.2).
    no_meters_registered = models.BooleanField(default=False)
    deregistration_plan = models.TextField(blank=True)
    not_dcc_user = models.BooleanField(default=False)
    portfolio_cap = models.PositiveIntegerField(null=True, blank=True)
    status = FSMField(default=E.REQUESTED, choices=E.choices, protected=True)
    asserted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asserted_at = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(
        "governance.PabMeeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemptions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "segment"], name="exemption_one_per_segment"
            ),
        ]
        ordering = ["qualification_id", "segment"]

    def __str__(self) -> str:
        return f"Exemption {self.pk} ({self.segment})"

    @transition(field=status, source=E.REQUESTED, target=E.ASSERTED)
    def assert_by_director(self, by=None, at=None):
        """The Company Director gave the exemption assertion."""
        self.asserted_by, self.asserted_at = by, at

    @transition(field=status, source=E.ASSERTED, target=E.APPROVED)
    def approve(self, meeting=None, note="", at=None):
        """Approved at a PAB meeting."""
        self.meeting, self.decision_note, self.decided_at = meeting, note, at

    @transition(field=status, source=[E.REQUESTED, E.ASSERTED], target=E.REFUSED)
    def refuse(self, meeting=None, note="", at=None):
        """Refused at a PAB meeting."""
        self.meeting, self.decision_note, self.decided_at = meeting, note, at
