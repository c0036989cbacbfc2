"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

They run on SQLite only (to keep CI time low) and skip with a clear message
where ``/usr/bin/chromium`` or the ``playwright`` package is missing. The
live server's tests are transactional: each test loads the demo data itself.
Every visited page is saved as a screenshot under ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def _skip_reason() -> str | None:
    if connection.vendor != "sqlite":
        return f"browser tests run on SQLite only (this run uses {connection.vendor})"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (scripts/test installs Debian's chromium as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture
def demo_data(transactional_db, monkeypatch) -> None:
    """The demo rows (the live server's database is flushed after each test)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls of
    # the test itself are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.contrib.auth import get_user_model

    from demo_project.demo.data import load_demo_data

    if not get_user_model().objects.exists():  # else: the session's demo data, untouched
        load_demo_data()


class Browser:
    """A page of the live server that saves a screenshot of each page it shows."""

    def __init__(self, page: Any, base_url: str, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.name = name
        self.count = 0

    def goto(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        return self.page

    def shot(self, label: str) -> Path:
        """Save the current page as ``<test>-<n>-<label>.png``."""
        self.count += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, username: str = "robin", password: str = "1234") -> None:
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url(re.compile(r".*/admin/$"))

    def messages(self) -> str:
        return self.page.inner_text("ul.messagelist") if self.page.query_selector(
            "ul.messagelist") else ""


@pytest.fixture
def browser(request, tmp_path) -> Iterator[Browser]:
    """A Chromium with a fresh profile, started after the database is ready.

    Playwright runs an event loop in this thread while it lives: it is stopped
    before the live server's database is flushed.
    """
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    live_server = request.getfixturevalue("live_server")
    request.getfixturevalue("demo_data")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM),
            args=ARGS, headless=True, viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield Browser(page, live_server.url,
                      request.node.name.removeprefix("test_"))
        context.close()
