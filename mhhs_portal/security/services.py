"""Writes about people's access: deactivating an account ends its sessions."""

from django.contrib.auth import get_user_model
from django.db import transaction

from mhhs_portal.exceptions import IllegalTransition, NotPermitted
from qualification.events import event_record
from qualification.permissions import actor_for

from .audit import audit
from .sessions import sessions_end_for


def user_deactivate(*, actor, user, reason: str = ""):
    """Switch an account off: it cannot sign in, its tokens stop working
    (mhhs_portal.api.authentication checks is_active) and its sessions end now."""
    if not actor_for(actor).is_superuser:
        raise NotPermitted("Only a portal administrator can deactivate an account.")
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise IllegalTransition("This account is already deactivated.", code="already_inactive")
        locked.is_active = False
        locked._history_user = actor
        locked._change_reason = (reason or "account deactivated")[:100]
        locked.save(update_fields=["is_active"])
        event_record(kind="user_deactivated", actor=actor, payload={"user_id": locked.pk})
        # Sessions are ended inside the transaction: if the save rolls back the
        # person is merely signed out, never left active with a live session.
        ended = sessions_end_for(locked)
    audit("account_deactivated", user=actor, target=locked.pk, sessions_ended=ended)
    return locked
