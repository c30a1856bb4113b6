"""Conditional GETs: a weak ETag on every API read, and 304 when the client has it."""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from .middleware import is_api


def _principal(request) -> str:
    # Two users (or two tokens of one user, with different scopes) never share a tag.
    user = getattr(request, "user", None)
    token = getattr(user, "api_token", None)
    return f"{getattr(user, 'pk', '')}:{getattr(token, 'pk', 'session')}"


def response_etag(request, content: bytes) -> str:
    digest = hashlib.sha256(_principal(request).encode() + b"\0" + content).hexdigest()
    return f'W/"{digest[:32]}"'


class ETagMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not is_api(request)
            or response.status_code != 200
            or response.streaming
        ):
            return response
        etag = response_etag(request, response.content)
        response["ETag"] = etag
        patch_vary_headers(response, ("Authorization", "Cookie"))
        wanted = request.META.get("HTTP_IF_NONE_MATCH", "")
        if wanted and (wanted.strip() == "*" or _weakly_equal(etag, parse_etags(wanted))):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            not_modified["Vary"] = response["Vary"]
            return not_modified
        return response


def _weakly_equal(etag: str, candidates: list[str]) -> bool:
    bare = etag.removeprefix("W/")
    return any(c.removeprefix("W/") == bare for c in candidates)
