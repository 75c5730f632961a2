"""One speaker across articles: automatic grouping, merge and split, kept across re-analysis."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from typer.testing import CliRunner

from monitor.store.crud import save_analysis
from monitor.store.db import open_store, session_scope
from monitor.store.models import Article, Source
from monitor.store.speakers import speaker_records
from monitor.types import Analysis, Quote


def _article(s, n: int, day: int) -> int:
    art = Article(source_id="uji", url=f"http://127.0.0.1/{n}", canonical_url=f"http://127.0.0.1/{n}", text="x",
                  fetched_at=datetime(2026, 11, day, tzinfo=timezone.utc), content_hash=str(n),
                  published=datetime(2026, 11, day, tzinfo=timezone.utc))
    s.add(art)
    s.flush()
    return art.id


def _quote(speaker, role=None, org=None):
    return Quote(text="Pembiayaan untuk koperasi desa harus dipercepat", kind="indirect", start=0, end=10,
                 speaker=speaker, speaker_role=role, speaker_org=org, cue="mengatakan")


def _store(settings, quotes_per_article):
    engine = open_store(settings)
    ids = []
    with session_scope(engine) as s:
        s.add(Source(id="uji", name="Uji", url="http://127.0.0.1/feed.xml"))
        s.flush()
        for n, qs in enumerate(quotes_per_article):
            aid = _article(s, n, n + 1)
            ids.append(aid)
            save_analysis(s, aid, Analysis(model_version="t", entities=(), figures=(), quotes=tuple(qs), topics=()))
    return engine, ids


ARTICLES = [
    [_quote("Wulan Prameswari", "Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM")],
    [_quote("Wulan"), _quote("pedagang")],
    [_quote("Wulan Prameswari", "Menkop UKM"), _quote("Bagas Wulan Setiadi", "Ekonom")],
    [_quote("Bagas Wulan Setiadi", "Ekonom Universitas Nusa"), _quote("Wulan")],
]


def test_records_group_short_names_and_keep_roles_with_dates(settings):
    engine, _ = _store(settings, ARTICLES[:3])
    with session_scope(engine) as s:
        recs = {r.name: r for r in speaker_records(s)}
    # "Wulan" is inside two longer names (Wulan Prameswari, Bagas Wulan Setiadi): ambiguous, left alone
    assert "Wulan" in recs
    wp = recs["Wulan Prameswari"]
    assert (wp.quotes, wp.articles) == (2, 2)
    assert [(r.role, r.first_seen.day) for r in wp.roles] == [("Menteri Koperasi dan UKM", 1), ("Menkop UKM", 3)]
    assert "pedagang" in recs and recs["pedagang"].aliases == []


def test_merge_and_split_survive_reanalysis(settings, monkeypatch):
    engine, ids = _store(settings, ARTICLES)
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    from monitor.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["speakers", "merge", "Wulan Prameswari", "Wulan"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["speakers", "--json"]).output)
    wp = next(r for r in listed if r["name"] == "Wulan Prameswari")
    assert wp["aliases"] == ["Wulan"] and wp["quotes"] == 4
    # re-analysis rewrites the quote rows; the correction is replayed on them
    with session_scope(engine) as s:
        save_analysis(s, ids[1], Analysis(model_version="t2", entities=(), figures=(),
                                          quotes=(_quote("Wulan"),), topics=()))
    listed = json.loads(runner.invoke(app, ["speakers", "--json"]).output)
    assert next(r for r in listed if r["name"] == "Wulan Prameswari")["aliases"] == ["Wulan"]
    assert runner.invoke(app, ["speakers", "split", "Wulan"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["speakers", "--json"]).output)
    assert {r["name"] for r in listed} >= {"Wulan", "Wulan Prameswari"}


def test_unknown_name_is_a_one_line_error(settings, monkeypatch):
    _store(settings, ARTICLES[:1])
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    from monitor.cli import app

    res = CliRunner().invoke(app, ["speakers", "merge", "Wulan Prameswari", "Tidak Ada"])
    assert res.exit_code == 2 and "no quote has the speaker 'Tidak Ada'" in res.output
    assert "Traceback" not in res.output
