"""Pages that bring several apps together: where people land after signing in."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from qualification import selectors
from qualification.permissions import actor_for
from qualification.services import qualification_manual_actions
from waves.clock import portal_today
from waves.selectors import allocations_by_qualification
from waves.timelines import organisation_timelines


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    """Send each person to the page their work starts from."""
    actor = actor_for(request.user)
    if actor.is_staff_user:
        return redirect("participants")
    organisation_ids = list(actor.memberships)
    if len(organisation_ids) == 1:
        return redirect("organisation_home", pk=organisation_ids[0])
    organisations = selectors.organisations_visible_to(request.user)
    return render(request, "home.html", {"organisations": organisations})


@login_required
def organisation_home(request, pk):
    """The participant home: the organisation, its roles and MPIDs, its cohorts' plans."""
    organisation = selectors.organisation_overview(request.user, pk)
    qualifications = list(organisation.qualifications.all())
    today = portal_today()
    actor = actor_for(request.user)
    for q in qualifications:
        q.actions = qualification_manual_actions(actor=actor, qualification=q)
    return render(
        request,
        "organisation_home.html",
        {
            "organisation": organisation,
            "qualifications": qualifications,
            "plans": organisation_timelines(qualifications, today=today),
            "actions_any": any(q.actions for q in qualifications),
            "can_manage": actor.can_manage(organisation.pk),
            "today": today,
        },
    )


@login_required
def participants(request):
    """The reviewer's and programme's home: every organisation in their scope."""
    actor = actor_for(request.user)
    if not actor.is_staff_user:
        raise Http404
    query = request.GET.get("q", "").strip()
    organisations = selectors.organisations_visible_to(request.user).prefetch_related(
        Prefetch("qualifications", queryset=selectors.qualifications_visible_to(request.user))
    )
    if query:
        organisations = organisations.filter(name__icontains=query)
    page = Paginator(organisations.order_by("name"), 25).get_page(request.GET.get("page"))
    allocations = allocations_by_qualification(
        q.pk for organisation in page for q in organisation.qualifications.all()
    )
    rows = [
        (
            organisation,
            [(q, allocations.get(q.pk)) for q in organisation.qualifications.all()],
        )
        for organisation in page
    ]
    return render(
        request,
        "participants.html",
        {"page": page, "rows": rows, "query": query, "bodies": sorted(actor.bodies)},
    )
