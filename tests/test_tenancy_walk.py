"""Walk every URL of the site and the API as somebody from another organisation.

Issue 2: "a test walks every URL pattern of the site and the API as a user of
another organisation and fails if any returns another tenant's data — it must
cover routes added later without being edited."

How it stays generic:

- Routes come from ``get_resolver()``, recursively through every include and
  namespace. Only the prefixes in ``SKIPPED_PREFIXES`` are left out, each with
  its reason.
- Values for path kwargs come from the database, not from a list of known
  routes: every row of every installed model that reaches tenant A's
  Organisation in at most two relation hops (``tenant_rows``), plus the rows
  created while tenant A was built. Integer kwargs get those rows' primary
  keys; slug/str/path kwargs also get A's slugs, keys, codes and other unique
  strings. A value is kept for a route when the URL built from it resolves
  back to the same route, so each converter (and a future custom one) decides
  for itself.
- A route whose kwargs get no value fails the walk with its pattern, unless it
  is listed in ``NO_CANDIDATE_ROUTES`` with a reason.

Each response (GET, POST with an empty body; list routes also as HTML and with
filter parameters) must not contain any of A's marker strings. When the URL
names one of A's objects by a value that is A's alone (no other row of any
table has that primary key), the status must also be a refusal: 302, 400,
403, 404 or 405 — never a 200, even an empty one. A server error (5xx) on
any probe is reported too. ``PUBLIC_ROUTES`` lists the
routes of published reference data where a 200 is fine (markers are still
checked).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from qualification.models import Event, Organisation
from tests.api_tokens import token_for
from tests.factories import (
    MembershipFactory,
    MpidFactory,
    OrganisationFactory,
    QualificationFactory,
    UserFactory,
    allocate,
    market_role,
    member,
    staff,
)
from waves.deliverables.services import deliverables_sync
from waves.models import (
    Allocation,
    Cohort,
    DeliverableComment,
    PqsMessage,
    PreQualificationSubmission,
    WaitListEntry,
)

pytestmark = pytest.mark.django_db

# Route prefixes (as written in the URLconf) the walk leaves out, and why.
SKIPPED_PREFIXES = {
    "admin/": "Django admin: staff-only (is_staff), not tenant-facing; its own permissions apply",
    "accounts/": "allauth's own account pages: they act on the signed-in user only",
    "api/schema/": "the OpenAPI document: describes endpoints, holds no rows",
    "api/docs/": "the API reference page: static, holds no rows",
    "static/": "static files: no tenant data",
    "media/": "no public media: evidence is served through authorised views only",
}

# Published reference data that every signed-in person may read: a 200 is
# expected here whatever the id, so only the marker check applies.
PUBLIC_ROUTES = {
    "timelines/<slug:key>/": "cohort timelines are published reference data, not tenant data",
    "api/v1/cohorts/<int:pk>/": "cohorts and their timelines are published reference data",
}

# Routes with kwargs for which no value from tenant data can be generated,
# with the reason that is acceptable. Empty today: every route is walked.
NO_CANDIDATE_ROUTES: dict[str, str] = {}

REFUSED = {302, 400, 403, 404, 405}
TENANT_A_PK_BASE = 7_310_000

MARKER_WORD = "zebracorn"
A_NAME = "Zebracorn Tenant A Marker Ltd"
A_SLUG = "tenant-a-qx"  # no marker inside: a URL echoed back is not a leak
A_MPIDS = ("QZ7A", "QZ7B")


# --------------------------------------------------------------------------
# Routes


@dataclass(frozen=True)
class Route:
    route: str  # the joined pattern, as in ResolverMatch.route
    chain: tuple  # the RoutePattern/RegexPattern of each level
    callback: object
    name: str | None

    @property
    def kwarg_names(self) -> list[str]:
        names = []
        for pattern in self.chain:
            if isinstance(pattern, RoutePattern):
                names.extend(pattern.converters)
            else:
                names.extend(pattern.regex.groupindex)
        return names


def iter_routes(resolver=None, chain=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from iter_routes(entry, (*chain, entry.pattern))
        elif isinstance(entry, URLPattern):
            full = (*chain, entry.pattern)
            route = ""
            for pattern in full:
                route = URLResolver._join_route(route, str(pattern))
            yield Route(route, full, entry.callback, entry.name)


def is_skipped(route: Route) -> bool:
    plain = route.route.lstrip("^")
    return any(plain.startswith(prefix) for prefix in SKIPPED_PREFIXES)


_ROUTE_KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


def build_path(route: Route, values: dict) -> tuple[str, str] | None:
    """(quoted path for the client, plain path) or None if the values do not fit."""
    plain, quoted = "", ""
    for pattern in route.chain:
        if isinstance(pattern, RoutePattern):
            text = str(pattern)

            def fill(match, pattern=pattern, quote_it=False):
                value = pattern.converters[match["name"]].to_url(values[match["name"]])
                return quote(str(value), safe="") if quote_it else str(value)

            plain += _ROUTE_KWARG.sub(fill, text)
            quoted += _ROUTE_KWARG.sub(lambda m, f=fill: f(m, quote_it=True), text)
        elif isinstance(pattern, RegexPattern):
            text = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
            plain += _REGEX_GROUP.sub(lambda m: str(values[m["name"]]), text)
            quoted += _REGEX_GROUP.sub(lambda m: quote(str(values[m["name"]]), safe=""), text)
        else:  # pragma: no cover - a pattern class Django does not ship
            return None
    try:
        match = resolve("/" + plain)
    except Resolver404:
        return None
    if match.route != route.route or match.func is not route.callback:
        return None
    if any(str(match.kwargs.get(name)) != str(values[name]) for name in values):
        return None
    return "/" + quoted, "/" + plain


# --------------------------------------------------------------------------
# Tenant rows, found generically


def relation_paths(model, target=Organisation, max_hops=2) -> list[str]:
    """ORM lookups from `model` to `target` over at most `max_hops` relations."""
    found = []

    def walk(current, prefix, hops):
        for f in current._meta.get_fields():
            if not f.is_relation or f.related_model is None or f.related_model == "self":
                continue
            lookup = f"{prefix}__{f.name}" if prefix else f.name
            if f.related_model is target:
                found.append(lookup)
            elif hops < max_hops and f.related_model is not model:
                walk(f.related_model, lookup, hops + 1)

    if model is target:
        return ["pk"]
    walk(model, "", 1)
    return found


def all_rows() -> set[tuple[type, object]]:
    return {
        (model, pk)
        for model in apps.get_models()
        for pk in model._default_manager.values_list("pk", flat=True)
    }


def tenant_rows(organisation, exclude=frozenset()) -> set[tuple[type, object]]:
    rows = set()
    for model in apps.get_models():
        for path in relation_paths(model):
            value = organisation.pk
            pks = model._default_manager.filter(**{path: value}).values_list("pk", flat=True)
            rows.update((model, pk) for pk in pks)
    return rows - set(exclude)


STRING_FIELD_NAMES = {"key", "slug", "code", "reference", "ref", "uuid", "token"}


def string_values(rows) -> set[str]:
    """Slugs, keys, codes and unique strings of these rows: values a str kwarg may take."""
    by_model: dict[type, list] = {}
    for model, pk in rows:
        by_model.setdefault(model, []).append(pk)
    values = set()
    for model, pks in by_model.items():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.SlugField | models.UUIDField)
            or (isinstance(f, models.CharField) and (f.unique or f.name in STRING_FIELD_NAMES))
        ]
        if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
            values.update(str(pk) for pk in pks)
        if names:
            for row in model._default_manager.filter(pk__in=pks).values_list(*names):
                values.update(str(v) for v in row if v not in (None, ""))
    return values


@dataclass
class Candidates:
    organisation_pk: int
    rows: set  # (model, pk) of tenant A
    exclusive_ints: set  # pks no row outside tenant A has
    strings: set
    exclusive_strings: set

    def ordered_for(self, kwarg: str) -> list:
        """A's organisation first, then rows of a model the kwarg names, then the rest."""
        hint = re.sub(r"_(pk|id|key|slug)$", "", kwarg)
        hinted = sorted({pk for model, pk in self.rows if model._meta.model_name == hint}, key=str)
        ints = sorted({pk for _, pk in self.rows if isinstance(pk, int)})
        ordered = [*hinted, self.organisation_pk, *ints, *sorted(self.strings)]
        return list(dict.fromkeys(ordered))

    def is_exclusive(self, value) -> bool:
        if isinstance(value, int):
            return value in self.exclusive_ints
        return value in self.exclusive_strings


