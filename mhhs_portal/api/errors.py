"""One error format for the whole API: RFC 9457 problem details with a code."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from mhhs_portal.exceptions import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(*, status_code: int, title: str, code: str, detail: str = "", errors=None) -> Response:
    body = {
        "type": f"https://mhhs-portal.invalid/problems/{code}",
        "title": title,
        "status": status_code,
        "code": code,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = errors
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
            code="validation_failed",
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
