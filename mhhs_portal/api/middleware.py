"""Problem details for what fails before a DRF view runs: bodies too large and unknown paths."""

from django.conf import settings

from .errors import PROBLEM_CONTENT_TYPE, problem_http

API_PREFIX = "/api/v1/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.API_MAX_BODY_BYTES
        if length > limit:
            # Refused before anything reads the body, so nothing is parsed or stored.
            return problem_http(
                status_code=413,
                title="The request body is too large.",
                code="payload_too_large",
                detail=f"The API accepts bodies of at most {limit} bytes.",
            )
        response = self.get_response(request)
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            PROBLEM_CONTENT_TYPE
        ):
            # A path no route matches: Django's HTML page would not tell a client why.
            return problem_http(status_code=404, title="Not found.", code="not_found")
        return response
