"""Search behaviour on a small real store: matching, filters, ranking, grouping, index upkeep."""
from datetime import datetime, timezone

import pytest

from monitor.search.engine import SearchEngine
from monitor.search.query import SearchSyntaxError
from monitor.store import crud, fts
from monitor.store.db import session_scope
from monitor.types import Analysis, Quote

from tests.search.search_seed import NOW, add_article


def texts(page):
    return [h.text for h in page.hits]


def find(seeded, q, **kw):
    return SearchEngine(seeded.engine).search(q, now=NOW, **kw)


@pytest.mark.parametrize("query, expected", [
    ("disalurkan", "Pemerintah menyalurkan pembiayaan"),  # di-…-kan vs me-…-kan
    ("salurkan", "Penyaluran KUR"),  # pe-…-an
    ("kemitraan", "bermitra dengan UMKM"),  # ke-…-an vs ber-
    ("menyulitkannya", "masih menyulitkan"),  # -nya
    ("CAFE", "dari café di Eropa"),  # case and accents
])
def test_indonesian_affixes_case_and_accents_do_not_stop_a_match(seeded, query, expected):
    assert any(expected.casefold() in t.casefold() for t in texts(find(seeded, query)))


def test_highlight_marks_the_inflected_words_and_escapes_html(seeded):
    hit = next(h for h in find(seeded, "disalurkan kind:quote").hits if h.speaker == "Sri Mulyani")
    assert "<mark>menyalurkan</mark>" in hit.highlight_html()
    xss = find(seeded, "tampilkan").hits[0]
    assert "<script>" not in xss.highlight_html() and "&lt;script&gt;" in xss.highlight_html()


def test_org_and_date_filters(seeded):
    hits = find(seeded, "rantai pasok org:kadin since:2026-03-01").hits
    assert [h.speaker for h in hits] == ["Arsjad Rasjid"]
    old = find(seeded, "rantai pasok org:kadin until:2026-02").hits
    assert [h.speaker for h in old] == ["Shinta Kamdani"]


def test_speaker_filter_and_free_words(seeded):
    hits = find(seeded, 'speaker:"Teten Masduki" KUR').hits
    assert hits and all(h.speaker == "Teten Masduki" for h in hits)
    assert not find(seeded, 'speaker:"Masduki Teten" KUR').hits  # a phrase keeps word order


def test_figure_value_and_unit_filters(seeded):
    assert [h.value for h in find(seeded, "kind:figure value:>50 unit:percent").hits] == [61.0]
    assert [h.value for h in find(seeded, "kind:figure value:10..30").hits] == [19.6]
    assert {h.value for h in find(seeded, "kind:figure unit:count").hits} == {1200.0}
    pdb = find(seeded, '"terhadap PDB" kind:figure').hits
    assert [h.subject for h in pdb] == ["kontribusi UMKM terhadap PDB"]


def test_topic_with_stance_means_one_label_with_both(seeded):
    contra = find(seeded, "topic:umkm stance:contra kind:quote").hits
    assert [h.speaker for h in contra] == ["Shinta Kamdani"]
    assert [h.speaker for h in find(seeded, "topic:umkm stance:pro kind:quote").hits] == ["Arsjad Rasjid"]
    assert [h.speaker for h in find(seeded, "topic:umkm_partnership stance:pro kind:quote").hits] == ["Arsjad Rasjid"]
    assert [h.speaker for h in find(seeded, "topic:kemitraan stance:mendukung kind:quote").hits] == ["Arsjad Rasjid"]
    assert [h.speaker for h in find(seeded, "assessment:negative kind:quote").hits] == ["Shinta Kamdani"]


def test_outlet_filter_includes_outlets_that_carried_the_story(seeded):
    hits = find(seeded, "outlet:tempo kind:quote").hits
    speakers = {h.speaker for h in hits}
    assert {"Arsjad Rasjid", "Budi Santoso", "Teten Masduki"} <= speakers  # Teten via Tempo's duplicate entry
    assert "Shinta Kamdani" not in speakers
    assert find(seeded, "outlet:koran-tidak-ada").hits == ()


def test_same_quote_from_several_outlets_is_one_hit(seeded):
    hits = find(seeded, '"tepat sasaran" kind:quote').hits
    assert len(hits) == 1
    assert set(hits[0].outlets) == {"Kompas", "Antara", "Tempo"}
    assert hits[0].duplicates == 1


def test_negation(seeded):
    assert not any("desa" in t for t in texts(find(seeded, "koperasi -desa")))
    assert any("desa" in t for t in texts(find(seeded, "koperasi")))
    only_not = texts(find(seeded, "NOT koperasi kind:quote"))
    assert only_not and not any("koperasi" in t.casefold() for t in only_not)
    with pytest.raises(SearchSyntaxError):
        find(seeded, "umkm OR NOT kur")


def test_relevance_then_recency(seeded):
    with session_scope(seeded.engine) as s:
        for key, day, quote in (("a", 1, "Subsidi bunga membantu pedagang pasar di daerah."),
                                ("b", 20, "Subsidi bunga membantu petani kecil di daerah."),
                                ("c", 2, "Subsidi bunga, sekali lagi subsidi bunga, menolong nelayan.")):
            text = f"\"{quote}\" kata pejabat."
            add_article(s, f"rank-{key}", "kompas", f"Artikel {key}", text, datetime(2026, 2, day, tzinfo=timezone.utc),
                        Analysis("test", quotes=(Quote(quote, "direct", 1, 1 + len(quote), speaker=f"Pejabat {key}"),)))
    hits = find(seeded, '"subsidi bunga" kind:quote').hits
    assert [h.speaker for h in hits] == ["Pejabat c", "Pejabat b", "Pejabat a"]
    assert hits[0].score < hits[1].score  # bm25: lower is better; the tie between b and a goes to the newer


