"""Debian's chromium driven headless by playwright, for page tests and screenshots.

`playwright install` cannot download browsers here, so we launch the system
/usr/bin/chromium with flags that keep it offline and quiet.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def available() -> bool:
    """True when chromium and playwright are both installed."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@contextmanager
def launch() -> Iterator["object"]:
    """A playwright Browser on the system chromium; closed on exit. Skips the test without them (fails it with CI=true)."""
    if not available():
        from tests.services import missing

        missing("Chromium", "needs playwright and /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                     args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def desktop_page(width: int = 1200, height: int = 900) -> Iterator[tuple["object", "object"]]:
    """(browser, a page with a desktop-sized viewport): what every page test starts with."""
    with launch() as browser:
        yield browser, browser.new_page(viewport={"width": width, "height": height})


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def screenshot_url(url: str, path: Path | str, width: int = 1200, height: int = 900, full_page: bool = True) -> Path:
    with launch() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.screenshot(path=str(path), full_page=full_page)
    return Path(path)


def screenshot_html(html: str, path: Path | str, width: int = 800, height: int = 600, full_page: bool = True) -> Path:
    """Render an HTML string (e.g. a digest e-mail) offline and save a PNG."""
    with launch() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_content(html, wait_until="load")
        page.screenshot(path=str(path), full_page=full_page)
    return Path(path)
