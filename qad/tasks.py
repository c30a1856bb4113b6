from celery import shared_task

from .notifications import notifications_deliver


@shared_task
def deliver_notifications(recipient_ids: list[int], text: str, link: str) -> int:
    return notifications_deliver(recipient_ids=recipient_ids, text=text, link=link)