def collect_candidates(org_a, created_rows, reference_rows) -> Candidates:
    rows = tenant_rows(org_a, exclude=reference_rows) | set(created_rows)
    rows.add((Organisation, org_a.pk))
    everything = all_rows()
    others = everything - rows
    other_pks = {pk for _, pk in others}
    strings = string_values(rows)
    other_strings = string_values(others)
    return Candidates(
        organisation_pk=org_a.pk,
        rows=rows,
        exclusive_ints={pk for _, pk in rows if isinstance(pk, int)} - other_pks,
        strings=strings,
        exclusive_strings=strings - other_strings - {str(pk) for pk in other_pks},
    )


# --------------------------------------------------------------------------
# The plan and the walk


@dataclass
class Probe:
    route: Route
    method: str
    path: str  # quoted
    plain: str
    supplied: tuple = ()  # values taken from the URL
    check_status: bool = False
    headers: dict = field(default_factory=dict)
    # The first combination tried for a route: A's own organisation or the row
    # the kwarg names. Every outsider tries these; the rest only some outsiders.
    primary: bool = True


def plan(routes, candidates: Candidates, org_pk_for_query: int):
    """Requests to make, and the routes for which no value could be generated."""
    probes, missing = [], []
    for route in routes:
        names = route.kwarg_names
        if not names:
            path, plain = build_path(route, {})
            for method, headers in (("GET", {}), ("GET", {"HTTP_ACCEPT": "text/html"})):
                probes.append(Probe(route, method, path, plain, headers=headers))
            query = urlencode({"organisation": org_pk_for_query, "q": "Tenant A"})
            probes.append(Probe(route, "GET", f"{path}?{query}", plain))
            probes.append(Probe(route, "POST", path, plain))
            continue
        valid = {
            name: [v for v in candidates.ordered_for(name) if _fits_alone(route, name, v)]
            for name in names
        }
        base = {name: values[0] for name, values in valid.items() if values}
        combos = [dict(base)] if len(base) == len(names) else []
        for name, values in valid.items():
            combos.extend({**base, name: value} for value in values[1:])
        built_any = False
        for index, combo in enumerate(combos):
            built = build_path(route, combo)
            if built is None:
                continue
            built_any = True
            supplied = tuple(str(v) for v in combo.values())
            check = route.route not in PUBLIC_ROUTES and any(
                candidates.is_exclusive(v) for v in combo.values()
            )
            for method in ("GET", "POST"):
                probe = Probe(route, method, *built, supplied, check, primary=index == 0)
                probes.append(probe)
        if not built_any and route.route not in NO_CANDIDATE_ROUTES:
            missing.append(route.route)
    return probes, missing


