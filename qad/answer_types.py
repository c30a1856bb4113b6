"""Validation of an answer's value by question type. Pure functions, so the
page form, the API and the services agree on what a valid answer is."""

from datetime import date
from urllib.parse import urlparse

from mhhs_portal.exceptions import ValidationFailed

from .models import QuestionType

MAX_TEXT = 20_000
YES = {True, "yes", "true", "1"}
NO = {False, "no", "false", "0"}


def _fail(question, message: str):
    raise ValidationFailed(
        f"{question.text}: {message}", errors={question.key: [message]}, code="invalid_answer"
    )


def is_blank(value) -> bool:
    if isinstance(value, dict):
        return not (value.get("reference") or "").strip()
    return value is None or value == "" or value == []


def clean_answer(question, value):
    """The stored form of `value` for `question`, or ValidationFailed saying what is wrong."""
    if is_blank(value):
        return None
    kind = question.type
    if kind == QuestionType.TEXT:
        if not isinstance(value, str):
            _fail(question, "Enter text.")
        if len(value) > MAX_TEXT:
            _fail(question, f"Keep the answer under {MAX_TEXT:,} characters.")
        return value.strip() or None
    if kind == QuestionType.YES_NO:
        normalised = value.lower() if isinstance(value, str) else value
        if normalised in YES:
            return True
        if normalised in NO:
            return False
        _fail(question, "Answer yes or no.")
    if kind == QuestionType.SINGLE_CHOICE:
        if value not in question.choices:
            _fail(question, "Choose one of the options.")
        return value
    if kind == QuestionType.MULTIPLE_CHOICE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or any(v not in question.choices for v in values):
            _fail(question, "Choose from the options given.")
        return [choice for choice in question.choices if choice in values]
    if kind == QuestionType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            _fail(question, "Enter a real date, for example 2026-03-31.")
    if kind == QuestionType.EXTERNAL_REF:
        return _clean_reference(question, value)
    _fail(question, "Upload a file for this question.")


def _clean_reference(question, value) -> dict:
    if isinstance(value, str):
        value = {"reference": value}
    if not isinstance(value, dict):
        _fail(question, "Give the reference of the evidence in the test tool.")
    reference = str(value.get("reference") or "").strip()[:200]
    url = str(value.get("url") or "").strip()
    if url and urlparse(url).scheme not in {"https", "http"}:
        _fail(question, "The link must start with https://.")
    return {"reference": reference, "url": url[:500]}
