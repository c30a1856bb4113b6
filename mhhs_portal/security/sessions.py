"""Session lifetimes and ending a person's sessions.

A session carries when its person signed in and when they were last seen.
Past SESSION_ABSOLUTE_TIMEOUT since sign-in, or SESSION_IDLE_TIMEOUT since the
last request, it is signed out. "Last seen" is written at most once a minute,
so an ordinary page does not save the session on every request.
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

AUTHENTICATED_AT = "security_authenticated_at"
SEEN_AT = "security_seen_at"
MFA_SETUP_REQUIRED = "security_mfa_setup_required"
SEEN_RESOLUTION_SECONDS = 60


def now_seconds() -> float:
    return timezone.now().timestamp()


def session_stamp(session) -> None:
    now = now_seconds()
    session[AUTHENTICATED_AT] = now
    session[SEEN_AT] = now


def session_expiry_reason(session) -> str | None:
    """'absolute' or 'idle' when the session has run out, else None (and it is touched)."""
    authenticated_at = session.get(AUTHENTICATED_AT)
    if authenticated_at is None:
        # A session from before these stamps existed starts its clocks now.
        session_stamp(session)
        return None
    now = now_seconds()
    seen_at = session.get(SEEN_AT, authenticated_at)
    if now - authenticated_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - seen_at > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    if now - seen_at >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
    return None


def sessions_end_for(user) -> int:
    """Delete every stored session of this person; the number deleted.

    Sessions are signed blobs keyed by a random id, so the only way to find a
    person's is to read the live ones. The portal has hundreds of users, and
    this runs when an account is deactivated, not on a page.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended
