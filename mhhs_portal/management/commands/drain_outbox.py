from django.core.management.base import BaseCommand

from mhhs_portal.outbox import outbox_drain, outbox_pending_count


class Command(BaseCommand):
    help = (
        "Hand every pending background task to the broker (run after a broker outage, "
        "or from cron when Celery beat cannot reach the broker)."
    )

    def handle(self, *args, **options):
        sent = outbox_drain()
        self.stdout.write(f"dispatched {sent}; pending {outbox_pending_count()}")
