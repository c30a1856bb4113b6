from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.security.services import user_deactivate


class Command(BaseCommand):
    help = "Deactivate an account and end its sessions (acting as a portal administrator)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--as", dest="admin", required=True, help="administrator's e-mail")
        parser.add_argument("--reason", default="")

    def handle(self, *args, email, admin, reason, **options):
        users = get_user_model().objects
        try:
            user_deactivate(
                actor=users.get(email=admin.lower()),
                user=users.get(email=email.lower()),
                reason=reason,
            )
        except get_user_model().DoesNotExist as exc:
            raise CommandError("No such account.") from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{email} is deactivated and signed out everywhere.")
