"""Governance pages: the approvals dashboard, one application's checklist and
decisions, PAB meetings with their agenda and packs. Every form calls a
service; its refusal comes back as a message."""

import csv
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.outbox import enqueue
from mhhs_portal.security.reauth import recent_authentication_required
from qualification.permissions import actor_for

from .. import selectors, services
from ..models import ApprovalStatus, FindingKind
from ..pack.render import pack_html
from ..qualified import criteria_for, explanation
from ..services._common import may_decide
from .casework import casework_context, optional_date
from .casework import run as _run

# The board shows the first approvals of each status; "All N" pages through the rest.
COLUMN_ROWS = 25
LIST_PAGE = 50


def _require_staff(request):
    actor = actor_for(request.user)
    if not actor.is_staff_user:
        raise Http404
    return actor


@login_required
def dashboard(request):
    """Approvals by body and status, for the bodies the person acts for."""
    _require_staff(request)
    status = request.GET.get("status", "")
    if status in ApprovalStatus.values:
        # One column in full, a page at a time.
        approvals = selectors.approvals_for_dashboard(request.user).filter(status=status)
        page = Paginator(approvals, LIST_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "governance/approvals_status.html",
            {"status": ApprovalStatus(status), "page": page},
        )
    counts, first = selectors.approval_columns(request.user, rows=COLUMN_ROWS)
    columns = [
        (status, [a for a in first if a.status == status], counts.get(status, 0))
        for status in ApprovalStatus
    ]
    return render(request, "governance/dashboard.html", {"columns": columns})


@login_required
def application(request, pk):
    qualification = selectors.application_get(request.user, pk)
    criteria = criteria_for(qualification)
    actor = actor_for(request.user)
    approvals = list(qualification.approvals.all())
    for approval in approvals:
        approval.can_decide = (
            approval.body != "BSC"
            and approval.status != ApprovalStatus.PENDING
            and may_decide(actor, approval.body)
        )
        for decision in approval.decisions.all():
            decision.can_appeal = (
                decision.outcome == ApprovalStatus.REJECTED
                and approval.body != "DIP"
                and not hasattr(decision, "superseded_by")
                and not decision.appeals.all()
                and (
                    actor.can_manage(qualification.organisation_id)
                    or may_decide(actor, approval.body)
                )
            )
    return render(
        request,
        "governance/application.html",
        {
            "q": qualification,
            "criteria": criteria,
            "explanation": explanation(criteria),
            "approvals": approvals,
            "raise_bodies": sorted(actor.bodies & set(qualification.market_role.approving_bodies)),
            "can_contribute": actor.can_contribute(qualification.organisation_id),
            "finding_kinds": FindingKind.choices,
            "qad_sections": selectors.qad_sections_of(qualification),
            **casework_context(actor, qualification),
        },
    )


@login_required
@require_POST
@recent_authentication_required
def approval_decide(request, pk):
    approval = selectors.approval_get(request.user, pk)
    meeting = None
    if request.POST.get("meeting"):
        meeting = selectors.meeting_get(request.user, request.POST["meeting"])
    target = (
        ("governance:meeting", meeting.pk)
        if meeting
        else (
            "governance:application",
            approval.qualification_id,
        )
    )
    return _run(
        request,
        lambda: services.approval_decide(
            actor=request.user,
            approval=approval,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            minutes=request.POST.get("minutes", ""),
            meeting=meeting,
        ),
        success="Decision recorded.",
        to=target,
    )


@login_required
@require_POST
def finding_raise(request, pk):
    qualification = selectors.application_get(request.user, pk)
    chosen = request.POST.get("section", "")
    sections = {str(s.pk): s for s in selectors.qad_sections_of(qualification)}
    if chosen and chosen not in sections:
        raise Http404
    return _run(
        request,
        lambda: services.finding_raise(
            actor=request.user,
            qualification=qualification,
            body=request.POST.get("body", ""),
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            qad_section=sections.get(chosen),
        ),
        success="Finding raised.",
        to=("governance:application", pk),
    )


FINDING_ACTIONS = {
    "propose": lambda user, f, post: services.finding_propose_plan(
        actor=user,
        finding=f,
        action_plan=post.get("action_plan", ""),
        plan_due=optional_date(post, "plan_due", "date the plan is done by"),
    ),
    "agree": lambda user, f, post: services.finding_agree_plan(actor=user, finding=f),
    "return": lambda user, f, post: services.finding_return_plan(
        actor=user, finding=f, reason=post.get("reason", "")
    ),
    "clear": lambda user, f, post: services.finding_clear(actor=user, finding=f),
}


