"""Benchmark: the deadline sweep over 10,000 qualifications x every activity.

Usage:
    python benchmarks/deadline_sweep.py [--qualifications 10000] [--batch-size 1000]

SQLite by default (a throwaway file database, as `make run` uses a file);
PostgreSQL when DATABASE_URL names one (a throwaway test_<name> database is
created and dropped, as the test runner does, named bench_<name>). Prints one line per scenario
with the wall time, the number of batches and the queries per batch, for
docs/benchmarks.md. It is a script, not a test: timings belong to machines.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.report import write_section  # noqa: E402

AS_OF = date(2025, 10, 6)
# Completing events each qualification has, by how far its cohort has come.
EVENTS = [
    "pqs_submitted",
    "pit_approach_submitted",
    "wave_allocated_indicative",
    "wave_allocated_final",
    "qt_preparation_started",
    "final_pit_approach_submitted",
    "pit_rttm_submitted",
    "initial_qad_submitted",
]


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(12)))


def populate(count: int) -> None:
    from qualification.models import Event, MarketRole, Organisation, Qualification
    from waves.models import Allocation, Cohort

    cohorts = list(Cohort.objects.order_by("order"))
    roles = list(MarketRole.objects.filter(code__in=["SUPPLIER", "SDS"]))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench {i}", slug=f"bench-{i}", participant_type="supplier")
        for i in range((count + 1) // 2)
    )
    qualifications = Qualification.objects.bulk_create(
        Qualification(organisation=org, market_role=role) for org in organisations for role in roles
    )[:count]
    Allocation.objects.bulk_create(
        Allocation(qualification=q, cohort=cohorts[i % len(cohorts)])
        for i, q in enumerate(qualifications)
    )
    Event.objects.bulk_create(
        Event(
            kind=kind,
            organisation_id=q.organisation_id,
            qualification=q,
            occurred_at=_noon(date(2024, 4, 1 + n)),
        )
        for i, q in enumerate(qualifications)
        for n, kind in enumerate(EVENTS[: 1 + i % len(EVENTS)])
    )


def record_events(count: int, day: date) -> None:
    """A tenth of the participants move on: their next completing event happens."""
    from qualification.models import Event, Qualification

    Event.objects.bulk_create(
        Event(
            kind="qt_entry_checkpoint_1_passed",
            organisation_id=organisation_id,
            qualification_id=pk,
            occurred_at=_noon(day),
        )
        for pk, organisation_id in Qualification.objects.values_list("pk", "organisation_id")[
            :count
        ]
    )


def measure(label: str, batch_size: int, as_of: date) -> None:
    from waves.sweep import deadlines_sweep

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper counts without keeping every statement, as query logging would.
    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        result = deadlines_sweep(as_of=as_of, batch_size=batch_size)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    # Two reads of the timelines and the final empty batch read are per sweep.
    per_batch = (len(queries) - 3) / max(result.batches, 1)
    # CPU time is this process only (with SQLite, the database too); it moves
    # less than wall time when other work shares the machine.
    row = (
        f"| {label} | {elapsed:.2f} s | {cpu:.2f} s | {result.batches} | {per_batch:.1f} | "
        f"{result.created} | {result.updated} | {result.reminders} | {result.escalations} |"
    )
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qualifications", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="deadline-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"{workdir}/bench.sqlite3"
    else:
        # Not test_<name>: a test run on the same server may be using that one.
        connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        populate(args.qualifications)
        print(
            f"populated {args.qualifications} qualifications in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        rows = [
            measure("first sweep (creates every row)", args.batch_size, AS_OF),
            measure("second sweep, same day (no change)", args.batch_size, AS_OF),
            measure("a week later (statuses move)", args.batch_size, date(2025, 10, 13)),
        ]
        record_events(args.qualifications // 10, date(2025, 10, 14))
        rows.append(measure("next day, 10% recorded an event", args.batch_size, date(2025, 10, 14)))
        write_section(
            f"Deadline sweep: last run on {connection.vendor}",
            f"`benchmarks/deadline_sweep.py --qualifications {args.qualifications}`, "
            f"batch size {args.batch_size}.\n\n"
            "| Scenario | Wall | CPU | Batches | Queries/batch | Created | Updated "
            "| Reminders | Escalations |\n|---|---|---|---|---|---|---|---|---|\n"
            + "\n".join(rows),
        )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
