"""The timelines an organisation follows, grouped by cohort, ready to draw."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from .models import Cohort, TimelineRule, TimelineVersion
from .poap import Poap, build_poap
from .selectors import allocations_by_qualification, event_dates


@dataclass
class CohortPlan:
    cohort: Cohort
    timeline: TimelineVersion | None
    qualifications: list
    poap: Poap | None


def organisation_timelines(qualifications, *, today: date) -> list[CohortPlan]:
    allocations = allocations_by_qualification(q.pk for q in qualifications)
    by_cohort: dict[int, list] = {}
    for qualification in qualifications:
        allocation = allocations.get(qualification.pk)
        if allocation:
            by_cohort.setdefault(allocation.cohort_id, []).append(qualification)
    if not by_cohort:
        return []
    cohorts = Cohort.objects.filter(pk__in=by_cohort).prefetch_related(
        Prefetch(
            "timelines",
            queryset=TimelineVersion.objects.order_by("-number").prefetch_related(
                Prefetch(
                    "rules",
                    queryset=TimelineRule.objects.exclude(kind="n/a").select_related("activity"),
                )
            ),
        )
    )
    plans = []
    for cohort in cohorts:
        members = by_cohort[cohort.pk]
        versions = list(cohort.timelines.all())
        timeline = versions[0] if versions else None
        rules = list(timeline.rules.all()) if timeline else []
        # An organisation's roles in one cohort share its QAD, so the first
        # role's events place the "within N weeks of ..." deadlines.
        plans.append(
            CohortPlan(
                cohort=cohort,
                timeline=timeline,
                qualifications=members,
                poap=build_poap(
                    rules, today=today, event_dates=event_dates(members[0]), with_status=True
                ),
            )
        )
    return plans
