"""`monitor demo` end to end on the bundled samples (loopback server, real pipeline)."""
from __future__ import annotations

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


def test_demo_articles_are_dated_on_the_previous_day_wib(demo_db):
    settings, _, _ = demo_db
    wib = ZoneInfo("Asia/Jakarta")
    yesterday = (datetime.now(wib) - timedelta(days=1)).date()
    with Session(open_store(settings)) as s:
        dates = {a.published.astimezone(wib).date() for a in s.exec(select(Article)).all()}
    assert dates == {yesterday}


def test_demo_analyses_every_article(demo_db):
    settings, first, _ = demo_db
    assert first.analysed == EXPECTED["stored_articles"]
    with Session(open_store(settings)) as s:
        assert s.exec(select(func.count()).select_from(Article).where(Article.analysed_at.is_(None))).one() == 0
