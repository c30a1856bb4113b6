from rest_framework.permissions import SAFE_METHODS, BasePermission

from qualification.models import ApiToken


class TokenScopeAllows(BasePermission):
    """A read-scope token reads; only a write-scope token may change anything."""

    message = "This token's scope is read: writes need a token with the write scope."
    code = "insufficient_scope"

    def has_permission(self, request, view):
        token = request.auth
        if request.method in SAFE_METHODS or not isinstance(token, ApiToken):
            return True
        return token.can_write
