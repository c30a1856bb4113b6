"""Every read of governance data starts here, from the user who reads it.
Scope follows the qualification's: participants see their own, bodies the
roles they govern, programme-wide staff everything; anything else is 404."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualification.models import Body, Mpid
from qualification.permissions import actor_for
from qualification.selectors import qualifications_visible_to

from .models import (
    Approval,
    Decision,
    Defect,
    Exemption,
    Finding,
    MpidPlan,
    PabMeeting,
    PackVersion,
    RelianceProposal,
    WorkOffPlan,
)
from .qualified import CRITERIA_PREFETCH


def approvals_visible_to(user) -> QuerySet[Approval]:
    return Approval.objects.filter(
        qualification__in=qualifications_visible_to(user)
    ).select_related("qualification__organisation", "qualification__market_role")


def approvals_for_dashboard(user) -> QuerySet[Approval]:
    """The approvals the person's bodies decide (every body for programme-wide staff)."""
    actor = actor_for(user)
    approvals = approvals_visible_to(user).prefetch_related("decisions")
    if not actor.sees_every_participant:
        approvals = approvals.filter(body__in=actor.bodies)
    return approvals.order_by("body", "status", "qualification__organisation__name")


def application_get(user, pk):
    """A qualification with everything its governance page shows."""
    return get_object_or_404(
        qualifications_visible_to(user).prefetch_related(
            *(p for p in CRITERIA_PREFETCH if p != "approvals"),
            Prefetch(
                "approvals",
                queryset=Approval.objects.prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=Decision.objects.select_related(
                            "decided_by", "superseded_by"
                        ).prefetch_related("appeals"),
                    )
                ),
            ),
            Prefetch(
                "reliance_proposals",
                queryset=RelianceProposal.objects.select_related(
                    "relies_on__organisation"
                ).prefetch_related("reviews"),
            ),
            Prefetch("organisation__mpids", queryset=Mpid.objects.select_related("market_exit")),
            "qads__sections__template_section",
            "management_assertion",
        ),
        pk=pk,
    )


def _scoped(model, user, path="qualification"):
    return model.objects.filter(**{f"{path}__in": qualifications_visible_to(user)})


def approval_get(user, pk) -> Approval:
    return get_object_or_404(approvals_visible_to(user), pk=pk)


def decision_get(user, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.filter(approval__in=approvals_visible_to(user)).select_related(
            "approval__qualification__organisation"
        ),
        pk=pk,
    )


def finding_get(user, pk) -> Finding:
    return get_object_or_404(_scoped(Finding, user), pk=pk)


def defect_get(user, pk) -> Defect:
    return get_object_or_404(_scoped(Defect, user), pk=pk)


def work_off_plan_get(user, pk) -> WorkOffPlan:
    return get_object_or_404(_scoped(WorkOffPlan, user, "defect__qualification"), pk=pk)


def reliance_get(user, pk) -> RelianceProposal:
    return get_object_or_404(_scoped(RelianceProposal, user), pk=pk)


def exemption_get(user, pk) -> Exemption:
    return get_object_or_404(_scoped(Exemption, user), pk=pk)


def sees_meetings(user) -> bool:
    """PAB business is the BSC's: its secretariat, reviewers and approvers, and programme staff."""
    actor = actor_for(user)
    return actor.sees_every_participant or Body.BSC.value in actor.bodies


def meetings_visible_to(user) -> QuerySet[PabMeeting]:
    return PabMeeting.objects.all() if sees_meetings(user) else PabMeeting.objects.none()


def meetings_held(user) -> QuerySet[PabMeeting]:
    """Meetings that have sat, latest first: the ones decisions can be recorded at."""
    return meetings_visible_to(user).filter(starts_at__lte=timezone.now()).order_by("-starts_at")


def meeting_get(user, pk) -> PabMeeting:
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def pack_get(user, pk) -> PackVersion:
    return get_object_or_404(
        PackVersion.objects.filter(meeting__in=meetings_visible_to(user)), pk=pk
    )


def exemptions_awaiting_pab(user) -> QuerySet[Exemption]:
    """Segment exemptions the PAB has still to decide, oldest request first."""
    return (
        _scoped(Exemption, user)
        .filter(status__in=["requested", "asserted"])
        .select_related("qualification__organisation", "qualification__market_role")
        .order_by("created_at", "pk")
    )


def ready_for_pab(user) -> QuerySet[Approval]:
    return approvals_visible_to(user).filter(body=Body.BSC, status__in=["ready", "deferred"])


def register_rows(user) -> QuerySet:
    """The qualified persons register: qualified roles with their exemptions."""
    return (
        qualifications_visible_to(user)
        .filter(status__in=["qualified", "active"])
        .prefetch_related("exemptions", "organisation__mpids")
        .order_by("organisation__name", "market_role__order")
    )


def findings_visible_to(user) -> QuerySet[Finding]:
    return _scoped(Finding, user).order_by("pk")


def defects_visible_to(user) -> QuerySet[Defect]:
    return (
        _scoped(Defect, user)
        .select_related("work_off_plan")
        .prefetch_related("work_off_plan__agreements")
        .order_by("pk")
    )


def mpid_rows(qualification) -> list[dict]:
    """Each MPID of the role with its plan, its exit and its qualification status."""
    scopes = {s.mpid_id: s for s in qualification.mpid_scopes.all()}
    rows = []
    for mpid in qualification.organisation.mpids.all():
        if mpid.market_role_id != qualification.market_role_id:
            continue
        scope = scopes.get(mpid.pk)
        plan = scope.plan if scope else MpidPlan.NOW
        exit_ = getattr(mpid, "market_exit", None)
        if exit_ is not None:
            status = f"Left the market: {exit_.get_kind_display()}"
        elif plan == MpidPlan.NOW:
            status = qualification.get_status_display()
        else:
            status = MpidPlan(plan).label
        rows.append({"mpid": mpid, "plan": plan, "exit": exit_, "status": status})
    return rows


def qad_sections_of(qualification) -> list:
    """The QAD sections a finding on this role may be about: shared ones and the role's own."""
    return [
        section
        for qad in qualification.qads.all()
        for section in qad.sections.all()
        if section.market_role_id in (None, qualification.market_role_id)
    ]
