import csv
from datetime import date

from django.core.management.base import BaseCommand

from mhhs_portal.exceptions import ValidationFailed
from qualification.models import User
from waves.inputs import cohort_by_key, parse_date
from waves.replan import CHANGEABLE, cohort_replan

from ._errors import bad_input_exits_2


def _parse_change(spec: str) -> tuple[tuple[str, int], str, object]:
    """ACTIVITY[:SEQ].FIELD=VALUE, e.g. final_qad_submission.due=2026-02-06."""
    target, sep, value = spec.partition("=")
    where, dot, name = target.rpartition(".")
    if not (sep and dot and where and name):
        raise ValidationFailed(
            f"{spec!r} is not ACTIVITY[:SEQ].FIELD=VALUE.",
            errors={"changes": [f"{spec!r} is not ACTIVITY[:SEQ].FIELD=VALUE."]},
        )
    activity, _, seq = where.partition(":")
    if CHANGEABLE.get(name) is date:
        typed = parse_date(value, "changes")
    elif CHANGEABLE.get(name) is int and value.isdigit():
        typed = int(value)
    else:
        typed = value
    return (activity, int(seq) if seq.isdigit() else 1), name, typed


REPORT_COLUMNS = [
    "organisation",
    "market_role",
    "activity",
    "seq",
    "old_due",
    "new_due",
    "old_opens",
    "new_opens",
]


class Command(BaseCommand):
    help = (
        "Publish a new timeline version for a cohort (a change request moved dates) "
        "and print, per participant, each deadline that moved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cohort", required=True)
        parser.add_argument(
            "--set",
            action="append",
            required=True,
            dest="changes",
            metavar="ACTIVITY[:SEQ].FIELD=VALUE",
        )
        parser.add_argument("--source", required=True, help="The change request, e.g. 'CR061'")
        parser.add_argument("--actor", required=True, help="E-mail of the staff user re-planning")
        parser.add_argument(
            "--csv", action="store_true", dest="as_csv", help="Print the report as CSV"
        )

    def handle(self, *args, cohort, changes, source, actor, as_csv, **options):
        with bad_input_exits_2():
            selected = cohort_by_key(cohort)
            user = User.objects.filter(email=actor.lower()).first()
            if user is None:
                raise ValidationFailed(f"No user {actor!r}.", errors={"actor": ["Unknown user."]})
            parsed: dict = {}
            for spec in changes:
                key, name, value = _parse_change(spec)
                parsed.setdefault(key, {})[name] = value
            report = cohort_replan(actor=user, cohort=selected, changes=parsed, source=source)
        self._print(report, as_csv=as_csv)

    def _print(self, report, *, as_csv: bool):
        rows = [
            (
                impact.qualification.organisation.name,
                impact.qualification.market_role.code,
                move.activity,
                move.seq,
                move.old_due or "",
                move.new_due or "",
                move.old_opens or "",
                move.new_opens or "",
            )
            for impact in report.impacts
            for move in impact.moves
        ]
        if as_csv:
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(REPORT_COLUMNS)
            writer.writerows(rows)
            return
        timeline = report.timeline
        self.stdout.write(
            f"{report.cohort.label}: timeline v{timeline.number} ({timeline.source}); "
            f"{len(report.impacts)} participant role(s) affected"
        )
        for organisation, role, activity, seq, old_due, new_due, _, _ in rows:
            self.stdout.write(f"  {organisation} {role}: {activity}:{seq} {old_due} -> {new_due}")
