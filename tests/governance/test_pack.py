import hashlib
import subprocess

import pytest
from django.core.management import call_command

from governance.pack.render import pack_generate
from governance.services import agenda_add, approval_decide
from mhhs_portal.exceptions import NotPermitted

from .conftest import approval_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(signed_off, deciders, meeting):
    names = []
    for role in ["SUPPLIER", "SDS", "ADS"]:
        qualification = signed_off(role)
        approval_decide(
            actor=deciders["DIP"], approval=approval_of(qualification, "DIP"), outcome="approved"
        )
        agenda_add(
            actor=deciders["BSC"], meeting=meeting, approval=approval_of(qualification, "BSC")
        )
        names.append(qualification.organisation.name)
    return names


def text_of(pdftotext, path) -> str:
    return subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_pack_lists_every_application_and_numbers_every_page(
    agenda, meeting, deciders, pdftotext, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    version = pack_generate(actor=deciders["BSC"], meeting=meeting)
    data = version.file.read()
    assert hashlib.sha256(data).hexdigest() == version.sha256
    text = text_of(pdftotext, version.file.path)
    for name in agenda:
        assert name in text
    for page in range(1, version.pages + 1):
        assert f"Page {page} of {version.pages}" in text
    assert "Decision record sheet" in text and "OFFICIAL-SENSITIVE" in text
    again = pack_generate(actor=deciders["BSC"], meeting=meeting)
    assert (again.number, version.number) == (2, 1)


def test_only_the_secretariat_generates_packs(agenda, meeting, deciders):
    with pytest.raises(NotPermitted):
        pack_generate(actor=deciders["REC"], meeting=meeting)
    assert not meeting.packs.exists()


def test_the_command_writes_the_pack(agenda, meeting, pdftotext, tmp_path):
    out = tmp_path / "pack.pdf"
    call_command("pab_pack", meeting=meeting.pk, out=str(out))
    text = text_of(pdftotext, out)
    assert all(name in text for name in agenda)
    assert "Page 1 of" in text


def test_the_pack_names_mpids_qualifying_later_and_leaving(
    signed_off, deciders, meeting, pdftotext, tmp_path, settings
):
    from governance.services import mpid_plan_set
    from tests.factories import MpidFactory, member

    settings.MEDIA_ROOT = tmp_path
    q = signed_off("SDS")
    admin = member(q.organisation, "admin")
    approval_decide(actor=deciders["DIP"], approval=approval_of(q, "DIP"), outcome="approved")
    agenda_add(actor=deciders["BSC"], meeting=meeting, approval=approval_of(q, "BSC"))
    for code, plan in (("NOW1", "now"), ("LAT1", "later"), ("OUT1", "exit")):
        mpid = MpidFactory(organisation=q.organisation, market_role=q.market_role, code=code)
        mpid_plan_set(actor=admin, qualification=q, mpid=mpid, plan=plan)
    text = " ".join(
        text_of(pdftotext, pack_generate(actor=deciders["BSC"], meeting=meeting).file.path).split()
    )
    assert "LAT1 (qualifying later)" in text
    assert "OUT1 (not taken forward: market exit)" in text
    assert "NOW1," in text or "NOW1 " in text
    assert "Management Assertion covering LAT1" in text
