"""Webhook deliveries run here, retried with exponential back-off."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from mhhs_portal.outbox import enqueue
from qualification.models import Event, WebhookEndpoint

from .webhooks import endpoints_for_event, webhook_attempt

MAX_ATTEMPTS = 6


def backoff_seconds(retries: int) -> int:
    return settings.WEBHOOK_RETRY_BASE_SECONDS * 2**retries


@shared_task
def deliver_webhook(endpoint_id: int, event_id: int, is_replay: bool = False, attempt: int = 1):
    """One attempt; a failed one enqueues the next, after the back-off.

    The next attempt is an outbox message, not a Celery retry with a
    countdown: it survives a broker restart and keeps every message short
    of the broker's visibility timeout.
    """
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
    event = Event.objects.filter(pk=event_id).first()
    if endpoint is None or event is None:
        return False
    if endpoint.pk not in {e.pk for e in endpoints_for_event(event)}:
        # A task argument naming an event the endpoint's owner may not see is
        # refused, as the same id in a URL would be.
        return False
    delivery = webhook_attempt(endpoint=endpoint, event=event, attempt=attempt, is_replay=is_replay)
    if not delivery.succeeded and attempt < MAX_ATTEMPTS:
        enqueue(
            "mhhs_portal.api.tasks.deliver_webhook",
            endpoint_id,
            event_id,
            is_replay=is_replay,
            attempt=attempt + 1,
            delay=timedelta(seconds=backoff_seconds(attempt - 1)),
        )
    return delivery.succeeded
