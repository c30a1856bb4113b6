"""A larger population for measuring: the demo population copied N times.

Copy 0 is the demo population built through the real services (every
organisation given a QAD that matches its status), so its rows, events and
history are what the portal writes. Copies 1..N-1 repeat every row that
belongs to a participant, with the history rows written alongside in bulk:
primary keys move by `copy * STRIDE`, foreign keys to copied rows move
with them, keys to shared rows (market roles, cohorts, timelines, the QAD
template, staff people) stay. Unique names, e-mail addresses and MPIDs get
a copy suffix. Ids inside event payloads keep naming the base rows. Nothing
here is a service: it only exists to measure, on a fresh database.
"""

import time
from collections.abc import Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.test.utils import override_settings

from governance.models import PabMeeting
from qualification.models import (
    ApiToken,
    IdempotencyRecord,
    Membership,
    Mpid,
    Organisation,
    User,
    WebhookDelivery,
    WebhookEndpoint,
)
from service_activation.models import ActivationTicket
from waves.dashboard_cache import deadlines_changed

from .core import build_core
from .mfa import demo_mfa_enrol
from .population import demo_organisations
from .qad import build_qads

# Larger than any table of the base population: copy k owns ids in
# (k * STRIDE, (k + 1) * STRIDE]. 10**7 x 100 copies stays far inside BigAutoField.
STRIDE = 10**7
APPS = ("qualification", "qad", "waves", "governance", "service_activation")
BATCH = 1000
# Rows copied even though no foreign key makes them a participant's: each copy
# of the population keeps its own PAB meetings, so an agenda stays the size of one.
ALWAYS_COPIED = (Organisation, PabMeeting)
# Credentials and what they drive belong to one person's integration, not to a population.
NOT_COPIED = (ApiToken, WebhookEndpoint, WebhookDelivery, IdempotencyRecord)
SMALL_COHORTS = ("sit_m10", "sit_not_m11", "wave_1", "wave_3")
MPID_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def build_base(password: str, specs=None) -> None:
    """The demo population, with a QAD for every organisation that has started.

    Staff and Directors are enrolled in TOTP as in the demo: without it every
    page they ask for is the "set up two-factor sign-in" redirect, and the
    benchmarks would time that instead of the page."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        build_core(password, specs)
        build_qads(Organisation.objects.values_list("name", flat=True))
        demo_mfa_enrol()


def small_specs() -> list:
    """One organisation from each of four cohorts, between registered and live:
    a base for tests, built in seconds."""
    specs = {}
    for spec in demo_organisations():
        if spec.cohort in SMALL_COHORTS:
            specs.setdefault(spec.cohort, spec)
    return list(specs.values())


def copies_present() -> int:
    top = Organisation.objects.aggregate(top=Max("pk"))["top"]
    return 0 if top is None else top // STRIDE + 1


def _live_models() -> list[type[models.Model]]:
    found = [User]
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.app_label
        historical = model.__name__.startswith("Historical")
        if label in APPS and not historical and model not in (User, *NOT_COPIED):
            found.append(model)
    return found


def _history_model(model):
    history = getattr(model, "history", None)
    return history.model if history is not None else None


def _copied_ids(live_models) -> dict[type, set[int]]:
    """Per model, the base rows that belong to a participant (to a copied row)."""
    copied: dict[type, set[int]] = {m: set() for m in live_models}
    copied[User] = set(Membership.objects.filter(pk__lte=STRIDE).values_list("user_id", flat=True))
    for model in ALWAYS_COPIED:
        copied[model] = set(model.objects.filter(pk__lte=STRIDE).values_list("pk", flat=True))
    rows = {m: list(m._default_manager.filter(pk__lte=STRIDE).values()) for m in live_models}
    changed = True
    while changed:  # foreign keys may point either way (and to the same table): fixed point
        changed = False
        for model in live_models:
            fks = [
                (f.attname, f.related_model)
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in copied
            ]
            mine = copied[model]
            for row in rows[model]:
                if row["id"] not in mine and any(
                    row[name] in copied[target] for name, target in fks
                ):
                    mine.add(row["id"])
                    changed = True
    return copied


def _suffixers(copy: int) -> dict[tuple[type, str], Callable]:
    return {
        (Organisation, "name"): lambda v: f"{v} ({copy + 1})",
        (Organisation, "slug"): lambda v: f"{v}-copy-{copy + 1}",
        (User, "email"): lambda v: v.replace("@", f"+{copy + 1}@", 1),
        (User, "full_name"): lambda v: f"{v} ({copy + 1})",
        (ActivationTicket, "reference"): lambda v: f"{v}-{copy + 1}",
    }


def _mpid_codes(copy: int, base_ids: list[int]) -> dict[int, str]:
    """Four characters, unique per copy: a leading 0 never clashes with a demo MPID."""
    codes = {}
    for index, pk in enumerate(sorted(base_ids)):
        n = copy * len(base_ids) + index
        digits = ""
        for _ in range(3):
            n, r = divmod(n, 36)
            digits = MPID_DIGITS[r] + digits
        codes[pk] = "0" + digits
    return codes


class _Plan:
    """How one table (live or history) is copied: which rows, which columns move.

    The base rows are read and turned into database values once, by each
    field's own get_db_prep_save; a copy then only shifts keys and suffixes
    names, and goes in as multi-row INSERTs (what bulk_create sends, without
    preparing the same values again for every copy).
    """

    def __init__(self, model, live, copied):
        self.model = model
        self.live = live
        fields = model._meta.concrete_fields
        mine = copied[live]
        # History rows carry the live row's id in "id": copy the base rows' versions.
        rows = [
            r for r in model._default_manager.filter(id__lte=STRIDE).values() if r["id"] in mine
        ]
        self.ids = [r["id"] for r in rows]
        self.rows = [[f.get_db_prep_save(r[f.attname], connection) for f in fields] for r in rows]
        self.moved = []  # (index, target model, or None when the value always moves)
        self.renamed = {}  # index: field name, for the copy's suffixers
        for index, field in enumerate(fields):
            if field.primary_key or (model is not live and field.attname == "id"):
                self.moved.append((index, None))
            elif field.is_relation and field.related_model in copied:
                self.moved.append((index, field.related_model))
            elif field.attname in ("name", "slug", "email", "full_name", "reference", "code"):
                self.renamed[index] = field.attname
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        self.insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
        self.placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        limit = connection.features.max_query_params or 100_000
        self.batch = max(1, min(BATCH, limit // len(fields)))


def _copy_rows(plan: _Plan, copy: int, copied, suffixers, mpid_codes) -> int:
    offset = copy * STRIDE
    changes = [
        (index, suffixers[(plan.live, name)])
        for index, name in plan.renamed.items()
        if (plan.live, name) in suffixers
    ]
    code_index = next((i for i, n in plan.renamed.items() if n == "code"), None)
    new_rows = []
    for live_id, row in zip(plan.ids, plan.rows, strict=True):
        new = list(row)
        for index, target in plan.moved:
            value = row[index]
            if value is not None and (target is None or value in copied[target]):
                new[index] = value + offset
        for index, change in changes:
            if new[index]:
                new[index] = change(new[index])
        if plan.live is Mpid and code_index is not None:
            new[code_index] = mpid_codes[live_id]
        new_rows.append(new)
    with connection.cursor() as cursor:
        for start in range(0, len(new_rows), plan.batch):
            chunk = new_rows[start : start + plan.batch]
            sql = plan.insert + ", ".join([plan.placeholder] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])
    return len(new_rows)


def scale_to(copies: int, *, log=print) -> int:
    """Add copies until there are `copies` in all. Returns the rows written."""
    present = copies_present()
    if present == 0:
        raise RuntimeError("Build the base population first.")
    if present >= copies:
        return 0
    live_models = _live_models()
    copied = _copied_ids(live_models)
    plans = []
    for live in live_models:
        if not copied[live]:
            continue
        plans.append(_Plan(live, live, copied))
        history = _history_model(live)
        if history is not None:
            plans.append(_Plan(history, live, copied))
    mpid_ids = sorted(copied[Mpid])
    if copies * len(mpid_ids) > 36**3:
        raise ValueError(f"At most {36**3 // max(len(mpid_ids), 1)} copies keep MPIDs unique.")
    written = 0
    started = time.monotonic()
    for copy in range(present, copies):
        # One transaction per copy: foreign keys are checked at commit, so the
        # tables can be filled in any order, and a failed copy leaves nothing.
        with transaction.atomic():
            suffixers = _suffixers(copy)
            codes = _mpid_codes(copy, mpid_ids)
            for plan in plans:
                written += _copy_rows(plan, copy, copied, suffixers, codes)
            # Copied deadline rows bypass the sweep: cached dashboard figures go stale.
            deadlines_changed()
        log(f"copy {copy + 1}/{copies}: {written:,} rows in {time.monotonic() - started:.0f} s")
    _reset_sequences([plan.model for plan in plans])
    return written


def _reset_sequences(table_models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), table_models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
