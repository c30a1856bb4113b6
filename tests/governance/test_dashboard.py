"""The approvals board stays the same size whatever the number of approvals:
per status a count and the first rows, and a paged list of one status."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.views import COLUMN_ROWS, LIST_PAGE


def _board(client, url="/governance/approvals/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_board_queries_do_not_grow_with_approvals(client, deciders, signed_off):
    client.force_login(deciders["BSC"])
    signed_off()
    _, few = _board(client)
    for _ in range(COLUMN_ROWS + 2):
        signed_off()
    response, many = _board(client)
    assert many == few, "approvals board queries grow with the approvals"
    column = dict((s.value, (rows, n)) for s, rows, n in response.context["columns"])
    rows, count = column["pending"]
    assert count == COLUMN_ROWS + 3
    assert len(rows) == COLUMN_ROWS
    assert f"All {COLUMN_ROWS + 3} pending" in response.content.decode()


def test_one_status_pages_through_every_approval(client, deciders, signed_off):
    client.force_login(deciders["BSC"])
    signed_off()
    _, few = _board(client, "/governance/approvals/?status=pending")
    for _ in range(LIST_PAGE + 1):
        signed_off()
    response, many = _board(client, "/governance/approvals/?status=pending")
    assert many == few, "approvals status list queries grow with the approvals"
    page = response.context["page"]
    assert page.paginator.count == LIST_PAGE + 2
    assert len(page.object_list) == LIST_PAGE
    second, _ = _board(client, "/governance/approvals/?status=pending&page=2")
    assert len(second.context["page"].object_list) == 2


def test_a_body_sees_only_its_own_approvals_counted(client, deciders, signed_off):
    signed_off(role_code="SUPPLIER")  # approved by DIP, BSC and REC
    signed_off(role_code="MEM_SMART")  # not a BSC role
    client.force_login(deciders["REC"])
    response, _ = _board(client)
    counts = {s.value: n for s, _, n in response.context["columns"]}
    rows = [a for _, approvals, _ in response.context["columns"] for a in approvals]
    assert {a.body for a in rows} == {"REC"}
    assert sum(counts.values()) == len(rows)


@pytest.mark.parametrize("status", ["", "nonsense"])
def test_an_unknown_status_shows_the_board(client, deciders, status):
    client.force_login(deciders["BSC"])
    response, _ = _board(client, f"/governance/approvals/?status={status}")
    assert "columns" in response.context
    assert "None." in response.content.decode()


def test_participants_cannot_open_the_board(client, admin_a):
    client.force_login(admin_a)
    assert client.get("/governance/approvals/?status=pending").status_code == 404
