"""A QAD walked end to end in a real Chromium, through the real pages.

The section under test (Business solution: people) is answered, evidenced,
reviewed, changed and accepted by clicking; the test completion report is
uploaded through its file input, and the Director signs off through the
password confirmation and the declaration. The other sections are not under
test here (they have their own tests): services fast-forward them, and each
place that does so says so.
"""

import functools
import re

import pytest
from django.urls import reverse

from qad import services
from qad.models import Qad, QadSection, SignOff
from qualification.services import qualification_transition
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    QualificationFactory,
    market_role,
    member,
    staff,
)
from tests.qad.conftest import accept_all, answer_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = "people"
TEST_COMPLETION = "test_completion"


@functools.cache
def _real_pdf(text: str) -> bytes:
    # A PDF produced by a real writer, not hand-made bytes, so the upload is
    # the kind of file a participant would send.
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1>").write_pdf()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def journey(reference_data):
    organisation = OrganisationFactory(name="Osprey Energy Supply Ltd")
    test_manager = staff("test_manager", email="manager@qt.test")
    qualification = QualificationFactory(
        organisation=organisation, market_role=market_role("SUPPLIER")
    )
    for step in ("start_preparation", "enter_testing"):
        qualification = qualification_transition(
            actor=test_manager, qualification=qualification, transition=step
        )
    people = {
        "admin": member(organisation, "admin", email="admin@osprey.test", full_name="Ann Admin"),
        "contributor": member(
            organisation, "contributor", email="casey@osprey.test", full_name="Casey Contributor"
        ),
        "director": member(
            organisation, "director", email="director@osprey.test", full_name="Dana Director"
        ),
        "BSC": staff("reviewer", "BSC", email="reviewer@bsc.test", full_name="Bea BSC"),
        "REC": staff("reviewer", "REC", email="reviewer@rec.test", full_name="Rex REC"),
        "DIP": staff("reviewer", "DIP", email="reviewer@dip.test", full_name="Dee DIP"),
    }
    qad = services.qad_create(
        actor=people["admin"], organisation=organisation, qualifications=[qualification]
    )
    return qad, people


def _section(qad, key) -> QadSection:
    return QadSection.objects.get(qad=qad, template_section__key=key)


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, user.email)
    page.wait_for_load_state()


def _fast_forward(section, people) -> None:
    """Answer, submit and accept a section by services: it is not the one under test."""
    answer_all(people["contributor"], section)
    services.section_submit(actor=people["contributor"], section=section)
    accept_all(section, people)


def _upload_through_input(page, question_pk: int, name: str, text: str) -> None:
    """Upload through the file input; the page's script posts it with a progress bar."""
    from playwright.sync_api import expect

    page.set_input_files(
        f"#file-{question_pk}",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": _real_pdf(text)}],
    )
    page.locator(f"form:has(#file-{question_pk})").get_by_role("button", name="Upload").click()
    # The script reloads the section once the upload is stored; the message
    # is on the reloaded page, so the upload has finished before the next step.
    expect(page.locator(".messages")).to_contain_text(f"{name} uploaded (revision 1).")


def _review(page, live_server, section, body: str, verdict: str, comment: str = "") -> None:
    from playwright.sync_api import expect

    url = reverse("qad:section_review", args=[section.pk])
    page.goto(f"{live_server.url}{url}?body={body}")
    page.get_by_label(verdict, exact=True).check()
    if comment:
        page.get_by_label("Comment to the participant").fill(comment)
    page.get_by_role("button", name="Record verdict").click()
    expect(page.locator(".messages")).to_contain_text(f"Your verdict for {body} is recorded.")


