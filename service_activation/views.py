"""Service activation pages: the team's board, one activation's journey, and
the forms that call the services. Refusals come back as messages."""

from collections import Counter
from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from qualification.permissions import actor_for

from . import selectors, services, tickets
from .forms import EfdChangeForm, ResolveForm, StepForm, TicketForm
from .journey import journey
from .models import Step
from .steps import is_dip_manager, is_team

CALENDAR_WEEKS = 8


def _require_programme_side(request):
    actor = actor_for(request.user)
    if not (actor.sees_every_participant or is_dip_manager(actor)):
        raise Http404
    return actor


def efd_weeks(activations, *, today, weeks: int = CALENDAR_WEEKS) -> list[tuple]:
    """(week start, activations with an EFD that week) for the coming weeks."""
    monday = today - timedelta(days=today.weekday())
    by_week: dict = {monday + timedelta(weeks=n): [] for n in range(weeks)}
    for activation in activations:
        if activation.efd and activation.status != Step.LIVE:
            week = activation.efd - timedelta(days=activation.efd.weekday())
            if week in by_week:
                by_week[week].append(activation)
    return [(week, sorted(items, key=lambda a: a.efd)) for week, items in by_week.items()]


@login_required
def board(request):
    """The service activation team's board: every activation by step, and the EFDs ahead."""
    _require_programme_side(request)
    activations = list(
        selectors.activations_visible_to(request.user).order_by(
            "qualification__organisation__name", "qualification__market_role__order"
        )
    )
    counts = Counter(a.status for a in activations)
    today = timezone.localdate()
    return render(
        request,
        "service_activation/board.html",
        {
            "activations": activations,
            "columns": [(step, counts.get(step.value, 0)) for step in Step],
            "weeks": efd_weeks(activations, today=today),
            "today": today,
        },
    )


@login_required
def activation_detail(request, pk):
    """One role's journey: the steps, what is next and who holds it, its tickets."""
    activation = selectors.activation_get(request.user, pk)
    actor = actor_for(request.user)
    return render(
        request,
        "service_activation/activation_detail.html",
        {
            "activation": activation,
            "journey": journey(activation, actor),
            "ticket_form": TicketForm(),
            "resolve_form": ResolveForm(),
            "efd_form": EfdChangeForm(),
            "is_team": is_team(actor),
            "may_raise": tickets.may_raise(actor, activation),
        },
    )


def _submit(request, activation, form_class, service, success: str):
    """Validate the form, call the service, and come back to the activation with a message."""
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        try:
            service(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
    return redirect("service_activation:activation_detail", pk=activation.pk)


@login_required
@require_POST
def activation_step(request, pk):
    activation = selectors.activation_get(request.user, pk)
    service = partial(services.activation_step, activation=activation)
    return _submit(request, activation, StepForm, service, "Step recorded.")


@login_required
@require_POST
def efd_change(request, pk):
    activation = selectors.activation_get(request.user, pk)
    service = partial(services.activation_efd_change, activation=activation)
    return _submit(request, activation, EfdChangeForm, service, "The EFD has moved.")


@login_required
@require_POST
def ticket_raise(request, pk):
    activation = selectors.activation_get(request.user, pk)
    service = partial(tickets.ticket_raise, activation=activation)
    return _submit(request, activation, TicketForm, service, "Ticket raised.")


@login_required
@require_POST
def ticket_resolve(request, pk):
    ticket = selectors.ticket_get(request.user, pk)
    service = partial(tickets.ticket_resolve, ticket=ticket)
    return _submit(request, ticket.activation, ResolveForm, service, "Ticket resolved.")
