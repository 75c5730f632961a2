"""What a digest contains, read from a seeded store: counts, ranking, figures, shifts, filters, time zones."""
from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.digest.build import Period, build_digest, default_day
from monitor.digest.subscribers import Subscriber
from monitor.store.db import session_scope
from monitor.types import Analysis, Figure, Quote, TopicLabel
from tests.digest.seed import DAY, NOW, add_article, at

FIN = "financial_inclusion"


def _digest(engine, sub: Subscriber | None = None, day=DAY):  # noqa: ANN001, ANN202
    with session_scope(engine) as s:
        return build_digest(s, sub or Subscriber(email="a@contoh.id"), day, "https://monitor.example.id", NOW)


def test_default_period_is_yesterday_in_the_subscribers_zone():
    assert default_day(NOW, "Asia/Jakarta") == DAY  # 07:30 WIB on the 28th
    assert default_day(NOW - timedelta(hours=1), "Asia/Jakarta") == DAY  # 06:30 WIB
    assert default_day(NOW - timedelta(hours=8), "Asia/Jakarta") == DAY - timedelta(days=1)  # 23:30 WIB on the 27th
    p = Period.of(DAY, "Asia/Jakarta")
    assert (p.start.hour, p.end - p.start) == (17, timedelta(days=1))  # midnight WIB is 17:00 UTC


def test_headline_counts_against_the_seven_day_average(engine):
    d = _digest(engine)
    part, fin = d.topics
    assert (part.topic, part.articles, part.quotes) == ("umkm_partnership", 1, 2)
    assert part.baseline == pytest.approx(5 / 7)  # mitra-1,3,5,7 and the PDB article in the week before
    assert part.change == pytest.approx(1 / (5 / 7) - 1)
    assert (fin.articles, fin.baseline) == (3, pytest.approx(8 / 7))
    assert len(fin.daily) == 14 and fin.daily[-1] == (DAY, 3)
    assert part.search_url == "https://monitor.example.id/?q=topic%3Aumkm_partnership"  # the topic, not its words
    assert d.search_url == "https://monitor.example.id/?q=topic%3Aumkm_partnership+OR+topic%3Afinancial_inclusion"
    assert d.article_count == 4 and not d.empty


def test_quotes_ranked_by_prominence_novelty_and_reach(engine):
    d = _digest(engine)
    speakers = [q.speaker for q in d.quotes]
    assert speakers[:2] == ["Teten Masduki", "Teten Masduki"]  # a minister, carried by three outlets
    top = d.quotes[0]
    assert top.outlets == ("Antara", "Kompas", "Tempo") and top.outlet == "Kompas"
    assert top.role == "Menteri Koperasi dan UKM" and top.organisation == "Kementerian Koperasi dan UKM"
    assert [(s.topic, s.stance, s.assessment) for s in top.stances] == [("umkm_partnership", "pro", "negative")]
    assert top.url == "https://kompas.example.id/read/rantai-pasok"
    assert set(speakers) == {"Teten Masduki", "Friderica Widyasari Dewi", "Rina Hapsari", "Dewi Lestari"}
    assert all(a.score >= b.score for a, b in zip(d.quotes, d.quotes[1:]))


def test_a_repeated_quote_loses_novelty(engine):
    said = "Plafon KUR sebaiknya dinaikkan agar lebih banyak usaha mikro terlayani."  # said three days before
    add_article(engine, "tempo", "ulang", at(DAY, 9), "Ekonom ulangi usulan KUR",
                Analysis(model_version="t", topics=(TopicLabel(FIN, 0.9, "pro", "neutral"),),
                         quotes=(Quote(text=said, kind="direct", start=0, end=len(said), speaker="Rina Hapsari",
                                       topics=(TopicLabel(FIN, 0.9, "pro", "neutral"),)),)))
    by_text = {q.text: q for q in _digest(engine).quotes}
    assert by_text[said].novelty == 0.0
    assert by_text["Penyaluran KUR yang dikejar target justru membebani usaha mikro dengan utang baru."].novelty > 0.9


