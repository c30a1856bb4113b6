"""The programme's deadline dashboard and its CSV export (staff and programme viewers)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from qualification.permissions import actor_for

from .clock import portal_today
from .dashboard import (
    CHART_BARS,
    CHART_LABEL,
    STAGES,
    rag_by_cohort,
    rag_chart,
    rag_counts,
    status_counts,
    status_table,
)
from .dashboard_cache import cached_figures
from .deadline_apis import DeadlineSerializer
from .rag import Rag
from .rules import Status
from .selectors import deadlines_visible_to
from .sweep import CRITICAL_ACTIVITIES

# The CSV has the API's columns, so a spreadsheet and a script read the same thing.
CSV_COLUMNS = DeadlineSerializer.Meta.fields


def _require_staff(request):
    # Participants have their own plan on their home page; this is the programme's view.
    actor = actor_for(request.user)
    if not actor.is_staff_user:
        raise Http404
    return actor


@login_required
def dashboard(request):
    actor = _require_staff(request)
    today = portal_today()
    user = request.user
    overdue = deadlines_visible_to(user).filter(status=Status.OVERDUE)
    # The three aggregates over every visible deadline, cached until the sweep
    # next changes a deadline (see dashboard_cache); the overdue page is live.
    figures = cached_figures(
        actor,
        today=today,
        compute=lambda: {
            "rags": rag_counts(user),
            "table": status_counts(user, today=today),
            "overdue": overdue.count(),
        },
    )
    rags = rag_by_cohort(user, figures["rags"])
    paginator = Paginator(
        overdue.order_by("due", "qualification__organisation__name", "activity__order"), 50
    )
    paginator.count = figures["overdue"]
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "waves/deadlines_dashboard.html",
        {
            "today": today,
            "table": status_table(user, today=today, counts=figures["table"]),
            "stages": STAGES,
            "rags": rags,
            "chart": rag_chart(rags),
            "chart_label": CHART_LABEL,
            "chart_width": CHART_LABEL + CHART_BARS + 40,
            "chart_height": 28 * len(rags) + 10,
            "rag_choices": Rag.choices,
            "page": page,
            "critical": CRITICAL_ACTIVITIES,
        },
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def export_csv(request):
    """Every visible deadline (optionally one status or cohort), streamed row by row."""
    _require_staff(request)
    rows = deadlines_visible_to(request.user).order_by(
        "qualification__organisation__name", "qualification_id", "activity__order", "seq"
    )
    if status := request.GET.get("status"):
        rows = rows.filter(status=status)
    if cohort := request.GET.get("cohort"):
        rows = rows.filter(timeline__cohort__key=cohort)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for deadline in rows.iterator(chunk_size=2000):
            data = DeadlineSerializer(deadline).data
            yield writer.writerow([data[column] for column in CSV_COLUMNS])

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="deadlines.csv"'
    return response
