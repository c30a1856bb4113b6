"""Which deliverables and checkpoints a cohort's current timeline asks for."""

from ..models import Cohort, TimelineRule, TimelineVersion
from .kinds import checkpoints_for_timeline, kinds_for_timeline


def rule_kinds(cohort: Cohort) -> dict[str, str]:
    """Each activity's rule kind in the cohort's current timeline (first rule of a cell)."""
    current = TimelineVersion.objects.filter(cohort=cohort).order_by("-number").first()
    if current is None:
        return {}
    rows = (
        TimelineRule.objects.filter(timeline=current)
        .order_by("activity__order", "-seq")
        .values_list("activity__key", "kind")
    )
    return dict(rows)


def kinds_for_cohort(cohort: Cohort) -> list[str]:
    return kinds_for_timeline(rule_kinds(cohort))


def checkpoints_for_cohort(cohort: Cohort) -> list[int]:
    return checkpoints_for_timeline(rule_kinds(cohort))
