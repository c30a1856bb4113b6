"""The audit log (sign-ins, refusals) cannot be forged through user input;
every model with history records its actor; the audit export per organisation."""

import csv
import io
import logging

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import resolve
from django_fsm import FSMFieldMixin

from mhhs_portal.security.audit import audit, clean
from mhhs_portal.security.export import audited_models, safe_cell
from qualification import services as core
from qualification.models import Membership
from tests.factories import PASSWORD, member

from .history_check import actions_without_history, history_models

pytestmark = pytest.mark.django_db


def audit_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "mhhs.audit"]


@pytest.fixture
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="mhhs.audit")
    return caplog


def test_sign_in_success_and_failure_are_logged_with_who_where_and_when(
    client, contributor_a, org_a, audit_log
):
    client.post("/accounts/login/", {"login": contributor_a.email, "password": "wrong-one"})
    client.post("/accounts/login/", {"login": contributor_a.email, "password": PASSWORD})
    failed, succeeded = audit_lines(audit_log)
    assert 'event="login_failed"' in failed and f'login="{contributor_a.email}"' in failed
    assert 'user="anonymous"' in failed and 'route="accounts/login/"' in failed
    assert 'event="login_succeeded"' in succeeded
    assert f'user="{contributor_a.pk}:{contributor_a.email}"' in succeeded
    assert f'tenant="org:{org_a.pk}"' in succeeded
    assert 'time="20' in succeeded and 'ip="127.0.0.1"' in succeeded


FORGED = 'x\r\ntime="2026-01-01" event="login_succeeded" user="1:admin"\u2028'


def test_a_typed_line_break_cannot_forge_a_log_line(client, audit_log):
    # What a person types reaches the log as the login of a failed sign-in or
    # as the path of a refused request; neither can end the line.
    client.post("/accounts/login/", {"login": f"{FORGED}@y.test", "password": "nope"})
    client.get(f"/organisations/{FORGED}/")
    request = RequestFactory().get("/")
    request.path = f"/organisations/1/{FORGED}"
    request.resolver_match = resolve("/organisations/1/")
    audit("access_denied", request=request, user=None, login=FORGED)
    lines = audit_lines(audit_log)
    assert lines
    for line in lines:
        assert "\n" not in line and "\r" not in line and "\u2028" not in line
        assert line.count('event="') == 1
    assert "\\x0d\\x0a" in lines[-1] and '\\"' in lines[-1] and "\\u2028" in lines[-1]


def test_escaping_covers_every_control_character():
    text = "".join(chr(n) for n in range(32)) + '\x7f"\\\u2029'
    cleaned = clean(text)
    assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in cleaned)
    assert cleaned.count("\\x") == 33 and cleaned.endswith('\\"\\\\\\u2029')


def test_denied_access_is_logged_with_user_tenant_and_route(
    client, admin_b, org_a, org_b, contributor_a, audit_log
):
    client.force_login(admin_b)
    audit_log.clear()
    assert client.get(f"/organisations/{org_a.pk}/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    (line,) = audit_lines(audit_log)
    assert 'event="access_denied"' in line and 'status="404"' in line
    assert f'tenant="org:{org_b.pk}"' in line
    assert 'route="organisations/<int:pk>/"' in line
    assert f'path="/organisations/{org_a.pk}/"' in line
    client.force_login(contributor_a)
    audit_log.clear()
    assert client.get(f"/organisations/{org_a.pk}/audit.csv").status_code == 403
    (line,) = audit_lines(audit_log)
    assert 'status="403"' in line and f'tenant="org:{org_a.pk}"' in line


def test_every_history_model_records_who_and_why():
    models = history_models()
    assert len(models) > 10
    for model in models:
        names = {f.name for f in model._meta.get_fields()}
        assert {"history_user", "history_date", "history_change_reason"} <= names, model


def test_every_state_machine_is_under_history():
    machines = [
        model
        for model in apps.get_models()
        if any(isinstance(f, FSMFieldMixin) for f in model._meta.concrete_fields)
        and not hasattr(model, "instance_type")
    ]
    assert machines
    missing = [m._meta.label for m in machines if not hasattr(m, "history")]
    assert not missing, f"state machines without simple-history: {missing}"


def test_every_action_of_a_person_leaves_a_history_row_naming_them(admin_a, org_a):
    core.membership_add(actor=admin_a, organisation=org_a, email="new@alpha.test", role="viewer")
    membership = Membership.objects.get(user__email="new@alpha.test")
    core.membership_change_role(actor=admin_a, membership=membership, role="contributor")
    assert not actions_without_history()


def test_the_history_check_can_fail(admin_a, org_a):
    from qualification.events import event_record

    event_record(kind="member_added", actor=admin_a, organisation=org_a)
    assert [e.kind for e in actions_without_history()] == ["member_added"]


# --------------------------------------------------------------------------
# The audit export


def rows_of(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_an_admin_exports_the_organisations_events_and_history(client, admin_a, org_a, org_b):
    core.membership_add(actor=admin_a, organisation=org_a, email="new@alpha.test", role="viewer")
    other_admin = member(org_b, "admin", email="admin@bravo.test")
    core.membership_add(actor=other_admin, organisation=org_b, email="b@bravo.test", role="viewer")
    client.force_login(admin_a)
    home = client.get(f"/organisations/{org_a.pk}/").content.decode()
    assert f'href="/organisations/{org_a.pk}/audit.csv"' in home
    response = client.get(f"/organisations/{org_a.pk}/audit.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    events = [r for r in rows if r["source"] == "event"]
    history = [r for r in rows if r["source"] == "history"]
    assert [e["what"] for e in events] == ["member_added"]
    assert events[0]["actor"] == admin_a.email
    memberships = [r for r in history if r["object"] == "qualification.Membership"]
    assert any(r["actor"] == admin_a.email and r["what"] == "created" for r in memberships)
    text = "\n".join(str(r) for r in rows)
    assert "bravo.test" not in text  # nothing of the other organisation


def test_only_the_admin_exports_and_another_tenant_gets_404(
    client, org_a, contributor_a, director_a, viewer_a, admin_b, bsc_reviewer
):
    url = f"/organisations/{org_a.pk}/audit.csv"
    for user in (contributor_a, director_a, viewer_a):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(admin_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_every_audited_model_of_an_organisation_is_exported():
    labels = {model._meta.label for model in audited_models()}
    assert {
        "qualification.Organisation",
        "qualification.Membership",
        "qualification.Qualification",
        "qualification.Mpid",
        "qad.Qad",
        "governance.Approval",
    } <= labels
    assert "qualification.User" not in labels


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@x", "\tx"])
def test_formula_cells_are_made_text(value):
    assert safe_cell(value).startswith("'")
    assert safe_cell("plain") == "plain"
