"""The secretariat builds a PAB meeting in the browser and downloads the pack."""

import subprocess

import pytest
from django.utils import timezone

from governance.services import approval_decide, approvals_sync, meeting_create
from tests.browser.conftest import sign_in
from tests.factories import OrganisationFactory, QualificationFactory, market_role, staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretariat_builds_a_meeting_and_downloads_the_pack(
    reference_data, live_server, page, pdftotext, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    secretariat = staff("pab_secretariat", email="secretariat@pab.test")
    dip = staff("approver", "DIP", email="dip@dip.test")
    names = []
    for role in ("SDS", "ADS"):
        organisation = OrganisationFactory()
        q = QualificationFactory(
            organisation=organisation, market_role=market_role(role), status="signed_off"
        )
        approvals_sync(qualification=q)
        approval_decide(actor=dip, approval=q.approvals.get(body="DIP"), outcome="approved")
        names.append(organisation.name)
    meeting = meeting_create(actor=secretariat, title="BSC PAB 310", starts_at=timezone.now())

    sign_in(page, live_server, secretariat.email)
    page.goto(f"{live_server.url}/governance/pab/{meeting.pk}/")
    for _ in names:
        page.get_by_role("button", name="Place on the agenda").click()
    page.get_by_role("button", name="Generate the pack").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download v1 (PDF)").click()
    path = tmp_path / "pack.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for name in names:
        assert name in text
    assert "Page 1 of" in text