def _fits_alone(route: Route, name: str, value) -> bool:
    """Whether the converter (or regex group) of `name` accepts `value`."""
    for pattern in route.chain:
        if isinstance(pattern, RoutePattern) and name in pattern.converters:
            converter = pattern.converters[name]
            try:
                text = str(converter.to_url(value))
            except ValueError:
                return False
            return re.fullmatch(converter.regex, text) is not None
        if isinstance(pattern, RegexPattern) and name in pattern.regex.groupindex:
            group = next(
                m for m in _REGEX_GROUP.finditer(pattern.regex.pattern) if m["name"] == name
            )
            inner = group.group(0)[len(f"(?P<{name}>") : -1]
            return re.fullmatch(inner, str(value)) is not None
    return False


@dataclass
class Finding:
    probe: Probe
    status: int
    problem: str

    def __str__(self) -> str:
        probe = self.probe
        return f"{probe.method} {probe.path} [{probe.route.route}] -> {self.status}: {self.problem}"


def marker_patterns(token_keys=()) -> list[tuple[str, re.Pattern]]:
    """(label, pattern) of tenant A's marker strings."""
    patterns = [(f"'{MARKER_WORD}'", re.compile(re.escape(MARKER_WORD), re.IGNORECASE))]
    # MPIDs and token keys are alphanumeric: only whole words count, so a
    # random CSRF token that happens to contain "QZ7A" is not a leak.
    labelled = [(f"MPID {code}", code) for code in A_MPIDS]
    labelled += [("API token of A's admin", key) for key in token_keys]
    patterns += [
        (label, re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])"))
        for label, value in labelled
    ]
    return patterns


