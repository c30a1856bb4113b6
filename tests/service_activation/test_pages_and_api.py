"""Pages and API: tenancy (404 for other tenants), status codes of refusals,
and query counts that do not grow with the number of activations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from service_activation.models import ServiceActivation
from service_activation.tickets import ticket_raise
from tests.factories import OrganisationFactory, QualificationFactory, member

from .conftest import EFD, at_state

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def _activations(n, raised_by):
    for _ in range(n):
        organisation = OrganisationFactory()
        member(organisation, "admin")
        activation = at_state(
            QualificationFactory(organisation=organisation, status="qualified"), "efd_agreed"
        )
        ticket_raise(actor=raised_by, activation=activation, description="x", blocking=True)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("service_activation:board"),
        reverse("service_activation:dip_overview"),
        reverse("activation-list"),
    ],
)
def test_list_pages_and_endpoints_query_counts_do_not_grow(url, team):
    client = _client(team)
    _activations(2, team)
    few = _queries(client, url)
    _activations(5, team)
    assert _queries(client, url) == few


def test_the_participant_page_query_count_does_not_grow_with_tickets(activation_a, admin_a):
    client = _client(admin_a)
    url = reverse("service_activation:activation_detail", args=[activation_a.pk])
    ticket_raise(actor=admin_a, activation=activation_a, description="one")
    few = _queries(client, url)
    for n in range(4):
        ticket_raise(actor=admin_a, activation=activation_a, description=f"more {n}")
    assert _queries(client, url) == few


@pytest.mark.parametrize("who", ["admin_a", "viewer_a", "team", "dip_manager", "programme_viewer"])
def test_the_activation_page_shows_the_journey_to_those_in_scope(who, activation_a, request):
    client = _client(request.getfixturevalue(who))
    response = client.get(reverse("service_activation:activation_detail", args=[activation_a.pk]))
    assert response.status_code == 200
    assert b"Migration plan agreed" in response.content
    assert b"Service activation team" in response.content  # who holds the next step


def test_other_tenants_get_404_on_pages_and_api(activation_a, admin_b, bsc_reviewer, org_a):
    for user in (admin_b, bsc_reviewer):
        client = _client(user)
        urls = [
            reverse("service_activation:activation_detail", args=[activation_a.pk]),
            reverse("service_activation:dip_onboarding", args=[org_a.pk]),
            reverse("activation-detail", args=[activation_a.pk]),
            reverse("activation-tickets", args=[activation_a.pk]),
            reverse("dip-onboarding", args=[org_a.pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert (
            client.post(
                reverse("activation-step", args=[activation_a.pk]),
                {"step": "migration_plan_agreed"},
            ).status_code
            == 404
        )
        assert client.get(reverse("activation-list")).json()["results"] == []


@pytest.mark.parametrize("who", ["admin_a", "bsc_reviewer"])
def test_the_board_is_for_the_programme_side_only(who, request):
    response = _client(request.getfixturevalue(who)).get(reverse("service_activation:board"))
    assert response.status_code == 404


def test_the_board_counts_steps_and_lists_efds_in_the_coming_weeks(qualified_a, team, time_machine):
    time_machine.move_to("2026-08-20")
    at_state(qualified_a, "efd_agreed")
    response = _client(team).get(reverse("service_activation:board"))
    html = response.content.decode()
    assert "Week of 31 Aug 2026" in html and "Tue 1 Sep" in html


def test_api_step_answers_403_409_and_400_and_changes_nothing(activation_a, admin_a, team):
    url = reverse("activation-step", args=[activation_a.pk])

    forbidden = _client(admin_a).post(url, {"step": "migration_plan_agreed"}, format="json")
    illegal = _client(team).post(url, {"step": "triggered"}, format="json")
    bad = _client(team).post(url, {"step": "fly"}, format="json")

    assert forbidden.status_code == 403 and forbidden.json()["code"] == "not_permitted"
    assert illegal.status_code == 409
    assert illegal.json()["code"] == "illegal_transition.trigger"
    assert bad.status_code == 400 and "step" in bad.json()["errors"]
    assert ServiceActivation.objects.get(pk=activation_a.pk).status == "awaiting_plan"


def test_api_step_gate_answers_409_with_a_code(qualified_a, team):
    activation = at_state(qualified_a, "success_checks_passed")
    response = _client(team).post(
        reverse("activation-step", args=[activation.pk]),
        {"step": "isd_published", "on": str(EFD)},
        format="json",
    )
    assert response.status_code == 409 and response.json()["code"] == "activation.isd_notice"


def test_api_walks_a_step_and_reports_the_next(activation_a, team):
    response = _client(team).post(
        reverse("activation-step", args=[activation_a.pk]),
        {"step": "migration_plan_agreed", "note": "Plan v1"},
        format="json",
    )
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "migration_plan_agreed" and body["next_step"] == "efd_agreed"
    assert body["steps"][0]["done_by"] == team.email


def test_api_tickets_raise_list_and_resolve(activation_a, admin_a, team):
    raised = _client(admin_a).post(
        reverse("activation-tickets", args=[activation_a.pk]),
        {"description": "Cannot reach DIP", "blocking": True},
        format="json",
    )
    assert raised.status_code == 201
    ticket_id = raised.json()["id"]
    assert (
        _client(admin_a)
        .get(reverse("activation-tickets", args=[activation_a.pk]))
        .json()[0]["blocking"]
    )
    resolve = reverse("activation-ticket-resolve", args=[ticket_id])
    assert _client(admin_a).post(resolve, {}, format="json").status_code == 403
    assert (
        _client(team).post(resolve, {"resolution": "ok"}, format="json").json()["status"]
        == "resolved"
    )
    assert _client(team).post(resolve, {}, format="json").status_code == 409


def test_api_updated_since_filters_the_list(activation_a, team):
    client = _client(team)
    url = reverse("activation-list")
    assert len(client.get(url, {"updated_since": "2000-01-01T00:00:00Z"}).json()["results"]) == 1
    assert client.get(url, {"updated_since": "2999-01-01T00:00:00Z"}).json()["results"] == []


def test_api_dip_onboarding_read_and_update(org_a, admin_a, dip_manager):
    officers = reverse("dip-officer-create", args=[org_a.pk])
    for role in ("nominating_officer", "sro", "aro"):
        response = _client(admin_a).post(
            officers, {"role": role, "name": "N", "email": f"{role}@a.test"}, format="json"
        )
        assert response.status_code == 201
    url = reverse("dip-onboarding", args=[org_a.pk])
    assert (
        _client(admin_a)
        .post(url, {"test_certificates_issued_on": "2025-06-02"}, format="json")
        .status_code
        == 403
    )
    assert _client(dip_manager).post(url, {}, format="json").status_code == 400
    updated = _client(dip_manager).post(
        url, {"test_certificates_issued_on": "2025-06-02"}, format="json"
    )
    assert updated.status_code == 200
    body = _client(admin_a).get(url).json()
    assert body["test_certificates_issued_on"] == "2025-06-02" and len(body["officers"]) == 3
    assert body["status"] == "officers"  # a technical contact is still missing


def test_pages_refuse_with_a_message_and_change_nothing(activation_a, admin_a):
    client = _client(admin_a)
    response = client.post(
        reverse("service_activation:activation_step", args=[activation_a.pk]),
        {"step": "migration_plan_agreed"},
        follow=True,
    )
    assert "You are not allowed to do this." in response.content.decode()
    assert ServiceActivation.objects.get(pk=activation_a.pk).status == "awaiting_plan"


def test_the_participant_raises_a_ticket_from_the_page(activation_a, contributor_a):
    response = _client(contributor_a).post(
        reverse("service_activation:ticket_raise", args=[activation_a.pk]),
        {"description": "DIP certificate rejected", "blocking": "on"},
        follow=True,
    )
    assert "Ticket raised." in response.content.decode()
    assert activation_a.tickets.get().blocking


def test_the_organisation_home_links_activations_and_dip_onboarding(activation_a, admin_a, org_a):
    response = _client(admin_a).get(reverse("organisation_home", args=[org_a.pk]))
    html = response.content.decode()
    assert reverse("service_activation:activation_detail", args=[activation_a.pk]) in html
    assert reverse("service_activation:dip_onboarding", args=[org_a.pk]) in html


def test_the_participant_steps_name_the_organisation_to_staff(activation_a, admin_a, team, org_a):
    url = reverse("service_activation:activation_detail", args=[activation_a.pk])
    mine = _client(admin_a).get(url).content.decode()
    theirs = _client(team).get(url).content.decode()
    assert "Your organisation" in mine and "Your organisation" not in theirs
    assert org_a.name in theirs
