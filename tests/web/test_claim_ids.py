"""Claim ids are never issued twice (migration 0011): re-analysing the newest article, whose rows hold the
highest ids, must not hand them out again, or saved searches miss what is new and caches keep stale maps."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from monitor.digest.alerts import send_due_alerts
from monitor.settings import Settings
from monitor.store import crud, saved
from monitor.store.db import MIGRATIONS_DIR, open_store, session_scope
from monitor.store.speakers import speaker_map
from monitor.types import Analysis
from monitor.web.app import create_app
from tests.digest.conftest import smtp  # noqa: F401  (the local aiosmtpd server fixture)
from tests.search.search_seed import _quote, add_article, seed
from tests.web.conftest import TEXT_TETEN, add_teten, sign_in, teten_analysis

NOW = datetime(2026, 3, 31, 2, 0, tzinfo=timezone.utc)
CABAI = "Harga cabai rawit di pasar induk turun tajam menjelang akhir pekan, kata pedagang Kramat Jati."
EXTRA = "kemitraan koperasi dengan usaha besar menyulitkan anggota kecil"


def _ids(engine, sql: str, **params) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(sql), params).scalars())


def _save(engine, query: str) -> int:
    with session_scope(engine) as s:
        user = saved.user_by_email(s, "analis@contoh.id")
        return saved.save_search(s, user.id, query, query, "immediate").id


def _new_marks(client: TestClient, search_id: int) -> int:
    return client.get(f"/saved/{search_id}").text.split("Hasil sebelumnya")[0].count(' new"')


def add_untitled(engine, key: str = "teten-tanpa-judul") -> int:
    """The newest article, without a title: its figure holds the highest claim id of the store."""
    with session_scope(engine) as s:
        return add_article(s, key, "kompas", "", TEXT_TETEN, NOW - timedelta(hours=1), teten_analysis())


def reanalysis(version: str = "test-2") -> Analysis:
    """The newest article analysed again: the same quote, one more quote, the figure no longer found."""
    again = teten_analysis(version)
    extra = _quote(TEXT_TETEN, EXTRA, "Teten Masduki", "Menkop UKM", "Kementerian Koperasi dan UKM")
    return replace(again, figures=(), quotes=again.quotes + (extra,))


def _doc_ids(engine, article_id: int, kind: str) -> list[int]:
    return _ids(engine, "SELECT id FROM search_doc WHERE article_id = :a AND kind = :k ORDER BY id", a=article_id, k=kind)


def reanalyse_newest_and_check(engine, conf: Settings, smtp) -> None:  # noqa: F811
    """Re-analysis drops the newest article's figure (the highest id) and finds one more quote, then a new
    article comes: every id issued after is above every id issued before, so both count as new, once."""
    newest = add_untitled(engine)
    ever = {t: _ids(engine, f"SELECT max(id) FROM {t}")[0] for t in ("search_doc", "quote", "figure")}
    [old_quote], [old_figure] = _doc_ids(engine, newest, "quote"), _doc_ids(engine, newest, "figure")
    assert old_figure == ever["search_doc"]
    client = TestClient(create_app(conf))
    sign_in(client)
    partner, cabai = _save(engine, "kemitraan kind:quote"), _save(engine, "cabai kind:quote")
    assert _new_marks(client, partner) == 0 and _new_marks(client, cabai) == 0
    with session_scope(engine) as s:
        crud.save_analysis(s, newest, reanalysis())
    assert _doc_ids(engine, newest, "figure") == []
    # the unchanged quote keeps its id (it is not new to anyone); the added one gets an id never issued
    kept, added = _doc_ids(engine, newest, "quote")
    assert kept == old_quote and added > ever["search_doc"]
    assert min(_ids(engine, "SELECT id FROM quote WHERE article_id = :a", a=newest)) > ever["quote"]
    with session_scope(engine) as s:
        later = add_article(s, "cabai", "tempo", "Harga Cabai Rawit Turun", CABAI, NOW - timedelta(minutes=30),
                            Analysis("test", quotes=(_quote(CABAI, CABAI[:CABAI.index(",")], "pedagang", None, None),)))
    assert min(_ids(engine, "SELECT id FROM search_doc WHERE article_id = :a", a=later)) > added
    # new since the last visit: exactly the added quote, and the new article's quote
    assert _new_marks(client, partner) == 1 and _new_marks(client, cabai) == 1
    assert _new_marks(client, partner) == 0 and _new_marks(client, cabai) == 0
    # alerts: each search e-mails its one new claim, once
    mail = conf.model_copy(update={"smtp_port": smtp.port, "base_url": "https://monitor.contoh.id"})
    assert [r.status for r in send_due_alerts(mail, engine, NOW)] == ["sent", "sent"]
    msgs = smtp.to("analis@contoh.id")
    bodies = [m.get_body(("plain",)).get_content() for m in msgs]
    assert all("1 hasil baru" in m["Subject"] for m in msgs)
    assert any(EXTRA in b and "Skema kemitraan" not in b for b in bodies) and any("cabai rawit" in b for b in bodies)
    assert send_due_alerts(mail, engine, NOW + timedelta(minutes=5)) == []
    with session_scope(engine) as s:  # the same analysis once more: no new ids, nothing new, nothing e-mailed
        top = saved.latest_claim_id(s)
        crud.save_analysis(s, newest, reanalysis("test-3"))
        assert saved.latest_claim_id(s) == top
    assert _new_marks(client, partner) == 0
    assert send_due_alerts(mail, engine, NOW + timedelta(minutes=10)) == [] and len(smtp.received) == 2


def test_reanalysing_the_newest_article_never_reuses_ids(store, settings, smtp):  # noqa: F811
    reanalyse_newest_and_check(store.engine, settings, smtp)


def test_speaker_map_follows_reanalysis_of_the_newest_article(store):
    """The speaker map is cached under the newest quote id: one quote replaced by one quote must change it."""
    newest = max(_ids(store.engine, "SELECT id FROM article"))
    with store.engine.connect() as conn:
        assert "Bahlil Lahadalia" not in speaker_map(conn)
    renamed = teten_analysis("test-2")
    q = renamed.quotes[0]
    with session_scope(store.engine) as s:
        crud.save_analysis(s, newest, replace(renamed, quotes=(replace(q, speaker="Bahlil Lahadalia",
                                                                         speaker_role="Menteri Investasi"),)))
    with store.engine.connect() as conn:
        assert "Bahlil Lahadalia" in speaker_map(conn)


@pytest.mark.postgres
def test_reanalysis_ids_on_postgres(settings, smtp):  # noqa: F811
    from monitor.web.auth import hash_password
    from tests.pg import temp_database
    from tests.web.conftest import PASSWORD

    with temp_database("monitor_test_ids") as url:
        conf = settings.model_copy(update={"database_url": url})
        engine = open_store(conf)
        seed(engine)
        add_teten(engine)
        with session_scope(engine) as s:
            saved.add_user(s, "analis@contoh.id", hash_password(PASSWORD))
        try:
            reanalyse_newest_and_check(engine, conf, smtp)
        finally:
            engine.dispose()


def _alembic(engine, target: str, down: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def _snapshot(engine) -> dict:
    with engine.connect() as conn:
        return {t: conn.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id").all() for t in ("search_doc", "quote", "figure")} | {
            "fts": conn.exec_driver_sql("SELECT rowid, body, speaker, org, tags FROM search_fts ORDER BY rowid").all(),
            "indexes": sorted(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                                   "AND sql IS NOT NULL AND name != 'ix_article_analysed_at'").all())}


def _has_analysed_index(engine) -> bool:  # 0011's other change: the change marker's index
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'ix_article_analysed_at'").scalar() == 1


def test_migration_0011_keeps_a_0010_store_and_stops_id_reuse(settings, monkeypatch):
    """A store written by the 0010 code (ids numbered max+1), upgraded: the same rows, ids, FTS rows and
    indexes, the same search results; then ids freed by a re-analysis of the newest article stay unused."""
    from monitor.search.engine import SearchEngine
    from monitor.store import fts
    from monitor.store.db import make_engine

    engine = make_engine(settings)
    _alembic(engine, "0010")
    with engine.connect() as conn:
        assert "AUTOINCREMENT" not in conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'search_doc'").scalar()
    monkeypatch.setattr(fts, "_SQLITE_NEXT_ID", "SELECT coalesce(max(id), 0) FROM search_doc")  # 0010's numbering
    seed(engine)
    add_teten(engine)
    newest = add_untitled(engine)
    monkeypatch.undo()
    before = _snapshot(engine)
    with engine.connect() as conn:
        original = {t: conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).scalar()
                    for t in ("search_doc", "quote", "figure")}
    hits = [h.id for h in SearchEngine(engine).search("kemitraan OR koperasi", per_page=50).hits]
    assert len(before["search_doc"]) > 10 and len(before["fts"]) == len(before["search_doc"]) and hits
    engine.dispose()
    engine = open_store(settings)  # upgrades to head
    with engine.connect() as conn:
        for t in ("search_doc", "quote", "figure"):
            assert "AUTOINCREMENT" in conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).scalar()
    assert _snapshot(engine) == before and _has_analysed_index(engine)
    assert [h.id for h in SearchEngine(engine).search("kemitraan OR koperasi", per_page=50).hits] == hits
    top = {t: max(r.id for r in before[t]) for t in ("search_doc", "quote")}
    with session_scope(engine) as s:
        crud.save_analysis(s, newest, reanalysis())  # frees the highest claim id (the figure)
    [_, added] = _doc_ids(engine, newest, "quote")
    assert added > top["search_doc"]
    assert min(_ids(engine, "SELECT id FROM quote WHERE article_id = :a", a=newest)) > top["quote"]
    assert SearchEngine(engine).search(f'"{EXTRA}"', per_page=5).hits[0].id == added
    # down again: the tables as 0010 made them, the same rows, the FTS rows still one per claim; and up again
    after = _snapshot(engine)
    _alembic(engine, "0010", down=True)
    with engine.connect() as conn:
        for t, sql in original.items():
            assert conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).scalar() \
                == sql.replace(f"CREATE TABLE {t} (", f'CREATE TABLE "{t}" (')
        assert conn.exec_driver_sql("SELECT max(id) FROM search_doc").scalar() == added
    assert _snapshot(engine) == after and not _has_analysed_index(engine)
    engine.dispose()
    engine = open_store(settings)
    assert _snapshot(engine) == after
    engine.dispose()
