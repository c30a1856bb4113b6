"""Service-desk tickets against activation steps: raised by the participant,
the team or the DIP Manager; resolved by the team (the Elexon Service Desk
triages them)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.permissions import actor_for

from .models import ActivationTicket, ServiceActivation, Step, TicketStatus
from .notifications import notify_on_commit
from .steps import is_dip_manager, is_team


def may_raise(actor, activation: ServiceActivation) -> bool:
    return (
        is_team(actor)
        or is_dip_manager(actor)
        or actor.can_contribute(activation.qualification.organisation_id)
    )


def ticket_raise(
    *,
    actor,
    activation: ServiceActivation,
    description: str,
    blocking: bool = False,
    reference: str = "",
    step: str = "",
) -> ActivationTicket:
    """Raise a ticket; without a service-desk reference the portal numbers it."""
    actor = actor_for(actor)
    if not may_raise(actor, activation):
        raise NotPermitted("Only the organisation, the team or the DIP Manager raise tickets.")
    description = (description or "").strip()
    if not description:
        raise ValidationFailed(
            "Please describe the problem.", errors={"description": ["A description is required."]}
        )
    if step and step not in Step.values:
        raise ValidationFailed("Unknown step.", errors={"step": ["Unknown step."]})
    try:
        with transaction.atomic():
            # The lock numbers tickets of one activation one after the other.
            locked = ServiceActivation.objects.select_for_update().get(pk=activation.pk)
            if locked.status == Step.LIVE:
                raise IllegalTransition(
                    "This activation is live; raise problems with the Elexon Service Desk.",
                    code="activation.live",
                )
            ticket = ActivationTicket(
                activation=locked,
                reference=reference.strip()
                or f"SA-{locked.pk:04d}-{locked.tickets.count() + 1:02d}",
                step=step or locked.status,
                description=description,
                blocking=blocking,
                raised_by=actor.user,
            )
            ticket._history_user = actor.user
            ticket.save()
            event_record(
                kind="activation_ticket_raised",
                actor=actor.user,
                qualification=locked.qualification,
                payload={"reference": ticket.reference, "step": ticket.step, "blocking": blocking},
            )
            notify_on_commit(locked, "activation_ticket_raised")
    except IntegrityError as exc:
        raise ValidationFailed(
            "Please correct the errors below.",
            errors={"reference": ["A ticket with this reference already exists."]},
        ) from exc
    return ticket


def ticket_resolve(*, actor, ticket: ActivationTicket, resolution: str = "") -> ActivationTicket:
    actor = actor_for(actor)
    if not is_team(actor):
        raise NotPermitted("Only the service activation team resolves tickets.")
    with transaction.atomic():
        locked = ActivationTicket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status != TicketStatus.OPEN:
            raise IllegalTransition(
                "This ticket is already resolved.", code="activation.ticket_resolved"
            )
        locked.status = TicketStatus.RESOLVED
        locked.resolved_by = actor.user
        locked.resolved_at = timezone.now()
        locked.resolution = resolution.strip()
        locked._history_user = actor.user
        locked._change_reason = "resolved"
        locked.save()
        activation = locked.activation
        event_record(
            kind="activation_ticket_resolved",
            actor=actor.user,
            qualification=activation.qualification,
            payload={"reference": locked.reference, "step": locked.step},
        )
        notify_on_commit(activation, "activation_ticket_resolved")
    return locked
