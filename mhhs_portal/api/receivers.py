"""Webhooks subscribe to the ledger through the one signal the apps share."""

from django.dispatch import receiver

from mhhs_portal.outbox import enqueue
from qualification.signals import event_recorded

from .webhooks import endpoints_for_event


@receiver(event_recorded, dispatch_uid="mhhs_portal.api.webhooks")
def queue_webhook_deliveries(sender, event, **kwargs):
    for endpoint in endpoints_for_event(event):
        enqueue("mhhs_portal.api.tasks.deliver_webhook", endpoint.pk, event.pk)
