"""DIP onboarding for testing (QA&P §9.4) and Service Activation after
qualification (QA&P §7.3.3; Open Day 2025 "Service Activation Journey")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel
from qualification.models import Organisation, Qualification


class Step(models.TextChoices):
    """The journey in order; each value is the state reached when the step is done."""

    AWAITING_PLAN = "awaiting_plan", "Awaiting a migration plan"
    MIGRATION_PLAN_AGREED = "migration_plan_agreed", "Migration plan agreed"
    EFD_AGREED = "efd_agreed", "Effective From Date agreed"
    TRIGGERED = "triggered", "Service activation triggered"
    SYSTEMS_UPDATED = "systems_updated", "Elexon and DIP systems updated"
    PROMOTED_TO_PRODUCTION = "promoted_to_production", "DIP User promoted to production"
    CONFIG_IMPORTED = "config_imported", "Configuration imported"
    SUCCESS_CHECKS_PASSED = "success_checks_passed", "DIP Manager success checks passed"
    ISD_PUBLISHED = "isd_published", "ISD catalogue published"
    ISD_IMPORTED = "isd_imported", "ISD data imported"
    LIVE = "live", "Live: can trade in MHHS"


S = Step


class ServiceActivation(ConcurrentTransitionMixin, TimeStampedModel):
    """One qualification's way from "MHHS Qualified" to trading in MHHS.

    Opened when the qualification is qualified; moved only by
    service_activation.services, which lock, check rights and gates, audit
    and record events.
    """

    qualification = models.OneToOneField(
        Qualification, on_delete=models.CASCADE, related_name="activation"
    )
    status = FSMField(default=S.AWAITING_PLAN, choices=S.choices, protected=True)
    efd = models.DateField("Effective From Date", null=True, blank=True)
    production_certificate_issued_on = models.DateField(null=True, blank=True)
    isd_published_on = models.DateField("ISD catalogue published on", null=True, blank=True)
    live_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(efd__isnull=True)
                | Q(isd_published_on__isnull=True)
                | Q(isd_published_on__lt=models.F("efd")),
                name="activation_isd_published_before_efd",
            ),
        ]
        indexes = [
            # The board's EFD calendar: activations with an EFD in the coming weeks.
            models.Index(fields=["efd"], name="activation_efd_idx"),
        ]

    def __str__(self) -> str:
        return f"Service activation {self.pk}"

    @transition(field=status, source=S.AWAITING_PLAN, target=S.MIGRATION_PLAN_AGREED)
    def agree_migration_plan(self):
        """MHHSP agreed a migration plan with the participant."""

    @transition(field=status, source=S.MIGRATION_PLAN_AGREED, target=S.EFD_AGREED)
    def agree_efd(self):
        """Market Entry agreed the target Effective From Date."""

    @transition(field=status, source=S.EFD_AGREED, target=S.TRIGGERED)
    def trigger(self):
        """Service activation triggered."""

    @transition(field=status, source=S.TRIGGERED, target=S.SYSTEMS_UPDATED)
    def update_systems(self):
        """Customer solution, ISD, MDD and the DIP updated with the party's details."""

    @transition(field=status, source=S.SYSTEMS_UPDATED, target=S.PROMOTED_TO_PRODUCTION)
    def promote_to_production(self):
        """DIP User promoted to production; production certificate issued (QA&P §9.4)."""

    @transition(field=status, source=S.PROMOTED_TO_PRODUCTION, target=S.CONFIG_IMPORTED)
    def import_config(self):
        """The participant imported the DIP configuration settings."""

    @transition(field=status, source=S.CONFIG_IMPORTED, target=S.SUCCESS_CHECKS_PASSED)
    def pass_success_checks(self):
        """The DIP Manager's success checks of the APIs passed."""

    @transition(field=status, source=S.SUCCESS_CHECKS_PASSED, target=S.ISD_PUBLISHED)
    def publish_isd(self):
        """Elexon published the ISD catalogue including the participant."""

    @transition(field=status, source=S.ISD_PUBLISHED, target=S.ISD_IMPORTED)
    def import_isd(self):
        """The participant loaded the ISD data into its systems."""

    @transition(field=status, source=S.ISD_IMPORTED, target=S.LIVE)
    def go_live(self):
        """ISD is live: the participant can trade in MHHS."""


class StepRecord(models.Model):
    """Who completed a step and when. Append-only like the event ledger, so no history."""

    activation = models.ForeignKey(
        ServiceActivation, on_delete=models.CASCADE, related_name="step_records"
    )
    step = models.CharField(max_length=32, choices=S.choices)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["activation_id", "done_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activation", "step"], name="activation_step_record_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.step} of activation {self.activation_id}"


class TicketStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class ActivationTicket(TimeStampedModel):
    """A problem raised with the Elexon Service Desk against one step."""

    activation = models.ForeignKey(
        ServiceActivation, on_delete=models.CASCADE, related_name="tickets"
    )
    reference = models.CharField("service-desk reference", max_length=32)
    step = models.CharField(max_length=32, choices=S.choices)
    description = models.TextField(max_length=2000)
    blocking = models.BooleanField(
        default=False, help_text="A blocking ticket stops the next step until it is resolved."
    )
    status = models.CharField(max_length=8, choices=TicketStatus.choices, default="open")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activation_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], name="activation_ticket_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | Q(status="resolved", resolved_at__isnull=False),
                name="activation_ticket_resolved_iff_resolved_at",
            ),
        ]
        indexes = [
            # The blocking gate: open blocking tickets of one activation and step.
            models.Index(
                fields=["activation", "step"],
                condition=Q(status="open", blocking=True),
                name="activation_ticket_blocking_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class OfficerRole(models.TextChoices):
    NOMINATING_OFFICER = "nominating_officer", "Nominating Officer"
    SRO = "sro", "Senior Responsible Officer (SRO)"
    ARO = "aro", "Additional Responsible Officer (ARO)"
    TECHNICAL_CONTACT = "technical_contact", "Technical contact"


SINGLE_OFFICER_ROLES = [
    OfficerRole.NOMINATING_OFFICER,
    OfficerRole.SRO,
    OfficerRole.ARO,
]


class DipOnboarding(TimeStampedModel):
    """An organisation's DIP onboarding for testing: officers, certificates, smoke test."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="dip_onboarding"
    )
    test_certificates_issued_on = models.DateField(null=True, blank=True)
    smoke_test_passed_on = models.DateField(
        "connectivity (smoke) test passed on", null=True, blank=True
    )
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(smoke_test_passed_on__isnull=True)
                | Q(test_certificates_issued_on__lte=models.F("smoke_test_passed_on")),
                name="dip_onboarding_smoke_test_after_certificates",
            ),
        ]

    def __str__(self) -> str:
        return f"DIP onboarding {self.pk}"


class SecurityOfficer(TimeStampedModel):
    """A person appointed to a DIP security role for the organisation."""

    onboarding = models.ForeignKey(DipOnboarding, on_delete=models.CASCADE, related_name="officers")
    role = models.CharField(max_length=20, choices=OfficerRole.choices)
    name = models.CharField(max_length=150)
    email = models.EmailField("e-mail address")

    history = HistoricalRecords()

    class Meta:
        ordering = ["onboarding_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["onboarding", "role"],
                condition=Q(role__in=[r.value for r in SINGLE_OFFICER_ROLES]),
                name="dip_officer_one_per_single_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.pk}"
