"""Reactions to the event ledger: a qualified role opens its service activation."""

import logging

from django.dispatch import receiver

from mhhs_portal.exceptions import ApplicationError
from qualification.signals import event_recorded

from .services import activation_open

logger = logging.getLogger(__name__)


@receiver(event_recorded, dispatch_uid="service_activation_open_on_qualified")
def open_on_qualified(sender, event, **kwargs):
    if event.kind != "qualified" or event.qualification_id is None:
        return
    try:
        activation_open(qualification=event.qualification, actor=event.actor)
    except ApplicationError as exc:
        # The signal is sent after commit, so raising would only break the
        # caller; a role that moved on (withdrawn, or made live) is left alone.
        logger.debug("No activation opened for qualification %s: %s", event.qualification_id, exc)
