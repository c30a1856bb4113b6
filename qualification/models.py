"""The core: people, organisations (the tenants), bodies, market roles,
MPIDs, the Qualification lifecycle and the event ledger."""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from mhhs_portal.models import TimeStampedModel


class Body(models.TextChoices):
    """The bodies that review QAD sections and approve roles (QA&P §11.3)."""

    BSC = "BSC", "BSC (Elexon)"
    REC = "REC", "REC Code Manager"
    DIP = "DIP", "DIP Manager"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. People sign in with their e-mail address."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class ParticipantType(models.TextChoices):
    SUPPLIER = "supplier", "Supplier"
    DNO = "dno", "Distribution Network Operator"
    IDNO = "idno", "Independent Distribution Network Operator"
    AGENT = "agent", "Agent (data services / metering)"
    OTHER = "other", "Other"


class Organisation(TimeStampedModel):
    """A participant legal entity: the tenant. Its users see only its data."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    participant_type = models.CharField(max_length=16, choices=ParticipantType.choices)
    companies_house_number = models.CharField(max_length=8, blank=True)
    is_new_entrant = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Admin"
    CONTRIBUTOR = "contributor", "Contributor"
    DIRECTOR = "director", "Director"
    VIEWER = "viewer", "Viewer"


class Membership(TimeStampedModel):
    """A person's place in an organisation. The admin manages the others (QA&P §10.3)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=MembershipRole.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_organisation"
            )
        ]
        ordering = ["organisation_id", "role", "user_id"]

    def __str__(self) -> str:
        return f"Membership {self.pk} ({self.role})"


class Duty(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    APPROVER = "approver", "Approver"
    PAB_SECRETARIAT = "pab_secretariat", "PAB secretariat"
    TEST_MANAGER = "test_manager", "Test manager"
    PROGRAMME_VIEWER = "programme_viewer", "Programme / MCC viewer"
    SERVICE_ACTIVATION = "service_activation", "Service activation team"


BODY_DUTIES = (Duty.REVIEWER, Duty.APPROVER)


class StaffAssignment(TimeStampedModel):
    """A duty a person holds for the programme or for one body."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_assignments")
    duty = models.CharField(max_length=24, choices=Duty.choices)
    body = models.CharField(max_length=3, choices=Body.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "duty", "body"], name="staff_assignment_unique"
            ),
            models.CheckConstraint(
                condition=Q(duty__in=[d.value for d in BODY_DUTIES], body__gt="")
                | (~Q(duty__in=[d.value for d in BODY_DUTIES]) & Q(body="")),
                name="staff_assignment_body_iff_reviewer_or_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} {self.body}".strip()


class Milestone(models.TextChoices):
    M10 = "M10", "M10 (24/09/2025)"
    M14 = "M14", "M14 (28/10/2026)"


class MarketRole(models.Model):
    """Reference data from QA&P §7.1 Table 2, loaded by a data migration."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=80)
    approved_by_bsc = models.BooleanField(default=False)
    approved_by_rec = models.BooleanField(default=False)
    approved_by_dip = models.BooleanField(default=False)
    qualify_by = models.CharField(max_length=3, choices=Milestone.choices)
    in_scope = models.BooleanField(
        default=True, help_text="False for roles qualified outside MHHS (MDR: SEC)."
    )
    # LDSO, SMRA and UMSO of one organisation are qualified together (QA&P §11.3).
    qualified_jointly = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    @property
    def approving_bodies(self) -> list[str]:
        flags = (
            (Body.DIP, self.approved_by_dip),
            (Body.BSC, self.approved_by_bsc),
            (Body.REC, self.approved_by_rec),
        )
        return [body.value for body, on in flags if on]


mpid_validator = RegexValidator(
    r"^[A-Z0-9]{4}$", "An MPID is exactly four upper-case letters or digits, e.g. ABC1."
)


class Mpid(TimeStampedModel):
    """A Market Participant Identifier held by an organisation for one role."""

    code = models.CharField("MPID", max_length=4, validators=[mpid_validator])
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mpids")
    market_role = models.ForeignKey(MarketRole, on_delete=models.PROTECT, related_name="mpids")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "MPID"
        constraints = [
            models.UniqueConstraint(fields=["code", "market_role"], name="mpid_unique_per_role"),
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class QualificationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    PREPARING = "preparing", "Preparing"
    IN_TESTING = "in_testing", "In testing"
    FINAL_QAD = "final_qad", "Final QAD"
    SIGNED_OFF = "signed_off", "QAD signed off"
    QUALIFIED = "qualified", "MHHS Qualified"
    ACTIVE = "active", "Live"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SURRENDERED = "surrendered", "Surrendered"


S = QualificationStatus
OPEN_STATES = [S.REGISTERED, S.PREPARING, S.IN_TESTING, S.FINAL_QAD, S.SIGNED_OFF]


class Qualification(ConcurrentTransitionMixin, TimeStampedModel):
    """One organisation qualifying one market role: the unit that gets approved.

    The status moves only through the transitions below, and those are called
    only by qualification.services, which lock, check, audit and record events.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="qualifications"
    )
    market_role = models.ForeignKey(
        MarketRole, on_delete=models.PROTECT, related_name="qualifications"
    )
    status = FSMField(default=S.REGISTERED, choices=S.choices, protected=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "market_role"], name="qualification_one_per_role"
            ),
        ]
        ordering = ["organisation_id", "market_role__order"]

    def __str__(self) -> str:
        return f"Qualification {self.pk}"

    @transition(field=status, source=S.REGISTERED, target=S.PREPARING)
    def start_preparation(self):
        """PQS accepted or SIT entry agreed: PIT and QAD preparation begin."""

    @transition(field=status, source=S.PREPARING, target=S.IN_TESTING)
    def enter_testing(self):
        """QT (or SIT) entry confirmed."""

    @transition(field=status, source=S.IN_TESTING, target=S.FINAL_QAD)
    def mark_final_qad(self):
        """The test completion report is in and the QAD is re-versioned as Final."""

    @transition(field=status, source=S.FINAL_QAD, target=S.SIGNED_OFF)
    def mark_signed_off(self):
        """A Director signed the Final QAD off."""

    @transition(field=status, source=S.SIGNED_OFF, target=S.QUALIFIED)
    def mark_qualified(self):
        """Every approving body approved the role (QA&P §11.3)."""

    @transition(field=status, source=S.QUALIFIED, target=S.ACTIVE)
    def mark_active(self):
        """Service activation completed: the participant can trade in MHHS."""

    @transition(field=status, source=OPEN_STATES, target=S.WITHDRAWN)
    def withdraw(self):
        """The organisation stopped qualifying this role."""

    @transition(field=status, source=[*OPEN_STATES, S.WITHDRAWN], target=S.SURRENDERED)
    def surrender(self):
        """The MPIDs for this role were surrendered on market exit (QA&P §11.4.3)."""


class Event(models.Model):
    """One thing that happened that a person, a deadline or a client cares about.

    The ledger is append-only. It feeds the deadline engine, activity
    timelines, notifications and the API change feed.
    """

    kind = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    qualification = models.ForeignKey(
        Qualification, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    payload = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The participant's activity timeline and the tenant-scoped change feed.
            models.Index(fields=["organisation", "id"], name="event_org_id_idx"),
            # The deadline engine: first date of an event kind per qualification.
            models.Index(fields=["qualification", "kind"], name="event_qual_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
