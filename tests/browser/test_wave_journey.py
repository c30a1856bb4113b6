"""A Non-SIT supplier from its PQS to QT entry, in a real Chromium through the
real pages: the participant submits its PQS; a Code Body accepts it, puts the
role on the wait list of a full QT Wave 1 and then allocates it to QT Wave 2;
the participant uploads and submits its checkpoint deliverables; the wave's
test manager and a Code Body review them, the test manager passes both QT
Entry Checkpoints and confirms QT entry."""

import pytest

from qualification.models import Event, Qualification
from tests.browser.conftest import sign_in
from tests.factories import (
    MpidFactory,
    OrganisationFactory,
    QualificationFactory,
    allocate,
    market_role,
    member,
    staff,
)
from waves.deliverables.kinds import SPECS
from waves.deliverables.models import CohortTestManager, Deliverable
from waves.models import Allocation, Cohort, WaitListEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _as(browser, live_server, email):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, email)
    page.wait_for_load_state()
    return page


def _ok(page, text):
    from playwright.sync_api import expect

    expect(page.locator(".messages")).to_contain_text(text)


def test_pqs_wait_list_later_wave_checkpoints_and_qt_entry(
    live_server, browser, reference_data, tmp_path
):
    from playwright.sync_api import expect

    organisation = OrganisationFactory(name="Kestrel Supply Ltd")
    qualification = QualificationFactory(
        organisation=organisation, market_role=market_role("SUPPLIER")
    )
    MpidFactory(organisation=organisation, market_role=market_role("SUPPLIER"), code="KST1")
    contributor = member(organisation, "admin", email="admin@kestrel.test")
    # QT Wave 1 is full: one place, taken by another participant.
    Cohort.objects.filter(key="wave_1").update(capacity=1)
    allocate(QualificationFactory(), "wave_1")
    bsc = staff("reviewer", "BSC", email="reviewer@bsc.test")
    manager = staff("test_manager", email="manager@elexon.test")
    CohortTestManager.objects.create(user=manager, cohort=Cohort.objects.get(key="wave_2"))
    pdf = tmp_path / "deliverable.pdf"
    pdf.write_bytes(PDF)

    # The participant drafts and submits its PQS.
    participant = _as(browser, live_server, contributor.email)
    participant.goto(f"{live_server.url}/waves/organisations/{organisation.pk}/pqs/new/")
    participant.get_by_label("Preferred wave").select_option(label="QT Wave 1")
    participant.get_by_role("checkbox", name="Supplier", exact=True).check()
    participant.get_by_role("group", name="MPIDs to qualify").get_by_label("KST1").check()
    participant.get_by_label("PIT approach").fill("PIT in our own environment.")
    participant.get_by_label("PIT starts").fill("2025-03-01")
    participant.get_by_label("PIT completes").fill("2025-09-30")
    participant.get_by_label("Target migration date").fill("2026-06-01")
    participant.get_by_role("button", name="Save draft").click()
    participant.get_by_role("button", name="Submit PQS").click()
    participant.wait_for_load_state()
    pqs_url = participant.url

    # A Code Body accepts it, wait-lists the role for the full Wave 1, then allocates Wave 2.
    reviewer = _as(browser, live_server, bsc.email)
    reviewer.goto(pqs_url)
    reviewer.get_by_role("button", name="Accept PQS").click()
    reviewer.wait_for_load_state()
    reviewer.get_by_label("Wave").select_option(value="wave_1")
    reviewer.get_by_label("Reason").fill("Wave 1 is full; first in line for a freed place.")
    reviewer.get_by_role("button", name="Put on the wait list").click()
    _ok(reviewer, "wait list")
    assert WaitListEntry.objects.filter(qualification=qualification, status="waiting").exists()
    reviewer.get_by_label("Wave").select_option(value="wave_2")
    reviewer.get_by_label("Allocation").select_option(value="final")
    reviewer.get_by_label("Reason").fill("Wave 1 full: allocated to Wave 2.")
    reviewer.get_by_role("button", name="Allocate", exact=True).click()
    reviewer.wait_for_load_state()
    assert Allocation.objects.get(qualification=qualification).cohort.key == "wave_2"

    # Preparation starts (the test manager, from the participant's home page).
    tm = _as(browser, live_server, manager.email)
    tm.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    tm.get_by_role("button", name="Start preparation for Supplier").click()
    tm.wait_for_load_state()

    # The participant uploads and submits each checkpoint deliverable from its page.
    checkpoint_kinds = [k for k, spec in SPECS.items() if spec.checkpoint]
    for kind in checkpoint_kinds:
        participant.goto(f"{live_server.url}/deliverables/organisations/{organisation.pk}/")
        participant.get_by_role("link", name=SPECS[kind].kind.label, exact=True).click()
        participant.set_input_files("#id_file", str(pdf))
        participant.get_by_role("button", name="Upload", exact=True).click()
        _ok(participant, "uploaded")
        participant.get_by_role("button", name="Submit for review").click()
        _ok(participant, "Submitted for review.")

    # The test manager works through the queue; the PIT Completion Report goes on
    # to the Code Bodies, who complete it.
    for kind in checkpoint_kinds:
        deliverable = Deliverable.objects.get(qualification=qualification, kind=kind)
        tm.goto(f"{live_server.url}/deliverables/queue/")
        tm.get_by_role("link", name=deliverable.get_kind_display(), exact=True).click()
        if deliverable.final_reviewer == "code_bodies":
            tm.get_by_role("button", name="Pass to the Code Bodies").click()
            _ok(tm, "Passed to the Code Bodies.")
            reviewer.goto(f"{live_server.url}/deliverables/queue/")
            reviewer.get_by_role("link", name=deliverable.get_kind_display(), exact=True).click()
            reviewer.get_by_role("button", name="Complete", exact=True).click()
            _ok(reviewer, "Completed.")
        else:
            tm.get_by_role("button", name="Complete", exact=True).click()
            _ok(tm, "Completed.")

    # Both checkpoints, then QT entry.
    tm.goto(f"{live_server.url}/deliverables/qt-entry/{qualification.pk}/")
    for number in (1, 2):
        tm.get_by_role("button", name=f"Record checkpoint {number} review").click()
        _ok(tm, f"QT Entry Checkpoint {number} review recorded.")
    tm.get_by_role("button", name="Confirm QT entry").click()
    _ok(tm, "QT entry confirmed")
    expect(tm.locator(".lede")).to_contain_text("In testing")

    assert Qualification.objects.get(pk=qualification.pk).status == "in_testing"
    kinds = list(Event.objects.filter(qualification=qualification).values_list("kind", flat=True))
    for kind in ("qt_entry_checkpoint_1_passed", "qt_entry_checkpoint_2_passed", "testing_entered"):
        assert kind in kinds
    assert kinds.index("qt_entry_checkpoint_2_passed") < kinds.index("testing_entered")
