"""Browser fixtures for the shell's end-to-end tests (Playwright driving Debian's chromium).

The browser is the system package at /usr/bin/chromium (or YIWANG_CHROMIUM); Playwright
never downloads one. Without it the e2e tests skip with a clear message, except under
CI=true, where a missing browser is a failure: a CI run must not pass by skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("YIWANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not Path(CHROMIUM).exists():
        message = (
            f"chromium not found at {CHROMIUM}: install Debian's chromium package "
            "(apt-get install chromium) or set YIWANG_CHROMIUM"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    return CHROMIUM


# Other apps' browser tests import these fixtures into their modules, which makes pytest hold
# one session fixture per module; Playwright's sync API refuses a second instance in the same
# thread, so the first one started is shared and only its owner stops it.
_running: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator:
    if "browser" in _running:
        yield _running["browser"]
        return
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (creating users) would otherwise be refused as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
            )
            _running["browser"] = browser
            try:
                yield browser
            finally:
                _running.pop("browser", None)
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """``new_page(viewport=..., locale=...)``: a fresh browser context on the live server."""
    contexts = []

    def make(*, viewport: dict | None = None, locale: str = "zh-CN"):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, locale=locale
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(test_output_dir: Path) -> Callable:
    """``screenshot(page, "citizen-profile")`` saves test-output/screenshots/citizen-profile.png."""
    folder = test_output_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
