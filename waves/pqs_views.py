"""PQS pages for participants and Code Bodies, and the allocation board.

Every form calls a service; a refusal comes back as a message (or as errors
on the form) and nothing changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from qualification.permissions import actor_for
from qualification.selectors import organisation_get, qualifications_visible_to

from . import pqs_selectors as selectors
from . import pqs_services as services
from . import wait_list as places
from .forms import PqsForm
from .models import AllocationStatus
from .models_pqs import PqsStatus
from .services import allocation_set, may_allocate


def _run(request, call, *, success: str, to: tuple):
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(*to)


def _require_allocator(request):
    if not may_allocate(request.user):
        raise Http404


@login_required
def pqs_list(request):
    """The PQSs the person may see; participants start new ones from here."""
    actor = actor_for(request.user)
    organisations = [
        organisation_get(request.user, pk) for pk in actor.memberships if actor.can_contribute(pk)
    ]
    return render(
        request,
        "waves/pqs_list.html",
        {"submissions": selectors.pqs_list(request.user), "organisations": organisations},
    )


def _form_page(request, *, organisation, pqs=None):
    if not actor_for(request.user).can_contribute(organisation.pk):
        raise Http404
    waves = selectors.waves()
    initial = PqsForm.initial_from(pqs) if pqs else {}
    form = PqsForm(request.POST or None, organisation=organisation, waves=waves, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if pqs is None:
                pqs = services.pqs_create(
                    actor=request.user, organisation=organisation, data=form.to_input()
                )
            else:
                pqs = services.pqs_update(actor=request.user, pqs=pqs, data=form.to_input())
        except ApplicationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "PQS saved as a draft. Submit it when it is complete.")
            return redirect("pqs:detail", pqs.pk)
    return render(
        request,
        "waves/pqs_form.html",
        {"form": form, "organisation": organisation, "pqs": pqs},
        status=400 if form.errors else 200,
    )


@login_required
def pqs_create(request, pk):
    return _form_page(request, organisation=organisation_get(request.user, pk))


@login_required
def pqs_edit(request, pk):
    pqs = selectors.pqs_get(request.user, pk)
    if pqs.status != PqsStatus.DRAFT:
        messages.error(request, "Only a draft PQS can be edited.")
        return redirect("pqs:detail", pqs.pk)
    return _form_page(request, organisation=pqs.organisation, pqs=pqs)


@login_required
def pqs_detail(request, pk):
    pqs = selectors.pqs_get(request.user, pk)
    actor = actor_for(request.user)
    roles = list(pqs.qualifications.all())
    waiting = {
        (entry.qualification_id): entry
        for entry in selectors.wait_list_visible_to(request.user).filter(
            qualification__in=roles, status="waiting"
        )
    }
    for q in roles:
        q.waiting = waiting.get(q.pk)
        q.current = getattr(q, "allocation", None)
    return render(
        request,
        "waves/pqs_detail.html",
        {
            "pqs": pqs,
            "roles": roles,
            "is_participant": actor.can_contribute(pqs.organisation_id),
            "reviewing_body": services.pqs_reviewing_body(request.user, pqs),
            "can_allocate": may_allocate(request.user) and pqs.status == PqsStatus.ACCEPTED,
            "waves": selectors.waves(),
            "allocation_statuses": AllocationStatus.choices,
        },
    )


# action -> (service call, success message); each reads only its own fields.
ACTIONS = {
    "submit": (
        lambda r, p: services.pqs_submit(actor=r.user, pqs=p),
        "PQS submitted to the Code Bodies.",
    ),
    "withdraw": (
        lambda r, p: services.pqs_withdraw(actor=r.user, pqs=p, reason=r.POST.get("reason", "")),
        "PQS withdrawn.",
    ),
    "clarify": (
        lambda r, p: services.pqs_clarification_request(
            actor=r.user, pqs=p, question=r.POST.get("text", "")
        ),
        "Clarification requested from the participant.",
    ),
    "answer": (
        lambda r, p: services.pqs_clarification_answer(
            actor=r.user, pqs=p, answer=r.POST.get("text", "")
        ),
        "Answer sent to the Code Bodies.",
    ),
    "accept": (
        lambda r, p: services.pqs_accept(actor=r.user, pqs=p, note=r.POST.get("text", "")),
        "PQS accepted: its roles can now be allocated to a wave.",
    ),
    "reject": (
        lambda r, p: services.pqs_reject(actor=r.user, pqs=p, reason=r.POST.get("text", "")),
        "PQS rejected.",
    ),
}


@login_required
@require_POST
def pqs_act(request, pk, action):
    pqs = selectors.pqs_get(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    call, success = ACTIONS[action]
    return _run(request, lambda: call(request, pqs), success=success, to=("pqs:detail", pqs.pk))


@login_required
@require_POST
def pqs_allocate(request, pk):
    """Allocate a role of an accepted PQS to a wave, or put it on a full wave's wait list."""
    pqs = selectors.pqs_get(request.user, pk)
    _require_allocator(request)
    qualification = next(
        (q for q in pqs.qualifications.all() if str(q.pk) == request.POST.get("qualification")),
        None,
    )
    wave = selectors.waves().filter(key=request.POST.get("cohort", "")).first()
    if qualification is None or wave is None:
        messages.error(request, "Choose one of the PQS's roles and a QT wave.")
        return redirect("pqs:detail", pqs.pk)
    reason = request.POST.get("reason", "")
    if request.POST.get("wait_list"):
        return _run(
            request,
            lambda: places.wait_list_add(
                actor=request.user, qualification=qualification, cohort=wave, reason=reason, pqs=pqs
            ),
            success=f"Put on the wait list of {wave.label}.",
            to=("pqs:detail", pqs.pk),
        )
    return _run(
        request,
        lambda: allocation_set(
            actor=request.user,
            qualification=qualification,
            cohort=wave,
            status=request.POST.get("status", AllocationStatus.INDICATIVE),
            reason=reason,
        ),
        success=f"Allocated to {wave.label}.",
        to=("pqs:detail", pqs.pk),
    )


