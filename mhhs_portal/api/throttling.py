from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from qualification.models import ApiToken


class ApiTokenRateThrottle(SimpleRateThrottle):
    """One budget per token, whichever user or address uses it; the browser is not throttled."""

    scope = "api_token"

    def get_rate(self):
        # Read from settings on each construction, so a deployment (or a test) can change it.
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
