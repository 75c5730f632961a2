"""The search page in a real browser: Debian's chromium, headless, against a real uvicorn server."""
import pytest

from tests import browser_util

pytestmark = [pytest.mark.browser]  # browser_util.launch skips without chromium (fails with CI=true)


def test_search_page_query_facet_and_screenshot(server):
    dialogs = []
    with browser_util.desktop_page() as (browser, page):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server + "/")
        page.fill("#q", "rantai pasok kind:quote")
        page.press("#q", "Enter")
        page.wait_for_selector(".hit")
        speakers = page.locator(".hit .speaker").all_inner_texts()
        assert set(speakers) == {"Arsjad Rasjid", "Shinta Kamdani"}
        assert page.locator(".hit mark").first.inner_text().lower() == "rantai"
        page.click(".facets a:text('Shinta Kamdani')")
        page.wait_for_url("**speaker*")
        assert page.locator(".hit .speaker").all_inner_texts() == ["Shinta Kamdani"]
        assert page.input_value("#q") == 'rantai pasok kind:quote speaker:"Shinta Kamdani"'
        assert "Bisnis Indonesia" in page.locator(".hit .outlets").inner_text()
        page.screenshot(path=str(browser_util.artifact("search.png")), full_page=True)

        # stored markup stays text, on a phone-sized screen too
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        phone.goto(server + "/?q=tampilkan")
        assert "<script>alert('x')</script>" in phone.locator(".hit blockquote").first.inner_text()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
        phone.screenshot(path=str(browser_util.artifact("search-phone.png")), full_page=True)
    assert dialogs == []
    assert browser_util.artifact("search.png").stat().st_size > 10_000
