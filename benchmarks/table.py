"""The "Pages at scale" section of docs/benchmarks.md, from at_scale.py's results."""

import platform
from datetime import UTC, datetime

PAGE_MS = 300  # every page at 100x under this server time
FLOOR_RATIO = 3  # and within this many times its SQL floor
GROWTH = 12  # t(100x) / t(10x)
SWEEP_S = 5  # the whole deadline sweep
NOT_PAGES = ("deadline sweep", "PAB pack")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def _verdict(name: str, by_scale: dict, top: int, mid: int | None) -> str:
    misses = []
    counts = {r["queries"] for r in by_scale.values()}
    if len(counts) > 1:
        # The sweep's queries are constant per batch of 1,000 qualifications.
        misses.append(
            "queries grow" + (" (per batch: constant)" if name == "deadline sweep" else "")
        )
    last = by_scale[top]
    if name not in NOT_PAGES:
        if last["s"] * 1000 > PAGE_MS:
            cpu = last["cpu_s"] * 1000
            misses.append(f"> {PAGE_MS} ms wall (CPU {cpu:,.0f} ms)")
        if last["s"] > FLOOR_RATIO * last["floor_s"]:
            misses.append(f"> {FLOOR_RATIO}x floor")
    if name == "deadline sweep" and last["s"] > SWEEP_S:
        misses.append(f"> {SWEEP_S} s")
    if mid is not None and last["s"] > GROWTH * by_scale[mid]["s"]:
        misses.append(f"t({top}x)/t({mid}x) > {GROWTH}")
    return "met" if not misses else "MISSED: " + ", ".join(misses)


def backend_table(results: dict, backend: str, scales: list[int]) -> str:
    present = [s for s in scales if (backend, s) in results]
    top = max(present)
    mid = max((s for s in present if s < top), default=None)
    head = " | ".join(f"{s}x ms" for s in present)
    lines = [
        f"| Page | {head} | CPU {top}x ms | Queries ({'/'.join(f'{s}x' for s in present)}) "
        f"| Floor {top}x ms | Ratio {top}x | t({top}x)/t({mid}x) | Targets |",
        "|---" * (len(present) + 7) + "|",
    ]
    names = list(results[(backend, top)]["pages"])
    for name in names:
        by_scale = {s: results[(backend, s)]["pages"][name] for s in present}
        last = by_scale[top]
        growth = f"{last['s'] / by_scale[mid]['s']:.1f}" if mid else "-"
        lines.append(
            f"| {name} | "
            + " | ".join(_ms(by_scale[s]["s"]) for s in present)
            + f" | {_ms(last['cpu_s'])}"
            + f" | {'/'.join(str(by_scale[s]['queries']) for s in present)}"
            + f" | {_ms(last['floor_s'])} | {last['s'] / last['floor_s']:.1f}x | {growth}"
            + f" | {_verdict(name, by_scale, top, mid)} |"
        )
    sizes = ", ".join(
        f"{s}x: {results[(backend, s)]['organisations']:,} organisations, "
        f"{results[(backend, s)]['qualifications']:,} qualifications"
        for s in present
    )
    loads = ", ".join(
        f"{s}x {results[(backend, s)]['load_before']:.1f}-{results[(backend, s)]['load_after']:.1f}"
        for s in present
    )
    rss = max(results[(backend, s)]["max_rss_mb"] for s in present)
    return (
        f"### {backend}\n\n"
        + "\n".join(lines)
        + f"\n\nTaken {results[(backend, top)]['taken']}. Population: {sizes}. "
        f"Load average (1 min) before-after each scale: {loads}. "
        f"Largest peak RSS of a measuring process (it renders the packs): {rss:.0f} MB.\n"
    )


def section(results: dict, scales: list[int], rounds: int) -> str:
    backends = list(dict.fromkeys(b for b, _ in results))
    when = datetime.now(UTC).strftime("%d/%m/%Y %H:%M UTC")
    return f"""`make bench` (`benchmarks/at_scale.py`) builds 1x, 10x and 100x the demo
population with `manage.py generate_population` and measures each page through
Django's test Client in-process: server time, median of {rounds} runs after a
warm-up (3 runs for the sweep and the pack), and the queries of one request.
The floor is hand-written SQL fetching the rows the page shows
(`benchmarks/floors.py`), timed through the same connection. Written {when} on
{platform.machine()}, Python {platform.python_version()}, a 2-core machine shared
with other test runs: figures move by up to 2x between runs, and the CPU column
(this process only: with SQLite it includes the database, with PostgreSQL not)
is steadier than wall time when the machine is loaded.

""" + "\n".join(backend_table(results, b, scales) for b in backends)


PLAN_LINES = 14


def explain_section(plans: dict) -> str:
    parts = [
        "`benchmarks/explain.py` runs `EXPLAIN ANALYZE` on every query of each page on the "
        "100x PostgreSQL population, after the benchmark, and keeps the two with the longest "
        "execution time reported by the server (plans trimmed to "
        f"{PLAN_LINES} lines; the query text to its first 200 characters).\n"
    ]
    for name, queries in plans.items():
        parts.append(f"### {name}\n")
        for q in queries:
            sql = q["sql"][:200] + ("..." if len(q["sql"]) > 200 else "")
            plan = "\n".join(q["plan"][:PLAN_LINES])
            parts.append(f"Execution {q['ms']:.2f} ms: `{sql}`\n\n```\n{plan}\n```\n")
    return "\n".join(parts)
