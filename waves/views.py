from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mhhs_portal.exceptions import ValidationFailed

from .clock import portal_today
from .forms import PlanForm
from .planner import cohort_plan, plan_parse
from .poap import build_poap
from .rules import rule_sentence
from .selectors import cohort_get, cohorts, timeline_current


@login_required
def cohort_list(request):
    return render(request, "waves/cohort_list.html", {"cohorts": cohorts()})


@login_required
def cohort_detail(request, key):
    """A cohort's timeline, and the planner: "what if we submit our Final QAD on ...?"."""
    cohort = cohort_get(key)
    timeline = timeline_current(cohort)
    rules = list(timeline.rules.all()) if timeline else []
    drawable = [rule for rule in rules if rule.kind != "n/a"]
    today = portal_today()
    form = PlanForm(
        request.GET or None,
        event_kinds=dict.fromkeys(rule.event_kind for rule in rules if rule.event_kind),
    )
    plan_rows, plan_poap = None, None
    if form.is_bound and form.is_valid():
        try:
            plan = plan_parse(cohort=cohort, events=form.events(), as_of=form.as_of_text())
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            plan_rows = cohort_plan(plan)
            plan_poap = build_poap(
                drawable, today=plan.as_of, event_dates=plan.event_dates, with_status=True
            )
    return render(
        request,
        "waves/cohort_detail.html",
        {
            "cohort": cohort,
            "timeline": timeline,
            "rows": [
                {
                    "label": f"{r.activity.label} ({r.note})" if r.note else r.activity.label,
                    "sentence": rule_sentence(r),
                }
                for r in rules
            ],
            "poap": build_poap(drawable, today=today),
            "form": form,
            "plan_rows": plan_rows,
            "plan_poap": plan_poap,
            "today": today,
        },
    )
