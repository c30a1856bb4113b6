#!/usr/bin/env python3
"""Mirror an organisation's qualification status into a local SQLite file.

Standard library only. The first run copies the organisations and
qualifications the token may see, then reads the change feed
(/api/v1/events/) from its start; every later run reads only what is new.
Each event names the objects it is about (`links`); the client re-reads
them, so it keeps up with event kinds it does not know. The feed cursor is
stored in the same transaction as the rows of its page, so an interrupted
run resumes where it stopped.

    python examples/sync_client.py --base-url http://127.0.0.1:8000 \\
        --token mhhs_... --db status.sqlite3 --once

Also here: verify_signature(), for a receiver of the portal's webhooks.
"""

import argparse
import hashlib
import hmac
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organisations (
    id INTEGER PRIMARY KEY, name TEXT, slug TEXT, participant_type TEXT,
    updated_at TEXT, data TEXT);
CREATE TABLE IF NOT EXISTS qualifications (
    id INTEGER PRIMARY KEY, organisation_id INTEGER, market_role TEXT, status TEXT,
    status_label TEXT, updated_at TEXT, data TEXT);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, kind TEXT, occurred_at TEXT, organisation_id INTEGER,
    qualification_id INTEGER, payload TEXT);
"""


class ApiError(Exception):
    def __init__(self, status: int, problem: dict):
        super().__init__(f"{status} {problem.get('code')}: {problem.get('detail')}")
        self.status, self.problem = status, problem


class Api:
    def __init__(self, base_url: str, token: str, timeout: float = 30):
        self.base_url = base_url.rstrip("/")
        self.token, self.timeout = token, timeout

    def get(self, url: str, params: dict | None = None) -> dict | None:
        """The JSON at `url` (a path or a full URL), or None if it is gone (404)."""
        if url.startswith("/"):
            url = self.base_url + url
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        request = urllib.request.Request(
            url, headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            try:
                problem = json.load(exc)
            except ValueError:
                problem = {"code": "http_error", "detail": exc.reason}
            raise ApiError(exc.code, problem) from None

    def each(self, path: str):
        page = self.get(path, {"page_size": 500})
        while page:
            yield from page["results"]
            page = self.get(page["next"]) if page.get("next") else None


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    return db


def save_organisation(db, row: dict) -> None:
    db.execute(
        "INSERT OR REPLACE INTO organisations VALUES (?, ?, ?, ?, ?, ?)",
        (
            row["id"],
            row["name"],
            row["slug"],
            row["participant_type"],
            row["updated_at"],
            json.dumps(row),
        ),
    )


def save_qualification(db, row: dict) -> None:
    db.execute(
        "INSERT OR REPLACE INTO qualifications VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            row["id"],
            row["organisation"],
            row["market_role"]["code"],
            row["status"],
            row["status_label"],
            row["updated_at"],
            json.dumps(row),
        ),
    )


SAVERS = {
    "organisation": (save_organisation, "organisations"),
    "qualification": (save_qualification, "qualifications"),
}


def snapshot(api: Api, db) -> None:
    """The first run's copy, for objects whose creation predates any event."""
    with db:
        for row in api.each("/api/v1/organisations/"):
            save_organisation(db, row)
        for row in api.each("/api/v1/qualifications/"):
            save_qualification(db, row)


def apply_page(api: Api, db, page: dict) -> None:
    """Store one feed page, re-read what it links to, and move the cursor: all or nothing."""
    fresh = {}
    for event in page["results"]:
        for name, url in event.get("links", {}).items():
            if name in SAVERS and (name, url) not in fresh:
                fresh[(name, url)] = api.get(url)
    with db:
        for event in page["results"]:
            db.execute(
                "INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?)",
                (
                    event["id"],
                    event["kind"],
                    event["occurred_at"],
                    event["organisation"],
                    event["qualification"],
                    json.dumps(event["payload"]),
                ),
            )
        for (name, url), row in fresh.items():
            save, table = SAVERS[name]
            if row is None:
                object_id = int(url.rstrip("/").rsplit("/", 1)[1])
                db.execute(f"DELETE FROM {table} WHERE id = ?", (object_id,))
            else:
                save(db, row)
        db.execute("INSERT OR REPLACE INTO sync_state VALUES ('cursor', ?)", (page["next"],))


def sync_once(api: Api, db) -> int:
    """Read the feed to its end; the number of events applied."""
    stored = db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
    if stored is None:
        snapshot(api, db)
    cursor, applied = stored[0] if stored else None, 0
    while True:
        page = api.get("/api/v1/events/", {"after": cursor} if cursor else {"page_size": 200})
        apply_page(api, db, page)
        applied += len(page["results"])
        cursor = page["next"]
        if not page["has_more"]:
            return applied


def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """Whether a webhook delivery's X-MHHS-Signature is the portal's, and recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False  # an old delivery replayed by someone else
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts.get("v1", ""))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="an API token (read scope is enough)")
    parser.add_argument("--db", default="mhhs_status.sqlite3", help="the SQLite file to keep")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="read to the end and stop (default)")
    mode.add_argument("--follow", action="store_true", help="keep reading every --interval s")
    parser.add_argument("--interval", type=float, default=30)
    args = parser.parse_args(argv)
    api, db = Api(args.base_url, args.token), connect(args.db)
    try:
        while True:
            applied = sync_once(api, db)
            print(f"{applied} events applied", flush=True)
            if not args.follow:
                return 0
            time.sleep(args.interval)
    except ApiError as exc:
        print(f"The portal refused: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0  # the cursor of the last complete page is stored: the next run resumes
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
