"""Per-request identity checks: session lifetimes, the MFA enrolment gate and
the audit line for every refused request."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from mhhs_portal.api.errors import problem_http
from mhhs_portal.api.middleware import is_api

from .audit import audit
from .mfa import has_totp
from .sessions import MFA_SETUP_REQUIRED, session_expiry_reason

# What a person who must enrol in MFA can still reach: allauth's own pages
# (sign-out, the two-factor set-up, re-authentication), static files and the
# health check. Everything else waits until they have an authenticator.
MFA_SETUP_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz/", "/account/two-factor/")

EXPIRY_MESSAGES = {
    "idle": "You were signed out after a period without activity. Sign in again.",
    "absolute": "Your session reached its maximum length. Sign in again.",
}


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            response = self.check(request, session)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request, session):
        reason = session_expiry_reason(session)
        if reason is not None:
            audit("session_expired", request=request, reason=reason)
            logout(request)
            if not is_api(request):
                messages.info(request, EXPIRY_MESSAGES[reason])
            return None
        if session.get(MFA_SETUP_REQUIRED) and not request.path.startswith(MFA_SETUP_OPEN_PREFIXES):
            # Only sessions still waiting for enrolment pay for this query.
            if has_totp(request.user):
                del session[MFA_SETUP_REQUIRED]
                return None
            if is_api(request):
                return problem_http(
                    status_code=403,
                    title="Set up two-factor authentication before using the portal.",
                    code="mfa_setup_required",
                )
            return redirect("security:mfa_required")
        return None


class DeniedAccessAuditMiddleware:
    """Logs every 401/403/404 answered by a route that exists: a scoped lookup
    refusing an id, a right the person lacks. Unknown paths are not logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 404) and getattr(request, "resolver_match", None):
            audit("access_denied", request=request, status=response.status_code)
        return response
