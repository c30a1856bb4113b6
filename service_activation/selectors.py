"""Reads of activations and DIP onboarding, always from the user who reads.

Participants see their own organisations; the service activation team, DIP
Manager staff and programme-wide staff see every one; anyone else sees none,
so lookups by id answer 404.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from qualification.models import Organisation, Qualification
from qualification.permissions import actor_for
from waves.rules import Dates, rule_dates, rule_sentence
from waves.selectors import allocations_by_qualification, timeline_current

from .models import ActivationTicket, DipOnboarding, SecurityOfficer, ServiceActivation, StepRecord
from .steps import is_dip_manager

DIP_WINDOW_ACTIVITY = "dip_onboarding_for_qt"


def _sees_all(actor) -> bool:
    return actor.sees_every_participant or is_dip_manager(actor)


def _organisation_ids(user) -> list[int] | None:
    """None when the user sees every organisation."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return []
    return None if _sees_all(actor) else list(actor.memberships)


def activations_visible_to(user) -> QuerySet[ServiceActivation]:
    base = ServiceActivation.objects.select_related(
        "qualification__organisation", "qualification__market_role"
    ).annotate(
        open_tickets=Count("tickets", filter=Q(tickets__status="open")),
        blocking_tickets=Count("tickets", filter=Q(tickets__status="open", tickets__blocking=True)),
    )
    ids = _organisation_ids(user)
    return base if ids is None else base.filter(qualification__organisation_id__in=ids)


def activation_get(user, pk) -> ServiceActivation:
    """One activation with its step records and tickets, for its page and the API."""
    return get_object_or_404(
        activations_visible_to(user).prefetch_related(
            Prefetch("step_records", queryset=StepRecord.objects.select_related("done_by")),
            Prefetch(
                "tickets",
                queryset=ActivationTicket.objects.select_related("raised_by", "resolved_by"),
            ),
        ),
        pk=pk,
    )


def tickets_visible_to(user) -> QuerySet[ActivationTicket]:
    tickets = ActivationTicket.objects.select_related(
        "raised_by", "resolved_by", "activation__qualification"
    )
    ids = _organisation_ids(user)
    return (
        tickets
        if ids is None
        else tickets.filter(activation__qualification__organisation_id__in=ids)
    )


def onboarding_organisations_visible_to(user) -> QuerySet[Organisation]:
    ids = _organisation_ids(user)
    organisations = (
        Organisation.objects.all() if ids is None else Organisation.objects.filter(pk__in=ids)
    )
    return organisations.prefetch_related(
        Prefetch(
            "dip_onboarding",
            queryset=DipOnboarding.objects.prefetch_related(
                Prefetch("officers", queryset=SecurityOfficer.objects.order_by("role", "id"))
            ),
        )
    )


def onboarding_organisation_get(user, pk) -> Organisation:
    return get_object_or_404(onboarding_organisations_visible_to(user), pk=pk)


def onboarding_of(organisation: Organisation) -> DipOnboarding | None:
    try:
        return organisation.dip_onboarding
    except DipOnboarding.DoesNotExist:
        return None


def officer_get(user, pk) -> SecurityOfficer:
    ids = _organisation_ids(user)
    officers = SecurityOfficer.objects.select_related("onboarding__organisation")
    if ids is not None:
        officers = officers.filter(onboarding__organisation_id__in=ids)
    return get_object_or_404(officers, pk=pk)


@dataclass(frozen=True)
class DipWindow:
    cohort: object
    sentence: str
    dates: Dates


def dip_windows(organisation: Organisation) -> list[DipWindow]:
    """The "DIP onboarding window for QT" of each cohort the organisation's roles follow."""
    qualification_ids = Qualification.objects.filter(organisation=organisation).values_list(
        "pk", flat=True
    )
    cohorts = {
        a.cohort_id: a.cohort for a in allocations_by_qualification(qualification_ids).values()
    }
    windows = []
    for cohort in sorted(cohorts.values(), key=lambda c: c.order):
        timeline = timeline_current(cohort)
        if timeline is None:
            continue
        rules = [r for r in timeline.rules.all() if r.activity.key == DIP_WINDOW_ACTIVITY]
        for rule in (r for r in rules if r.kind != "n/a"):
            windows.append(DipWindow(cohort, rule_sentence(rule), rule_dates(rule, {})))
    return windows


def window_state(window: DipWindow, completed_on: date | None, today: date) -> str:
    """How the organisation stands against the window, in words people read."""
    due = window.dates.due
    if due is None:
        return "Completed" if completed_on else "Open"
    if completed_on:
        return "Completed on time" if completed_on <= due else "Completed late"
    return "Overdue" if today > due else "Open"


def ticket_get(user, pk) -> ActivationTicket:
    return get_object_or_404(tickets_visible_to(user), pk=pk)
