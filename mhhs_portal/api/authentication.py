"""How API clients prove who they are: `Authorization: Bearer <token>` (or `Token <token>`)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .tokens import TokenRefused, api_token_authenticate

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be '<scheme> <token>'.", code="authentication_failed"
            )
        try:
            token = api_token_authenticate(header[1].decode("latin-1"))
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(refused.message, code=refused.code) from None
        user = token.user
        # Read by qualification.permissions.Actor, which narrows the owner's scope to the token's.
        user.api_token = token
        return user, token

    def authenticate_header(self, request):
        # Named first in the settings, so an unauthenticated request answers 401, not 403.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from the portal: `Authorization: Bearer mhhs_...`.",
        }
