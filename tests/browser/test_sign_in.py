"""A participant admin signs in with a real Chromium, through the real form.

The live server needs a transactional database, which is flushed after each
test: the `reference_data` fixture (tests/conftest.py) replays the data
migrations so market roles and cohorts exist here too.
"""

import re

import pytest

from qualification.models import MarketRole
from tests.browser.conftest import sign_in
from tests.factories import (
    MpidFactory,
    OrganisationFactory,
    QualificationFactory,
    allocate,
    market_role,
    member,
)
from waves.models import Cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def participant_admin(reference_data):
    organisation = OrganisationFactory(name="Kestrel Energy Supply Ltd")
    qualification = QualificationFactory(organisation=organisation)
    MpidFactory(organisation=organisation, code="KES1")
    allocate(qualification, "wave_1")
    user = member(organisation, "admin", email="admin@kestrel.example", full_name="Kim Admin")
    return organisation, user


def test_reference_data_is_present_in_a_transactional_test(reference_data):
    assert MarketRole.objects.filter(code="SUPPLIER").exists()
    assert Cohort.objects.filter(key="wave_1").exists()
    assert Cohort.objects.get(key="wave_1").timelines.get(number=1).rules.exists()


def test_admin_signs_in_and_sees_their_plan_and_mpid(page, live_server, participant_admin):
    organisation, user = participant_admin
    sign_in(page, live_server, user.email)
    page.wait_for_url(re.compile(rf"/organisations/{organisation.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kestrel Energy Supply Ltd"
    plan = page.get_by_role("img", name=re.compile("QT Wave 1 timeline"))
    assert plan.count() == 1
    assert plan.evaluate("el => el.tagName.toLowerCase()") == "svg"
    assert plan.locator("title").first.text_content() == "QT Wave 1 timeline"
    assert plan.bounding_box()["width"] > 300  # drawn, not collapsed
    assert page.get_by_text("KES1", exact=True).is_visible()
    assert page.get_by_role("cell", name="Supplier", exact=True).is_visible()


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page(
    page, live_server, participant_admin
):
    _, user = participant_admin
    sign_in(page, live_server, user.email, "not-the-password")
    assert page.get_by_role("alert").is_visible()
    assert "/accounts/login/" in page.url
    assert page.get_by_label("E-mail address").input_value() == user.email


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(
    page, live_server, participant_admin
):
    organisation, user = participant_admin
    sign_in(page, live_server, user.email)
    page.wait_for_url(re.compile(rf"/organisations/{organisation.pk}/$"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
    )
    assert focused == ["A", "Skip to main content"]
    assert page.locator(":focus").is_visible()  # shown when focused, not only to screen readers
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_the_sign_in_page_is_keyboard_first_too(page, live_server, reference_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Skip to main content"
    )


def test_a_member_of_another_organisation_cannot_open_it(page, live_server, participant_admin):
    organisation, _ = participant_admin
    other = OrganisationFactory(name="Other Co")
    QualificationFactory(organisation=other, market_role=market_role("SDS"))
    outsider = member(other, "admin", email="admin@other.example")
    sign_in(page, live_server, outsider.email)
    page.wait_for_url(re.compile(rf"/organisations/{other.pk}/$"))
    response = page.goto(f"{live_server.url}/organisations/{organisation.pk}/")
    assert response.status == 404
    assert "Kestrel" not in page.content()
