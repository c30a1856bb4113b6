from django.urls import reverse

from qad.models import SignOff
from tests.factories import PASSWORD

from .conftest import fresh


def test_director_confirms_password_then_signs_and_sees_the_hash(
    client, final_accepted_qad, director_a
):
    client.force_login(director_a)
    url = reverse("qad:sign_off", args=[final_accepted_qad.pk])
    early = client.post(url, {"declaration_version": "2026.1", "agree": "on"})
    assert early.status_code == 400 and not SignOff.objects.exists()
    wrong = client.post(url, {"step": "password", "password": "nope"})
    assert wrong.status_code == 400
    assert client.post(url, {"step": "password", "password": PASSWORD}).status_code == 302
    assert client.post(url, {"declaration_version": "2026.1", "agree": "on"}).status_code == 302
    record = SignOff.objects.get()
    assert record.sha256 in client.get(url).content.decode()
    assert fresh(final_accepted_qad).stage == "signed_off"
    snapshot = client.get(reverse("qad:snapshot", args=[final_accepted_qad.pk]))
    assert snapshot.content.decode() == record.snapshot


def test_the_sign_off_page_is_not_for_contributors(client, final_accepted_qad, contributor_a):
    client.force_login(contributor_a)
    assert client.get(reverse("qad:sign_off", args=[final_accepted_qad.pk])).status_code == 404
