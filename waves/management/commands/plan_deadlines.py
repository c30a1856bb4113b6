import json

from django.core.management.base import BaseCommand

from waves.planner import cohort_plan, plan_parse

from ._errors import bad_input_exits_2


class Command(BaseCommand):
    help = (
        "Evaluate a cohort's current timeline for a hypothetical participant: "
        "what is due when, given the events that have happened."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cohort", required=True, help="Cohort key, e.g. wave_2")
        parser.add_argument(
            "--event",
            action="append",
            default=[],
            metavar="KIND=YYYY-MM-DD",
            help="An event (or the key of the activity it completes) and its date; repeatable",
        )
        parser.add_argument("--as-of", help="Stand on this day (YYYY-MM-DD); default today")
        parser.add_argument("--json", action="store_true", help="Print a JSON array")

    def handle(self, *args, cohort, event, as_of, json: bool, **options):
        with bad_input_exits_2():
            plan = plan_parse(cohort=cohort, events=event, as_of=as_of)
        rows = cohort_plan(plan)
        if json:
            self.stdout.write(_dumps([row.as_json() for row in rows]))
            return
        for row in rows:
            due = row.due.isoformat() if row.due else "-"
            flag = "~" if row.provisional else " "
            self.stdout.write(f"{due:>10}{flag} {row.status:<15} {row.activity}  {row.rule}")


def _dumps(value) -> str:
    return json.dumps(value, indent=2)
