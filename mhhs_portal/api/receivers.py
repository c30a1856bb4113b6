"""Webhooks subscribe to the ledger through the one signal the apps share."""

from django.dispatch import receiver

from qualification.signals import event_recorded

from .tasks import deliver_webhook
from .webhooks import endpoints_for_event


@receiver(event_recorded, dispatch_uid="mhhs_portal.api.webhooks")
def queue_webhook_deliveries(sender, event, **kwargs):
    # Sent after commit: the worker finds the event row.
    for endpoint in endpoints_for_event(event):
        deliver_webhook.delay(endpoint.pk, event.pk)
