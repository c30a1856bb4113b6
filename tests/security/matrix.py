"""The engine of the authorisation matrix: routes from the resolver (the
tenancy walk's discovery), the methods each accepts, one request per route,
method and actor, and the class of each answer."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.test import Client

from tests.reauth import confirm_identity
from tests.test_tenancy_walk import build_path, iter_routes

from .matrix_world import ACTORS

# What an answer is, by class.
SYMBOLS = {
    "2": "2xx: served",
    "3": "redirect elsewhere than sign-in or confirmation (after a form that went through)",
    "E": "redirect back with an error message: the rules refused the form, nothing changed",
    "L": "refused for want of a sign-in: redirect to the sign-in page, or 401",
    "R": "redirect to confirm identity (re-authentication)",
    "4": "400/409/413/415: the request reached the rules and was refused (empty form, bad state)",
    "F": "403",
    "N": "404",
    "M": "405: method not allowed",
}
API_PREFIXES = ("/api/",)
# Prefixes whose every route shares one expected line (the table's `admin/*`).
PREFIX_GROUPS = ("admin/",)
# Values for the kwargs of routes in a prefix group.
GROUP_KWARG_VALUE = "1"


def classify(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if "/accounts/login/" in location or "/admin/login/" in location:
            return "L"
        if "/reauthenticate/" in location:
            return "R"
        # Pages answer a refused form with a message and a redirect.
        # Only messages this request added: older ones wait in the session.
        storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
        queued = getattr(storage, "_queued_messages", [])
        return "E" if any(m.level >= message_levels.WARNING for m in queued) else "3"
    if code == 401:
        return "L"
    if 200 <= code < 300:
        return "2"
    return {400: "4", 409: "4", 413: "4", 415: "4", 403: "F", 404: "N", 405: "M"}.get(
        code, str(code)
    )


def methods_of(route) -> list[str]:
    callback = route.callback
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(method.upper() for method in actions)
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:
        # A function view says which methods it takes only by answering: try
        # both; the table records a 405 for the one it refuses.
        return ["GET", "POST"]
    return sorted(
        name.upper()
        for name in view.http_method_names
        if name not in ("options", "head", "trace") and hasattr(view, name)
    )


def group_of(route_text: str) -> str | None:
    return next((p + "*" for p in PREFIX_GROUPS if route_text.startswith(p)), None)


# Django admin access hangs on is_staff alone, which no actor has: after the
# first admin route (asked by everyone) the rest are asked by these three.
GROUP_SAMPLE = ("anon", "a_admin", "programme")
# Routes whose answer cannot depend on who asks beyond being signed in, and
# that are slow to build: asked by the sample only.
SAMPLED_ROUTES = {
    "api/schema/": "the OpenAPI document describes endpoints; generating it takes a second",
}
_GROUP = re.compile(r"\(\?P<\w+>([^)|]+)[^)]*\)|\([^)]*\)")


@dataclass(frozen=True)
class Probe:
    key: str  # the table's route key (route pattern, or a prefix group)
    route: str
    method: str
    path: str
    actors: tuple = ACTORS


def sample_path(route_text: str) -> str:
    """A URL for a prefix-group route: every parameter becomes `1` (or the
    first of the alternatives a regex group allows)."""
    text = route_text.lstrip("^").replace("\\Z", "").rstrip("$")
    text = _GROUP.sub(lambda m: m.group(1) or GROUP_KWARG_VALUE, text)
    text = re.sub(r"<(?:\w+:)?\w+>", GROUP_KWARG_VALUE, text)
    return "/" + text


def table_key(text: str, method: str, expected: dict) -> str:
    """The route's own line if it has one, else its prefix group's."""
    if (text, method) in expected:
        return text
    return group_of(text) or text


def plan(expected: dict, objects: dict) -> tuple[list[Probe], list[str]]:
    """The probes, and the routes the table does not list (which fail the build)."""
    probes, missing, groups_started = [], [], set()
    for route in iter_routes():
        text = route.route
        grouped = group_of(text) is not None and (text, "GET") not in expected
        methods = ["GET"] if grouped else methods_of(route)
        keys = {method: table_key(text, method, expected) for method in methods}
        absent = [f"{text} {m}" for m in methods if (keys[m], m) not in expected]
        if absent:
            missing += absent
            continue
        if grouped:
            key = keys["GET"]
            actors = ACTORS if key not in groups_started else GROUP_SAMPLE
            groups_started.add(key)
            probes.append(Probe(key, text, "GET", sample_path(text), actors))
            continue
        spec = expected[(text, methods[0])][0]
        kwargs = {name: objects[obj] for name, obj in spec.items()}
        built = build_path(route, kwargs)
        if built is None:
            missing.append(f"{text}: the table's kwargs {kwargs} do not build its URL")
            continue
        actors = GROUP_SAMPLE if text in SAMPLED_ROUTES else ACTORS
        probes += [Probe(text, text, method, built[0], actors) for method in methods]
    return probes, missing


def clients_for(people: dict) -> dict:
    clients = {}
    for name in ACTORS:
        client = Client(raise_request_exception=False)
        user = people[name]
        if user is not None:
            client.force_login(user)
            confirm_identity(client, user)
        clients[name] = client
    return clients


def send(client: Client, method: str, path: str):
    """One request whose writes are rolled back, so every actor meets the same world."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        if method == "GET":
            response = client.get(path)
        elif path.startswith(API_PREFIXES):
            response = client.generic(method, path, "{}", content_type="application/json")
        else:
            response = client.generic(
                method, path, "", content_type="application/x-www-form-urlencoded"
            )
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    if cookie is not None:
        # A sign-out (or an expiry) ends the session; the next probe needs it back.
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
    return response


def observe(probes, clients) -> dict:
    """(key, method) -> {route: columns}; an actor not asked shows as `.`."""
    seen: dict = {}
    for probe in probes:
        row = " ".join(
            classify(send(clients[actor], probe.method, probe.path))
            if actor in probe.actors
            else "."
            for actor in ACTORS
        )
        seen.setdefault((probe.key, probe.method), {})[probe.route] = row
    return seen


def agrees(row: str, expected: str) -> bool:
    return all(got in (".", want) for got, want in zip(row.split(), expected.split(), strict=True))
