"""The analyst's path in a real browser (Debian's chromium, headless, real uvicorn, real SMTP server):
search → article page → speaker page → sign in → save a search → an alert e-mail arrives; screenshots in
test-artifacts/, and every page passes the label, focus and contrast check (tests/web/a11y.py)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from monitor.digest.alerts import send_due_alerts
from monitor.settings import Settings
from monitor.web.app import create_app
from tests import browser_util
from tests.httpserver import free_port, serve_app
from tests.digest.conftest import smtp  # noqa: F401
from tests.web.a11y import check_page
from tests.web.conftest import PASSWORD, add_teten

pytestmark = [pytest.mark.browser]


@pytest.fixture
def server(store, settings, smtp):  # noqa: F811
    port = free_port()  # the digest's links name the app's own address
    conf = Settings(**(settings.model_dump() | {"smtp_port": smtp.port, "base_url": f"http://127.0.0.1:{port}"}))
    with serve_app(create_app(conf), port) as url:
        yield url, conf


def test_search_article_speaker_save_and_alert(server, store, smtp):  # noqa: F811
    url, conf = server
    problems: dict[str, list[str]] = {}
    with browser_util.launch() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url + "/")
        page.fill("#q", "kemitraan kind:quote")
        page.press("#q", "Enter")
        page.wait_for_selector(".hit")
        problems["search"] = check_page(page)

        # search → article page
        page.click(".hit a.article-link >> nth=0")
        page.wait_for_url(re.compile(r"/articles/\d+$"))
        assert page.locator(".text .m-quote").count() >= 1
        assert page.locator(".text .m-evidence").count() >= 1
        problems["article"] = check_page(page)
        page.screenshot(path=str(browser_util.artifact("web-article.png")), full_page=True)

        # article → speaker page (every quote, chart drawn)
        page.click("#h-quotes ~ ol a.speaker >> nth=0")
        page.wait_for_url(re.compile(r"/speakers/[a-z0-9-]+$"))
        page.wait_for_function("() => document.querySelector('img.chart').naturalWidth > 0")
        assert page.locator(".hits .hit").count() >= 1
        problems["speaker"] = check_page(page)
        page.screenshot(path=str(browser_util.artifact("web-speaker.png")), full_page=True)

        # back to the search, save it: sign-in first, by keyboard only
        page.goto(url + "/?q=" + "kemitraan%20kind%3Aquote")
        page.click("#save-search")
        page.wait_for_url(re.compile(r"/login"))
        problems["login"] = check_page(page)
        page.focus("#email")
        page.keyboard.type("analis@contoh.id")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/saved\?q="))
        assert page.input_value("#save-q") == "kemitraan kind:quote"
        page.fill("#save-name", "Kemitraan UMKM")
        problems["save"] = check_page(page)
        page.focus("#save-frequency")
        page.keyboard.press("Tab")  # to the Save button
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/saved/\d+$"))
        assert page.locator("h1").inner_text() == "Kemitraan UMKM"
        page.screenshot(path=str(browser_util.artifact("web-saved.png")), full_page=True)

        # a new article arrives; the alert run e-mails it once
        art = add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-baru")
        sent = send_due_alerts(conf, store.engine)
        assert [r.status for r in sent] == ["sent"]
        [msg] = smtp.to("analis@contoh.id")
        assert "Kemitraan UMKM" in msg["Subject"]
        link = re.search(r"(http://127\.0\.0\.1:\d+/articles/\d+)", msg.get_body(("plain",)).get_content()).group(1)
        assert link.endswith(f"/articles/{art}")
        browser_util.artifact("web-alert.eml").write_bytes(msg.as_bytes())
        mail = browser.new_page(viewport={"width": 800, "height": 600})
        mail.set_content(msg.get_body(("html",)).get_content())
        mail.screenshot(path=str(browser_util.artifact("web-alert.png")), full_page=True)

        # the saved search page shows it as new; the dashboard and figures pages pass the checks too
        page.goto(url + "/saved")
        assert "1 baru" in page.locator(".new-count").inner_text()
        for path in ("/trends?since=2026-01-01&until=2026-03-31", "/figures", "/trends?lang=en"):
            page.goto(url + path)
            problems[path] = check_page(page)
        for img in page.locator("img.chart").all():  # lazy images: bring each into view so it loads
            img.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
        page.screenshot(path=str(browser_util.artifact("web-trends-en.png")), full_page=True)
        assert send_due_alerts(conf, store.engine) == [] and len(smtp.received) == 1
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_accessibility_check_catches_what_it_checks():
    """The checker itself: an unlabelled input, grey-on-white text and a focus outline removed are all reported."""
    bad = ("<html><body style='background:#fff'><p style='color:#aaa'>teks abu-abu pucat</p>"
           "<input id='x' type='text'><a href='#' style='outline:none'>tautan</a></body></html>")
    with browser_util.launch() as browser:
        page = browser.new_page()
        page.set_content(bad)
        problems = check_page(page)
    assert any(p.startswith("unlabelled <input") for p in problems)
    assert any(p.startswith("contrast 2.32") for p in problems)
    assert any(p == "no visible focus on A" for p in problems)
