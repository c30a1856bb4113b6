import json

from django.core.management.base import BaseCommand

from waves.clock import portal_today
from waves.inputs import cohort_by_key, parse_date
from waves.sweep import deadlines_sweep

from ._errors import bad_input_exits_2


class Command(BaseCommand):
    help = "Evaluate every qualification's deadlines now (what the daily Celery beat runs)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Stand on this day (YYYY-MM-DD); default today")
        parser.add_argument("--cohort", help="Only the qualifications in this cohort (key)")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, as_of, cohort, batch_size, **options):
        with bad_input_exits_2():
            day = parse_date(as_of, "as_of") if as_of else portal_today()
            selected = cohort_by_key(cohort) if cohort else None
        result = deadlines_sweep(as_of=day, cohort=selected, batch_size=batch_size)
        self.stdout.write(json.dumps(result.as_dict()))
