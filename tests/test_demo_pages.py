"""The sample pages as the demo server serves them: one outlet template plus each article's YAML."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
import yaml

from monitor.demo.server import SAMPLES, DemoServer, SampleSite, demo_day
from monitor.extract.article import extract_article

EXPECTED = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))
PAGES = [a for a in EXPECTED["articles"] if a.get("page", True)]


@pytest.fixture(scope="module")
def server():
    with DemoServer() as srv:
        yield srv


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


def test_every_expected_page_is_served_and_nothing_else():
    assert sorted(SampleSite().pages()) == sorted(a["url_path"].lstrip("/") for a in PAGES)


@pytest.mark.parametrize("art", PAGES, ids=[a["slug"] for a in PAGES])
def test_page_gives_its_headline_body_and_day(server, art):
    status, html = get(server.base + art["url_path"])
    assert status == 200
    text, title, _, _ = extract_article(html, server.base + art["url_path"])
    assert title == art["title"]
    assert re.search(r'<meta name="author" content="[^"{}]+">', html)
    assert not re.search(r"\{\{|\{%", html)  # nothing left unrendered
    assert re.search(rf'<html lang="{art.get("language", "id")}">', html)
    for figure in art.get("figures", []):
        assert figure in text
    # the byline date is the article's own day, days_ago before the demo day
    day = demo_day() - timedelta(days=int(art.get("days_ago", 0)))
    assert f" {day.day} " in re.search(r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ \w+ \d{4}", html).group(0)


def test_related_and_popular_links_name_the_linked_article(server):
    titles = {a["url_path"]: a["title"] for a in PAGES}
    checked = 0
    for art in PAGES:
        _, html = get(server.base + art["url_path"])
        section = html[html.index('<section class="related-posts">'):html.index("</aside>")]
        for path, name in re.findall(r'<a href="' + re.escape(server.base) + r'(/[^"]+\.html)">([^<]+)</a>', section):
            assert titles[path] == name
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("path", ["/wartaniaga/tidak-ada.html", "/templates/wartaniaga.html",
                                  "/wartaniaga/../../expected.yaml", "/pages/wartaniaga/x/y.html"])
def test_unknown_paths_are_404(server, path):
    assert get(server.base + path)[0] == 404
