"""Placing Reliance proposals and their reviews (QA&P §10.4, §9.3.2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Qualification


class RelianceScope(models.TextChoices):
    FUNCTIONAL = "functional", "Functional"
    MIGRATION = "migration", "Migration"
    NON_FUNCTIONAL = "non_functional", "Non-functional"
    OPERATIONAL = "operational", "Operational"


class RelianceStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


R = RelianceStatus
PROGRAMME = "PROGRAMME"


class RelianceProposal(ConcurrentTransitionMixin, TimeStampedModel):
    """Reliance on another participant's qualification in the same role, or on a
    third-party provider's testing ('testing on behalf of')."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="reliance_proposals"
    )
    relies_on = models.ForeignKey(
        Qualification,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relied_on_by",
    )
    provider_name = models.CharField(max_length=200, blank=True)
    scope = models.JSONField(default=list)
    rationale = models.TextField()
    status = FSMField(default=R.PROPOSED, choices=R.choices, protected=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(relies_on__isnull=False) | ~Q(provider_name=""),
                name="reliance_on_a_party_or_provider",
            ),
        ]
        ordering = ["qualification_id", "id"]

    def __str__(self) -> str:
        return f"Reliance proposal {self.pk}"

    @transition(field=status, source=R.PROPOSED, target=R.AGREED)
    def agree(self):
        """Every reviewer agreed."""

    @transition(field=status, source=R.PROPOSED, target=R.REFUSED)
    def refuse(self):
        """A reviewer refused."""

    @transition(field=status, source=[R.PROPOSED, R.AGREED], target=R.WITHDRAWN)
    def withdraw(self):
        """The participant withdrew it."""


class RelianceReview(models.Model):
    """One reviewer's verdict: a Code Body, the DIP Manager or the programme."""

    proposal = models.ForeignKey(RelianceProposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.CharField(max_length=10)
    agreed = models.BooleanField()
    note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="reliance_review_once_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"Reliance review {self.pk}"
