"""The portal at 1x, 10x and 100x the demo population (`make bench`).

    .venv/bin/python benchmarks/at_scale.py [--scales 1,10,100] [--rounds 7] [--rebuild]

Builds one database per scale with `manage.py generate_population` (kept
under var/bench/ for SQLite and reused by later runs; `--rebuild` starts
again), then, in a fresh process per database, requests each page through
Django's test Client in-process (server time, no network) and times the
hand-written SQL floor of the page (benchmarks/floors.py) through the same
connection. Medians of `--rounds` runs after one warm-up.

PostgreSQL is measured too when BENCH_DATABASE_URL (or a postgres
DATABASE_URL) names a database, e.g.
postgres://mhhs:mhhs@127.0.0.1:5432/portal_bench: the benchmark creates
portal_bench_1x, portal_bench_10x and portal_bench_100x beside it (the role
needs CREATEDB) and builds the larger ones from a copy of the 1x database.
Writes the "Pages at scale" section of docs/benchmarks.md.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "mhhs_portal.settings", "DJANGO_DEBUG": "1"}
ENV.pop("REDIS_URL", None)  # tasks in-process, local-memory cache: only the database varies


def manage(database_url: str, *args: str) -> None:
    env = {**ENV, "DATABASE_URL": database_url}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def sqlite_databases(scales, rebuild: bool) -> dict[int, str]:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    base = BENCH_DIR / "sqlite-1.sqlite3"
    urls = {}
    if rebuild:
        for old in BENCH_DIR.glob("sqlite-*.sqlite3"):
            old.unlink()
    if not base.exists():
        manage(f"sqlite:///{base}", "migrate", "--noinput", "-v0")
        manage(f"sqlite:///{base}", "generate_population", "--scale", "1")
    for n in scales:
        path = BENCH_DIR / f"sqlite-{n}.sqlite3"
        if not path.exists():
            shutil.copyfile(base, path)
        urls[n] = f"sqlite:///{path}"
    return urls


def postgres_databases(url: str, scales, rebuild: bool) -> dict[int, str]:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        present = {row[0] for row in cursor.fetchall()}
        wanted = {n: f"{name}_{n}x" for n in scales}
        base = f"{name}_1x"
        if rebuild:
            for db in {base, *wanted.values()} & present:
                cursor.execute(f'DROP DATABASE "{db}"')
            present -= {base, *wanted.values()}
        if base not in present:
            cursor.execute(f'CREATE DATABASE "{base}"')
            base_url = urlunsplit(parts._replace(path=f"/{base}"))
            manage(base_url, "migrate", "--noinput", "-v0")
            manage(base_url, "generate_population", "--scale", "1")
            present.add(base)
        for db in wanted.values():
            if db not in present:
                cursor.execute(f'CREATE DATABASE "{db}" TEMPLATE "{base}"')
    admin.close()
    return {n: urlunsplit(parts._replace(path=f"/{db}")) for n, db in wanted.items()}


def measure(database_url: str, scale: int, rounds: int) -> dict:
    manage(database_url, "migrate", "--noinput", "-v0")
    manage(database_url, "generate_population", "--scale", str(scale))
    env = {**ENV, "DATABASE_URL": database_url}
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.pages", "--rounds", str(rounds)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--only", choices=["SQLite", "PostgreSQL"], help="measure one database; keep the other's"
    )
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    backends = {}
    if args.only != "PostgreSQL":
        backends["SQLite"] = sqlite_databases(scales, args.rebuild)
    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if pg_url.startswith("postgres") and args.only != "SQLite":
        backends["PostgreSQL"] = postgres_databases(pg_url, scales, args.rebuild)
    store = BENCH_DIR / "results.json"
    # Results of the database not measured this time are kept (--only).
    kept = json.loads(store.read_text()) if args.only and store.exists() else {}
    results = {tuple(k.split(" ")): r for k, r in kept.items()}
    results = {(b, int(s)): r for (b, s), r in results.items() if b not in backends}
    for backend, urls in backends.items():
        for scale, url in urls.items():
            print(f"{backend} {scale}x ...", flush=True)
            results[(backend, scale)] = measure(url, scale, args.rounds)
            store.write_text(json.dumps({f"{b} {s}": r for (b, s), r in results.items()}))
    from benchmarks.report import write_section
    from benchmarks.table import explain_section, section

    write_section("Pages at scale", section(results, scales, args.rounds))
    if "PostgreSQL" in backends:
        largest = backends["PostgreSQL"][max(scales)]
        out = subprocess.run(
            [PYTHON, "-m", "benchmarks.explain"],
            cwd=ROOT,
            env={**ENV, "DATABASE_URL": largest},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        plans = json.loads(out.strip().splitlines()[-1])
        write_section(f"EXPLAIN at {max(scales)}x on PostgreSQL", explain_section(plans))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
