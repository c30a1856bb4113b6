"""One database, every measured page: prints one JSON line (run by at_scale.py).

Each page is requested as the person whose work it is, chosen from the first
copy of the population so the same subject is measured at every scale.
"""

import argparse
import json
import os
import resource
import statistics
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from benchmarks import floors  # noqa: E402

PARTICIPANT = "admin@heather-energy.example"
CONTRIBUTOR = "contributor@heather-energy.example"
REVIEWER = "bsc.reviewer@elexon.example"
PROGRAMME = "programme@mhhsp.example"
SECRETARIAT = "pab.secretariat@elexon.example"
API_PAGE = 50  # the API's default page size
FEED_PAGE = 100  # the change feed's default page size
COLUMN_ROWS = 25  # governance.views.COLUMN_ROWS


def median_seconds(fn, rounds: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (with SQLite the
    CPU time includes the database's work; with PostgreSQL it does not)."""
    fn()  # warm-up: imports, template compilation, the database's caches
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def client_for(email: str) -> Client:
    from qualification.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def page(email: str, url: str):
    client = client_for(email)

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def subjects() -> dict:
    from governance.models import PabMeeting
    from qad.models import QadSection
    from qualification.models import Membership

    org_id = Membership.objects.get(user__email=PARTICIPANT).organisation_id
    section = (
        QadSection.objects.filter(qad__organisation_id=org_id, answers__isnull=False)
        .order_by("pk")
        .first()
    )
    meeting = PabMeeting.objects.filter(items__isnull=False).order_by("pk").first()
    return {"org": org_id, "section": section.pk, "meeting": meeting}


def measured(subject: dict) -> dict:
    """name: (request or work, floor)"""
    from governance.pack.render import pack_pdf
    from waves.clock import portal_today
    from waves.sweep import deadlines_sweep

    meeting = subject["meeting"]
    return {
        "participant home": (
            page(PARTICIPANT, f"/organisations/{subject['org']}/"),
            lambda: floors.participant_home(subject["org"]),
        ),
        "QAD section editor": (
            page(CONTRIBUTOR, f"/qad/sections/{subject['section']}/"),
            lambda: floors.section_editor(subject["section"]),
        ),
        "reviewer queue": (page(REVIEWER, "/qad/queue/"), lambda: floors.reviewer_queue("BSC")),
        "programme dashboard": (page(PROGRAMME, "/deadlines/"), floors.programme_dashboard),
        "approvals dashboard": (
            page(SECRETARIAT, "/governance/approvals/"),
            lambda: floors.approvals_dashboard("BSC", COLUMN_ROWS),
        ),
        "API list": (
            page(PROGRAMME, "/api/v1/qualifications/"),
            lambda: floors.api_list(API_PAGE),
        ),
        "change feed": (page(PROGRAMME, "/api/v1/events/"), lambda: floors.change_feed(FEED_PAGE)),
        "deadline sweep": (
            lambda: deadlines_sweep(as_of=portal_today()),
            floors.deadline_sweep,
        ),
        "PAB pack": (lambda: pack_pdf(meeting), lambda: floors.pab_pack(meeting.pk)),
    }


def main() -> None:
    from qualification.models import Organisation, Qualification

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    setup_test_environment()
    subject = subjects()
    results = {
        "vendor": connection.vendor,
        "taken": time.strftime("%d/%m/%Y %H:%M UTC", time.gmtime()),
        "organisations": Organisation.objects.count(),
        "qualifications": Qualification.objects.count(),
        "load_before": os.getloadavg()[0],
        "pages": {},
    }
    for name, (work, floor) in measured(subject).items():
        # The sweep and the pack take seconds: three runs are enough for a median.
        rounds = 3 if name in ("deadline sweep", "PAB pack") else args.rounds
        connection.queries_log.clear()  # the log keeps 9,000 queries: count from empty
        with CaptureQueriesContext(connection) as queries:
            work()
        query_count = len(queries)  # read now: the capture is a view of that log
        page_s, page_cpu = median_seconds(work, rounds)
        floor_s, _ = median_seconds(floor, rounds)
        results["pages"][name] = {
            "queries": query_count,
            "s": page_s,
            "cpu_s": page_cpu,
            "floor_s": floor_s,
            "floor_rows": floor(),
        }
    results["load_after"] = os.getloadavg()[0]
    results["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results))


if __name__ == "__main__":
    main()
