"""The portal under load: participants answering QAD questions, reviewers
reviewing, API clients syncing. Run by benchmarks/load/run.py (make load).

LOAD_PLAN names a JSON file written by the seeding step: session cookies of
signed-in people, the sections they work on and API tokens. Every request
that is not the expected answer counts as an error.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115
_counter = itertools.count()


def _pick(kind: str) -> dict:
    people = PLAN[kind]
    return people[next(_counter) % len(people)]


class _SignedIn(HttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        self.me = _pick(self.kind)
        self.client.cookies.set("sessionid", self.me["session"])
        # A page first: it sets the CSRF cookie the forms need.
        self.client.get(self.me["home"], name="home")

    def post_form(self, url: str, data: dict, name: str):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"expected a redirect, got {response.status_code}")


class Participant(_SignedIn):
    """Opens their section and saves an answer, again and again."""

    kind = "participants"
    weight = 3
    wait_time = between(0.2, 0.6)

    @task(2)
    def read_section(self):
        self.client.get(self.me["section"], name="qad section")

    @task(3)
    def answer(self):
        value = f"Answer {random.randint(1, 10**6)}"
        self.post_form(self.me["section"], {self.me["question"]: value}, "qad answer save")


class Reviewer(_SignedIn):
    """Works through the review queue: reads a submitted section and comments on it."""

    kind = "reviewers"
    weight = 2
    wait_time = between(0.2, 0.6)

    @task(2)
    def queue(self):
        self.client.get("/qad/queue/", name="review queue")

    @task(2)
    def review_page(self):
        section = random.choice(PLAN["submitted_sections"])
        self.client.get(f"/qad/sections/{section}/review/", name="review page")

    @task(1)
    def comment(self):
        section = random.choice(PLAN["submitted_sections"])
        self.post_form(
            f"/qad/sections/{section}/comments/",
            {"text": "Please name the accountable role.", "internal": "on", "from": "review"},
            "review comment",
        )


class ApiClient(HttpUser):
    """Syncs status: follows the change feed to its end, then lists qualifications."""

    weight = 1
    wait_time = between(0.5, 1.0)

    def on_start(self):
        self.token = random.choice(PLAN["tokens"])
        self.after = None

    def _get(self, url: str, name: str, params: dict | None = None):
        headers = {"Authorization": f"Bearer {self.token}"}
        with self.client.get(
            url, params=params, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return None
            return response.json()

    @task(2)
    def follow_feed(self):
        for _ in range(5):
            params = {"after": self.after} if self.after else None
            page = self._get("/api/v1/events/", "api events feed", params)
            if not page:
                return
            self.after = page["next"]
            if not page["has_more"]:
                return

    @task(1)
    def list_qualifications(self):
        self._get("/api/v1/qualifications/", "api qualifications list")
