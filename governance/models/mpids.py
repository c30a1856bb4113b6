"""Several MPIDs in one role: which qualify now, which later, which leave the
market (QA&P §11.4.1, §11.4.3)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Mpid, Qualification


class MpidPlan(models.TextChoices):
    NOW = "now", "Qualifying with this application"
    LATER = "later", "Qualifying later"
    EXIT = "exit", "Not taken forward (market exit)"


class MpidScope(TimeStampedModel):
    """What the participant plans for one MPID of the role."""

    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="mpid_scopes"
    )
    mpid = models.OneToOneField(Mpid, on_delete=models.CASCADE, related_name="scope")
    plan = models.CharField(max_length=5, choices=MpidPlan.choices, default=MpidPlan.NOW)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"MPID scope {self.pk}"


class ManagementAssertion(TimeStampedModel):
    """A Director's assertion that the remaining MPIDs will qualify in time."""

    qualification = models.OneToOneField(
        Qualification, on_delete=models.CASCADE, related_name="management_assertion"
    )
    text = models.TextField()
    asserted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Management assertion {self.pk}"


class ExitKind(models.TextChoices):
    SURRENDER = "surrender", "Surrender of qualification"
    CONSOLIDATION = "consolidation", "Consolidation into another MPID"


class MarketExit(TimeStampedModel):
    mpid = models.OneToOneField(Mpid, on_delete=models.CASCADE, related_name="market_exit")
    kind = models.CharField(max_length=13, choices=ExitKind.choices)
    notice_given_on = models.DateField()
    effective_on = models.DateField()
    no_mpans_confirmed = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Market exit {self.pk}"
