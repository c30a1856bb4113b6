"""EXPLAIN ANALYZE of the heaviest queries of each measured page on one database
(run by at_scale.py on the largest PostgreSQL population). Prints one JSON line."""

import json

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from benchmarks.pages import measured, subjects  # noqa: E402

PAGES = (
    "participant home",
    "QAD section editor",
    "reviewer queue",
    "programme dashboard",
    "approvals dashboard",
    "API list",
    "change feed",
)
HEAVIEST = 2  # queries per page


def main() -> None:
    setup_test_environment()
    plans = {}
    pages = measured(subjects())
    for name in PAGES:
        request, _ = pages[name]
        request()  # warm the caches as the benchmark does
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            request()
        heaviest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:HEAVIEST]
        plans[name] = []
        for query in heaviest:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + query["sql"])
                plan = [row[0] for row in cursor.fetchall()]
            plans[name].append(
                {"ms": float(query["time"]) * 1000, "sql": query["sql"], "plan": plan}
            )
    print(json.dumps(plans))


if __name__ == "__main__":
    main()
