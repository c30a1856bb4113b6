"""The programme's deadline dashboard and its CSV export (staff and programme viewers)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render

from qualification.permissions import actor_for

from .clock import portal_today
from .dashboard import CHART_BARS, CHART_LABEL, STAGES, rag_by_cohort, rag_chart, status_table
from .deadline_apis import DeadlineSerializer
from .rag import Rag
from .rules import Status
from .selectors import deadlines_visible_to
from .sweep import CRITICAL_ACTIVITIES

# The CSV has the API's columns, so a spreadsheet and a script read the same thing.
CSV_COLUMNS = DeadlineSerializer.Meta.fields


def _require_staff(request):
    # Participants have their own plan on their home page; this is the programme's view.
    if not actor_for(request.user).is_staff_user:
        raise Http404


@login_required
def dashboard(request):
    _require_staff(request)
    today = portal_today()
    rags = rag_by_cohort(request.user)
    overdue = (
        deadlines_visible_to(request.user)
        .filter(status=Status.OVERDUE)
        .order_by("due", "qualification__organisation__name", "activity__order")
    )
    page = Paginator(overdue, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "waves/deadlines_dashboard.html",
        {
            "today": today,
            "table": status_table(request.user, today=today),
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
