"""A real headless Chromium for browser tests, one per module, a fresh context per test."""

import pytest

from tests.chromium import CHROMIUM_ARGS
from tests.factories import PASSWORD, totp_code

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    """A page that fails the test on any JavaScript error it saw."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    type_totp_if_asked(page)


def type_totp_if_asked(page) -> None:
    """Staff and Directors are enrolled in TOTP (tests.factories): type the
    app's code. A code is accepted once, so a second sign-in of the same
    person within 30 seconds uses the next period's (the portal tolerates
    one period of clock drift)."""
    page.wait_for_load_state()
    for offset in (0, 1, -1):
        if "/accounts/2fa/authenticate/" not in page.url:
            return
        page.locator("input[name=code]").fill(totp_code(offset=offset))
        page.locator("main button[type=submit]").first.click()
        page.wait_for_load_state()