def response_text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return body.decode("utf-8", errors="replace") + "\n" + response.get("Location", "")


def walk(client: Client, probes, markers) -> list[Finding]:
    findings = []
    for probe in probes:
        send = client.get if probe.method == "GET" else client.post
        response = send(probe.path, **probe.headers)
        text = response_text(response)
        # What the requester typed into the URL may be echoed back; it is not a leak.
        for value in sorted(probe.supplied, key=len, reverse=True):
            if len(value) > 3:
                text = re.sub(re.escape(value), "", text, flags=re.IGNORECASE)
        leaked = [label for label, pattern in markers if pattern.search(text)]
        if leaked:
            findings.append(Finding(probe, response.status_code, f"shows {leaked}"))
        if response.status_code >= 500:
            findings.append(Finding(probe, response.status_code, "server error"))
        if probe.check_status and response.status_code not in REFUSED:
            findings.append(
                Finding(probe, response.status_code, "answers an id of tenant A with no refusal")
            )
    return findings


# --------------------------------------------------------------------------
# Fixtures


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    admin_a: object
    outsiders: dict
    candidates: Candidates
    markers: list


def _pk(n: int) -> int:
    return TENANT_A_PK_BASE + n


def build_tenant_a() -> tuple[Organisation, object, list[str]]:
    org = OrganisationFactory(
        id=_pk(1),
        name=A_NAME,
        slug=A_SLUG,
        participant_type="agent",
        companies_house_number="ZC000001",
    )
    users = {}
    for n, role in enumerate(("admin", "contributor", "director", "viewer"), start=1):
        users[role] = UserFactory(
            id=_pk(10 + n),
            email=f"{MARKER_WORD}.{role}@tenant-a.example",
            full_name=f"Zebracorn {role.title()} Person",
        )
        MembershipFactory(id=_pk(20 + n), organisation=org, user=users[role], role=role)
    smart = QualificationFactory(id=_pk(31), organisation=org, market_role=market_role("MEM_SMART"))
    QualificationFactory(id=_pk(32), organisation=org, market_role=market_role("MEM_ADV"))
    MpidFactory(id=_pk(41), organisation=org, market_role=market_role("MEM_SMART"), code=A_MPIDS[0])
    MpidFactory(id=_pk(42), organisation=org, market_role=market_role("MEM_ADV"), code=A_MPIDS[1])
    Allocation.objects.create(
        id=_pk(51), qualification=smart, cohort=Cohort.objects.get(key="wave_3")
    )
    deliverable = deliverables_sync(qualification=smart)[0]
    DeliverableComment.objects.create(
        deliverable=deliverable, author=users["admin"], status="outstanding", text=A_NAME
    )
    Event.objects.create(
        id=_pk(61),
        kind="member_added",
        occurred_at="2026-01-05T10:00:00Z",
        actor=users["admin"],
        organisation=org,
        payload={"email": users["viewer"].email, "note": "Zebracorn private note"},
    )
    Event.objects.create(
        id=_pk(62),
        kind="cohort_allocated",
        occurred_at="2026-01-06T10:00:00Z",
        organisation=org,
        qualification=smart,
        payload={"to": "wave_3"},
    )
    pqs = PreQualificationSubmission.objects.create(
        id=_pk(71),
        organisation=org,
        status="clarification_requested",
        pit_approach="Zebracorn PIT approach",
        preferred_cohort=Cohort.objects.get(key="wave_2"),
    )
    pqs.qualifications.set([smart])
    PqsMessage.objects.create(id=_pk(72), pqs=pqs, kind="question", text="Zebracorn question")
    WaitListEntry.objects.create(
        id=_pk(73),
        cohort=Cohort.objects.get(key="wave_1"),
        qualification=smart,
        pqs=pqs,
        reason="Zebracorn wait list reason",
    )
    token = token_for(users["admin"], org, scope="write")
    return org, users["admin"], [token]


