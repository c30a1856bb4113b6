"""The audit export of one organisation: its events and the history rows of
everything it owns, as CSV, for its admin."""

import csv
import json
from functools import cache

from django.apps import apps
from django.db.models import Q

from qualification.models import Organisation

HEADER = ["source", "when", "actor", "what", "object", "object_id", "qualification_id", "detail"]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@cache
def organisation_lookups(model) -> tuple[str, ...]:
    """Forward relation paths (at most two hops) from a model to Organisation."""
    if model is Organisation:
        return ("pk",)
    found = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or target._meta.label == "qualification.User":
            continue
        if target is Organisation:
            found.append(field.name)
            continue
        for inner in target._meta.concrete_fields:
            if inner.is_relation and inner.related_model is Organisation:
                found.append(f"{field.name}__{inner.name}")
    return tuple(found)


def audited_models() -> list:
    """Every model with simple-history whose rows belong to an organisation."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "history") and organisation_lookups(model)
    ]


def history_rows(organisation: Organisation):
    for model in audited_models():
        condition = Q()
        for lookup in organisation_lookups(model):
            # The historical table keeps the same foreign keys as the model.
            condition |= Q(**{"id" if lookup == "pk" else lookup: organisation.pk})
        rows = (
            model.history.filter(condition)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        for row in rows.iterator(chunk_size=500):
            yield [
                "history",
                row.history_date.isoformat(),
                row.history_user.email if row.history_user else "",
                {"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
                model._meta.label,
                getattr(row, model._meta.pk.attname),
                getattr(row, "qualification_id", "") or "",
                row.history_change_reason or "",
            ]


def event_rows(events):
    for event in events.order_by("id").iterator(chunk_size=500):
        yield [
            "event",
            event.occurred_at.isoformat(),
            event.actor.email if event.actor else "",
            event.kind,
            "qualification.Event",
            event.pk,
            event.qualification_id or "",
            json.dumps(event.payload, sort_keys=True, default=str),
        ]


class _Echo:
    def write(self, value):
        return value


def audit_csv_lines(organisation: Organisation, events):
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for rows in (event_rows(events), history_rows(organisation)):
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])
