"""The signed snapshot as a PDF: what it shows, its footer, and who may download it."""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from qad import services
from qad.declarations import DECLARATIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(final_accepted_qad, director_a):
    return services.qad_sign_off(
        actor=director_a, qad=final_accepted_qad, reauthenticated_at=timezone.now()
    )


def _text(pdftotext, content: bytes, tmp_path) -> str:
    path = tmp_path / "snapshot.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_pdf_shows_the_signed_content_and_the_hash_on_every_page(
    client, signed, director_a, pdftotext, tmp_path
):
    client.force_login(director_a)
    response = client.get(reverse("qad:snapshot_pdf", args=[signed.qad_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    pages = _text(pdftotext, response.content, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 1, "every section is in the PDF, so it runs past one page"
    for number, page in enumerate(pages, start=1):
        assert f"Snapshot SHA-256 {signed.sha256}" in page
        assert f"Page {number} of {len(pages)}" in page
    text = re.sub(r"\s+", " ", "".join(pages))
    template = signed.qad.template
    assert f"Template {template.name} v{template.version}" in text
    assert "Business solution: people" in text and "Test completion" in text
    assert "director@alpha.test" in text and "Declaration version 2026.1" in text
    assert "Signed at " in text
    assert DECLARATIONS["2026.1"][:60] in text
    assert "report.pdf" in text
    revision_hash = signed.qad.sections.get(template_section__key="pit_evidence").evidence.get()
    assert revision_hash.revisions.get().sha256 in text


def test_the_api_gives_the_same_pdf(client, signed, director_a):
    client.force_login(director_a)
    response = client.get(
        reverse("qad-snapshot-pdf", args=[signed.qad_id]), HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_tenants_get_404_in_pages_and_api(client, signed, admin_b):
    client.force_login(admin_b)
    assert client.get(reverse("qad:snapshot_pdf", args=[signed.qad_id])).status_code == 404
    assert client.get(reverse("qad-snapshot-pdf", args=[signed.qad_id])).status_code == 404


def test_a_qad_not_yet_signed_has_no_pdf(client, final_accepted_qad, director_a):
    client.force_login(director_a)
    url = reverse("qad:snapshot_pdf", args=[final_accepted_qad.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("qad-snapshot-pdf", args=[final_accepted_qad.pk])).status_code == 404
