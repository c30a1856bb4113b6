"""Every route of the site and the API, with each method it takes, requested
as every kind of person, compared with the explicit table in
tests/security/authorisation_table.py. A route missing from the table fails."""

import pytest

from .authorisation_table import HOME, parse
from .matrix import agrees, clients_for, observe, plan
from .matrix_world import ACTORS, OBJECT_KINDS, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Everyone confirmed their identity when signed in; the walk may take longer
    # than the five minutes a confirmation lasts.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 24 * 3600
    # Rate limits are tested on their own; here they would make an answer
    # depend on how many actors asked before.
    settings.ACCOUNT_RATE_LIMITS = False


def format_line(key, method, spec, columns) -> str:
    kwargs = ",".join(f"{k}={v}" for k, v in spec.items()) or "-"
    return f"{key or HOME:<60} {kwargs:<34} {method:<6} {columns}"


def test_every_route_answers_every_actor_as_the_table_says(matrix_settings):
    world = build_world()
    expected = parse()
    probes, missing = plan(expected, world.objects)
    assert not missing, (
        "These routes (and methods) are not in tests/security/authorisation_table.py; "
        "add a line for each:\n" + "\n".join(missing)
    )
    observed = observe(probes, clients_for(world.people))
    wrong = [
        format_line(route, method, expected[(key, method)][0], row)
        + f"   # table says: {expected[(key, method)][1]}"
        for (key, method), rows in observed.items()
        for route, row in rows.items()
        if not agrees(row, expected[(key, method)][1])
    ]
    assert not wrong, f"Answers differ from the table (columns: {' '.join(ACTORS)}):\n" + "\n".join(
        wrong
    )
    stale = sorted({key for key, _ in expected} - {key for key, _ in observed})
    assert not stale, f"The table lists routes that no longer exist: {stale}"


def test_the_table_can_fail():
    """A different answer, or a route the table lacks, is reported."""
    assert agrees("2 . N", "2 F N") and not agrees("2 2 N", "2 F N")
    expected = parse()
    objects = {kind: 1 for kind in OBJECT_KINDS} | {"cohort_key": "wave_1", "text": "x"}
    probes, missing = plan(expected, objects)
    assert not missing and len({p.route for p in probes}) > 100
    key = ("organisations/<int:pk>/members/", "POST")
    _, missing = plan({k: v for k, v in expected.items() if k != key}, objects)
    assert missing == ["organisations/<int:pk>/members/ POST"]
