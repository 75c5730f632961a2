"""Hostile article text: bounded time per article, over-long articles stored and marked, odd characters."""
from __future__ import annotations

import time
from datetime import datetime, timezone

from sqlmodel import Session, select

from monitor.extract.article import clean_text
from monitor.jobs.run import analyse_pending
from monitor.store.db import session_scope
from monitor.store.models import Article, Source

SENTENCE = ("Pemerintah daerah bersama bank pembangunan daerah dan koperasi simpan pinjam terus mendorong kemitraan "
            "usaha mikro kecil dan menengah dengan industri besar agar rantai pasok nasional semakin kuat serta ")


def _add(engine, texts: list[str]) -> list[int]:
    now = datetime.now(timezone.utc)
    ids = []
    with session_scope(engine) as s:
        if s.get(Source, "uji") is None:
            s.add(Source(id="uji", name="uji", url="http://127.0.0.1/", config_url="http://127.0.0.1/"))
            s.flush()
        for i, text in enumerate(texts):
            a = Article(source_id="uji", url=f"http://127.0.0.1/{i}", canonical_url=f"https://127.0.0.1/{i}-{len(text)}",
                        title="uji", fetched_at=now, text=text, content_hash=f"h{i}-{len(text)}")
            s.add(a)
            s.flush()
            ids.append(a.id)
    return ids


def test_five_megabyte_article_is_stored_and_marked_not_analysed(settings, engine):
    big = (SENTENCE + "Rp5 triliun. ") * (5_000_000 // (len(SENTENCE) + 13))
    [aid] = _add(engine, [big])
    t = time.monotonic()
    analyse_pending(settings, engine)
    assert time.monotonic() - t < 30
    with Session(engine) as s:
        art = s.get(Article, aid)
    assert art.analysed_at is not None and art.analysis_skipped == "too_long" and len(art.text) == len(big)


def test_one_long_sentence_is_analysed_in_bounded_time(settings, engine):
    """One sentence of 100,000 characters (no full stop anywhere), exactly at the per-article limit."""
    body = SENTENCE.replace(" serta ", " dan ").replace(".", "")
    text = (body * (100_000 // len(body) + 1))[:100_000]
    assert len(text) == settings.max_article_chars_nlp and "." not in text
    [aid] = _add(engine, [text])
    t = time.monotonic()
    assert analyse_pending(settings, engine) == 1
    assert time.monotonic() - t < 120
    with Session(engine) as s:
        assert s.get(Article, aid).analysis_skipped is None


def test_control_characters_and_surrogates_are_removed_before_storage(settings, engine):
    dirty = "JAKARTA - UMKM\x00 tumbuh\x07 pesat\ud800 tahun ini.\x1b[31m\n\nKUR naik 5 persen.\ufeff"
    clean = clean_text(dirty)
    assert "\x00" not in clean and "\ud800" not in clean and "\x1b" not in clean
    [aid] = _add(engine, [clean + " " + SENTENCE])
    analyse_pending(settings, engine)
    with Session(engine) as s:
        art = s.get(Article, aid)
    assert art.analysed_at is not None and art.text.encode("utf-8")
