"""The audit log: sign-ins, sign-outs, expired sessions and refused requests.

One line per fact on the `mhhs.audit` logger, as `key="value"` pairs. Every
value is escaped (backslash, quote, CR, LF and every other control character)
so that nothing a person types, an e-mail address or a URL, can end a line and
forge the next one.
"""

import logging
import re

from django.utils import timezone

logger = logging.getLogger("mhhs.audit")

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029\\"]')


def _escape(match: re.Match) -> str:
    char = match[0]
    if char in '\\"':
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value) -> str:
    """The value as one safe line: control characters become visible escapes."""
    return _UNSAFE.sub(_escape, "" if value is None else str(value))


def describe_user(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return f"{user.pk}:{user.email}"


def describe_tenant(user) -> str:
    """The organisations (and staff duties) the person acts for: what a reader
    of the log needs to see whose data was asked for. Reads two small tables,
    so it runs only for sign-ins and refusals, never on an ordinary page."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    parts = [f"org:{pk}" for pk in user.memberships.values_list("organisation_id", flat=True)]
    parts += [
        f"staff:{duty}{'/' + body if body else ''}"
        for duty, body in user.staff_assignments.values_list("duty", "body")
    ]
    return ",".join(sorted(parts)) or "-"


def client_ip(request) -> str:
    from allauth.core.internal.httpkit import get_client_ip

    return (get_client_ip(request) if request is not None else None) or "-"


def audit(event: str, *, request=None, user=None, **fields) -> str:
    """Write one audit line and return it (tests read it back)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    values = {
        "time": timezone.now().isoformat(timespec="seconds"),
        "event": event,
        "user": describe_user(user),
        "tenant": describe_tenant(user),
        "ip": client_ip(request),
        "method": getattr(request, "method", "") or "",
        "route": (match.route if match else "") or "",
        "path": getattr(request, "path", "") or "",
        **fields,
    }
    line = " ".join(f'{key}="{clean(value)}"' for key, value in values.items())
    logger.info("%s", line)
    return line