def test_figures_grouped_by_measure_and_disagreements_flagged(engine):
    d = _digest(engine)
    groups = {g.measure: g for g in d.figure_groups}
    pdb = groups["kontribusi UMKM terhadap PDB"]
    assert [f.text for f in pdb.figures] == ["60,5 persen"]
    [(new, old)] = pdb.conflicts
    assert (new.text, old.text, old.outlet) == ("60,5 persen", "61,9 persen", "Bisnis Indonesia")
    assert d.figure_groups[0] is pdb  # contradictions first
    assert not groups["indeks inklusi keuangan"].conflicts


def test_same_figure_restated_is_not_a_conflict_but_a_same_day_disagreement_is(engine):
    for slug, text, value in (("pdb-ulang", "61,9 persen", 61.9), ("pdb-lain", "57 persen", 57.0)):
        add_article(engine, "cnbc", slug, at(DAY, 13), "UMKM dan PDB",
                    Analysis(model_version="t", topics=(TopicLabel("umkm_partnership", 0.9, "pro", "neutral"),),
                             figures=(Figure(text=text, value=value, unit="percent", start=0, end=4,
                                             subject="kontribusi UMKM pada PDB nasional"),)))
    pdb = next(g for g in _digest(engine).figure_groups if "PDB" in g.measure)
    assert sorted(f.text for f in pdb.figures) == ["57 persen", "60,5 persen", "61,9 persen"]
    flagged = {(a.text, b.text) for a, b in pdb.conflicts}
    assert ("61,9 persen", "60,5 persen") in flagged  # disagrees with the same day's 60,5
    assert not any(a.text == "61,9 persen" and b.text == "61,9 persen" for a, b in pdb.conflicts)


def test_stance_shifts(engine):
    shifts = _digest(engine).shifts
    speaker = [s for s in shifts if s.speaker]
    assert [(s.speaker, s.before_label, s.label) for s in speaker] == [("Rina Hapsari", "pro", "contra")]
    coverage = {(s.topic, s.label): (s.before, s.after) for s in shifts if not s.speaker}
    assert coverage[(FIN, "contra")] == (0.0, pytest.approx(1 / 3, abs=1e-3))
    assert not any(t == "umkm_partnership" for t, _ in coverage)  # one article is too few to call a shift


def test_filters_by_topic_outlet_and_speaker(engine):
    fin_only = _digest(engine, Subscriber(email="a@contoh.id", topics=(FIN,)))
    assert [t.topic for t in fin_only.topics] == [FIN] and "Teten Masduki" not in {q.speaker for q in fin_only.quotes}
    tempo = _digest(engine, Subscriber(email="a@contoh.id", outlets=("tempo",)))
    # Tempo's own QRIS story, and the Kompas story that Tempo also carried
    assert {q.outlet for q in tempo.quotes} == {"Tempo", "Kompas"} and tempo.article_count == 2
    ojk = _digest(engine, Subscriber(email="a@contoh.id", organisations=("OJK",)))
    assert [q.speaker for q in ojk.quotes] == ["Friderica Widyasari Dewi"]
    rina = _digest(engine, Subscriber(email="a@contoh.id", speakers=("rina hapsari",)))
    assert [q.speaker for q in rina.quotes] == ["Rina Hapsari"] and rina.article_count == 1


def test_local_day_boundaries(engine):
    late = "Koperasi desa siap menyalurkan pembiayaan mikro mulai bulan depan."
    for slug, when in (("larut", at(DAY, 23, 50)), ("esok", at(DAY + timedelta(days=1), 0, 10))):
        add_article(engine, "antara", slug, when, "Koperasi desa",
                    Analysis(model_version="t", topics=(TopicLabel(FIN, 0.9, "pro", "neutral"),),
                             quotes=(Quote(text=f"{late} ({slug})", kind="direct", start=0, end=10, speaker="Ahmad Zabadi",
                                           topics=(TopicLabel(FIN, 0.9, "pro", "neutral"),)),)))
    texts = {q.text for q in _digest(engine).quotes}
    assert f"{late} (larut)" in texts and f"{late} (esok)" not in texts
    # the same instant is the next day for a reader in WIT (UTC+9)
    wit = {q.text for q in _digest(engine, Subscriber(email="a@contoh.id", timezone="Asia/Jayapura")).quotes}
    assert f"{late} (larut)" not in wit


