"""In-app and e-mail notifications. Services call `notify`, which queues the
delivery only once the transaction commits: a refused or rolled-back change
never tells anyone anything."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from mhhs_portal.outbox import enqueue
from qualification.models import Duty, MembershipRole, User

from .models import Notification

CONTRIBUTOR_ROLES = (MembershipRole.ADMIN, MembershipRole.CONTRIBUTOR, MembershipRole.DIRECTOR)


def reviewers_of(bodies) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        staff_assignments__duty=Duty.REVIEWER,
        staff_assignments__body__in=list(bodies),
    ).distinct()


def members_of(organisation_id: int, roles) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role__in=list(roles),
    ).distinct()


def notify(recipients: QuerySet[User], *, text: str, link: str) -> None:
    ids = list(recipients.values_list("pk", flat=True))
    if ids:
        enqueue("qad.tasks.deliver_notifications", ids, text, link)


def notifications_deliver(*, recipient_ids: list[int], text: str, link: str) -> int:
    """Write the in-app notifications and send the e-mails (run by the Celery task)."""
    people = list(User.objects.filter(pk__in=recipient_ids, is_active=True))
    base = settings.PORTAL_BASE_URL
    for person in people:
        Notification.objects.create(recipient=person, text=text[:300], link=link)
        send_mail(
            subject=f"MHHS Qualification Portal: {text[:120]}",
            message=f"{text}\n\n{base}{link}\n",
            from_email=None,
            recipient_list=[person.email],
            # The in-app notification is already written; a mail server
            # outage must not make the task retry and write it twice.
            fail_silently=True,
        )
    return len(people)


def notification_mark_read(*, actor, notification: Notification) -> None:
    if notification.recipient_id == actor.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification._history_user = actor
        notification.save(update_fields=["read_at"])
