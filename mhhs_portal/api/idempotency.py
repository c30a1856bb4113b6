"""`Idempotency-Key` on API POSTs: the first response is kept for 24 hours and
replayed to a retry with the same key and body, so the write happens once."""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from qualification.models import IdempotencyRecord

from .errors import problem_http
from .middleware import is_api

HEADER = "HTTP_IDEMPOTENCY_KEY"
LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Answers that mean "try again": not kept, so a retry with the same key runs the request.
RETRYABLE = {401, 429}


def _principal(request) -> str | None:
    """Keys belong to one credential: a token (by its hash) or a signed-in user."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return "auth:" + hashlib.sha256(authorization.encode()).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status_code, content_type=record.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER, "")
        if request.method != "POST" or not key or not is_api(request):
            return self.get_response(request)
        principal = _principal(request)
        if principal is None:
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return problem_http(
                status_code=400,
                title="The Idempotency-Key is too long.",
                code="idempotency_key_invalid",
                detail=f"Use at most {MAX_KEY_LENGTH} characters.",
            )
        fingerprint = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        now = timezone.now()
        IdempotencyRecord.objects.filter(principal=principal, key=key, expires_at__lte=now).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    principal=principal,
                    key=key,
                    fingerprint=fingerprint,
                    created_at=now,
                    expires_at=now + LIFETIME,
                )
        except IntegrityError:
            return self._answer_repeat(principal, key, fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        if response.status_code in RETRYABLE or response.status_code >= 500 or response.streaming:
            record.delete()
            return response
        record.status_code = response.status_code
        record.content_type = response.get("Content-Type", "")
        record.body = response.content
        record.save(update_fields=["status_code", "content_type", "body"])
        return response

    def _answer_repeat(self, principal: str, key: str, fingerprint: str) -> HttpResponse:
        record = IdempotencyRecord.objects.filter(principal=principal, key=key).first()
        if record is not None and record.fingerprint != fingerprint:
            return problem_http(
                status_code=422,
                title="This Idempotency-Key was used with a different request.",
                code="idempotency_key_reused",
                detail="Use a new key for a new request.",
            )
        if record is None or record.status_code is None:
            return problem_http(
                status_code=409,
                title="A request with this Idempotency-Key is still being processed.",
                code="idempotency_request_in_progress",
                detail="Retry once it has finished.",
            )
        return _replay(record)
