"""Pages where people manage API access: tokens and webhook endpoints of an
organisation (its admin) or of a staff member's body (/account/...)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError, NotPermitted
from mhhs_portal.forms import service_form_errors
from mhhs_portal.security.reauth import recent_authentication_required
from qualification import selectors
from qualification.models import Organisation
from qualification.permissions import actor_for

from . import tokens, webhooks
from .forms import TokenCreateForm, WebhookEndpointForm


@dataclass
class Owner:
    """Whose API access a page manages: an organisation, or the staff member's bodies."""

    organisation: Organisation | None
    bodies: list[str]

    def url(self, name: str, *args) -> str:
        if self.organisation is not None:
            return reverse(f"api_access:org_{name}", args=[self.organisation.pk, *args])
        return reverse(f"api_access:account_{name}", args=args)


def _owner(request, pk=None) -> Owner:
    actor = actor_for(request.user)
    if pk is None:
        if not actor.is_staff_user:
            raise Http404
        return Owner(None, sorted(actor.bodies))
    organisation = selectors.organisation_get(request.user, pk)
    if not actor.can_manage(organisation.pk):
        raise PermissionDenied("Only the organisation's admin manages its API access.")
    return Owner(organisation, [])


def _token_list(request, owner: Owner):
    if owner.organisation is not None:
        return tokens.tokens_of_organisation(request.user, owner.organisation)
    return tokens.tokens_of_staff_member(request.user)


def _token_form(request, owner: Owner, data=None):
    return TokenCreateForm(
        data, service_accounts=owner.organisation is not None, bodies=owner.bodies
    )


@login_required
@recent_authentication_required(allow_get=True)
def token_list(request, pk=None):
    owner = _owner(request, pk)
    form = _token_form(request, owner)
    secret = None
    status = 200
    if request.method == "POST":
        form = _token_form(request, owner, request.POST)
        if form.is_valid():
            try:
                token, secret = tokens.api_token_create(
                    actor=request.user, organisation=owner.organisation, **form.service_kwargs()
                )
            except NotPermitted as exc:
                raise PermissionDenied(exc.message) from exc
            except ApplicationError as exc:
                service_form_errors(form, exc)
            else:
                # Rendered, not redirected: the secret is in this response and nowhere else.
                form = _token_form(request, owner)
                messages.success(request, f"Token “{token.name}” created.")
        status = 200 if secret else 400
    return render(
        request,
        "api_access/tokens.html",
        {
            "owner": owner,
            "tokens": _token_list(request, owner),
            "form": form,
            "secret": secret,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request, token_pk, pk=None):
    owner = _owner(request, pk)
    token = get_object_or_404(_token_list(request, owner), pk=token_pk)
    try:
        tokens.api_token_revoke(actor=request.user, token=token)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Token “{token.name}” revoked.")
    return redirect(owner.url("tokens"))


def _webhook_form(owner: Owner, data=None):
    return WebhookEndpointForm(data, bodies=owner.bodies)


@login_required
def webhook_list(request, pk=None):
    owner = _owner(request, pk)
    form, secret, status = _webhook_form(owner), None, 200
    if request.method == "POST":
        form = _webhook_form(owner, request.POST)
        if form.is_valid():
            try:
                endpoint, secret = webhooks.webhook_endpoint_register(
                    actor=request.user, organisation=owner.organisation, **form.cleaned_data
                )
            except NotPermitted as exc:
                raise PermissionDenied(exc.message) from exc
            except ApplicationError as exc:
                service_form_errors(form, exc)
            else:
                form = _webhook_form(owner)
                messages.success(request, f"Endpoint {endpoint.url} registered.")
        status = 200 if secret else 400
    endpoints = webhooks.endpoints_of(request.user, organisation=owner.organisation)
    return render(
        request,
        "api_access/webhooks.html",
        {"owner": owner, "endpoints": endpoints, "form": form, "secret": secret},
        status=status,
    )


def _endpoint(request, owner: Owner, endpoint_pk):
    endpoints = webhooks.endpoints_of(request.user, organisation=owner.organisation)
    return get_object_or_404(endpoints, pk=endpoint_pk)


@login_required
def webhook_detail(request, endpoint_pk, pk=None):
    owner = _owner(request, pk)
    endpoint = _endpoint(request, owner, endpoint_pk)
    deliveries = endpoint.deliveries.select_related("event")[:50]
    return render(
        request,
        "api_access/webhook_detail.html",
        {"owner": owner, "endpoint": endpoint, "deliveries": deliveries},
    )


@login_required
@require_POST
def webhook_remove(request, endpoint_pk, pk=None):
    owner = _owner(request, pk)
    endpoint = _endpoint(request, owner, endpoint_pk)
    webhooks.webhook_endpoint_remove(actor=request.user, endpoint=endpoint)
    messages.success(request, f"Endpoint {endpoint.url} removed: deliveries stopped.")
    return redirect(owner.url("webhooks"))


@login_required
@require_POST
def webhook_replay(request, endpoint_pk, delivery_pk, pk=None):
    owner = _owner(request, pk)
    endpoint = _endpoint(request, owner, endpoint_pk)
    delivery = get_object_or_404(endpoint.deliveries, pk=delivery_pk)
    try:
        webhooks.webhook_replay(actor=request.user, delivery=delivery)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Event #{delivery.event_id} queued for delivery again.")
    return redirect(owner.url("webhook", endpoint.pk))
