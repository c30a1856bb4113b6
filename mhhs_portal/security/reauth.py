"""Re-authentication: a recent password or authenticator code (within
ACCOUNT_REAUTHENTICATION_TIMEOUT, five minutes) before a QAD sign-off, an
approval decision, creating an API token or changing one's MFA.

One record for every path: allauth's list of authentications in the session.
Its own re-authentication pages (password, or TOTP for enrolled people) and
the inline confirmation on the sign-off page write the same records, so a
person who confirmed once may do any of these for five minutes.
"""

from datetime import UTC, datetime

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions, permissions

REAUTH_METHODS = {"password", "mfa"}

# Pages: unconfirmed requests are sent to the confirmation page and the POST
# is replayed after it (allauth keeps it in the session meanwhile).
recent_authentication_required = reauthentication_required


def reauthenticated_at(request) -> datetime | None:
    """When the person last confirmed their password or a code in this session."""
    records = [
        record
        for record in get_authentication_records(request, request.user)
        if record.get("reauthenticated") and record.get("method") in REAUTH_METHODS
    ]
    if not records:
        return None
    return datetime.fromtimestamp(records[-1]["at"], tz=UTC)


def is_fresh(at: datetime | None) -> bool:
    if at is None:
        return False
    age = (timezone.now() - at).total_seconds()
    return 0 <= age < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def confirm_password(request, password: str) -> bool:
    if not password or not request.user.check_password(password):
        return False
    record_authentication(request, request.user, method="password", reauthenticated=True)
    return True


def totp_valid(user, code: str) -> bool:
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return bool(code) and authenticator is not None and TOTP(authenticator).validate_code(code)


def confirm_code(request, code: str) -> bool:
    if not totp_valid(request.user, code):
        return False
    record_authentication(request, request.user, method="mfa", type="totp", reauthenticated=True)
    return True


class ReauthenticationRequired(exceptions.PermissionDenied):
    default_detail = (
        "Confirm your password or an authenticator code (within the last 5 minutes) first."
    )
    default_code = "reauthentication_required"


class RecentAuthentication(permissions.BasePermission):
    """API writes it guards need a recent confirmation when made from a browser
    session. A request with an API token passes: the token is a credential of
    its own, created only after a confirmation, scoped and revocable."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(request.user, "api_token", None) is not None:
            return True
        if not did_recently_reauthenticate(request._request):
            raise ReauthenticationRequired()
        return True
