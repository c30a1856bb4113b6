"""Screenshots of portal pages as a signed-in person sees them (for reviewing UI changes).

Usage: python scripts/screenshots.py EMAIL PASSWORD OUTDIR PATH [PATH ...]
Needs a running portal (make run) and Debian's chromium.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from tests.chromium import CHROMIUM_ARGS

BASE = "http://127.0.0.1:8000"


def main(email: str, password: str, outdir: str, *paths: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{BASE}/accounts/login/")
        if email != "-":
            page.fill("#id_login", email)
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        for path in paths:
            page.goto(f"{BASE}{path}")
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png", page.url)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
