"""Reactions to the event ledger: a signed-off QAD makes its roles' approvals ready."""

from django.dispatch import receiver

from qualification.models import Qualification
from qualification.signals import event_recorded

from .services.approvals import approvals_sync

TRIGGERS = {"qad_signed_off", "qualification_registered"}


@receiver(event_recorded, dispatch_uid="governance_approvals_on_sign_off")
def sync_approvals(sender, event, **kwargs):
    if event.kind not in TRIGGERS or event.qualification_id is None:
        return
    qualification = Qualification.objects.select_related("organisation", "market_role").get(
        pk=event.qualification_id
    )
    approvals_sync(qualification=qualification)
