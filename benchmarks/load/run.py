"""The load test: gunicorn and PostgreSQL on loopback, locust for a bounded time.

    DATABASE_URL=postgres://... make load [LOAD_SECONDS=60 LOAD_USERS=12]

Migrates the database, adds a population of its own (organisations with a
QAD under review, reviewers, API tokens; tagged, so it can run again),
serves the portal with gunicorn on a free loopback port, runs the locust
scenario (benchmarks/load/locustfile.py) headless and rewrites the "Load"
section of docs/benchmarks.md with throughput, p95 latency and errors.
tests/integration/test_load.py runs a short form of the same in CI.
"""

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
GUNICORN = {"workers": 2, "threads": 4}


def session_for(user) -> str:
    """A signed-in session, as the sign-in page would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed(*, organisations: int, tag: str | None = None) -> dict:
    """The population the scenario works on; returns the plan locust reads."""
    from qad.models import QuestionType, SectionStatus
    from tests.api_tokens import token_for
    from tests.integration.scenarios import qad_under_review

    tag = tag or f"load-{uuid.uuid4().hex[:6]}"
    plan: dict = {"participants": [], "reviewers": [], "submitted_sections": [], "tokens": []}
    for i in range(organisations):
        scenario = qad_under_review(f"{tag}-{i}")
        plan["submitted_sections"].append(scenario.section.pk)
        open_section = next(
            s
            for s in scenario.qad.sections.select_related("template_section")
            if s.status == SectionStatus.NOT_STARTED
            and s.template_section.questions.filter(type=QuestionType.TEXT).exists()
        )
        question = open_section.template_section.questions.filter(type=QuestionType.TEXT).first()
        plan["participants"].append(
            {
                "session": session_for(scenario.contributor),
                "home": f"/organisations/{scenario.organisation.pk}/",
                "section": f"/qad/sections/{open_section.pk}/",
                "question": question.key,
            }
        )
        for body in ("BSC", "REC"):
            plan["reviewers"].append(
                {"session": session_for(scenario.reviewers[body]), "home": "/qad/queue/"}
            )
        plan["tokens"].append(
            token_for(scenario.contributor, scenario.organisation, name=f"{tag} sync")
        )
    return plan


def run_locust(*, base_url: str, plan: dict, users: int, seconds: int, workdir: Path) -> dict:
    """Run the scenario; returns per-request-name and total statistics."""
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    prefix = workdir / "locust"
    env = dict(os.environ, LOAD_PLAN=str(plan_path))
    result = subprocess.run(
        [
            *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
            *("-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", base_url),
            *("--csv", str(prefix), "--only-summary", "--stop-timeout", "2"),
            *("--exit-code-on-error", "0", "--loglevel", "WARNING"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    if result.returncode != 0:
        raise RuntimeError(f"locust failed ({result.returncode}):\n{result.stderr[-3000:]}")
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "median_ms": float(row["Median Response Time"] or 0),
                "p95_ms": float(row["95%"] or 0),
            }
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as errors:
        failures = [
            f"{r['Name']}: {r['Error']} ({r['Occurrences']}x)" for r in csv.DictReader(errors)
        ]
    return {"by_name": rows, "total": rows.pop("Aggregated"), "failures": failures}


def report_markdown(
    stats: dict, *, users: int, seconds: int, organisations: int, load_average: float
) -> str:
    total = stats["total"]
    lines = [
        "Run with `make load` (`benchmarks/load/run.py`): locust "
        f"({users} simulated people: participants, reviewers and API clients 3:2:1) "
        f"for {seconds} s against gunicorn ({GUNICORN['workers']} workers x "
        f"{GUNICORN['threads']} threads) and PostgreSQL on loopback, {organisations} "
        f"organisations with a QAD under review; {os.cpu_count()} CPU cores "
        f"(load average {load_average:.1f} when the run started: other work on the "
        f"machine slows every figure), Python {platform.python_version()}. Target: zero "
        "errors. CI runs a 15-second form of the same scenario "
        "(`tests/integration/test_load.py`).",
        "",
        f"**{total['rps']:.1f} requests/s, p95 {total['p95_ms']:.0f} ms, "
        f"{total['failures']} errors in {total['requests']} requests.**",
        "",
        "| Request | Count | Errors | Requests/s | Median ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in sorted(stats["by_name"].items()):
        lines.append(
            f"| {name} | {row['requests']} | {row['failures']} | {row['rps']:.1f} "
            f"| {row['median_ms']:.0f} | {row['p95_ms']:.0f} |"
        )
    if stats["failures"]:
        lines += ["", "Errors:", *(f"- {failure}" for failure in stats["failures"])]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--organisations", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("make load needs DATABASE_URL naming a PostgreSQL database", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mhhs_portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.report import write_section
    from tests.integration.processes import start_gunicorn, stop_process

    call_command("migrate", verbosity=0)
    load_average = os.getloadavg()[0]
    plan = seed(organisations=args.organisations)
    with tempfile.TemporaryDirectory(prefix="mhhs-load-") as tmp:
        workdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"DJANGO_DEBUG": "1"}
        if os.environ.get("REDIS_URL"):
            env["REDIS_URL"] = os.environ["REDIS_URL"]
        server, base_url = start_gunicorn(env, workdir / "gunicorn.log", **GUNICORN)
        try:
            stats = run_locust(
                base_url=base_url,
                plan=plan,
                users=args.users,
                seconds=args.seconds,
                workdir=workdir,
            )
        finally:
            stop_process(server)
    write_section(
        "Load",
        report_markdown(
            stats,
            users=args.users,
            seconds=args.seconds,
            organisations=args.organisations,
            load_average=load_average,
        ),
    )
    return 1 if stats["total"]["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