def test_empty_day(engine):
    d = _digest(engine, day=DAY + timedelta(days=2))
    assert d.empty and d.quotes == () and d.figure_groups == () and all(t.articles == 0 for t in d.topics)


@pytest.mark.parametrize("a, b, same, same_period", [
    ("kontribusi UMKM terhadap PDB", "dan UKM Yulius mengatakan kontribusi UMKM terhadap PDB saat", True, True),
    ("penyaluran KUR", "penyaluran KUR tahun ini", True, True),
    ("rasio kredit UMKM", "rasio kredit UMKM terhadap total kredit perbankan", True, True),
    ("indeks inklusi keuangan", "indeks literasi keuangan", False, True),
    ("UMKM", "UMKM yang masuk rantai pasok", False, True),
    ("target penyaluran KUR 2026", "realisasi penyaluran KUR 2026", False, True),
    ("penyaluran KUR 2025", "penyaluran KUR 2026", True, False),  # one series, two periods: never a disagreement
])
def test_same_measure(a, b, same, same_period):
    """The digest decides "same measure" with the exports' grouper, and compares only within one period."""
    from monitor.export.measures import default_grouper, period_of

    grouper = default_grouper()
    assert grouper.same(grouper.key(a), grouper.key(b)) is same
    assert (period_of(a) == period_of(b)) is same_period
    groups = grouper.fit({(a, "percent"): 2, (b, "percent"): 1})
    assert (groups[(a, "percent")] == groups[(b, "percent")]) is same


def test_linked_figures_and_one_outlet_never_disagree(engine):
    """A range's two ends or a before/after change are not a disagreement, nor are an outlet's own two values."""
    for slug, outlet, figures in (
            ("rentang", "tempo", (Figure(text="60 persen", value=60.0, unit="percent", start=0, end=9, range_group=1,
                                         subject="kontribusi UMKM terhadap PDB"),
                                  Figure(text="70 persen", value=70.0, unit="percent", start=12, end=21, range_group=1,
                                         subject="kontribusi UMKM terhadap PDB"))),
            ("sendiri", "bisnis", (Figure(text="59 persen", value=59.0, unit="percent", start=0, end=9,
                                          subject="kontribusi UMKM terhadap PDB"),))):
        add_article(engine, outlet, slug, at(DAY, 16), "UMKM dan PDB",
                    Analysis(model_version="t", topics=(TopicLabel("umkm_partnership", 0.9, "pro", "neutral"),),
                             figures=figures))
    pdb = next(g for g in _digest(engine).figure_groups if "PDB" in g.measure)
    flagged = {(a.text, b.text) for a, b in pdb.conflicts}
    assert not any("60 persen" in pair or "70 persen" in pair for pair in flagged)  # the range's ends
    assert ("59 persen", "61,9 persen") not in flagged  # Bisnis disagreeing with its own earlier figure
    assert ("59 persen", "60,5 persen") in flagged  # but Kompas said 60,5 the same day


def test_a_short_name_counts_as_the_same_speaker(engine):
    # "Menkop UKM Teten" the same day: the speaker record makes him Teten Masduki, whose two quotes are the cap
    said = "Koperasi simpan pinjam yang nakal akan kami tutup tanpa kompromi mulai bulan depan."
    add_article(engine, "tempo", "menkop-teten", at(DAY, 11), "Menkop tegas soal koperasi",
                Analysis(model_version="t", topics=(TopicLabel(FIN, 0.9, "pro", "neutral"),),
                         quotes=(Quote(text=said, kind="direct", start=0, end=len(said), speaker="Teten",
                                       speaker_role="Menkop UKM", topics=(TopicLabel(FIN, 0.9, "pro", "neutral"),)),)))
    speakers = [q.speaker for q in _digest(engine).quotes]
    assert "Teten" not in speakers and speakers.count("Teten Masduki") == 2
