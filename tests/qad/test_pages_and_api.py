"""Pages and API: tenancy (404 outside scope), the page flows, and query counts."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qad import services
from qad.models import EvidenceRevision
from tests.factories import OrganisationFactory, QualificationFactory, member, staff

from .conftest import PNG_BYTES, fresh, pdf, section_of, upload


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def revision(qad_a, contributor_a):
    people = section_of(qad_a, "people")
    chart = people.template_section.questions.get(key="structure_chart")
    return services.evidence_upload(
        actor=contributor_a, section=people, question=chart, upload=pdf()
    )


def _urls(qad, section, revision):
    return [
        reverse("qad:overview", args=[qad.pk]),
        reverse("qad:section", args=[section.pk]),
        reverse("qad:section_history", args=[section.pk]),
        reverse("qad:evidence_download", args=[revision.pk]),
        reverse("qad:sign_off", args=[qad.pk]),
        f"/api/v1/qads/{qad.pk}/",
        f"/api/v1/qads/{qad.pk}/sections/",
        f"/api/v1/qad-sections/{section.pk}/",
        f"/api/v1/qad-sections/{section.pk}/comments/",
    ]


def test_other_tenants_get_404_everywhere(client, qad_a, revision, admin_b):
    client.force_login(admin_b)
    for url in _urls(qad_a, section_of(qad_a, "people"), revision):
        assert client.get(url).status_code == 404, url


def test_other_tenants_cannot_write_through_the_api(api, qad_a, admin_b):
    api.force_authenticate(admin_b)
    section = section_of(qad_a, "people")
    response = api.put(
        f"/api/v1/qad-sections/{section.pk}/answers/",
        {"question": "structure", "value": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert api.post(f"/api/v1/qad-sections/{section.pk}/submit/").status_code == 404
    assert fresh(section).status == "not_started"


def test_reviewers_see_only_sections_their_body_reviews(client, qad_a, dip_reviewer, revision):
    client.force_login(dip_reviewer)
    people = section_of(qad_a, "people")
    dip = section_of(qad_a, "dip_manager")
    assert client.get(reverse("qad:section", args=[people.pk])).status_code == 404
    assert client.get(reverse("qad:evidence_download", args=[revision.pk])).status_code == 404
    assert client.get(reverse("qad:section", args=[dip.pk])).status_code == 200


def test_internal_comments_are_hidden_from_participants(
    api, submitted_section, bsc_reviewer, contributor_a
):
    services.comment_add(
        actor=bsc_reviewer, section=submitted_section, text="Between us", internal=True
    )
    services.comment_add(actor=bsc_reviewer, section=submitted_section, text="To you")
    api.force_authenticate(contributor_a)
    texts = [
        c["text"]
        for c in api.get(f"/api/v1/qad-sections/{submitted_section.pk}/comments/").data["results"]
    ]
    assert texts == ["To you"]
    api.force_authenticate(bsc_reviewer)
    assert (
        len(api.get(f"/api/v1/qad-sections/{submitted_section.pk}/comments/").data["results"]) == 2
    )


def test_evidence_download_is_an_attachment_with_nosniff(client, contributor_a, revision):
    client.force_login(contributor_a)
    response = client.get(reverse("qad:evidence_download", args=[revision.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_section_page_saves_answers_uploads_and_submits(client, qad_a, contributor_a):
    client.force_login(contributor_a)
    section = section_of(qad_a, "people")
    url = reverse("qad:section", args=[section.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"structure": "A board", "experience": ""})
    assert response.status_code == 302
    chart = section.template_section.questions.get(key="structure_chart")
    upload_url = reverse("qad:evidence_upload", args=[section.pk, chart.pk])
    refused = client.post(
        upload_url,
        {"file": upload("chart.pdf", PNG_BYTES)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert refused.status_code == 400 and "PNG" in refused.json()["error"]
    accepted = client.post(
        upload_url, {"file": pdf()}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert accepted.json()["redirect"] == url
    client.post(reverse("qad:section_submit", args=[section.pk]))
    assert fresh(section).status == "submitted"
    assert EvidenceRevision.objects.count() == 1


def test_review_page_records_a_verdict(client, submitted_section, bsc_reviewer):
    client.force_login(bsc_reviewer)
    url = reverse("qad:section_review", args=[submitted_section.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"verdict": "request_changes", "comment": "", "body": "BSC"})
    assert response.status_code == 400
    client.post(url, {"verdict": "request_changes", "comment": "More please", "body": "BSC"})
    assert fresh(submitted_section).status == "changes_requested"


def test_api_review_by_a_body_that_does_not_review_is_403(
    api, submitted_section, dip_reviewer, qad_a
):
    api.force_authenticate(dip_reviewer)
    dip_section = section_of(qad_a, "dip_manager")
    response = api.post(f"/api/v1/qad-sections/{dip_section.pk}/review/", {"verdict": "accept"})
    assert response.status_code == 409  # the DIP section is not submitted yet
    assert (
        api.post(
            f"/api/v1/qad-sections/{submitted_section.pk}/review/", {"verdict": "accept"}
        ).status_code
        == 404
    )


def test_api_submit_and_review_round_trip(
    api, people_section, contributor_a, bsc_reviewer, director_a
):
    api.force_authenticate(contributor_a)
    put = api.put(
        f"/api/v1/qad-sections/{people_section.pk}/answers/",
        {"question": "structure", "value": "Board"},
        format="json",
    )
    assert put.status_code == 200
    bad = api.put(
        f"/api/v1/qad-sections/{people_section.pk}/answers/",
        {"question": "structure", "value": 5},
        format="json",
    )
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert (
        api.post(f"/api/v1/qad-sections/{people_section.pk}/submit/").data["status"] == "submitted"
    )
    api.force_authenticate(bsc_reviewer)
    reviewed = api.post(f"/api/v1/qad-sections/{people_section.pk}/review/", {"verdict": "accept"})
    assert {r["body"]: r["status"] for r in reviewed.data["reviews"]}["BSC"] == "accepted"
    api.force_authenticate(director_a)
    signed = api.post(
        f"/api/v1/qads/{people_section.qad_id}/sign-off/",
        {"password": "wrong", "declaration_version": "2026.1"},
    )
    assert signed.status_code == 403


def _qads(n):
    for _ in range(n):
        org = OrganisationFactory()
        admin = member(org, "admin")
        services.qad_create(
            actor=admin, organisation=org, qualifications=[QualificationFactory(organisation=org)]
        )


@pytest.mark.parametrize("n", [1, 4])
def test_list_page_and_endpoint_query_counts_do_not_grow(
    client, api, n, django_assert_num_queries, db
):
    viewer = staff("programme_viewer", email="p@programme.test")
    _qads(n)
    client.force_login(viewer)
    api.force_authenticate(viewer)
    with django_assert_num_queries(9):
        assert client.get(reverse("qad:list")).status_code == 200
    with django_assert_num_queries(3):
        assert len(api.get("/api/v1/qads/").data["results"]) == n


@pytest.mark.parametrize("n", [1, 4])
def test_queue_and_overview_query_counts_do_not_grow(client, n, django_assert_num_queries, db):
    reviewer = staff("reviewer", "BSC", email="q@bsc.test")
    _qads(n)
    from qad.models import Qad

    for qad in Qad.objects.all():
        contributor = qad.organisation.memberships.get().user
        services.section_submit(actor=contributor, section=section_of(qad, "people"))
    client.force_login(reviewer)
    # The page's ids, then its rows; two more read the review deadlines for the whole page.
    with django_assert_num_queries(11):
        assert client.get(reverse("qad:queue")).status_code == 200
    with django_assert_num_queries(17):
        assert client.get(reverse("qad:overview", args=[qad.pk])).status_code == 200
