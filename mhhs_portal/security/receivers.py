"""Sign-in, sign-out and enrolment signals: stamp the session, set the MFA
gate, write the audit line."""

from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit
from .mfa import has_totp, mfa_required_for
from .sessions import MFA_SETUP_REQUIRED, session_stamp


@receiver(user_logged_in, dispatch_uid="security_logged_in")
def on_logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session_stamp(session)
        # Decided once per sign-in, so ordinary pages cost no query for it.
        if mfa_required_for(user) and not has_totp(user):
            session[MFA_SETUP_REQUIRED] = True
        else:
            session.pop(MFA_SETUP_REQUIRED, None)
    audit("login_succeeded", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    audit("login_failed", request=request, user=None, login=login or "")


@receiver(user_logged_out, dispatch_uid="security_logged_out")
def on_logged_out(sender, request, user, **kwargs):
    audit("logout", request=request, user=user)


@receiver(authenticator_added, dispatch_uid="security_authenticator_added")
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    # The enrolment gate lifts itself (SessionSecurityMiddleware checks again).
    audit("mfa_enrolled", request=request, user=user, type=authenticator.type)