def build_tenant_b():
    org = OrganisationFactory(name="Bravo Outsider Energy Ltd", slug="bravo-outsider")
    qualification = QualificationFactory(organisation=org, market_role=market_role("SUPPLIER"))
    MpidFactory(organisation=org, market_role=market_role("SUPPLIER"), code="BRV1")
    allocate(qualification, "wave_1")
    outsiders = {
        role: member(org, role, email=f"{role}@bravo-outsider.example")
        for role in ("admin", "contributor", "director", "viewer")
    }
    # A reviewer of a body that governs none of tenant A's roles (MEM roles are REC + DIP).
    outsiders["bsc_reviewer"] = staff("reviewer", "BSC", email="reviewer@bsc-outsider.example")
    return org, outsiders


@pytest.fixture
def world(db) -> World:
    reference_rows = all_rows()  # what the migrations shipped: market roles, cohorts, ...
    org_b, outsiders = build_tenant_b()
    before_a = all_rows()
    org_a, admin_a, token_keys = build_tenant_a()
    created = all_rows() - before_a
    candidates = collect_candidates(org_a, created, reference_rows)
    return World(org_a, org_b, admin_a, outsiders, candidates, marker_patterns(token_keys))


def walked_routes():
    return [route for route in iter_routes() if not is_skipped(route)]


def _client_for(user) -> Client:
    # A view that crashes answers 500 and is reported with its URL, instead of
    # ending the walk at the first exception.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --------------------------------------------------------------------------
# The walk


# Scope is decided by organisation and body, not by the member's role, so two
# outsiders try every candidate id and the other roles the primary ones only:
# the walk stays exhaustive where it matters and the suite stays quick.
EXHAUSTIVE_OUTSIDERS = {"admin", "bsc_reviewer"}


@pytest.mark.parametrize("outsider", ["admin", "contributor", "director", "viewer", "bsc_reviewer"])
def test_no_route_shows_another_tenants_data(world, outsider):
    user = world.outsiders[outsider]
    probes, missing = plan(walked_routes(), world.candidates, world.org_a.pk)
    if outsider not in EXHAUSTIVE_OUTSIDERS:
        probes = [probe for probe in probes if probe.primary]
    assert not missing, (
        "No value could be generated for the kwargs of these routes, so the tenancy walk "
        "cannot probe them. Teach tests/test_tenancy_walk.py how to fill them, or list them "
        f"in NO_CANDIDATE_ROUTES with a reason: {missing}"
    )
    client = _client_for(user)
    findings = walk(client, probes, world.markers)
    assert not findings, f"{outsider} of another organisation reached tenant A's data:\n" + (
        "\n".join(str(f) for f in findings[:40])
    )
    # The session survived the walk (a POST that signed the user out would
    # otherwise turn every later probe into a harmless redirect).
    assert client.get("/api/v1/organisations/").status_code == 200


# --------------------------------------------------------------------------
# The walk itself is tested: it must be able to fail.


def test_the_walk_finds_the_markers_when_the_tenant_itself_walks(world):
    """Run as tenant A's own admin, the same probes must report A's markers."""
    expected = {
        "organisations/<int:pk>/",
        "organisations/<int:pk>/members/",
        "api/v1/organisations/",
        "api/v1/qualifications/<int:pk>/",
    }
    probes, _ = plan(walked_routes(), world.candidates, world.org_a.pk)
    probes = [p for p in probes if p.route.route in expected and p.method == "GET"]
    findings = walk(_client_for(world.admin_a), probes, world.markers)
    assert {f.probe.route.route for f in findings} == expected
    assert any("answers an id of tenant A" in f.problem for f in findings)
    assert any("QZ7A" in f.problem for f in findings)


