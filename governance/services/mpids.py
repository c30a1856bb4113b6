"""Several MPIDs in one role (QA&P §11.4.1) and market exit (QA&P §11.4.3)."""

from datetime import date

from django.db import transaction

from mhhs_portal.exceptions import IllegalTransition, NotPermitted, ValidationFailed
from qualification.events import event_record
from qualification.models import MembershipRole, Mpid, Qualification
from qualification.permissions import actor_for

from ..models import ExitKind, ManagementAssertion, MarketExit, MpidPlan, MpidScope
from ..qualified import qualification_qualify_if_met

NOTICE_MONTHS = 3


def _months_later(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def mpid_plan_set(*, actor, qualification: Qualification, mpid: Mpid, plan: str) -> MpidScope:
    if not actor_for(actor).can_manage(qualification.organisation_id):
        raise NotPermitted("Only the organisation's admin plans its MPIDs.")
    if mpid.organisation_id != qualification.organisation_id or (
        mpid.market_role_id != qualification.market_role_id
    ):
        raise ValidationFailed("The MPID must be the organisation's, in this role.")
    if plan not in MpidPlan.values:
        raise ValidationFailed("Unknown plan.", errors={"plan": ["Unknown plan."]})
    if plan != MpidPlan.EXIT and MarketExit.objects.filter(mpid=mpid).exists():
        raise IllegalTransition(
            f"{mpid.code} has left the market; its plan cannot change.", code="mpid_exited"
        )
    with transaction.atomic():
        scope, _ = MpidScope.objects.get_or_create(
            mpid=mpid, defaults={"qualification": qualification, "plan": plan}
        )
        scope.plan = plan
        scope._history_user = actor
        scope.save()
        event_record(
            kind="mpid_plan_set",
            actor=actor,
            qualification=qualification,
            payload={"mpid": mpid.code, "plan": plan},
        )
    return scope


def management_assertion_give(
    *, actor, qualification: Qualification, text: str
) -> ManagementAssertion:
    if not actor_for(actor).is_member(qualification.organisation_id, MembershipRole.DIRECTOR):
        raise NotPermitted("Only a Director gives the Management Assertion.")
    if not text.strip():
        raise ValidationFailed("Write the assertion.", errors={"text": ["Required."]})
    if ManagementAssertion.objects.filter(qualification=qualification).exists():
        raise IllegalTransition(
            "The Management Assertion for this role is already given.", code="duplicate"
        )
    with transaction.atomic():
        assertion = ManagementAssertion(
            qualification=qualification, text=text.strip(), asserted_by=actor
        )
        assertion._history_user = actor
        assertion.save()
        event_record(kind="management_assertion_given", actor=actor, qualification=qualification)
        qualification_qualify_if_met(actor=actor, qualification=qualification)
    return assertion


def market_exit_record(
    *, actor, mpid: Mpid, kind: str, notice_given_on: date, effective_on: date, no_mpans: bool
) -> MarketExit:
    if not actor_for(actor).can_manage(mpid.organisation_id):
        raise NotPermitted("Only the organisation's admin records a market exit.")
    plan = MpidScope.objects.filter(mpid=mpid).values_list("plan", flat=True).first()
    if plan != MpidPlan.EXIT:
        raise IllegalTransition(
            f"Mark {mpid.code} as not taken forward before recording its market exit.",
            code="mpid_not_exiting",
        )
    if MarketExit.objects.filter(mpid=mpid).exists():
        raise IllegalTransition(
            f"The market exit of {mpid.code} is already recorded.", code="duplicate"
        )
    errors = {}
    if kind not in ExitKind.values:
        errors["kind"] = ["Choose surrender or consolidation."]
    if effective_on < notice_given_on:
        errors["effective_on"] = ["The exit takes effect on or after the notice date."]
    if kind == ExitKind.SURRENDER and effective_on < _months_later(notice_given_on, NOTICE_MONTHS):
        errors["effective_on"] = ["A surrender takes effect at least 3 months after the notice."]
    if not no_mpans:
        errors["no_mpans"] = ["Confirm that no MPANs remain appointed to the MPID."]
    if errors:
        raise ValidationFailed("Please correct the errors below.", errors=errors)
    with transaction.atomic():
        market_exit = MarketExit(
            mpid=mpid,
            kind=kind,
            notice_given_on=notice_given_on,
            effective_on=effective_on,
            no_mpans_confirmed=True,
            recorded_by=actor,
        )
        market_exit._history_user = actor
        market_exit.save()
        event_record(
            kind="market_exit_recorded",
            actor=actor,
            organisation=mpid.organisation,
            payload={"mpid": mpid.code, "kind": kind, "effective_on": effective_on.isoformat()},
        )
    return market_exit
