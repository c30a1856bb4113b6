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
        explained = []
        for query in queries.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + query["sql"])
                plan = [row[0] for row in cursor.fetchall()]
            # The server's own figure: wall times on a loaded machine are mostly waiting.
            ms = float(plan[-1].split(":")[1].split()[0])
            explained.append({"ms": ms, "sql": query["sql"], "plan": plan})
        plans[name] = sorted(explained, key=lambda q: -q["ms"])[:HEAVIEST]
    print(json.dumps(plans))


if __name__ == "__main__":
    main()
