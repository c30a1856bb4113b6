from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mhhs_portal.exceptions import ApplicationError
from mhhs_portal.forms import submit_form

from . import selectors, services
from .forms import MemberAddForm, MemberRoleForm, MpidAddForm, QualificationAddForm
from .permissions import actor_for


def _roles_context(request, pk, **forms) -> dict:
    org = selectors.organisation_overview(request.user, pk)
    return {
        "organisation": org,
        "qualifications": list(org.qualifications.all()),
        "can_manage": actor_for(request.user).can_manage(org.pk),
        "mpid_form": MpidAddForm(),
        "qualification_form": QualificationAddForm(),
        **forms,
    }


@login_required
def roles(request, pk):
    """The organisation's market roles and MPIDs, and the forms its admin uses to add them."""
    return render(request, "qualification/roles.html", _roles_context(request, pk))


def _managed_organisation(request, pk):
    org = selectors.organisation_get(request.user, pk)
    return org, actor_for(request.user).can_manage(org.pk)


@login_required
@require_POST
def mpid_add(request, pk):
    org, _ = _managed_organisation(request, pk)
    form = MpidAddForm(request.POST)
    mpid = submit_form(form, services.mpid_register, actor=request.user, organisation=org)
    if mpid:
        messages.success(request, f"MPID {mpid.code} registered for {mpid.market_role}.")
        return redirect("qualification:roles", pk=org.pk)
    return _roles_with_form(request, org, mpid_form=form)


@login_required
@require_POST
def qualification_add(request, pk):
    org, _ = _managed_organisation(request, pk)
    form = QualificationAddForm(request.POST)
    q = submit_form(form, services.qualification_register, actor=request.user, organisation=org)
    if q:
        messages.success(request, f"{q.market_role} registered for qualification.")
        return redirect("qualification:roles", pk=org.pk)
    return _roles_with_form(request, org, qualification_form=form)


def _roles_with_form(request, org, **forms):
    # The page again with the invalid form in place and a 400 status, so the
    # person sees what they typed and the error beside it.
    context = _roles_context(request, org.pk, **forms)
    return render(request, "qualification/roles.html", context, status=400)


@login_required
def members(request, pk):
    org, can_manage = _managed_organisation(request, pk)
    people = selectors.members_of(request.user, org)
    if not people.exists() and not can_manage:
        raise Http404
    form = MemberAddForm()
    status = 200
    if request.method == "POST":
        form = MemberAddForm(request.POST)
        membership = submit_form(
            form, services.membership_add, actor=request.user, organisation=org
        )
        if membership:
            messages.success(request, f"{membership.user.email} added as {membership.role}.")
            return redirect("qualification:members", pk=org.pk)
        status = 400
    return render(
        request,
        "qualification/members.html",
        {
            "organisation": org,
            "members": people,
            "form": form,
            "can_manage": can_manage,
            "role_form": MemberRoleForm(),
        },
        status=status,
    )


@login_required
@require_POST
def member_update(request, pk, membership_pk):
    org, _ = _managed_organisation(request, pk)
    membership = get_object_or_404(selectors.members_of(request.user, org), pk=membership_pk)
    try:
        if request.POST.get("action") == "remove":
            services.membership_remove(actor=request.user, membership=membership)
            messages.success(request, f"{membership.user.email} removed.")
        else:
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose a valid role.")
                return redirect("qualification:members", pk=org.pk)
            services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
            messages.success(
                request, f"{membership.user.email} is now {form.cleaned_data['role']}."
            )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("qualification:members", pk=org.pk)


@login_required
@require_POST
def qualification_move(request, pk):
    """A direct lifecycle move from the participant home (e.g. confirm QT entry)."""
    qualification = get_object_or_404(selectors.qualifications_visible_to(request.user), pk=pk)
    transition = request.POST.get("transition", "")
    if transition not in services.MANUAL_TRANSITIONS:
        messages.error(request, "That is not a move that can be made here.")
    else:
        try:
            moved = services.qualification_transition(
                actor=request.user,
                qualification=qualification,
                transition=transition,
                reason=request.POST.get("reason", "").strip()[:300],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"{moved.market_role.name}: now “{moved.get_status_display()}”."
            )
    return redirect("organisation_home", pk=qualification.organisation_id)
