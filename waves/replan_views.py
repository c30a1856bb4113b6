"""The re-planning impact report: per participant, each deadline that moved."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from qualification.selectors import events_visible_to

COLUMNS = ["recorded", "organisation", "market_role", "cohort", "timeline", "source"]
MOVE_COLUMNS = ["activity", "seq", "old_due", "new_due", "old_opens", "new_opens"]


def _replans(user):
    # Every re-plan leaves one event per affected qualification; the scope of
    # the event selector is the scope of the report.
    return (
        events_visible_to(user)
        .filter(kind="deadlines_replanned")
        .select_related("organisation")
        .order_by("-occurred_at", "organisation__name")
    )


@login_required
def replan_report(request):
    return render(request, "waves/replan_report.html", {"events": _replans(request.user)[:500]})


@login_required
def replan_report_csv(request):
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="replans.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS + MOVE_COLUMNS)
    for event in _replans(request.user).iterator(chunk_size=1000):
        head = [
            event.occurred_at.isoformat(),
            event.organisation.name,
            event.qualification.market_role.code,
            event.payload["cohort"],
            event.payload["timeline"],
            event.payload["source"],
        ]
        for move in event.payload["moves"]:
            writer.writerow(head + [move[column] or "" for column in MOVE_COLUMNS])
    return response
