from contextlib import contextmanager

from django.core.management.base import CommandError

from mhhs_portal.exceptions import ApplicationError, ValidationFailed


@contextmanager
def bad_input_exits_2():
    """Bad input is the caller's mistake: a clear message and exit code 2, nothing
    written. Any other refusal (not permitted) exits 1 with its message."""
    try:
        yield
    except ValidationFailed as exc:
        raise CommandError(exc.message, returncode=2) from None
    except ApplicationError as exc:
        raise CommandError(exc.message, returncode=1) from None
