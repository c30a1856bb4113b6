"""The reviewer's pages: the body's queue, and reviewing a section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.forms import service_form_errors
from waves.clock import portal_today

from .. import selectors, services
from ..forms import CommentForm, ReopenDecisionForm, ReviewForm
from ..models import ReopenStatus
from ..rights import reviewing_bodies
from ._common import run_service


@login_required
def queue(request):
    bodies = reviewing_bodies(request.user)
    if not bodies:
        raise Http404
    queue = selectors.reviewer_queue(request.user)
    # Sort and cut the page on ids alone, then read the 50 rows with their joins:
    # sorting every waiting review with all its joined columns was most of the
    # page at 100x the population.
    page = Paginator(queue.values_list("pk", flat=True), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.queue_rows(list(page.object_list))
    due = selectors.review_due_dates(page.object_list)
    return render(
        request,
        "qad/queue.html",
        {
            "page": page,
            "rows": [(review, due.get(review.pk)) for review in page.object_list],
            # A cohort without dated review deadlines leaves the column out.
            "shows_due": any(due.values()),
            "today": portal_today(),
            "bodies": sorted(bodies),
        },
    )


@login_required
def section_review(request, pk):
    section = selectors.section_detail(request.user, pk)
    mine = reviewing_bodies(request.user) & {r.body for r in section.reviews.all()}
    if not mine:
        raise Http404
    body = request.POST.get("body") or request.GET.get("body") or sorted(mine)[0]
    review = next((r for r in section.reviews.all() if r.body == body), None)
    form = ReviewForm(initial={"body": body})
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.section_review(actor=request.user, section=section, **form.cleaned_data)
            except ApplicationError as exc:
                service_form_errors(form, exc)
            else:
                messages.success(request, f"Your verdict for {body} is recorded.")
                return redirect("qad:section_review", pk=section.pk)
        status = 400
    answers = {a.question_id: a for a in section.answers.all()}
    evidence = {e.question_id: e for e in section.evidence.all()}
    return render(
        request,
        "qad/review.html",
        {
            "section": section,
            "qad": section.qad,
            "body": body,
            "bodies": sorted(mine),
            "review": review,
            "form": form,
            "items": [
                (q, answers.get(q.pk), evidence.get(q.pk))
                for q in section.template_section.questions.all()
            ],
            "changes": selectors.changes_since_review(section, review),
            "comments": selectors.comments_for(request.user, section),
            "comment_form": CommentForm(),
            "reopen_requests": section.reopen_requests.filter(status=ReopenStatus.REQUESTED),
            "decision_form": ReopenDecisionForm(),
        },
        status=status,
    )


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = selectors.comment_get(request.user, pk)
    return run_service(
        request,
        lambda: services.comment_resolve(actor=request.user, comment=comment),
        success="Point resolved.",
        to=("qad:section_review", comment.section_id),
    )


@login_required
@require_POST
def reopen_decide(request, pk):
    section = selectors.section_get(request.user, pk)
    reopen = section.reopen_requests.filter(pk=request.POST.get("request")).first()
    form = ReopenDecisionForm(request.POST)
    if reopen is None or not form.is_valid():
        raise Http404
    return run_service(
        request,
        lambda: services.reopen_decide(actor=request.user, request=reopen, **form.cleaned_data),
        success="Decision recorded.",
        to=("qad:section_review", section.pk),
    )
