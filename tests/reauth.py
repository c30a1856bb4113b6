"""Mark a test client's session as recently re-authenticated, as allauth's
confirmation pages (or the sign-off page) would after a password or a code."""

import time

AUTHENTICATION_METHODS = "account_authentication_methods"
AUTHENTICATION_METHODS_USER = "account_authentication_methods_user"


def confirm_identity(client, user, *, method: str = "password", seconds_ago: float = 0) -> None:
    session = client.session
    session[AUTHENTICATION_METHODS_USER] = str(user.pk)
    session[AUTHENTICATION_METHODS] = [
        {"method": method, "at": time.time() - seconds_ago, "reauthenticated": True}
    ]
    session.save()
