from django.urls import reverse

from qualification.permissions import actor_for
from waves.services import may_allocate


def navigation(request):
    """The links a person's memberships and duties give them, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    actor = actor_for(user)
    links = [("Home", reverse("home"))]
    if actor.is_staff_user:
        links.append(("Participants", reverse("participants")))
        links.append(("Deadlines", reverse("deadlines:dashboard")))
    for organisation_id in actor.memberships:
        links.append(("My organisation", reverse("organisation_home", args=[organisation_id])))
        if actor.can_manage(organisation_id):
            links.append(("API access", reverse("api_access:org_tokens", args=[organisation_id])))
        break
    links.append(("QADs", reverse("qad:list")))
    if any(duty == "reviewer" for duty, _ in actor.assignments):
        links.append(("Review queue", reverse("qad:queue")))
    if actor.sees_every_participant or "DIP" in actor.bodies:
        links.append(("Service activation", reverse("service_activation:board")))
    if actor.is_staff_user:
        links.append(("API access", reverse("api_access:account_tokens")))
        links.append(("Approvals", reverse("governance:dashboard")))
    if actor.sees_every_participant or "BSC" in actor.bodies:
        links.append(("PAB", reverse("governance:meetings")))
    if any(actor.can_contribute(pk) for pk in actor.memberships) or actor.bodies & {"BSC", "REC"}:
        links.append(("PQS", reverse("pqs:list")))
    if may_allocate(actor):
        links.append(("PQS review", reverse("pqs:queue")))
        links.append(("Wave allocation", reverse("pqs:board")))
    links.append(("Deliverables", reverse("deliverables:index")))
    links.append(("Timelines", reverse("waves:cohort_list")))
    links.append(("API", reverse("api-docs")))
    if user.is_staff:
        links.append(("Admin", reverse("admin:index")))
    return {"nav_links": links, "portal_actor": actor}
