"""The eight cohorts of QA&P v5.0 Appendix C and their timelines, version 1."""

from django.db import migrations


def load(apps, schema_editor):
    from waves import appendix_c

    Cohort = apps.get_model("waves", "Cohort")
    Activity = apps.get_model("waves", "Activity")
    TimelineVersion = apps.get_model("waves", "TimelineVersion")
    TimelineRule = apps.get_model("waves", "TimelineRule")

    cohorts = {}
    for row in appendix_c.COHORTS:
        cohorts[row["key"]], _ = Cohort.objects.update_or_create(
            key=row["key"],
            defaults={"label": row["label"], "route": row["route"], "order": row["order"]},
        )
    activities = {}
    for row in appendix_c.ACTIVITIES:
        activities[row["key"]], _ = Activity.objects.update_or_create(
            key=row["key"],
            defaults={
                "label": row["label"],
                "order": row["order"],
                "completed_by": row["completed_by"],
            },
        )
    timelines = {
        key: TimelineVersion.objects.get_or_create(
            cohort=cohort,
            number=1,
            defaults={"source": appendix_c.SOURCE, "effective_from": appendix_c.EFFECTIVE_FROM},
        )[0]
        for key, cohort in cohorts.items()
    }
    fields = ("kind", "opens", "due", "n", "unit", "event_kind", "cap", "text", "note")
    TimelineRule.objects.bulk_create(
        [
            TimelineRule(
                timeline=timelines[rule["cohort"]],
                activity=activities[rule["activity"]],
                seq=rule["seq"],
                **{name: rule[name] for name in fields},
            )
            for rule in appendix_c.RULES
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("waves", "TimelineVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("waves", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
