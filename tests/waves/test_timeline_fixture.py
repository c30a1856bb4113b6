"""After migrations the database holds exactly the Appendix C timelines of waves.appendix_c."""

import pytest

from waves.appendix_c import ACTIVITIES, COHORTS, EFFECTIVE_FROM, RULES, SOURCE
from waves.models import Activity, Cohort, TimelineRule, TimelineVersion

pytestmark = pytest.mark.django_db

RULE_FIELDS = ("seq", "kind", "opens", "due", "n", "unit", "event_kind", "cap", "text", "note")


def _key(rule: dict) -> tuple[str, str, int]:
    return (rule["cohort"], rule["activity"], rule["seq"])


def test_every_cohort_exists_as_published():
    stored = {
        cohort.key: {"label": cohort.label, "route": cohort.route, "order": cohort.order}
        for cohort in Cohort.objects.filter(key__in=[c["key"] for c in COHORTS])
    }
    assert stored == {
        c["key"]: {"label": c["label"], "route": c["route"], "order": c["order"]} for c in COHORTS
    }


def test_every_activity_exists_as_published():
    stored = {
        activity.key: {
            "label": activity.label,
            "order": activity.order,
            "completed_by": activity.completed_by,
        }
        for activity in Activity.objects.all()
    }
    assert stored == {
        a["key"]: {"label": a["label"], "order": a["order"], "completed_by": a["completed_by"]}
        for a in ACTIVITIES
    }


def test_each_cohort_has_one_timeline_version_1():
    for cohort in COHORTS:
        versions = list(TimelineVersion.objects.filter(cohort__key=cohort["key"]))
        assert [v.number for v in versions] == [1], cohort["key"]
        assert versions[0].source == SOURCE
        assert versions[0].effective_from == EFFECTIVE_FROM


def test_timeline_rules_equal_appendix_c():
    rows = TimelineRule.objects.filter(
        timeline__number=1, timeline__cohort__key__in=[c["key"] for c in COHORTS]
    ).select_related("timeline__cohort", "activity")
    stored = {}
    for row in rows:
        rule = {
            "cohort": row.timeline.cohort.key,
            "activity": row.activity.key,
            **{name: getattr(row, name) for name in RULE_FIELDS},
        }
        assert _key(rule) not in stored, f"{_key(rule)} stored twice"
        stored[_key(rule)] = rule
    expected = {_key(rule): rule for rule in RULES}

    assert set(stored) == set(expected)
    mismatches = [
        f"{key}: stored {stored[key]} != shipped {expected[key]}"
        for key in sorted(expected)
        if stored[key] != expected[key]
    ]
    assert not mismatches, "\n".join(mismatches)
