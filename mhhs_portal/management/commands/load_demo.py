from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from mhhs_portal.demo.core import build_core


class Command(BaseCommand):
    help = "Create the demo population (fictional participants and staff). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default="demo-portal-2026", help="Password for every demo login"
        )

    def handle(self, *args, password, **options):
        # The demo's own notifications would flood the console: keep them in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            logins = build_core(password)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        width = max(len(email) for _, email in logins)
        for who, email in logins:
            self.stdout.write(f"  {email.ljust(width)}  {who}")
        self.stdout.write(f"Password for every demo login: {password}")