@login_required
@require_POST
def finding_act(request, pk, action):
    finding = selectors.finding_get(request.user, pk)
    if action not in FINDING_ACTIONS:
        raise Http404
    return _run(
        request,
        lambda: FINDING_ACTIONS[action](request.user, finding, request.POST),
        success="Finding updated.",
        to=("governance:application", finding.qualification_id),
    )


@login_required
def meetings(request):
    meetings = selectors.meetings_visible_to(request.user)
    if not selectors.sees_meetings(request.user):
        raise Http404
    if request.method == "POST":
        try:
            starts_at = timezone.make_aware(
                datetime.fromisoformat(request.POST.get("starts_at", ""))
            )
        except ValueError:
            messages.error(request, "Give the meeting's date and time.")
            return redirect("governance:meetings")
        try:
            meeting = services.meeting_create(
                actor=request.user, title=request.POST.get("title", ""), starts_at=starts_at
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("governance:meetings")
        return redirect("governance:meeting", meeting.pk)
    now = timezone.now()
    return render(
        request,
        "governance/meetings.html",
        {
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(starts_at__lt=now),
            "is_secretariat": actor_for(request.user).has_duty("pab_secretariat"),
        },
    )


@login_required
def meeting(request, pk):
    meeting = selectors.meeting_get(request.user, pk)
    items = meeting.items.select_related(
        "approval__qualification__organisation", "approval__qualification__market_role"
    ).prefetch_related("approval__decisions")
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "ready": selectors.ready_for_pab(request.user).exclude(agenda_items__meeting=meeting),
            "packs": meeting.packs.select_related("generated_by"),
            "held": meeting.starts_at <= timezone.now(),
            "exemptions": selectors.exemptions_awaiting_pab(request.user),
            "is_secretariat": actor_for(request.user).has_duty("pab_secretariat"),
        },
    )


@login_required
@require_POST
def agenda_add(request, pk):
    meeting = selectors.meeting_get(request.user, pk)
    approval = selectors.approval_get(request.user, request.POST.get("approval") or 0)
    return _run(
        request,
        lambda: services.agenda_add(
            actor=request.user,
            meeting=meeting,
            approval=approval,
            recommendation=request.POST.get("recommendation", ""),
        ),
        success="Placed on the agenda.",
        to=("governance:meeting", pk),
    )


@login_required
@require_POST
def pack_generate(request, pk):
    meeting = selectors.meeting_get(request.user, pk)
    if not actor_for(request.user).has_duty("pab_secretariat"):
        messages.error(request, "Only the PAB secretariat can generate the pack.")
        return redirect("governance:meeting", pk)
    # In eager mode (laptop, tests) it runs before the redirect.
    enqueue("governance.tasks.generate_pack", meeting.pk, request.user.pk)
    messages.success(request, "The pack is being generated; it appears below when ready.")
    return redirect("governance:meeting", pk)


@login_required
def pack_preview(request, pk):
    meeting = selectors.meeting_get(request.user, pk)
    html, _ = pack_html(meeting, for_screen=True)
    return HttpResponse(html)


@login_required
def pack_download(request, pk):
    pack = selectors.pack_get(request.user, pk)
    return FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=f"pab-pack-{pack.meeting_id}-v{pack.number}.pdf",
        content_type="application/pdf",
    )


@login_required
def agenda_csv(request, pk):
    meeting = selectors.meeting_get(request.user, pk)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="pab-agenda-{meeting.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["item", "organisation", "role", "status", "recommendation"])
    for item in meeting.items.select_related(
        "approval__qualification__organisation", "approval__qualification__market_role"
    ):
        q = item.approval.qualification
        writer.writerow(
            [
                item.position,
                q.organisation.name,
                q.market_role.name,
                item.approval.get_status_display(),
                item.recommendation,
            ]
        )
    return response


@login_required
def register_csv(request):
    """The qualified persons register with the exemptions each Supplier holds."""
    _require_staff(request)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="qualified-persons-register.csv"'
    writer = csv.writer(response)
    writer.writerow(["organisation", "role", "mpids", "status", "exemptions"])
    for q in selectors.register_rows(request.user):
        mpids = [m.code for m in q.organisation.mpids.all() if m.market_role_id == q.market_role_id]
        exemptions = [e.get_segment_display() for e in q.exemptions.all() if e.status == "approved"]
        writer.writerow(
            [
                q.organisation.name,
                q.market_role.name,
                " ".join(mpids),
                q.get_status_display(),
                "; ".join(exemptions),
            ]
        )
    return response
