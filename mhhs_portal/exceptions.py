"""Domain errors. Services raise them; pages show them as messages and the
API maps them once to problem details (mhhs_portal.api.errors)."""


class ApplicationError(Exception):
    """A request the rules refuse. Nothing has been changed when it is raised."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.errors = errors or {}


class ValidationFailed(ApplicationError):
    """Bad input: `errors` maps field names to lists of messages."""

    status = 400
    code = "validation_failed"


class NotPermitted(ApplicationError):
    """The actor may see the object but not do this to it."""

    status = 403
    code = "not_permitted"


class IllegalTransition(ApplicationError):
    """The object's current state does not allow the move."""

    status = 409
    code = "illegal_transition"
