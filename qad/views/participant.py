"""The participant's pages: QAD list and overview, section editor, sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.forms import service_form_errors
from mhhs_portal.security.forms import ConfirmIdentityForm
from mhhs_portal.security.reauth import is_fresh, reauthenticated_at

from .. import selectors, services
from ..declarations import CURRENT_DECLARATION, DECLARATIONS
from ..evidence_types import max_bytes
from ..forms import (
    CommentForm,
    EvidenceUploadForm,
    ReopenRequestForm,
    SectionAnswersForm,
    SignOffForm,
)
from ..models import QuestionType, SectionStatus
from ..rights import can_contribute, reviewing_bodies
from ._common import run_service, waiting_on


@login_required
def qad_list(request):
    return render(request, "qad/list.html", {"qads": selectors.qad_list(request.user)})


@login_required
def overview(request, pk):
    qad, sections = selectors.qad_overview(request.user, pk)
    bodies: dict[str, list[int]] = {}
    rows = []
    for section in sections:
        for review in section.reviews.all():
            counts = bodies.setdefault(review.body, [0, 0])
            counts[0] += review.status == "accepted"
            counts[1] += 1
        rows.append((section, waiting_on(section)))
    accepted = sum(s.status == SectionStatus.ACCEPTED for s in sections)
    return render(
        request,
        "qad/overview.html",
        {
            "qad": qad,
            "rows": rows,
            "accepted": accepted,
            "submitted": sum(s.first_submitted_at is not None for s in sections),
            "total": len(sections),
            "bodies": sorted(bodies.items()),
            "can_contribute": can_contribute(request.user, qad.organisation_id),
        },
    )


def _section_context(request, section, **extra) -> dict:
    questions = list(section.template_section.questions.all())
    answers = {a.question_id: a.value for a in section.answers.all()}
    evidence = {e.question_id: e for e in section.evidence.all()}
    contributor = can_contribute(request.user, section.qad.organisation_id)
    return {
        "section": section,
        "qad": section.qad,
        "form": SectionAnswersForm(questions=questions, answers=answers),
        "files": [(q, evidence.get(q.pk)) for q in questions if q.type == QuestionType.FILE],
        "comments": selectors.comments_for(request.user, section),
        "comment_form": CommentForm(),
        "reopen_form": ReopenRequestForm(),
        "upload_form": EvidenceUploadForm(),
        "max_upload_bytes": max_bytes(),
        "can_edit": contributor and section.is_editable and not section.qad.is_read_only,
        "can_contribute": contributor and not section.qad.is_read_only,
        "is_reviewer": bool(
            reviewing_bodies(request.user) & {r.body for r in section.reviews.all()}
        ),
        **extra,
    }


@login_required
def section(request, pk):
    """Answers, evidence, comments and submit for one section."""
    section = selectors.section_detail(request.user, pk)
    context = _section_context(request, section)
    if request.method != "POST":
        return render(request, "qad/section.html", context)
    form = SectionAnswersForm(request.POST, questions=context["form"].questions, answers={})
    context["form"] = form
    if form.is_valid():
        try:
            services.answers_save(actor=request.user, section=section, values=form.values())
        except ApplicationError as exc:
            service_form_errors(form, exc)
        else:
            messages.success(request, "Answers saved.")
            return redirect("qad:section", pk=section.pk)
    return render(request, "qad/section.html", context, status=400)


@login_required
@require_POST
def evidence_upload(request, pk, question_pk):
    section = selectors.section_get(request.user, pk)
    question = get_object_or_404(section.template_section.questions, pk=question_pk)
    form = EvidenceUploadForm(request.POST, request.FILES)
    wants_json = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    error = "Choose a file to upload."
    if form.is_valid():
        try:
            revision = services.evidence_upload(
                actor=request.user,
                section=section,
                question=question,
                upload=form.cleaned_data["file"],
            )
        except ApplicationError as exc:
            error = (exc.errors.get("file") or [exc.message])[0]
        else:
            messages.success(
                request, f"{revision.original_name} uploaded (revision {revision.number})."
            )
            target = reverse("qad:section", args=[section.pk])
            if wants_json:
                return JsonResponse({"redirect": target})
            return redirect(target)
    if wants_json:
        return JsonResponse({"error": error}, status=400)
    messages.error(request, error)
    return redirect("qad:section", pk=section.pk)


@login_required
@require_POST
def section_submit(request, pk):
    section = selectors.section_get(request.user, pk)
    return run_service(
        request,
        lambda: services.section_submit(actor=request.user, section=section),
        success="Section submitted to the reviewing bodies.",
        to=("qad:section", section.pk),
    )


@login_required
@require_POST
def comment_add(request, pk):
    section = selectors.section_get(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a comment.")
        return redirect(request.POST.get("next") or reverse("qad:section", args=[pk]))
    back = "qad:section_review" if request.POST.get("from") == "review" else "qad:section"
    return run_service(
        request,
        lambda: services.comment_add(actor=request.user, section=section, **form.cleaned_data),
        success="Comment added.",
        to=(back, section.pk),
    )


@login_required
@require_POST
def reopen_request(request, pk):
    section = selectors.section_get(request.user, pk)
    form = ReopenRequestForm(request.POST)
    reason = form.data.get("reason", "")
    return run_service(
        request,
        lambda: services.reopen_request(actor=request.user, section=section, reason=reason),
        success="Reopening requested from the reviewing bodies.",
        to=("qad:section", section.pk),
    )


@login_required
def sign_off(request, pk):
    """Confirm it is you (password or authenticator code), read the declaration,
    sign; the snapshot hash is shown after."""
    qad, sections = selectors.qad_overview(request.user, pk)
    capacity = services.signing_capacity(request.user, qad)
    if capacity is None and not qad.is_read_only:
        raise Http404
    reauth = reauthenticated_at(request)
    password_form, sign_form = (
        ConfirmIdentityForm(),
        SignOffForm(initial={"declaration_version": CURRENT_DECLARATION}),
    )
    status = 200
    if request.method == "POST" and request.POST.get("step") == "password":
        password_form = ConfirmIdentityForm(request.POST)
        if password_form.confirm(request):
            return redirect("qad:sign_off", pk=qad.pk)
        status = 400
    elif request.method == "POST":
        sign_form = SignOffForm(request.POST)
        if sign_form.is_valid():
            try:
                services.qad_sign_off(
                    actor=request.user,
                    qad=qad,
                    reauthenticated_at=reauth,
                    declaration_version=sign_form.cleaned_data["declaration_version"],
                )
            except ApplicationError as exc:
                service_form_errors(sign_form, exc)
            else:
                messages.success(request, "The Final QAD is signed off.")
                return redirect("qad:sign_off", pk=qad.pk)
        status = 400
    fresh = is_fresh(reauth)
    return render(
        request,
        "qad/sign_off.html",
        {
            "qad": qad,
            "record": getattr(qad, "sign_off_record", None) if qad.is_read_only else None,
            "not_accepted": [s for s in sections if s.status != SectionStatus.ACCEPTED],
            "capacity": capacity,
            "reauthenticated": fresh,
            "password_form": password_form,
            "sign_form": sign_form,
            "declaration": DECLARATIONS[CURRENT_DECLARATION],
            "declaration_version": CURRENT_DECLARATION,
        },
        status=status,
    )
