"""Deliverable pages: the participant's deliverables, one deliverable with its
files and review thread, the reviewers' queue, QT entry, and the programme's
status table. Every form calls a service; a refusal comes back as a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mhhs_portal.downloads import private_file_response
from mhhs_portal.exceptions import ApplicationError
from qualification.permissions import actor_for
from qualification.selectors import organisation_get, qualifications_visible_to

from ..models import Allocation
from . import selectors, services
from .kinds import SPECS
from .models import CheckpointOutcome, CheckpointReview, DeliverableStatus
from .rights import code_body_for, managed_cohort_ids, manages_cohort, participant_of
from .selectors import STATUS_COLUMNS
from .timeline import checkpoints_for_cohort

D = DeliverableStatus


def _run(request, call, *, success: str, to):
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(to)


@login_required
def index(request):
    """Send each person to the deliverables page that is theirs."""
    actor = actor_for(request.user)
    for organisation_id in actor.memberships:
        return redirect("deliverables:organisation", organisation_id)
    if managed_cohort_ids(actor) or actor.bodies:
        return redirect("deliverables:queue")
    return redirect("deliverables:status")


@login_required
def organisation(request, pk):
    org = organisation_get(request.user, pk)
    groups = selectors.deliverables_of_organisation(request.user, org.pk)
    return render(
        request, "waves/deliverables/organisation.html", {"organisation": org, "groups": groups}
    )


def _actions(actor, d) -> dict:
    participant = participant_of(actor, d)
    test_manager = manages_cohort(actor, d.cohort_id)
    code_body = code_body_for(actor, d)
    return {
        "can_upload": participant and d.status in (D.OUTSTANDING, D.DRAFT_AND_REVIEW),
        "can_submit": participant and d.status == D.OUTSTANDING,
        "can_pass": test_manager
        and d.status == D.DRAFT_AND_REVIEW
        and d.final_reviewer == "code_bodies",
        "can_complete": (
            test_manager and d.status == D.DRAFT_AND_REVIEW and d.final_reviewer == "test_manager"
        )
        or (code_body and d.status == D.CODE_BODY_REVIEW),
        "can_return": code_body and d.status == D.CODE_BODY_REVIEW,
        "can_comment": participant or test_manager or code_body,
    }


@login_required
def detail(request, pk):
    d = selectors.deliverable_get(request.user, pk)
    actor = actor_for(request.user)
    due = selectors.due_dates([d.qualification_id], [SPECS[d.kind].activity])
    context = {
        "d": d,
        "due": due.get((d.qualification_id, SPECS[d.kind].activity)),
        "spec": SPECS[d.kind],
        **_actions(actor, d),
    }
    return render(request, "waves/deliverables/detail.html", context)


@login_required
@require_POST
def upload(request, pk):
    d = selectors.deliverable_get(request.user, pk)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "Choose a file to upload.")
        return redirect("deliverables:detail", pk)
    return _run(
        request,
        lambda: services.deliverable_upload(actor=request.user, deliverable=d, upload=file),
        success=f"{file.name} uploaded.",
        to=d.get_absolute_url(),
    )


ACTIONS = {
    "submit": (services.deliverable_submit, "Submitted for review."),
    "pass": (services.deliverable_pass_to_code_bodies, "Passed to the Code Bodies."),
    "return": (services.deliverable_return, "Returned to the participant for changes."),
    "complete": (services.deliverable_complete, "Completed."),
}


@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    d = selectors.deliverable_get(request.user, pk)
    service, success = ACTIONS[action]
    comment = request.POST.get("comment", "")
    return _run(
        request,
        lambda: service(actor=request.user, deliverable=d, comment=comment),
        success=success,
        to=d.get_absolute_url(),
    )


@login_required
@require_POST
def comment(request, pk):
    d = selectors.deliverable_get(request.user, pk)
    text = request.POST.get("text", "")
    return _run(
        request,
        lambda: services.deliverable_comment_add(actor=request.user, deliverable=d, text=text),
        success="Comment added.",
        to=d.get_absolute_url() + "#thread",
    )


@login_required
def revision_download(request, pk):
    """Files are served only here, to people who may see the deliverable."""
    revision = selectors.revision_get(request.user, pk)
    return private_file_response(
        revision.file, filename=revision.original_name, content_type=revision.content_type
    )


@login_required
def queue(request):
    actor = actor_for(request.user)
    if not actor.is_staff_user:
        raise Http404
    rows = selectors.review_queue(request.user)
    return render(
        request,
        "waves/deliverables/queue.html",
        {
            "rows": rows,
            "is_test_manager": bool(managed_cohort_ids(actor)),
            "bodies": sorted(actor.bodies),
        },
    )


@login_required
def status(request):
    from ..selectors import cohorts

    cohort_key = request.GET.get("cohort", "")
    rows, totals = selectors.status_table(request.user, cohort_key=cohort_key)
    return render(
        request,
        "waves/deliverables/status.html",
        {
            "rows": rows,
            "totals": totals,
            "columns": [s.label for s in STATUS_COLUMNS],
            "cohorts": cohorts(),
            "cohort_key": cohort_key,
        },
    )


@login_required
def qt_entry(request, pk):
    """A qualification's QT entry: checkpoint deliverables, reviews, confirmation."""
    q = get_object_or_404(qualifications_visible_to(request.user), pk=pk)
    allocation = Allocation.objects.select_related("cohort").filter(qualification=q).first()
    cohort = allocation.cohort if allocation else None
    numbers = checkpoints_for_cohort(cohort) if cohort else []
    deliverables = {d.kind: d for d in q.deliverables.all()}
    reviews = list(CheckpointReview.objects.filter(qualification=q).select_related("reviewer"))
    checkpoints = [
        {
            "number": n,
            "deliverables": [
                deliverables[k] for k, s in SPECS.items() if s.checkpoint == n and k in deliverables
            ],
            "reviews": [r for r in reviews if r.number == n],
            "passed": any(r.number == n and r.outcome == "passed" for r in reviews),
        }
        for n in numbers
    ]
    return render(
        request,
        "waves/deliverables/qt_entry.html",
        {
            "q": q,
            "cohort": cohort,
            "checkpoints": checkpoints,
            "can_review": bool(cohort) and manages_cohort(request.user, cohort.pk),
            "outcomes": CheckpointOutcome.choices,
        },
    )


@login_required
@require_POST
def checkpoint(request, pk):
    q = get_object_or_404(qualifications_visible_to(request.user), pk=pk)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        number = 0
    outcome = request.POST.get("outcome", "")
    return _run(
        request,
        lambda: services.checkpoint_review(
            actor=request.user,
            qualification=q,
            number=number,
            outcome=outcome,
            comment=request.POST.get("comment", ""),
        ),
        success=f"QT Entry Checkpoint {number} review recorded.",
        to=reverse("deliverables:qt_entry", args=[q.pk]),
    )


@login_required
@require_POST
def qt_entry_confirm(request, pk):
    q = get_object_or_404(qualifications_visible_to(request.user), pk=pk)
    return _run(
        request,
        lambda: services.qt_entry_confirm(actor=request.user, qualification=q),
        success="QT entry confirmed: the participant is in testing.",
        to=reverse("deliverables:qt_entry", args=[q.pk]),
    )
