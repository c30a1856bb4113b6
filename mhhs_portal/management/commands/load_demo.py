from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from mhhs_portal.demo.core import build_core
from mhhs_portal.demo.mfa import DEMO_TOTP_SECRET, demo_mfa_enrol


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
            enrolled = demo_mfa_enrol()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        width = max(len(email) for _, email in logins)
        for who, email in logins:
            self.stdout.write(f"  {email.ljust(width)}  {who}")
        self.stdout.write(f"Password for every demo login: {password}")
        self.stdout.write(
            f"Staff and Directors ({enrolled} demo people) use two-factor authentication:"
            f" TOTP secret {DEMO_TOTP_SECRET} in any authenticator app"
            + (
                f", or the demo code {settings.MFA_TOTP_INSECURE_BYPASS_CODE}."
                if settings.MFA_TOTP_INSECURE_BYPASS_CODE
                else "."
            )
        )
