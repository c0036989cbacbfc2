"""Our apps in Lino's web UI: Playwright drives Debian's Chromium against ``runserver``.

The site's database is built by Lino's ``prep``; ``runserver`` serves it in a
subprocess. Signed in as robin (user type 900, a ``SiteStaff``), the test opens
the clients, one client's detail (its contacts and coachings), runs a workflow
transition, tries to delete a protected row, opens the coaching types and, to
compare, Lino's own persons. Every step is saved as a screenshot under
``test-artifacts/lino_app/``, taken when Lino has finished loading.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_lino_app import ROOT, manage, manage_env

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts" / "lino_app"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The URL of a ``runserver`` on a database that Lino's ``prep`` built, and that database."""
    db = tmp_path_factory.mktemp("lino_app") / "browser.db"
    prep = manage(db, "prep", "--noinput")
    assert prep.returncode == 0, prep.stderr
    port = _free_port()
    env = {**manage_env(db), "LINO_APP_DEBUG": "1"}  # DEBUG: runserver serves static files
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "runserver did not start"
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", db
    finally:
        process.terminate()
        process.wait(timeout=10)


class Screens:
    """Saves a numbered screenshot of the page after each step, once Lino is done."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0
        self.pending: set[Any] = set()  # the requests the page is waiting for
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def settle(self, quiet: float = 0.3, timeout: float = 15) -> None:
        """Wait until, for ``quiet`` seconds, no request is pending and no "Please
        wait..." mask shows: an action's answer makes Lino reload its panels."""
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < quiet:
            assert time.monotonic() < deadline, f"still loading: {self.pending}"
            if self.pending or self.page.locator(".ext-el-mask-msg").count():
                quiet_since = time.monotonic()
            self.page.wait_for_timeout(50)

    def shot(self, name: str) -> None:
        self.settle()
        self.count += 1
        self.page.screenshot(path=ARTIFACTS / f"{self.count:02d}-{name}.png")


def _db_state(db: Path, pk: int) -> str:
    shown = manage(
        db,
        "shell",
        "-c",
        "from lino.api import rt;"
        f"print(rt.models.care.Client.objects.get(pk={pk}).client_state.name)",
    )
    return shown.stdout.splitlines()[-1]


def test_our_apps_in_lino_web_ui(server):
    base, db = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        screens = Screens(page)
        expect = sync_api.expect
        try:
            page.goto(base + "/")
            page.get_by_text("Sign in").first.click()
            page.fill("input[name=username]", "robin")
            page.fill("input[name=password]", "1234")
            page.get_by_role("button", name="OK").click()
            expect(page.get_by_text("Robin").first).to_be_visible()

            # the clients, with their workflow buttons
            page.goto(base + "/api/care/Clients")
            grid = page.locator(".x-grid3-body")
            expect(grid.get_by_text("Brecht")).to_be_visible()
            expect(grid.get_by_text("Register")).to_be_visible()
            expect(page.locator(".x-tbar-arrow_divide")).to_be_visible()  # duplicate
            screens.shot("clients")

            # one client's detail: its contacts and coachings; the state is read-only
            page.goto(base + "/api/care/Clients/4")
            expect(page.get_by_text("Eupen College").first).to_be_visible()
            expect(page.get_by_text("Romain").first).to_be_visible()
            expect(page.get_by_text("Integration service").first).to_be_visible()
            state = page.locator("input[name=client_state]")
            expect(state).to_have_value("Newcomer")
            expect(state).to_be_disabled()
            screens.shot("client-detail")

            # a workflow transition: Register moves Bernd from newcomer to coached
            page.get_by_text("Register", exact=True).first.click()
            expect(state).to_have_value("Coached")
            expect(state).to_be_disabled()
            expect(page.get_by_text("End", exact=True).first).to_be_visible()
            for gone in ("Register", "Refuse"):
                expect(page.get_by_text(gone, exact=True)).to_have_count(0)
            screens.shot("after-register")  # once the contacts and coachings reloaded
            assert _db_state(db, 4) == "coached"

            # deleting a protected row shows our veto message
            page.goto(base + "/api/clients/ClientContactTypes")
            page.locator(".x-grid3-body").get_by_text("School").click()
            page.locator("button.x-tbar-database_delete, .x-btn-icon .x-tbar-delete").first.click()
            expect(
                page.get_by_text("Cannot delete School because 3 Client Contacts refer to it.")
            ).to_be_visible()
            screens.shot("delete-vetoed")

            # the coaching types, with their role in evaluations
            page.goto(base + "/api/coachings/CoachingTypes")
            expect(page.get_by_text("Role in evaluations")).to_be_visible()
            expect(page.locator(".x-grid3-body").get_by_text("Colleague")).to_be_visible()
            screens.shot("coaching-types")

            # Lino's own persons, to compare with ours (e.g. the phantom row's ID)
            page.goto(base + "/api/contacts/Persons")
            expect(page.locator(".x-grid3-body").get_by_text("Mr Bernd Brecht")).to_be_visible()
            screens.shot("lino-persons")
        except Exception:
            screens.shot("failure")
            raise
        finally:
            browser.close()
