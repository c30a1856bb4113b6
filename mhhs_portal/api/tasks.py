"""Webhook deliveries run here, retried with exponential back-off."""

from celery import shared_task
from django.conf import settings

from qualification.models import Event, WebhookEndpoint

from .webhooks import endpoints_for_event, webhook_attempt

MAX_ATTEMPTS = 6


def backoff_seconds(retries: int) -> int:
    return settings.WEBHOOK_RETRY_BASE_SECONDS * 2**retries


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, acks_late=True)
def deliver_webhook(self, endpoint_id: int, event_id: int, is_replay: bool = False):
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
    event = Event.objects.filter(pk=event_id).first()
    if endpoint is None or event is None:
        return False
    if endpoint.pk not in {e.pk for e in endpoints_for_event(event)}:
        # A task argument naming an event the endpoint's owner may not see is
        # refused, as the same id in a URL would be.
        return False
    delivery = webhook_attempt(
        endpoint=endpoint, event=event, attempt=self.request.retries + 1, is_replay=is_replay
    )
    if delivery.succeeded or self.request.retries >= self.max_retries:
        return delivery.succeeded
    retry = self.retry(
        countdown=backoff_seconds(self.request.retries), throw=not self.request.is_eager
    )
    # Without a broker (eager mode) Celery runs the returned retry inline;
    # raising it would escape into the request that recorded the event.
    return retry
