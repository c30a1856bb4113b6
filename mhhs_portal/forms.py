from django import forms

from mhhs_portal.exceptions import ApplicationError


def service_form_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: field errors by field, the rest on top."""
    placed = False
    for field_name, messages in (exc.errors or {}).items():
        target = field_name if field_name in form.fields else None
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, exc.message)
