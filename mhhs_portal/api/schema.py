"""The OpenAPI document describes every error an operation can answer, as problem details."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .errors import PROBLEM_CONTENT_TYPE


class ProblemDetailsSerializer(serializers.Serializer):
    """RFC 9457 problem details; `code` is the machine-readable reason."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.JSONField(
        required=False, help_text="For validation_failed: the messages of each field."
    )

    class Meta:
        ref_name = "ProblemDetails"


COMMON_ERRORS = {
    "400": "validation_failed, invalid_cursor: a malformed parameter or body.",
    "401": "not_authenticated, authentication_failed, token_expired, token_revoked.",
    "403": "not_permitted, permission_denied, insufficient_scope (a read token writing).",
    "404": "not_found: absent, or outside what the caller may see.",
    "406": "not_acceptable: the Accept header asks for a format the API does not serve.",
    "429": "throttled: the token's rate is used up; see Retry-After.",
}
WRITE_ERRORS = {
    "405": "method_not_allowed.",
    "409": "illegal_transition and other state conflicts; idempotency_request_in_progress.",
    "413": "payload_too_large.",
    "415": "unsupported_media_type.",
    "422": "idempotency_key_reused: the Idempotency-Key came with a different body.",
}


class ProblemAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    str,
                    OpenApiParameter.HEADER,
                    description=(
                        "Up to 255 characters. A retry with the same key and body gets the "
                        "first response back (for 24 hours) and changes nothing twice."
                    ),
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(COMMON_ERRORS)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            errors.update(WRITE_ERRORS)
        else:
            responses.setdefault(
                "304",
                {"description": "Not modified: the If-None-Match header named the current ETag."},
            )
        for code, description in errors.items():
            if code in responses:
                continue
            response = self._get_response_for_code(
                ProblemDetailsSerializer, code, media_types=[PROBLEM_CONTENT_TYPE]
            )
            response["description"] = description
            responses[code] = response
        return responses