def test_paging_does_not_repeat_hits(seeded):
    first = find(seeded, "", page=1, per_page=3)
    second = find(seeded, "", page=2, per_page=3)
    assert first.has_more and len(first.hits) == 3
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_index_follows_reanalysis_and_deletion(seeded):
    aid = seeded.ids["kadin"]
    assert find(seeded, "bermitra").hits
    with session_scope(seeded.engine) as s:
        crud.save_analysis(s, aid, Analysis("v2", quotes=(Quote("Hilirisasi harus melibatkan pemasok lokal.", "direct", 0, 40,
                                                                speaker="Arsjad Rasjid"),)))
    assert not any(h.kind == "quote" for h in find(seeded, "bermitra").hits)
    assert [h.speaker for h in find(seeded, "hilirisasi kind:quote").hits] == ["Arsjad Rasjid"]
    with session_scope(seeded.engine) as s:
        fts.delete_article(s, aid)
    assert not find(seeded, "hilirisasi").hits


def test_rebuild_matches_incremental_index(seeded):
    queries = ["koperasi", "topic:financial", "kind:figure", "org:kadin"]
    before = [[h.id for h in find(seeded, q).hits] for q in queries]
    with seeded.engine.begin() as conn:
        n = fts.rebuild(conn)
    assert n > 10
    after = [[h.id for h in find(seeded, q).hits] for q in queries]
    assert after == before  # every claim keeps its id: saved-search watermarks stay true
    with seeded.engine.connect() as conn:
        top = conn.exec_driver_sql("SELECT max(id) FROM search_doc").scalar()
    with session_scope(seeded.engine) as s:  # an article whose index rows were lost is indexed again, under new ids
        fts.delete_article(s, seeded.ids["kadin"])
    with seeded.engine.begin() as conn:
        assert fts.rebuild(conn) == n
        assert min(conn.exec_driver_sql("SELECT id FROM search_doc WHERE article_id = ?", (seeded.ids["kadin"],))
                   .scalars()) > top


def test_any_typed_query_gives_hits_or_a_syntax_error(seeded):
    """Fuzz: whatever an analyst types, the engine answers or explains; never an SQL error."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    pieces = st.sampled_from(['kur', 'umkm', 'Rantai', 'pasok', '"', '(', ')', '*', '-', ':', ' ', ' ', 'AND', 'OR', 'NOT',
                              'speaker:', 'org:', 'topic:', 'stance:pro', 'kind:', 'value:>', '5', 'since:', '7d', 'outlet:',
                              'é', '_', ',', '..', '&&', '||', "'", '\\', 'NEAR', '^', '+', '{', '}'])
    engine = SearchEngine(seeded.engine)

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(pieces, max_size=10).map("".join))
    def check(q):
        try:
            engine.search(q, now=NOW)
        except SearchSyntaxError as e:
            assert 0 <= e.position <= len(q)
            assert "the search index could not run" not in e.message, q  # our compiler must not emit bad MATCH strings

    check()


def test_rank_window_ranks_only_recent_matches_when_there_are_many(seeded):
    """Past rank_window matches, SQLite ranks the most recently indexed ones (a documented trade for speed)."""
    best = "Koperasi, koperasi, dan sekali lagi koperasi."
    many = tuple(Quote(f"Koperasi desa nomor {i} terus tumbuh bersama warga sekitar.", "direct", 0, 10, speaker=f"Warga {i}")
                 for i in range(90))
    other = tuple(Quote(f"Harga cabai di pasar induk nomor {i} naik lagi.", "direct", 0, 10, speaker=f"Pedagang {i}")
                  for i in range(200))  # keeps "koperasi" a minority word, as bm25 needs
    with session_scope(seeded.engine) as s:
        add_article(s, "other", "antara", "Cabai", "x", datetime(2026, 3, 1, tzinfo=timezone.utc), Analysis("test", quotes=other))
        add_article(s, "old-best", "kompas", "Lama", best, datetime(2025, 1, 1, tzinfo=timezone.utc),
                    Analysis("test", quotes=(Quote(best, "direct", 0, len(best), speaker="Ketua Lama"),)))
        add_article(s, "many", "tempo", "Baru", "x", datetime(2026, 3, 30, tzinfo=timezone.utc), Analysis("test", quotes=many))
    full = SearchEngine(seeded.engine, rank_window=None).search("koperasi kind:quote", now=NOW)
    windowed = SearchEngine(seeded.engine, rank_window=70).search("koperasi kind:quote", now=NOW)
    assert full.hits[0].speaker == "Ketua Lama"
    assert windowed.hits[0].speaker != "Ketua Lama" and windowed.hits[0].speaker.startswith("Warga")
    # too few matches in the window for a filtered query: falls back to ranking everything
    narrow = SearchEngine(seeded.engine, rank_window=70).search("koperasi speaker:lama", now=NOW)
    assert [h.speaker for h in narrow.hits] == ["Ketua Lama"]
