"""Findings and observations raised by a body on a qualification or a QAD section."""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Body, Qualification


class FindingKind(models.TextChoices):
    FINDING = "finding", "Finding"
    OBSERVATION = "observation", "Observation"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    PLAN_PROPOSED = "plan_proposed", "Action plan proposed"
    PLAN_AGREED = "plan_agreed", "Action plan agreed"
    CLEARED = "cleared", "Cleared"


F = FindingStatus
# QA&P §11.3: cleared, or an action plan agreed with the body that raised it.
SETTLED = [F.PLAN_AGREED, F.CLEARED]


class Finding(ConcurrentTransitionMixin, TimeStampedModel):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="findings"
    )
    # A QAD section id when the finding is about one section; kept as a plain
    # reference so governance does not reach into the QAD's tables.
    qad_section_id = models.PositiveIntegerField(null=True, blank=True)
    section_title = models.CharField(max_length=200, blank=True)
    body = models.CharField(max_length=3, choices=Body.choices)
    kind = models.CharField(max_length=12, choices=FindingKind.choices)
    text = models.TextField()
    action_plan = models.TextField(blank=True)
    plan_due = models.DateField(null=True, blank=True)
    status = FSMField(default=F.OPEN, choices=F.choices, protected=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["qualification_id", "id"]

    def __str__(self) -> str:
        return f"Finding {self.pk}"

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED

    @transition(field=status, source=[F.OPEN, F.PLAN_PROPOSED], target=F.PLAN_PROPOSED)
    def propose_plan(self):
        """The participant proposes (or revises) an action plan."""

    @transition(field=status, source=F.PLAN_PROPOSED, target=F.OPEN)
    def return_plan(self):
        """The raising body does not accept the plan."""

    @transition(field=status, source=F.PLAN_PROPOSED, target=F.PLAN_AGREED)
    def agree_plan(self):
        """The raising body agrees the plan."""

    @transition(field=status, source=[F.OPEN, F.PLAN_PROPOSED, F.PLAN_AGREED], target=F.CLEARED)
    def clear(self):
        """The raising body is satisfied the point is resolved."""
