"""Feeds config, URL canonicalisation, dates, language and schedule."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from monitor.errors import ConfigError, Skip
from monitor.extract.article import check_language, html_to_text
from monitor.extract.dates import find_printed_date, parse_date
from monitor.extract.dedupe import canonical_url, content_hash
from monitor.feeds.config import load_feeds, parse_feeds
from monitor.feeds.schedule import next_interval

REPO = Path(__file__).resolve().parents[2]


def test_shipped_feeds_yaml_is_valid_and_broad():
    feeds = load_feeds(REPO / "feeds.yaml")
    assert len(feeds) >= 25 and len({f.id for f in feeds}) == len(feeds)
    assert all(f.url.startswith("https://") for f in feeds)
    assert any(not f.fetch_article for f in feeds)


@pytest.mark.parametrize("text, line, field", [
    ("feeds:\n  - id: a\n    name: A\n    url: https://x.id/rss\n  - id: b\n    url: https://y.id/rss\n", 5, "name"),
    ("feeds:\n  - id: a\n    name: A\n    url: https://x.id/rss\n    interval: sering\n", 5, "interval"),
    ("feeds:\n  - id: a\n    name: A\n    url: gopher://x\n", 4, "url"),
    ("feeds:\n  - id: Antara Bisnis\n    name: A\n    url: https://x.id/rss\n", 2, "id"),
    ("feeds:\n  - id: a\n    name: A\n    url: https://x.id/rss\n    fetch_articel: false\n", 5, "fetch_articel"),
])
def test_malformed_feeds_yaml_names_line_and_field(text, line, field):
    with pytest.raises(ConfigError) as exc:
        parse_feeds(text, "feeds.yaml")
    assert f"feeds.yaml:{line}:" in str(exc.value) and f"'{field}'" in str(exc.value)


def test_duplicate_id_and_bad_yaml():
    with pytest.raises(ConfigError, match="duplicate id 'a'"):
        parse_feeds("- id: a\n  name: A\n  url: https://x.id\n- id: a\n  name: B\n  url: https://y.id\n")
    with pytest.raises(ConfigError, match=r"feeds.yaml:4: not valid YAML"):
        parse_feeds("feeds:\n  - id: a\n    name: [\n", "feeds.yaml")


@pytest.mark.parametrize("a, b", [
    ("https://www.detik.com/finance/d-1/umkm?utm_source=rss&utm_campaign=x#top", "https://m.detik.com/finance/d-1/umkm"),
    ("https://money.kompas.com/read/2026/11/27/umkm/amp", "https://money.kompas.com/read/2026/11/27/umkm/"),
    ("http://amp.suara.com/bisnis/2026/umkm?fbclid=abc", "https://suara.com/bisnis/2026/umkm"),
    ("https://x.id/berita?id=5&gclid=1", "https://x.id/berita?id=5"),
])
def test_canonical_url_merges_variants(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_canonical_url_keeps_identity_parameters():
    assert canonical_url("https://x.id/read.php?id=5") != canonical_url("https://x.id/read.php?id=6")


def test_content_hash_ignores_case_and_spacing():
    assert content_hash("UMKM  tumbuh, kata Menteri.") == content_hash("umkm tumbuh kata menteri")


@pytest.mark.parametrize("printed, iso", [
    ("Senin, 6 Maret 2023 10:15 WIB", "2023-03-06T03:15:00+00:00"),
    ("Kamis, 09/03/2023 14:30 WIB", "2023-03-09T07:30:00+00:00"),
    ("Jumat, 27 November 2026 10:15 WITA", "2026-11-27T02:15:00+00:00"),
    ("Sabtu, 28 November 2026 08:00 WIT", "2026-11-27T23:00:00+00:00"),
])
def test_indonesian_dates_to_utc(printed, iso):
    assert parse_date(printed).isoformat() == iso


def test_day_month_dateline_takes_year_from_feed_date():
    base = datetime(2023, 3, 7, 2, 0, tzinfo=timezone.utc)
    assert parse_date("Senin (6/3)", base=base).date().isoformat() in ("2023-03-05", "2023-03-06")
    assert parse_date("6/3", base=base).month == 3  # day first, never June


def test_byline_date_found_in_page_text():
    text = "Ekonomi | Oleh Redaksi | Jumat, 27 November 2026 10:15 WIB | Bagikan ke Facebook"
    assert find_printed_date(text).isoformat() == "2026-11-27T03:15:00+00:00"


def test_language_check():
    assert check_language("Kementerian Koperasi dan UKM mengatakan bahwa kemitraan dengan industri besar akan terus "
                          "diperkuat tahun depan untuk para pelaku usaha.", ["id"]) == "id"
    with pytest.raises(Skip) as exc:
        check_language("The ministry said on Friday that partnerships with large companies will be strengthened "
                       "next year for small business owners.", ["id"])
    assert exc.value.reason == "language:en"


def test_feed_html_to_text():
    assert html_to_text("<p>Paragraf satu.</p><p>Baca juga: lain</p><p>Paragraf dua.</p>") == "Paragraf satu.\n\nParagraf dua."


def test_schedule_adapts():
    assert next_interval(900, 900, 8, 0, 300, 21600)[0] == 450
    assert next_interval(450, 900, 2, 0, 300, 21600)[0] == 450
    quiet, why = next_interval(900, 900, 0, 0, 300, 21600)
    assert quiet == 1350 and why.startswith("quiet")
    failing, why = next_interval(900, 900, 0, 3, 300, 21600)
    assert failing == 7200 and "3 failures" in why
    assert next_interval(900, 900, 0, 30, 300, 21600)[0] == 21600
    assert next_interval(900, 900, 0, 1, 300, 21600, retry_after=5000)[0] == 5000
