"""Benchmark: a PAB approval pack of 50 applications.

Run: DJANGO_SETTINGS_MODULE=mhhs_portal.settings .venv/bin/python benchmarks/pab_pack.py
Builds the data in a throw-away SQLite database, renders packs of 5 and 50
applications, and checks: 50 renders in <= 15 s, peak RSS <= 400 MB, and the
query count does not grow with the number of applications.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mhhs_portal.settings")
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="pab-bench-")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.report import write_section  # noqa: E402


def build(n: int, secretariat, dip):
    from governance.services import (
        agenda_add,
        approval_decide,
        approvals_sync,
        defect_record,
        defect_resolve,
        finding_clear,
        finding_raise,
        meeting_create,
    )
    from qualification.models import MarketRole, Mpid, Organisation, Qualification

    roles = [MarketRole.objects.get(code=c) for c in ("SUPPLIER", "SDS", "ADS", "UMSDS")]
    meeting = meeting_create(
        actor=secretariat, title=f"Benchmark PAB {n}", starts_at=timezone.now()
    )
    for i in range(n):
        org = Organisation.objects.create(
            name=f"Bench {n}-{i}", slug=f"bench-{n}-{i}", participant_type="agent"
        )
        role = roles[i % len(roles)]
        Mpid.objects.create(code=f"B{n % 10}{i:02d}"[:4], organisation=org, market_role=role)
        q = Qualification(organisation=org, market_role=role, status="signed_off")
        q.save()
        approvals_sync(qualification=q)
        finding = finding_raise(
            actor=secretariat, qualification=q, body="BSC", kind="observation", text="Note"
        )
        defect = defect_record(
            actor=dip_tm,
            qualification=q,
            reference=f"D{i}",
            phase="QT",
            severity=4,
            summary="Cosmetic",
        )
        finding_clear(actor=secretariat, finding=finding)
        defect_resolve(actor=dip_tm, defect=defect)
        approval_decide(actor=dip, approval=q.approvals.get(body="DIP"), outcome="approved")
        agenda_add(actor=secretariat, meeting=meeting, approval=q.approvals.get(body="BSC"))
    return meeting


def measure(meeting):
    from governance.pack.render import pack_pdf

    start, start_cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        pdf, pages, _ = pack_pdf(meeting)
    measure.cpu = time.process_time() - start_cpu
    return time.perf_counter() - start, len(queries), pages, len(pdf)


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    from tests.factories import staff

    secretariat = staff("pab_secretariat", email="sec@bench.test")
    dip = staff("approver", "DIP", email="dip@bench.test")
    dip_tm = staff("test_manager", email="tm@bench.test")
    small = build(5, secretariat, dip)
    large = build(50, secretariat, dip)
    s_time, s_queries, s_pages, _ = measure(small)
    s_cpu = measure.cpu
    l_time, l_queries, l_pages, l_size = measure(large)
    l_cpu = measure.cpu
    load = os.getloadavg()[0]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = l_time <= 15 and peak_mb <= 400 and l_queries == s_queries
    write_section(
        "PAB approval pack",
        f"""`DJANGO_DEBUG=1 .venv/bin/python benchmarks/pab_pack.py` builds meetings of 5
and 50 BSC applications (each with an MPID, a cleared observation, a resolved
defect, a DIP decision) in a throw-away SQLite database and renders their
packs with WeasyPrint (2-core machine).

| Applications | Render time | CPU time | Queries | Pages |
|---|---|---|---|---|
| 5 | {s_time:.2f} s | {s_cpu:.2f} s | {s_queries} | {s_pages} |
| 50 | {l_time:.2f} s | {l_cpu:.2f} s | {l_queries} | {l_pages} |

Load average (1 min) at the end: {load:.1f} on 2 cores; the CPU time is the
steadier figure when the machine is shared.

Peak RSS of the whole run: {peak_mb:.0f} MB (`resource.getrusage` maxrss). Targets:
50 applications in <= 15 s, <= 400 MB, queries independent of the number of
applications: {"met" if ok else "NOT met"}.""",
    )
    sys.exit(0 if ok else 1)
