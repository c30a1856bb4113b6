"""A real browser walks a service activation from "qualified" to "live": each
step by whoever holds it, the participant watching its page after every step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from qualification.models import Qualification
from qualification.services import qualification_transition
from service_activation.models import ServiceActivation, Step
from service_activation.steps import DIP, PARTICIPANT, STEPS, TEAM
from tests.browser.conftest import type_totp_if_asked
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    QualificationFactory,
    allocate,
    member,
    staff,
)


def _signed_in(browser, base: str, email: str):
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    type_totp_if_asked(page)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_team_walks_an_activation_to_live_while_the_participant_watches(
    live_server, browser, reference_data
):
    from playwright.sync_api import expect

    organisation = OrganisationFactory(name="Walkthrough Energy Ltd")
    admin = member(organisation, "admin", email="admin@walkthrough.test")
    qualification = QualificationFactory(organisation=organisation, status="signed_off")
    allocate(qualification, "sit_m10")
    holders = {
        TEAM: staff("service_activation", email="team@activation.test"),
        DIP: staff("approver", "DIP", email="approver@dip.test"),
        PARTICIPANT: admin,
    }
    # Qualifying the role opens its activation once the decision commits.
    qualification_transition(
        actor=staff("approver", "BSC", email="approver@bsc.test"),
        qualification=qualification,
        transition="mark_qualified",
    )
    activation = ServiceActivation.objects.get(qualification=qualification)
    today = timezone.localdate()
    dates = {
        Step.EFD_AGREED: today,
        Step.PROMOTED_TO_PRODUCTION: today - timedelta(days=10),
        Step.ISD_PUBLISHED: today - timedelta(days=7),
    }
    url = f"{live_server.url}/service-activation/{activation.pk}/"

    pages = {
        holder: _signed_in(browser, live_server.url, user.email) for holder, user in holders.items()
    }
    watcher = pages[PARTICIPANT]
    watcher.goto(url)
    expect(watcher.locator("#activation-status")).to_have_text("Awaiting a migration plan")
    expect(watcher.locator("#next-step")).to_contain_text("Service activation team")

    for step, spec in STEPS.items():
        page = pages[spec.holder]
        page.goto(url)
        if step in dates:
            page.fill("#step-on", dates[step].isoformat())
        page.get_by_role("button", name=spec.action).click()
        page.wait_for_load_state()
        expect(page.locator(".messages")).to_contain_text("Step recorded.")

        watcher.goto(url)
        expect(watcher.locator("#activation-status")).to_have_text(Step(step).label)
        expect(watcher.locator(".stepper .done")).to_have_count(list(STEPS).index(step) + 1)

    expect(watcher.locator("#next-step")).to_contain_text("can trade in MHHS")

    assert Qualification.objects.get(pk=qualification.pk).status == "active"
