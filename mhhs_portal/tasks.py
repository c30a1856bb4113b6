from celery import shared_task


@shared_task
def ping() -> str:
    """Answers a worker health probe and the CI round-trip test."""
    return "pong"
