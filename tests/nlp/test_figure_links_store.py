"""Figure links (ranges, stated changes) survive the store: migration 0006 and save_analysis."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import inspect
from sqlmodel import select

from monitor.nlp.figures import find_figures
from monitor.store.crud import save_analysis
from monitor.store.db import open_store, session_scope
from monitor.store.models import Article, FigureRow, Source
from monitor.types import Analysis

TEXT = ("Nilai ekspor kerajinan bambu dari Tasikmalaya naik dari Rp 3,2 miliar menjadi Rp 4,5 miliar tahun ini. "
        "Margin perajin diperkirakan 15 sampai 25 persen dari harga jual.")


def test_links_are_stored_on_the_figure_rows(settings):
    engine = open_store(settings)
    cols = {c["name"] for c in inspect(engine).get_columns("figure")}
    assert {"previous", "range_low", "range_high"} <= cols
    figs = find_figures(TEXT)
    with session_scope(engine) as s:
        s.add(Source(id="uji", name="Uji", url="http://127.0.0.1/feed.xml"))
        s.flush()
        art = Article(source_id="uji", url="http://127.0.0.1/a", canonical_url="http://127.0.0.1/a", text=TEXT,
                      fetched_at=datetime.now(timezone.utc), content_hash="x")
        s.add(art)
        s.flush()
        save_analysis(s, art.id, Analysis(model_version="t", entities=(), figures=tuple(figs), quotes=(), topics=()))
    with session_scope(engine) as s:
        rows = {r.text: r for r in s.exec(select(FigureRow))}
    assert rows["Rp 4,5 miliar"].previous == 3.2e9 and rows["Rp 3,2 miliar"].previous is None
    for t in ("15", "25 persen"):
        assert (rows[t].range_low, rows[t].range_high) == (15.0, 25.0)
    assert rows["Rp 4,5 miliar"].range_low is None
