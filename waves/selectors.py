from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qualification.models import Event, Qualification
from qualification.selectors import qualifications_visible_to

from .models import Allocation, Cohort, Deadline, TimelineRule, TimelineVersion
from .rules import rule_sentence


def cohorts() -> QuerySet[Cohort]:
    """Cohorts and their timelines are published reference data, the same for everyone."""
    return Cohort.objects.all()


def cohorts_with_current_timeline() -> QuerySet[Cohort]:
    return Cohort.objects.prefetch_related(
        Prefetch(
            "timelines",
            queryset=TimelineVersion.objects.prefetch_related(
                Prefetch("rules", queryset=TimelineRule.objects.select_related("activity"))
            ),
        )
    )


def cohort_get(key: str) -> Cohort:
    return get_object_or_404(Cohort, key=key)


def timeline_current(cohort: Cohort) -> TimelineVersion | None:
    """The highest version of the cohort's timeline, with its rules in table order."""
    return (
        cohort.timelines.order_by("-number")
        .prefetch_related(
            Prefetch("rules", queryset=TimelineRule.objects.select_related("activity"))
        )
        .first()
    )


def current_of(cohort: Cohort) -> TimelineVersion | None:
    """The current version among timelines already prefetched on the cohort."""
    versions = sorted(cohort.timelines.all(), key=lambda v: v.number, reverse=True)
    return versions[0] if versions else None


def allocations_by_qualification(qualification_ids) -> dict[int, Allocation]:
    allocations = Allocation.objects.filter(qualification_id__in=list(qualification_ids))
    return {a.qualification_id: a for a in allocations.select_related("cohort")}


def event_dates(qualification: Qualification) -> dict[str, date]:
    """The first date each event kind happened for a qualification or its organisation.

    Organisation-wide events (an Initial QAD covers every role) count for
    each of its qualifications.
    """
    dates: dict[str, date] = {}
    rows = Event.objects.filter(
        Q(organisation_id=qualification.organisation_id, qualification__isnull=True)
        | Q(qualification_id=qualification.pk)
    ).values_list("kind", "occurred_at")
    for kind, occurred_at in rows:
        day = timezone.localtime(occurred_at).date()
        if kind not in dates or day < dates[kind]:
            dates[kind] = day
    return dates


def current_timelines() -> dict[int, TimelineVersion]:
    """Each cohort's current timeline with its rules (``rules_list``, each with
    its ``sentence``), in two queries: what the sweep evaluates."""
    current: dict[int, TimelineVersion] = {}
    for version in TimelineVersion.objects.order_by("cohort_id", "number"):
        current[version.cohort_id] = version
    rules = TimelineRule.objects.filter(timeline__in=current.values()).select_related("activity")
    by_timeline: dict[int, list[TimelineRule]] = {}
    for rule in rules.order_by("activity__order", "seq"):
        rule.sentence = rule_sentence(rule)
        by_timeline.setdefault(rule.timeline_id, []).append(rule)
    for version in current.values():
        version.rules_list = by_timeline.get(version.pk, [])
    return current


def deadlines_visible_to(user) -> QuerySet[Deadline]:
    """Deadlines of the qualifications the user may see, ready to list."""
    return Deadline.objects.filter(
        qualification__in=qualifications_visible_to(user).values("pk")
    ).select_related(
        "activity", "timeline__cohort", "qualification__organisation", "qualification__market_role"
    )


def due_dates(qualification_ids, activity_keys) -> dict[tuple[int, str], date]:
    """Due dates of the given activities for the given qualifications, in one query.

    For other apps that show a deadline beside their own work (the QAD
    reviewer queue shows when each review is due)."""
    rows = Deadline.objects.filter(
        qualification_id__in=list(qualification_ids),
        activity__key__in=list(activity_keys),
        due__isnull=False,
    ).values_list("qualification_id", "activity__key", "due")
    found: dict[tuple[int, str], date] = {}
    for qualification_id, activity, due in rows:
        key = (qualification_id, activity)
        found[key] = min(due, found.get(key, due))
    return found
