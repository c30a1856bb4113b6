"""E-mails to the organisation at each step, sent after the step commits."""

from django.conf import settings
from django.core.mail import send_mail

from mhhs_portal.outbox import enqueue
from qualification.event_kinds import event_kind_label
from qualification.models import Membership

from .models import ServiceActivation


def notify_on_commit(activation: ServiceActivation, kind: str) -> None:
    enqueue("service_activation.tasks.activation_notify_task", activation.pk, kind)


def activation_notify(*, activation_id: int, kind: str) -> int:
    """Tell the organisation's people what happened; returns how many were told."""
    activation = ServiceActivation.objects.select_related(
        "qualification__organisation", "qualification__market_role"
    ).get(pk=activation_id)
    qualification = activation.qualification
    recipients = sorted(
        Membership.objects.filter(
            organisation_id=qualification.organisation_id, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    what = event_kind_label(kind)
    efd = activation.efd.strftime("%d/%m/%Y") if activation.efd else "not agreed yet"
    send_mail(
        subject=f"Service activation, {qualification.market_role.name}: {what}",
        message=(
            f"{qualification.organisation.name}, {qualification.market_role.name}\n\n"
            f"{what}.\nStatus: {activation.get_status_display()}\nEFD: {efd}\n\n"
            "Sign in to the MHHS Qualification Portal to see what is next. Problems go to "
            "the Elexon Service Desk as tickets on the activation page."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
