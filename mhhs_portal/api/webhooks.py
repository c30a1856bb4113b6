"""Webhooks: endpoints registered by an organisation's admin or by staff for
their body, signed deliveries of the events the owner may see, a log, replays."""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from mhhs_portal.exceptions import NotPermitted, ValidationFailed
from mhhs_portal.outbox import enqueue
from qualification.event_kinds import EVENT_KINDS
from qualification.events import event_record
from qualification.models import (
    Event,
    MarketRole,
    Organisation,
    Qualification,
    WebhookDelivery,
    WebhookEndpoint,
)
from qualification.permissions import actor_for, roles_governed_by

SIGNATURE_HEADER = "X-MHHS-Signature"
TIMEOUT_SECONDS = 5
EXCERPT_CHARS = 500


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _may_manage(actor, *, organisation: Organisation | None, body: str) -> bool:
    who = actor_for(actor)
    if organisation is not None:
        return who.can_manage(organisation.pk)
    return bool(body) and body in who.bodies


def webhook_endpoint_register(
    *,
    actor,
    url: str,
    event_kinds: list[str] | None = None,
    description: str = "",
    organisation: Organisation | None = None,
    body: str = "",
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint and return it with its signing secret, shown this once."""
    if not _may_manage(actor, organisation=organisation, body=body):
        raise NotPermitted("Only the organisation's admin, or staff of the body, can do this.")
    kinds = sorted(set(event_kinds or []))
    errors = {}
    if not url.lower().startswith(("https://", "http://")):
        errors["url"] = ["Give an http:// or https:// address."]
    unknown = [kind for kind in kinds if kind not in EVENT_KINDS]
    if unknown:
        errors["event_kinds"] = [f"Unknown event kinds: {', '.join(unknown)}."]
    if errors:
        raise ValidationFailed("Please correct the errors below.", errors=errors)
    secret = "whsec_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            url=url,
            description=description.strip(),
            organisation=organisation,
            body="" if organisation is not None else body,
            event_kinds=kinds,
            secret=secret,
            created_by=actor,
        )
        event_record(
            kind="webhook_endpoint_registered",
            actor=actor,
            organisation=organisation,
            payload={"endpoint": endpoint.pk, "url": url, "event_kinds": kinds},
        )
    return endpoint, secret


def webhook_endpoint_remove(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop deliveries; the endpoint and its log stay for the record."""
    if not _may_manage(actor, organisation=endpoint.organisation, body=endpoint.body):
        raise NotPermitted("Only the organisation's admin, or staff of the body, can do this.")
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.is_active = False
        locked.save(update_fields=["is_active", "updated_at"])
        event_record(
            kind="webhook_endpoint_removed",
            actor=actor,
            organisation=locked.organisation,
            payload={"endpoint": locked.pk, "url": locked.url},
        )
    return locked


def endpoints_for_event(event: Event) -> list[WebhookEndpoint]:
    """Active endpoints that want this kind and whose owner may see the event."""
    if event.organisation_id is None:
        return []
    candidates = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            Q(organisation_id=event.organisation_id) | Q(organisation__isnull=True),
            is_active=True,
        )
        if endpoint.wants(event.kind)
    ]
    bodies = {e.body for e in candidates if e.body}
    governing = {
        body
        for body in bodies
        if Qualification.objects.filter(
            organisation_id=event.organisation_id,
            market_role__in=MarketRole.objects.filter(roles_governed_by({body})),
        ).exists()
    }
    return [e for e in candidates if e.organisation_id or e.body in governing]


def delivery_body(event: Event) -> bytes:
    from .feed import FeedEventSerializer

    item = FeedEventSerializer(event).data
    return json.dumps({"event": item}, separators=(",", ":")).encode()


def webhook_attempt(
    *, endpoint: WebhookEndpoint, event: Event, attempt: int, is_replay: bool = False
) -> WebhookDelivery:
    """POST the event to the endpoint once and log the outcome."""
    body = delivery_body(event)
    timestamp = int(time.time())
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "MHHS-Portal-Webhooks/1",
            SIGNATURE_HEADER: webhook_signature(endpoint.secret, timestamp, body),
            "X-MHHS-Event": event.kind,
            "X-MHHS-Event-Id": str(event.pk),
        },
    )
    started = time.monotonic()
    status_code, excerpt, error = None, "", ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status_code = response.status
            excerpt = response.read(EXCERPT_CHARS).decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        status_code = exc.code
        excerpt = exc.read(EXCERPT_CHARS).decode("utf-8", errors="replace")
    except (OSError, ValueError) as exc:
        error = str(exc)[:300] or exc.__class__.__name__
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=event,
        attempt=attempt,
        is_replay=is_replay,
        attempted_at=timezone.now(),
        status_code=status_code,
        succeeded=status_code is not None and 200 <= status_code < 300,
        duration_ms=int((time.monotonic() - started) * 1000),
        response_excerpt=excerpt[:EXCERPT_CHARS],
        error=error,
    )


def webhook_replay(*, actor, delivery: WebhookDelivery) -> None:
    """Send a logged delivery's event again, with a fresh signature."""
    endpoint = delivery.endpoint
    if not _may_manage(actor, organisation=endpoint.organisation, body=endpoint.body):
        raise NotPermitted("Only the organisation's admin, or staff of the body, can do this.")
    if not endpoint.is_active:
        raise ValidationFailed("This endpoint was removed: deliveries are stopped.")
    enqueue("mhhs_portal.api.tasks.deliver_webhook", endpoint.pk, delivery.event_id, is_replay=True)


def endpoints_of(user, *, organisation: Organisation | None = None) -> QuerySet[WebhookEndpoint]:
    """The endpoints a person manages: an organisation's (its admin) or their bodies' (staff)."""
    who = actor_for(user)
    if organisation is not None:
        if not who.can_manage(organisation.pk):
            return WebhookEndpoint.objects.none()
        return organisation.webhook_endpoints.all()
    return WebhookEndpoint.objects.filter(organisation__isnull=True, body__in=sorted(who.bodies))
