"""A real headless Chromium (Debian's) for every HTML page we produce.

Playwright drives ``/usr/bin/chromium`` (it never downloads a browser). Every
request outside the page itself — or outside 127.0.0.1 for pages served by our
endpoint — is blocked and recorded, so a page that needs the internet fails
its test. Console errors and uncaught exceptions are recorded too.
Screenshots go to ``test-artifacts/`` (kept by CI as artefacts).

Usage in a test::

    from tests.browser import open_page

    def test_map(chromium, tmp_path):
        with open_page(chromium, html_path) as page:
            wait_for(page, "window.ecoReady === true")
            ...
        # on exit: asserts no blocked request and no console error
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


@dataclass
class PageLog:
    """What a page did: requests we blocked, console errors, uncaught exceptions, dialogs."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium per test session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium absent : lancez `scripts/setup.sh --test` (paquet Debian chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@contextlib.contextmanager
def open_page(browser, target: str | Path, *, allow_local_server: bool = False, screenshot: str | None = None,
              check: bool = True, viewport: tuple[int, int] = (1280, 800)) -> Iterator:
    """Open a file (or a 127.0.0.1 URL) with every other request blocked.

    Yields the Playwright page with a ``page.eco_log`` :class:`PageLog`. On exit
    (when ``check``), fails if anything was blocked, logged as a console error,
    raised in the page, or opened a dialog (an ``alert`` from injected HTML).
    """
    url = target if isinstance(target, str) else Path(target).resolve().as_uri()
    log = PageLog()
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.eco_log = log
    local = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?/") if allow_local_server else None

    page_url = url.split("#", 1)[0]

    def route(r):
        req_url = r.request.url
        if req_url.split("#", 1)[0] == page_url or req_url.startswith("data:") or req_url.startswith("blob:"):
            return r.continue_()
        if local is not None and local.match(req_url):
            return r.continue_()
        log.blocked.append(req_url)
        return r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d):
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(url)
        yield page
        if screenshot:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{screenshot}.png"), full_page=False)
    finally:
        context.close()
    if check:
        assert not log.blocked, f"requêtes hors de la page : {log.blocked}"
        assert not log.page_errors, f"exceptions JavaScript : {log.page_errors}"
        assert not log.console_errors, f"erreurs console : {log.console_errors}"
        assert not log.dialogs, f"boîtes de dialogue ouvertes (script injecté ?) : {log.dialogs}"


def wait_for(page, expression: str, timeout: float = 60.0):
    """Poll a JavaScript expression until it is truthy; return its value.

    Our pages forbid ``eval`` (Content-Security-Policy), which Playwright's
    ``wait_for_function`` needs; ``page.evaluate`` goes through the DevTools
    protocol and is not affected.
    """
    end = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"délai dépassé en attendant : {expression}")
        time.sleep(0.05)
