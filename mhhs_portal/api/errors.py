"""One error format for the whole API: RFC 9457 problem details with a code."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from mhhs_portal.exceptions import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(*, status_code: int, title: str, code: str, detail: str = "", errors=None) -> dict:
    body = {
        "type": f"https://mhhs-portal.invalid/problems/{code}",
        "title": title,
        "status": status_code,
        "code": code,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_http(*, status_code: int, title: str, code: str, detail: str = "") -> HttpResponse:
    """A problem answered before DRF runs (middleware): same body, plain Django response."""
    body = problem_body(status_code=status_code, title=title, code=code, detail=detail)
    return HttpResponse(json.dumps(body), status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem(*, status_code: int, title: str, code: str, detail: str = "", errors=None) -> Response:
    body = problem_body(
        status_code=status_code, title=title, code=code, detail=detail, errors=errors
    )
    response = Response(body, status=status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return problem(
            status_code=exc.status,
            title=exc.message,
            code=exc.code,
            errors=exc.errors or None,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        problem_response = problem(
            status_code=status.HTTP_400_BAD_REQUEST,
            title="The request has invalid fields.",
            # A subclass may name its reason more precisely (the feed's invalid_cursor).
            code=getattr(exc, "problem_code", "validation_failed"),
            errors=errors,
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        problem_response = problem(
            status_code=response.status_code,
            title=str(detail),
            code=getattr(detail, "code", None) or "error",
        )
    for header, value in response.headers.items():
        if header.lower() in {"www-authenticate", "retry-after", "allow"}:
            problem_response[header] = value
    return problem_response
