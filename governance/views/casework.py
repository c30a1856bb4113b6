"""Forms on the application page for defects and work-off plans, placing
reliance, exemptions and MPID plans. Each one calls a service; a refusal comes
back as a message and nothing changes."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError, ValidationFailed
from qualification.models import Mpid, Qualification

from .. import selectors, services
from ..models import (
    DefectStatus,
    ExemptionSegment,
    ExemptionStatus,
    ExitKind,
    MpidPlan,
    RelianceScope,
    RelianceStatus,
    WorkOffStatus,
)
from ..models.reliance import PROGRAMME
from ..services.reliance import required_reviewers, reviewer_role


def run(request, call, *, success: str, to: tuple):
    """Call a service; show its refusal (with the fields it names) or the success message."""
    try:
        call()
    except ApplicationError as exc:
        details = [f"{m}" for errors in exc.errors.values() for m in errors if m != exc.message]
        messages.error(request, " ".join([exc.message, *details]))
    else:
        messages.success(request, success)
    return redirect(*to)


def _date(post, name: str, label: str) -> date:
    try:
        return date.fromisoformat(post.get(name, ""))
    except ValueError:
        raise ValidationFailed(
            f"Give the {label} as a date.", errors={name: ["Enter a date."]}
        ) from None


def optional_date(post, name: str, label: str) -> date | None:
    return _date(post, name, label) if post.get(name, "").strip() else None


def _int(post, name: str, label: str, *, required: bool = True) -> int | None:
    raw = post.get(name, "").strip()
    if not raw and not required:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed(f"Give the {label} as a whole number.") from None


def _application(pk):
    return ("governance:application", pk)


def _dispatch(request, actions: dict, action: str, obj, *, success: str, to: tuple):
    if action not in actions:
        raise Http404
    return run(
        request, lambda: actions[action](request.user, obj, request.POST), success=success, to=to
    )


# Defects and work-off plans -------------------------------------------------


@login_required
@require_POST
def defect_record(request, pk):
    qualification = selectors.application_get(request.user, pk)
    post = request.POST
    return run(
        request,
        lambda: services.defect_record(
            actor=request.user,
            qualification=qualification,
            reference=post.get("reference", ""),
            phase=post.get("phase", ""),
            severity=_int(post, "severity", "severity"),
            summary=post.get("summary", ""),
            impact_assessment=post.get("impact_assessment", ""),
        ),
        success="Defect recorded.",
        to=_application(pk),
    )


DEFECT_ACTIONS = {
    "assess": lambda user, d, post: services.defect_assess(
        actor=user, defect=d, impact_assessment=post.get("impact_assessment", "")
    ),
    "work-off-plan": lambda user, d, post: services.work_off_plan_propose(
        actor=user,
        defect=d,
        plan=post.get("plan", ""),
        target_date=_date(post, "target_date", "target date"),
    ),
    "resolve": lambda user, d, post: services.defect_resolve(actor=user, defect=d),
}


@login_required
@require_POST
def defect_act(request, pk, action):
    defect = selectors.defect_get(request.user, pk)
    return _dispatch(
        request,
        DEFECT_ACTIONS,
        action,
        defect,
        success="Defect updated.",
        to=_application(defect.qualification_id),
    )


WORK_OFF_ACTIONS = {
    "review": lambda user, p, post: services.work_off_plan_review(actor=user, plan=p),
    "agree": lambda user, p, post: services.work_off_plan_agree(
        actor=user, plan=p, body=post.get("body", "")
    ),
}


@login_required
@require_POST
def work_off_plan_act(request, pk, action):
    plan = selectors.work_off_plan_get(request.user, pk)
    return _dispatch(
        request,
        WORK_OFF_ACTIONS,
        action,
        plan,
        success="Work-off plan updated.",
        to=_application(plan.defect.qualification_id),
    )


# Placing reliance -------------------------------------------------------------


def relied_on_by_mpid(qualification: Qualification, code: str) -> Qualification | None:
    """The other participant's role holding this MPID. MPIDs are public industry
    identifiers, so naming one reveals nothing the participant could not know."""
    mpid = (
        Mpid.objects.filter(code=code.strip().upper(), market_role_id=qualification.market_role_id)
        .exclude(organisation_id=qualification.organisation_id)
        .first()
    )
    if mpid is None:
        return None
    return Qualification.objects.filter(
        organisation_id=mpid.organisation_id, market_role_id=qualification.market_role_id
    ).first()


def _reliance_propose(user, qualification, post):
    code = post.get("relies_on_mpid", "").strip()
    relies_on = relied_on_by_mpid(qualification, code) if code else None
    if code and relies_on is None:
        raise ValidationFailed(
            f"No other participant holds MPID {code.upper()} in this role.",
            errors={"relies_on_mpid": ["Unknown MPID."]},
        )
    return services.reliance_propose(
        actor=user,
        qualification=qualification,
        scope=post.getlist("scope"),
        rationale=post.get("rationale", ""),
        relies_on=relies_on,
        provider_name=post.get("provider_name", ""),
    )


@login_required
@require_POST
def reliance_propose(request, pk):
    qualification = selectors.application_get(request.user, pk)
    return run(
        request,
        lambda: _reliance_propose(request.user, qualification, request.POST),
        success="Placing Reliance Proposal submitted.",
        to=_application(pk),
    )


RELIANCE_ACTIONS = {
    "review": lambda user, p, post: services.reliance_review(
        actor=user, proposal=p, agreed=post.get("agreed") == "yes", note=post.get("note", "")
    ),
    "withdraw": lambda user, p, post: services.reliance_withdraw(actor=user, proposal=p),
}


@login_required
@require_POST
def reliance_act(request, pk, action):
    proposal = selectors.reliance_get(request.user, pk)
    return _dispatch(
        request,
        RELIANCE_ACTIONS,
        action,
        proposal,
        success="Placing Reliance Proposal updated.",
        to=_application(proposal.qualification_id),
    )


# Exemptions ---------------------------------------------------------------------


@login_required
@require_POST
def exemption_request(request, pk):
    qualification = selectors.application_get(request.user, pk)
    post = request.POST
    return run(
        request,
        lambda: services.exemption_request(
            actor=request.user,
            qualification=qualification,
            segment=post.get("segment", ""),
            no_meters_registered=post.get("no_meters_registered") == "on",
            deregistration_plan=post.get("deregistration_plan", ""),
            not_dcc_user=post.get("not_dcc_user") == "on",
            portfolio_cap=_int(post, "portfolio_cap", "portfolio cap", required=False),
        ),
        success="Exemption requested.",
        to=_application(pk),
    )


def _exemption_decide(user, exemption, post):
    meeting_id = post.get("meeting", "")
    meeting = selectors.meeting_get(user, meeting_id) if meeting_id.isdigit() else None
    return services.exemption_decide(
        actor=user,
        exemption=exemption,
        approve=post.get("outcome") == "approved",
        meeting=meeting,
        note=post.get("note", ""),
    )


EXEMPTION_ACTIONS = {
    "assert": lambda user, e, post: services.exemption_assert(actor=user, exemption=e),
    "decide": _exemption_decide,
}


@login_required
@require_POST
def exemption_act(request, pk, action):
    exemption = selectors.exemption_get(request.user, pk)
    return _dispatch(
        request,
        EXEMPTION_ACTIONS,
        action,
        exemption,
        success="Exemption updated.",
        to=_application(exemption.qualification_id),
    )


# Appeals ------------------------------------------------------------------------


@login_required
@require_POST
def appeal_record(request, pk):
    decision = selectors.decision_get(request.user, pk)
    post = request.POST
    return run(
        request,
        lambda: services.appeal_record(
            actor=request.user,
            decision=decision,
            grounds=post.get("grounds", ""),
            lodged_on=_date(post, "lodged_on", "date the appeal was lodged"),
        ),
        success="Appeal recorded.",
        to=_application(decision.approval.qualification_id),
    )


# MPIDs --------------------------------------------------------------------------


def _mpid_of(qualification, mpid_id) -> Mpid:
    return get_object_or_404(
        Mpid,
        pk=mpid_id if str(mpid_id).isdigit() else 0,
        organisation_id=qualification.organisation_id,
        market_role_id=qualification.market_role_id,
    )


@login_required
@require_POST
def mpid_plan_set(request, pk):
    qualification = selectors.application_get(request.user, pk)
    mpid = _mpid_of(qualification, request.POST.get("mpid", ""))
    return run(
        request,
        lambda: services.mpid_plan_set(
            actor=request.user,
            qualification=qualification,
            mpid=mpid,
            plan=request.POST.get("plan", ""),
        ),
        success=f"Plan for {mpid.code} recorded.",
        to=_application(pk),
    )


@login_required
@require_POST
def management_assertion_give(request, pk):
    qualification = selectors.application_get(request.user, pk)
    return run(
        request,
        lambda: services.management_assertion_give(
            actor=request.user, qualification=qualification, text=request.POST.get("text", "")
        ),
        success="Management Assertion given.",
        to=_application(pk),
    )


@login_required
@require_POST
def market_exit_record(request, pk):
    qualification = selectors.application_get(request.user, pk)
    mpid = _mpid_of(qualification, request.POST.get("mpid", ""))
    post = request.POST
    return run(
        request,
        lambda: services.market_exit_record(
            actor=request.user,
            mpid=mpid,
            kind=post.get("kind", ""),
            notice_given_on=_date(post, "notice_given_on", "notice date"),
            effective_on=_date(post, "effective_on", "date the exit takes effect"),
            no_mpans=post.get("no_mpans") == "on",
        ),
        success=f"Market exit of {mpid.code} recorded.",
        to=_application(pk),
    )


# What the application page offers to whom ----------------------------------------


REVIEWER_LABEL = {
    "BSC": "BSC",
    "REC": "REC Code Manager",
    "DIP": "DIP Manager",
    PROGRAMME: "the programme (MHHSP)",
}


def casework_context(actor, qualification) -> dict:
    """The forms each person may use on the application page, decided from what the
    selectors prefetched, so the page's query count does not grow with its rows."""
    org = qualification.organisation_id
    bodies = qualification.market_role.approving_bodies
    contributor = actor.can_contribute(org)
    test_manager = actor.has_duty("test_manager")
    defects = list(qualification.defects.all())
    for d in defects:
        plan = getattr(d, "work_off_plan", None)
        d.plan = plan
        is_open = d.status == DefectStatus.OPEN
        d.can_assess = contributor and is_open
        d.can_propose = (
            contributor and is_open and d.severity >= 3 and d.impact_assessment and plan is None
        )
        d.can_resolve = is_open and (contributor or test_manager)
        d.can_review = plan is not None and test_manager and plan.status == WorkOffStatus.PROPOSED
        agreed = {a.body for a in plan.agreements.all()} if plan else set()
        d.agreed_bodies = sorted(agreed)
        d.agree_bodies = (
            [b for b in bodies if b not in agreed and actor.bodies & {b}]
            if plan is not None and plan.status == WorkOffStatus.REVIEWED
            else []
        )
    proposals = list(qualification.reliance_proposals.all())
    reviewers = required_reviewers(qualification) if proposals else []
    for p in proposals:
        done = {r.reviewer for r in p.reviews.all()}
        p.waiting_for = [r for r in reviewers if r not in done]
        p.waiting_labels = [REVIEWER_LABEL.get(r, r) for r in p.waiting_for]
        p.scope_labels = [RelianceScope(v).label for v in p.scope if v in RelianceScope.values]
        p.can_review = p.status == RelianceStatus.PROPOSED and any(
            reviewer_role(actor, r) for r in p.waiting_for
        )
        p.can_withdraw = contributor and p.status in (
            RelianceStatus.PROPOSED,
            RelianceStatus.AGREED,
        )
    is_director = actor.is_member(org, "director")
    secretariat = actor.has_duty("pab_secretariat")
    exemptions = list(qualification.exemptions.all())
    for e in exemptions:
        e.can_assert = is_director and e.status == ExemptionStatus.REQUESTED
        e.can_decide = secretariat and e.status in (
            ExemptionStatus.REQUESTED,
            ExemptionStatus.ASSERTED,
        )
    mpids = selectors.mpid_rows(qualification)
    return {
        "defects": defects,
        "proposals": proposals,
        "exemptions": exemptions,
        "mpids": mpids,
        "exiting": [r for r in mpids if r["plan"] == MpidPlan.EXIT and r["exit"] is None],
        "needs_assertion": any(r["plan"] == MpidPlan.LATER for r in mpids),
        "assertion": getattr(qualification, "management_assertion", None),
        "mpid_plans": MpidPlan.choices,
        "exit_kinds": ExitKind.choices,
        "reliance_scopes": RelianceScope.choices,
        "exemption_segments": ExemptionSegment.choices,
        "can_record_defect": contributor or test_manager,
        "can_manage": actor.can_manage(org),
        "is_director": is_director,
        "is_supplier": qualification.market_role.code == "SUPPLIER",
        "decision_meetings": (
            list(selectors.meetings_held(actor.user)) if secretariat and exemptions else []
        ),
    }
