"""The pages where admins and staff manage tokens and webhooks."""

import pytest

from mhhs_portal.api.webhooks import webhook_endpoint_register
from qualification.models import ApiToken, WebhookDelivery, WebhookEndpoint
from qualification.services import mpid_register
from tests.factories import QualificationFactory, market_role
from tests.reauth import confirm_identity

pytestmark = pytest.mark.django_db


def _client(client, user):
    """Signed in and recently confirmed: creating a token needs it."""
    client.force_login(user)
    confirm_identity(client, user)
    return client


def test_an_admin_creates_a_token_and_sees_it_once(client, admin_a, org_a):
    page = f"/organisations/{org_a.pk}/api-tokens/"
    client = _client(client, admin_a)
    assert client.get(page).status_code == 200
    response = client.post(page, {"name": "Tracker", "scope": "read", "expires_in": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"mhhs_{token.prefix}_") and secret in response.content.decode()
    assert secret not in client.get(page).content.decode()
    assert token.expires_at is not None


def test_an_admin_creates_a_service_account(client, admin_a, org_a):
    client = _client(client, admin_a)
    client.post(
        f"/organisations/{org_a.pk}/api-tokens/",
        {"name": "Nightly", "scope": "write", "expires_in": "", "service_account": "on"},
    )
    assert ApiToken.objects.get().kind == "service"


def test_an_admin_revokes_a_token(client, admin_a, org_a):
    client = _client(client, admin_a)
    client.post(f"/organisations/{org_a.pk}/api-tokens/", {"name": "T", "scope": "read"})
    token = ApiToken.objects.get()
    client.post(f"/organisations/{org_a.pk}/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_bad_form_answers_400(client, admin_a, org_a):
    response = _client(client, admin_a).post(f"/organisations/{org_a.pk}/api-tokens/", {})
    assert response.status_code == 400 and not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ["contributor", "viewer"])
def test_other_members_may_not_manage_api_access(client, org_a, role, request):
    client = _client(client, request.getfixturevalue(f"{role}_a"))
    for page in ("api-tokens", "webhooks"):
        assert client.get(f"/organisations/{org_a.pk}/{page}/").status_code == 403


def test_a_participant_has_no_account_api_page(client, admin_a):
    assert _client(client, admin_a).get("/account/api-tokens/").status_code == 404


def test_staff_create_a_body_token(client, bsc_reviewer):
    client = _client(client, bsc_reviewer)
    response = client.post(
        "/account/api-tokens/", {"name": "BSC", "scope": "read", "body": "BSC", "expires_in": ""}
    )
    assert response.status_code == 200
    assert ApiToken.objects.get().body == "BSC"
    bad = client.post("/account/api-tokens/", {"name": "REC", "scope": "read", "body": "REC"})
    assert bad.status_code == 400


def test_an_admin_registers_a_webhook_and_replays_a_delivery(
    client, admin_a, org_a, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    QualificationFactory(organisation=org_a)
    client = _client(client, admin_a)
    page = f"/organisations/{org_a.pk}/webhooks/"
    response = client.post(
        page, {"url": "http://127.0.0.1:9/hook", "event_kinds": ["mpid_registered"]}
    )
    assert response.status_code == 200 and response.context["secret"].startswith("whsec_")
    endpoint = WebhookEndpoint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        mpid_register(
            actor=admin_a, organisation=org_a, code="WHK1", market_role=market_role("SUPPLIER")
        )
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 6
    detail = client.get(f"{page}{endpoint.pk}/")
    assert detail.status_code == 200 and b"No answer" in detail.content
    delivery = WebhookDelivery.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page}{endpoint.pk}/deliveries/{delivery.pk}/replay/")
    assert WebhookDelivery.objects.filter(is_replay=True).exists()
    client.post(f"{page}{endpoint.pk}/remove/")
    endpoint.refresh_from_db()
    assert not endpoint.is_active


def test_another_admin_cannot_reach_an_endpoint(client, admin_a, org_a, admin_b):
    endpoint, _ = webhook_endpoint_register(actor=admin_a, organisation=org_a, url="https://x.test")
    client = _client(client, admin_b)
    assert client.get(f"/organisations/{org_a.pk}/webhooks/{endpoint.pk}/").status_code == 404


def test_the_nav_and_home_link_to_api_access(client, admin_a, org_a, viewer_a):
    home = _client(client, admin_a).get(f"/organisations/{org_a.pk}/").content.decode()
    assert f"/organisations/{org_a.pk}/api-tokens/" in home
    client.force_login(viewer_a)
    assert "api-tokens" not in client.get(f"/organisations/{org_a.pk}/").content.decode()
