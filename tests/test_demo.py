"""`monitor demo` end to end on the bundled samples (loopback server, real pipeline)."""
from __future__ import annotations

import re

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from rich.console import Console
from sqlmodel import Session, func, select

from monitor.demo.run import run_demo
from monitor.demo.server import SAMPLES
from monitor.store.db import open_store
from monitor.store.models import Article, Entry

EXPECTED = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from monitor.settings import Settings

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    settings = Settings(database_url=f"sqlite:///{db}")
    first = run_demo(settings, Console(file=open("/dev/null", "w")))
    second = run_demo(settings, Console(file=open("/dev/null", "w")))
    return settings, first, second


def test_demo_stores_each_sample_article_once(demo_db):
    settings, first, second = demo_db
    engine = open_store(settings)
    with Session(engine) as s:
        titles = s.exec(select(Article.title)).all()
        entries = s.exec(select(func.count()).select_from(Entry)).one()
    assert len(titles) == EXPECTED["stored_articles"] == first.articles_stored
    assert entries == EXPECTED["feed_items"]
    distinct = {a["title"] for a in EXPECTED["articles"] if a["distinct"]}
    assert set(titles) == distinct
    assert second.articles_stored == 0 and second.new_entries == 0  # re-running adds nothing


def test_demo_links_duplicates_and_skips_english(demo_db):
    _, first, _ = demo_db
    assert first.duplicates["near"] >= 1 and first.duplicates["url"] >= 1
    assert first.skipped.get("language:en") == 1


def test_demo_articles_span_the_21_days_before_today(demo_db):
    settings, _, _ = demo_db
    wib = ZoneInfo("Asia/Jakarta")
    yesterday = (datetime.now(wib) - timedelta(days=1)).date()
    expected = {a["title"]: yesterday - timedelta(days=a["days_ago"]) for a in EXPECTED["articles"] if a["distinct"]}
    with Session(open_store(settings)) as s:
        dates = {a.title: a.published.astimezone(wib).date() for a in s.exec(select(Article)).all()}
    assert dates == expected  # each article on its own day, pages and feeds agreeing
    days = set(dates.values())
    assert max(days) == yesterday and min(days) == yesterday - timedelta(days=20) and len(days) >= 12


def test_demo_digest_compares_yesterday_with_the_week_before(demo_db):
    from monitor.digest.build import build_digest
    from monitor.digest.subscribers import placeholder_subscriber

    settings, _, _ = demo_db
    wib = ZoneInfo("Asia/Jakarta")
    yesterday = (datetime.now(wib) - timedelta(days=1)).date()
    with Session(open_store(settings)) as s:
        digest = build_digest(s, placeholder_subscriber(), yesterday, settings.base_url)
    assert digest.article_count >= 3
    assert all(t.baseline > 0 and t.change is not None for t in digest.topics)  # a 7-day baseline to compare with
    assert all(sum(1 for _d, n in t.daily if n) >= 3 for t in digest.topics)  # the trend has several bars


README_EXAMPLE = re.compile(r"`monitor search ([^`]+)`")


def _readme_search_examples() -> list[str]:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    found = [m.strip().strip("'\"") if m.strip()[:1] == "'" else m.strip() for m in README_EXAMPLE.findall(text)]
    start = text.index("Examples (")
    line = text[start:text.index("`.", start) + 1]  # the list ends with the sentence
    found += re.findall(r"`([^`]+)`", line.split(":", 1)[1])
    return [q for q in found if q not in ("QUERY", "tests/test_demo.py") and "[--" not in q]


def test_every_readme_search_example_finds_claims_in_the_demo(demo_db):
    from monitor.search.engine import SearchEngine

    settings, _, _ = demo_db
    examples = _readme_search_examples()
    assert len(examples) >= 4 and "speaker:larasati KUR" in examples
    engine = SearchEngine(open_store(settings), tz=settings.outlet_timezone)
    for query in examples:
        assert engine.search(query, per_page=5).hits, f"README example finds nothing on the demo: {query}"


def test_demo_analyses_every_article(demo_db):
    settings, first, _ = demo_db
    assert first.analysed == EXPECTED["stored_articles"]
    with Session(open_store(settings)) as s:
        assert s.exec(select(func.count()).select_from(Article).where(Article.analysed_at.is_(None))).one() == 0


def test_demo_output_reads_in_indonesian_style(demo_db):
    import io

    settings, _, _ = demo_db
    out = io.StringIO()
    run_demo(settings, Console(file=out, width=200), analyse=False)  # a re-run: nothing new, the same summary
    text = out.getvalue()
    assert re.search(r"Rp \d+(,\d+)? (juta|miliar|triliun)", text) or re.search(r"\d+(,\d+)? persen", text)
    assert "e+" not in text and " IDR" not in text and " percent" not in text


def test_demo_summary_reads_as_sentences_not_python(demo_db):
    """No dict printed as Python ("{'language:en': 1}"), a cut quote or title marked "…" and cut at a word,
    and the quotes shown are on a followed topic, from different articles."""
    import io

    settings, _, _ = demo_db
    out = io.StringIO()
    run_demo(settings, Console(file=out, width=300), analyse=False)
    text = out.getvalue()
    assert "{'" not in text and "': " not in text
    assert re.search(r"skipped 1 \(language:en 1\)", text)
    shown = re.findall(r"^  “(.*)” — (.*) \((.*)\)$", text, re.M)
    assert len(shown) == 3 and len({title for _q, _s, title in shown}) == 3
    for quote, _speaker, title in shown:
        for part, width in ((quote, 100), (title, 60)):
            assert len(part) <= width and (not part.endswith("…") or part[-2] not in " ,")


def test_demo_prints_article_text_as_text_not_markup(demo_db, monkeypatch):
    """Brackets in a quote or title ("[sic]", "[/]") are printed, not read as rich markup (or crash it)."""
    import io

    from monitor.demo import run as demo_run
    from monitor.store.models import FigureRow, QuoteRow

    quote = QuoteRow(article_id=1, text="harga pupuk [sic] naik [/] lagi", kind="direct", start=0, end=10,
                     speaker="Wayan [Koperasi]", topics=[])
    figure = FigureRow(article_id=1, text="[red]Rp 5 miliar", value=5e9, unit="IDR", start=0, end=5, subject="dana [desa]")
    monkeypatch.setattr(demo_run, "sample_claims", lambda engine: ([(quote, "Judul [Foto]")], [figure]))
    settings, _, _ = demo_db
    out = io.StringIO()
    run_demo(settings, Console(file=out, width=300), analyse=False)
    text = out.getvalue()
    assert "harga pupuk [sic] naik [/] lagi" in text and "Wayan [Koperasi]" in text and "(Judul [Foto])" in text
    assert "dana [desa]" in text and "[red]Rp 5 miliar" in text
