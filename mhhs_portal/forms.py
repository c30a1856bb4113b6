from django import forms
from django.core.exceptions import PermissionDenied

from mhhs_portal.exceptions import ApplicationError, NotPermitted


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


def submit_form(form: forms.Form, service, **arguments):
    """Validate the form and call the service with its data.

    Returns the service's result, or None when the form or the service
    refused (the reasons are then on the form). A refusal of the person's
    right is a 403 page with the reason, not a form error: the form may not
    even be shown to them.
    """
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        service_form_errors(form, exc)
        return None