@login_required
def pqs_queue(request):
    """Submissions waiting for the Code Bodies, oldest first."""
    _require_allocator(request)
    return render(
        request, "waves/pqs_queue.html", {"queue": selectors.pqs_review_queue(request.user)}
    )


@login_required
def allocation_board(request):
    """Each QT wave: capacity, places taken, wait list and the latest moves."""
    _require_allocator(request)
    return render(
        request,
        "waves/allocation_board.html",
        {
            "rows": selectors.allocation_board(request.user),
            "waves": selectors.waves(),
            "statuses": AllocationStatus.choices,
        },
    )


@login_required
@require_POST
def capacity_set(request, key):
    _require_allocator(request)
    wave = selectors.wave_get(key)
    raw = request.POST.get("capacity", "").strip()
    if raw and not raw.isdigit():
        messages.error(request, "Capacity is a whole number of places, or empty for no limit.")
        return redirect("pqs:board")
    return _run(
        request,
        lambda: places.cohort_capacity_set(
            actor=request.user,
            cohort=wave,
            capacity=int(raw) if raw else None,
            reason=request.POST.get("reason", ""),
        ),
        success=f"Capacity of {wave.label} updated.",
        to=("pqs:board",),
    )


@login_required
@require_POST
def allocation_move(request):
    """Move an allocated qualification to another wave (with a reason), or finalise it."""
    _require_allocator(request)
    raw = request.POST.get("qualification", "")
    qualification = (
        qualifications_visible_to(request.user).filter(pk=raw).first() if raw.isdigit() else None
    )
    wave = selectors.waves().filter(key=request.POST.get("cohort", "")).first()
    if qualification is None:
        raise Http404
    if wave is None:
        messages.error(request, "Choose a QT wave.")
        return redirect("pqs:board")
    return _run(
        request,
        lambda: allocation_set(
            actor=request.user,
            qualification=qualification,
            cohort=wave,
            status=request.POST.get("status", AllocationStatus.FINAL),
            reason=request.POST.get("reason", ""),
        ),
        success=f"Allocation in {wave.label} recorded.",
        to=("pqs:board",),
    )


WAIT_LIST_ACTIONS = {
    "promote": (places.wait_list_promote, "Promoted from the wait list."),
    "remove": (places.wait_list_remove, "Taken off the wait list."),
}


@login_required
@require_POST
def wait_list_act(request, pk, action):
    _require_allocator(request)
    entry = selectors.wait_list_entry_get(request.user, pk)
    if action not in WAIT_LIST_ACTIONS:
        raise Http404
    service, success = WAIT_LIST_ACTIONS[action]
    return _run(
        request,
        lambda: service(actor=request.user, entry=entry, reason=request.POST.get("reason", "")),
        success=success,
        to=("pqs:board",),
    )