def test_a_qad_from_first_answer_to_director_sign_off(page, live_server, journey):
    from playwright.sync_api import expect

    qad, people = journey
    people_section = _section(qad, PEOPLE)
    section_url = f"{live_server.url}{reverse('qad:section', args=[people_section.pk])}"
    chart = people_section.template_section.questions.get(key="structure_chart")

    # The participant answers the section, attaches evidence and submits it.
    _as(page, live_server, people["contributor"])
    page.goto(section_url)
    page.locator("#id_structure").fill("A supply operations team reporting to the COO.")
    page.locator("#id_experience").fill("Ten years as a Supplier with HHDC and NHHDC agents.")
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator(".messages")).to_contain_text("Answers saved.")
    _upload_through_input(page, chart.pk, "org-chart.pdf", "Osprey organisation chart")
    expect(page.locator(".qad-revisions")).to_contain_text("org-chart.pdf")
    page.get_by_role("button", name="Submit section").click()
    expect(page.locator(".messages")).to_contain_text("Section submitted")

    # The BSC asks for changes.
    _as(page, live_server, people["BSC"])
    page.goto(f"{live_server.url}{reverse('qad:queue')}")
    expect(page.get_by_role("link", name="Business solution: people")).to_be_visible()
    _review(
        page,
        live_server,
        people_section,
        "BSC",
        "Request changes",
        "Name the accountable role for settlement data quality.",
    )

    # The participant sees the point, changes the answer, replies and resubmits.
    _as(page, live_server, people["contributor"])
    page.goto(section_url)
    expect(page.locator("#comments ~ article")).to_contain_text("settlement data quality")
    page.locator("#id_structure").fill(
        "A supply operations team reporting to the COO; the Settlement Data Manager is"
        " accountable for settlement data quality."
    )
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator(".messages")).to_contain_text("Answers saved.")
    page.get_by_label("Reply to the reviewers").fill("Added the accountable role.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".messages")).to_contain_text("Comment added.")
    page.get_by_role("button", name="Resubmit section").click()
    expect(page.locator(".messages")).to_contain_text("Section submitted")

    # The BSC sees what changed since its verdict, and both bodies accept.
    _as(page, live_server, people["BSC"])
    page.goto(f"{live_server.url}{reverse('qad:section_review', args=[people_section.pk])}")
    expect(page.locator(".qad-changes")).to_contain_text("Settlement Data Manager")
    _review(page, live_server, people_section, "BSC", "Accept")
    _as(page, live_server, people["REC"])
    _review(page, live_server, people_section, "REC", "Accept")
    assert QadSection.objects.get(pk=people_section.pk).status == "accepted"

    # Not under test: every other section is answered, submitted and accepted
    # by services, except the test completion section, whose report is
    # uploaded through the page below.
    for section in qad.sections.exclude(template_section__key__in=[PEOPLE, TEST_COMPLETION]):
        _fast_forward(section, people)

    # The participant uploads the test completion report: the QAD is Final.
    completion = _section(qad, TEST_COMPLETION)
    report = completion.template_section.questions.get(marks_final=True)
    _as(page, live_server, people["contributor"])
    page.goto(f"{live_server.url}{reverse('qad:section', args=[completion.pk])}")
    _upload_through_input(page, report.pk, "qt-completion.pdf", "QT Test Completion Report")
    page.goto(f"{live_server.url}{reverse('qad:overview', args=[qad.pk])}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Final QAD")
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")

    # Not under test: the rest of the test completion section, by services
    # (they leave the report, already uploaded above, as it is).
    _fast_forward(_section(qad, TEST_COMPLETION), people)

    # The Director confirms their password, makes the declaration and signs.
    _as(page, live_server, people["director"])
    page.goto(f"{live_server.url}{reverse('qad:overview', args=[qad.pk])}")
    page.get_by_role("link", name="Director sign-off").click()
    expect(page.get_by_role("button", name="Sign off the Final QAD")).to_be_disabled()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Confirm password").click()
    expect(page.locator("#id_password_error")).to_have_text("That password is not right.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm password").click()
    expect(page.get_by_text("Identity confirmed.")).to_be_visible()
    page.get_by_label("I make this declaration").check()
    page.get_by_role("button", name="Sign off the Final QAD").click()
    expect(page.locator(".messages")).to_contain_text("The Final QAD is signed off.")

    record = SignOff.objects.get(qad=qad)
    expect(page.locator("#snapshot-hash")).to_have_text(record.sha256)
    assert re.fullmatch(r"[0-9a-f]{64}", record.sha256)
    assert record.signer == people["director"]
    assert Qad.objects.get(pk=qad.pk).stage == "signed_off"
    assert qad.qualifications.get().status == "signed_off"