def test_the_walk_covers_every_route_with_a_refusal_check(world):
    """Every tenant route with kwargs gets at least one probe with a value that is A's alone."""
    routes = walked_routes()
    probes, _ = plan(routes, world.candidates, world.org_a.pk)
    with_kwargs = {r.route for r in routes if r.kwarg_names} - set(PUBLIC_ROUTES)
    checked = {p.route.route for p in probes if p.check_status}
    assert with_kwargs, "the walk found no route with kwargs: the resolver walk is broken"
    assert with_kwargs <= checked, f"no A-only value reached {sorted(with_kwargs - checked)}"
    walked = {r.route for r in routes}
    for expected in (
        "organisations/<int:pk>/members/<int:membership_pk>/",
        "api/v1/qualifications/<int:pk>/",
        "timelines/<slug:key>/",
    ):
        assert expected in walked


def test_the_candidates_are_found_generically(world):
    """The two-hop discovery finds A's rows in every tenant table, history included."""
    found = {model._meta.label for model, _ in world.candidates.rows}
    for label in (
        "qualification.Organisation",
        "qualification.Membership",
        "qualification.User",
        "qualification.Qualification",
        "qualification.Mpid",
        "qualification.Event",
        "qualification.HistoricalMembership",
        "waves.Allocation",
        "waves.HistoricalAllocation",
    ):
        assert label in found
    # B's rows and the published reference data are not A's.
    assert (Organisation, world.org_b.pk) not in world.candidates.rows
    assert not any(
        model._meta.label == "qualification.MarketRole" for model, _ in world.candidates.rows
    )
    assert A_SLUG in world.candidates.strings and A_SLUG in world.candidates.exclusive_strings


def test_a_route_with_an_unknown_kwarg_fails_the_walk(world, settings):
    """A new route whose kwarg nothing can fill is reported, not silently skipped."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import tests.test_tenancy_walk as this_module

    def view(request, **kwargs):
        return HttpResponse("ok")

    this_module.urlpatterns = [
        path("evidence/<uuid:ref>/", view),
        path("organisations/<int:pk>/", view),
    ]
    settings.ROOT_URLCONF = "tests.test_tenancy_walk"
    clear_url_caches()
    try:
        _, missing = plan(list(iter_routes()), world.candidates, world.org_a.pk)
    finally:
        del this_module.urlpatterns
        clear_url_caches()
    assert missing == ["evidence/<uuid:ref>/"]


def test_allow_lists_name_existing_routes():
    routes = {route.route for route in iter_routes()}
    stale = (set(PUBLIC_ROUTES) | set(NO_CANDIDATE_ROUTES)) - routes
    assert not stale, f"allow-listed routes that no longer exist: {sorted(stale)}"
    assert all(reason for reason in (*PUBLIC_ROUTES.values(), *NO_CANDIDATE_ROUTES.values()))


def test_build_path_rejects_values_the_converter_refuses():
    route = next(r for r in iter_routes() if r.route == "organisations/<int:pk>/")
    assert build_path(route, {"pk": "not-a-number"}) is None
    assert build_path(route, {"pk": 12}) == ("/organisations/12/", "/organisations/12/")


def test_marker_patterns_ignore_mpids_inside_random_tokens():
    label, mpid = marker_patterns()[1]
    assert label == "MPID QZ7A"
    assert mpid.search("<code>QZ7A</code>")
    assert not mpid.search('value="x9QZ7Ab2"')


def test_relation_paths_stop_at_two_hops():
    assert relation_paths(apps.get_model("qualification", "Mpid")) == ["organisation"]
    assert "qualification__organisation" in relation_paths(Allocation)
    assert relation_paths(Cohort) == []
    assert relation_paths(Organisation) == ["pk"]
