"""The deliverable pages: participant, detail with actions, review queue,
QT entry and the programme's status table; tenancy 404s; pinned query counts."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qualification.models import Event
from tests.factories import member, staff
from waves.deliverables import services
from waves.deliverables.models import Deliverable, DeliverableStatus
from waves.deliverables.selectors import STATUS_COLUMNS

from .conftest import allocated, pdf

D = DeliverableStatus


def test_the_participant_sees_its_deliverables_and_what_is_due_next(client, wave1):
    client.force_login(wave1.contributor)
    page = client.get(reverse("deliverables:organisation", args=[wave1.q.organisation_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "PIT Approach and Plan (initial)" in html and "QT Test Completion Report" in html
    assert "Due next" in html or "Nothing outstanding with a deadline" in html
    assert client.get(reverse("deliverables:index")).url == reverse(
        "deliverables:organisation", args=[wave1.q.organisation_id]
    )


def test_upload_and_submit_from_the_page(client, wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_rttm")
    client.force_login(wave1.contributor)
    client.post(reverse("deliverables:upload", args=[d.pk]), {"file": pdf("rttm.pdf")})
    response = client.post(
        reverse("deliverables:act", args=[d.pk, "submit"]), {"comment": "first go"}, follow=True
    )
    assert "Submitted for review." in response.content.decode()
    d.refresh_from_db()
    assert d.status == D.DRAFT_AND_REVIEW and d.revisions.count() == 1
    revision = d.revisions.get()
    download = client.get(reverse("deliverables:download", args=[revision.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_a_refusal_is_a_message_and_changes_nothing(client, wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_rttm")
    client.force_login(wave1.contributor)
    response = client.post(reverse("deliverables:act", args=[d.pk, "submit"]), follow=True)
    assert "Upload the QT RTTM before submitting it." in response.content.decode()
    d.refresh_from_db()
    assert d.status == D.OUTSTANDING


def test_another_tenant_gets_404_everywhere(client, wave1):
    d = Deliverable.objects.get(qualification=wave1.q, kind="qt_rttm")
    client.force_login(wave1.outsider)
    urls = [
        reverse("deliverables:organisation", args=[wave1.q.organisation_id]),
        reverse("deliverables:detail", args=[d.pk]),
        reverse("deliverables:qt_entry", args=[wave1.q.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    before = Event.objects.count()
    for url in (
        reverse("deliverables:upload", args=[d.pk]),
        reverse("deliverables:act", args=[d.pk, "submit"]),
        reverse("deliverables:comment", args=[d.pk]),
        reverse("deliverables:checkpoint", args=[wave1.q.pk]),
        reverse("deliverables:qt_entry_confirm", args=[wave1.q.pk]),
    ):
        assert client.post(url, {"text": "x", "number": 1}).status_code == 404, url
    assert Event.objects.count() == before


def _submit_some(n: int):
    """n suppliers in wave 1, each with its QT RTTM submitted."""
    for _ in range(n):
        q = allocated("wave_1")
        contributor = member(q.organisation)
        d = q.deliverables.get(kind="qt_rttm")
        services.deliverable_upload(actor=contributor, deliverable=d, upload=pdf())
        services.deliverable_submit(actor=contributor, deliverable=d)


@pytest.mark.parametrize("url", ["deliverables:queue", "deliverables:status"])
def test_queue_and_status_pages_pin_their_query_count(client, wave1, url):
    client.force_login(wave1.tm)
    _submit_some(2)
    client.get(reverse(url))  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url)).status_code == 200
    _submit_some(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(url))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count("QT RTTM") >= 1


def test_the_queue_shows_each_reviewer_what_waits_for_them(client, wave1):
    _submit_some(1)
    client.force_login(wave1.tm)
    assert "QT RTTM" in client.get(reverse("deliverables:queue")).content.decode()
    client.force_login(wave1.other_tm)
    assert (
        "Nothing is waiting for your review"
        in client.get(reverse("deliverables:queue")).content.decode()
    )
    client.force_login(wave1.contributor)
    assert client.get(reverse("deliverables:queue")).status_code == 404


def test_status_table_counts_equal_an_independent_count_of_the_rows(client, wave1):
    # A mix of statuses in two cohorts, and an LDSO the BSC reviewer also sees.
    _submit_some(3)
    for q in (allocated("wave_2"), allocated("ldso_m10", role="LDSO")):
        d = q.deliverables.order_by("pk").first()
        c = member(q.organisation)
        services.deliverable_upload(actor=c, deliverable=d, upload=pdf())
        services.deliverable_submit(actor=c, deliverable=d)
    d = Deliverable.objects.filter(kind="qt_rttm", status=D.DRAFT_AND_REVIEW).first()
    services.deliverable_complete(actor=wave1.tm, deliverable=d)
    rec_only = allocated("wave_3", role="MEM_ADV")  # the BSC does not see REC-only roles

    for user in (staff("programme_viewer"), wave1.bsc):
        client.force_login(user)
        response = client.get(reverse("deliverables:status"))
        rows = response.context["rows"]
        visible = Deliverable.objects.all()
        if user == wave1.bsc:
            visible = visible.exclude(qualification=rec_only)
        expected = Counter((d.kind, d.cohort.key, d.status) for d in visible)
        for row in rows:
            for status, cell in zip(STATUS_COLUMNS, row.cells, strict=True):
                assert cell == expected[(row.kind, row.cohort.key, status)]
            assert row.total == sum(
                n for (k, c, _), n in expected.items() if (k, c) == (row.kind, row.cohort.key)
            )
        assert response.context["totals"][0] == visible.count()
        assert sum(r.total for r in rows) == visible.count()
    # A participant counts only its own rows.
    client.force_login(wave1.contributor)
    totals = client.get(reverse("deliverables:status")).context["totals"]
    assert totals[0] == Deliverable.objects.filter(qualification=wave1.q).count()


def test_the_test_manager_confirms_qt_entry_from_the_page(client, wave1):
    client.force_login(wave1.tm)
    page = client.get(reverse("deliverables:qt_entry", args=[wave1.q.pk])).content.decode()
    assert "QT Entry Checkpoint 1" in page and "Confirm QT entry" in page
    response = client.post(reverse("deliverables:qt_entry_confirm", args=[wave1.q.pk]), follow=True)
    assert "QT entry needs QT Entry Checkpoint 1 and 2 passed first." in response.content.decode()
    wave1.q.refresh_from_db()
    assert wave1.q.status == "preparing"
