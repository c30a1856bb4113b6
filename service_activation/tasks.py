from celery import shared_task

from .notifications import activation_notify


@shared_task
def activation_notify_task(activation_id: int, kind: str) -> int:
    return activation_notify(activation_id=activation_id, kind=kind)
