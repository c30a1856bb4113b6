from celery import shared_task


@shared_task
def ping() -> str:
    """Answers a worker health probe and the CI round-trip test."""
    return "pong"


# acks_late + reject_on_worker_lost: a worker killed mid-task leaves the
# message unacknowledged, so the broker hands it to another worker; the
# runner's row lock and done mark make the second run a no-op if the first
# had committed. ignore_result: sending must not touch the result backend.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def outbox_run(message_id: int) -> bool:
    from .outbox import outbox_run_message

    return outbox_run_message(message_id=message_id)


@shared_task(ignore_result=True)
def outbox_drain() -> int:
    from .outbox import outbox_drain as drain

    return drain()
