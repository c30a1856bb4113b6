"""Defects left after PIT, SIT or QT, and their work-off plans (QA&P §10.5.2, §10.7)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Body, Qualification


class TestPhase(models.TextChoices):
    PIT = "PIT", "PIT"
    SIT = "SIT", "SIT"
    QT = "QT", "QT"


class DefectStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class Defect(TimeStampedModel):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="defects"
    )
    reference = models.CharField(max_length=40)
    phase = models.CharField(max_length=3, choices=TestPhase.choices)
    severity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    summary = models.CharField(max_length=300)
    impact_assessment = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=DefectStatus.choices, default=DefectStatus.OPEN)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "reference"], name="defect_reference_per_qualification"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=4), name="defect_severity_1_to_4"
            ),
        ]
        ordering = ["qualification_id", "severity", "reference"]

    def __str__(self) -> str:
        return f"Defect {self.pk}"


class WorkOffStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    REVIEWED = "reviewed", "Reviewed by the test manager"
    AGREED = "agreed", "Agreed by the Code Bodies and DIP Manager"


W = WorkOffStatus


class WorkOffPlan(ConcurrentTransitionMixin, TimeStampedModel):
    """The participant's plan to work off one severity 3 or 4 defect after exit."""

    defect = models.OneToOneField(Defect, on_delete=models.CASCADE, related_name="work_off_plan")
    plan = models.TextField()
    target_date = models.DateField()
    status = FSMField(default=W.PROPOSED, choices=W.choices, protected=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Work-off plan {self.pk}"

    @transition(field=status, source=W.PROPOSED, target=W.REVIEWED)
    def review(self):
        """The MHHSP or Elexon Qualification Test Manager reviewed it."""

    @transition(field=status, source=W.REVIEWED, target=W.AGREED)
    def agree(self):
        """The last of the role's approving bodies agreed it."""


class WorkOffAgreement(models.Model):
    """One body's agreement to a reviewed work-off plan."""

    plan = models.ForeignKey(WorkOffPlan, on_delete=models.CASCADE, related_name="agreements")
    body = models.CharField(max_length=3, choices=Body.choices)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "body"], name="work_off_agreed_once_per_body"),
        ]

    def __str__(self) -> str:
        return f"Agreement {self.pk} ({self.body})"
