from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .poap import build_poap
from .rules import rule_sentence
from .selectors import cohort_get, cohorts, timeline_current


@login_required
def cohort_list(request):
    return render(request, "waves/cohort_list.html", {"cohorts": cohorts()})


@login_required
def cohort_detail(request, key):
    cohort = cohort_get(key)
    timeline = timeline_current(cohort)
    rules = list(timeline.rules.all()) if timeline else []
    drawable = [rule for rule in rules if rule.kind != "n/a"]
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
            "poap": build_poap(drawable, today=timezone.localdate()),
        },
    )
