"""Every read of governance data starts here, from the user who reads it.
Scope follows the qualification's: participants see their own, bodies the
roles they govern, programme-wide staff everything; anything else is 404."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from qualification.models import Body
from qualification.permissions import actor_for
from qualification.selectors import qualifications_visible_to

from .models import (
    Approval,
    ApprovalStatus,
    Decision,
    Defect,
    Exemption,
    Finding,
    PabMeeting,
    PackVersion,
    RelianceProposal,
    WorkOffPlan,
)
from .qualified import CRITERIA_PREFETCH

APPROVAL_RELATED = ("qualification__organisation", "qualification__market_role")


def approvals_visible_to(user) -> QuerySet[Approval]:
    return Approval.objects.filter(
        qualification__in=qualifications_visible_to(user)
    ).select_related(*APPROVAL_RELATED)


# Most recently changed first: what moved is what a decider looks at, and the
# order an index can give (ranking 9,000 approvals by name cost 150-270 ms at 100x).
DASHBOARD_ORDER = ("-updated_at", "-pk")


def approvals_for_dashboard(user) -> QuerySet[Approval]:
    """The approvals the person's bodies decide (every body for programme-wide staff)."""
    actor = actor_for(user)
    approvals = approvals_visible_to(user)
    if not actor.sees_every_participant:
        approvals = approvals.filter(body__in=actor.bodies)
    return approvals.order_by("status", *DASHBOARD_ORDER)


def approval_columns(user, *, rows: int) -> tuple[dict[str, int], list[Approval]]:
    """Per status, how many approvals and the `rows` most recently changed: one
    query per status whatever the number of approvals (the board used to list
    every one), each reading its rows in the order of approval_board_idx."""
    approvals = approvals_for_dashboard(user)
    counts = dict(approvals.order_by().values_list("status").annotate(n=Count("pk")))
    return counts, [
        approval for status in ApprovalStatus for approval in approvals.filter(status=status)[:rows]
    ]


def application_get(user, pk):
    """A qualification with everything its governance page shows."""
    return get_object_or_404(
        qualifications_visible_to(user).prefetch_related(
            *(p for p in CRITERIA_PREFETCH if p != "approvals"),
            Prefetch(
                "approvals",
                queryset=Approval.objects.prefetch_related(
                    Prefetch("decisions", queryset=Decision.objects.select_related("decided_by"))
                ),
            ),
            Prefetch(
                "reliance_proposals",
                queryset=RelianceProposal.objects.select_related("relies_on__organisation"),
            ),
        ),
        pk=pk,
    )


def _scoped(model, user, path="qualification"):
    return model.objects.filter(**{f"{path}__in": qualifications_visible_to(user)})


def approval_get(user, pk) -> Approval:
    return get_object_or_404(approvals_visible_to(user), pk=pk)


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


def meeting_get(user, pk) -> PabMeeting:
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def pack_get(user, pk) -> PackVersion:
    return get_object_or_404(
        PackVersion.objects.filter(meeting__in=meetings_visible_to(user)), pk=pk
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
