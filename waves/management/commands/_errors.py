from contextlib import contextmanager

from django.core.management.base import CommandError

from mhhs_portal.exceptions import ValidationFailed


@contextmanager
def bad_input_exits_2():
    """Bad input is the caller's mistake: a clear message and exit code 2, nothing written."""
    try:
        yield
    except ValidationFailed as exc:
        raise CommandError(exc.message, returncode=2) from None
