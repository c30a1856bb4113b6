"""The example client mirrors an organisation into SQLite over HTTP, and picks up changes."""

import sqlite3

import pytest

from examples import sync_client
from mhhs_portal.api.tokens import api_token_create
from qualification.services import qualification_transition
from tests.factories import OrganisationFactory, QualificationFactory, market_role, member


@pytest.mark.django_db(transaction=True)
def test_the_client_mirrors_and_then_follows_the_feed(live_server, reference_data, tmp_path):
    org = OrganisationFactory(name="Mirror Energy Ltd")
    other = OrganisationFactory(name="Hidden Other Ltd")
    q = QualificationFactory(organisation=org, market_role=market_role("SUPPLIER"))
    QualificationFactory(organisation=other, market_role=market_role("SDS"))
    admin = member(org, "admin", email="admin@mirror.test")
    _, raw = api_token_create(actor=admin, organisation=org, name="Mirror")
    db_path = str(tmp_path / "mirror.sqlite3")
    args = ["--base-url", live_server.url, "--token", raw, "--db", db_path, "--once"]

    assert sync_client.main(args) == 0
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT name FROM organisations").fetchall() == [("Mirror Energy Ltd",)]
    assert db.execute("SELECT id, status FROM qualifications").fetchall() == [(q.pk, "registered")]
    assert db.execute("SELECT kind FROM events").fetchall() == [("api_token_created",)]
    cursor = db.execute("SELECT value FROM sync_state").fetchone()[0]

    qualification_transition(
        actor=admin, qualification=q, transition="withdraw", reason="Leaving the market"
    )
    assert sync_client.main(args) == 0
    assert db.execute("SELECT status FROM qualifications").fetchall() == [("withdrawn",)]
    kinds = [k for (k,) in db.execute("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["api_token_created", "qualification_withdrawn"]
    assert db.execute("SELECT value FROM sync_state").fetchone()[0] != cursor
    assert "Hidden" not in str(db.execute("SELECT * FROM organisations").fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_client_reports_a_refused_token(live_server, reference_data, tmp_path, capsys):
    args = ["--base-url", live_server.url, "--token", "mhhs_0000_bad", "--db", "x", "--once"]
    args[-2] = str(tmp_path / "x.sqlite3")
    assert sync_client.main(args) == 1
    assert "authentication_failed" in capsys.readouterr().err
