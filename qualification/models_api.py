"""What the REST API keeps: tokens, webhook endpoints and their delivery log,
and the responses of idempotent POSTs. The rules live in mhhs_portal.api."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mhhs_portal.models import TimeStampedModel

from .models import Body, Event, Organisation


class TokenScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class TokenKind(models.TextChoices):
    PERSONAL = "personal", "Personal"
    SERVICE = "service", "Service account"


class ApiToken(TimeStampedModel):
    """A bearer credential. Only the SHA-256 of the secret is kept; `prefix` finds the row.

    An organisation token (personal or service account) sees that organisation
    only; a staff token sees what its owner's duties for `body` allow.
    """

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=TokenKind.choices, default=TokenKind.PERSONAL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    body = models.CharField(max_length=3, choices=Body.choices, blank=True)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(organisation__isnull=False) & ~Q(body="")),
                name="api_token_organisation_or_body",
            )
        ]

    def __str__(self) -> str:
        return f"API token {self.prefix}"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class WebhookEndpoint(TimeStampedModel):
    """A URL that receives signed events an organisation (or a staff body) may see."""

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    body = models.CharField(max_length=3, choices=Body.choices, blank=True)
    # Empty means every kind.
    event_kinds = models.JSONField(default=list, blank=True)
    # Kept in clear: signing needs it. It is shown to people once, at creation.
    secret = models.CharField(max_length=80)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(body=""))
                | (Q(organisation__isnull=True) & ~Q(body="")),
                name="webhook_endpoint_organisation_xor_body",
            )
        ]

    def __str__(self) -> str:
        return f"Webhook endpoint {self.pk}"

    def wants(self, kind: str) -> bool:
        return not self.event_kinds or kind in self.event_kinds


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint: the log people read and replay."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    attempt = models.PositiveSmallIntegerField(default=1)
    is_replay = models.BooleanField(default=False)
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The endpoint page lists its latest deliveries.
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_endpoint_idx"),
        ]

    def __str__(self) -> str:
        return f"Webhook delivery {self.pk}"


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an Idempotency-Key, replayed for 24 hours."""

    principal = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_key_unique")
        ]
        indexes = [models.Index(fields=["expires_at"], name="idempotency_expiry_idx")]

    def __str__(self) -> str:
        return f"Idempotency record {self.pk}"
