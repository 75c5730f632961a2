"""Topic matching skips the patterns when no term's literal is in the text: the shortcut must never
change a match (it is a fifth of the claim layer's time on ordinary sentences)."""
from dataclasses import replace

from monitor.nlp.stance_topics import _anchors, load_topics

SENTENCES = [
    "Kemitraan usaha besar dengan UMKM membuka akses ke rantai pasok nasional.",
    "Penyaluran KUR di Sulawesi Tengah naik 14 persen pada kuartal ketiga.",
    "Literasi keuangan pedagang pasar masih rendah, kata peneliti itu.",
    "Kementerian Koperasi dan UKM menggelar rapat koordinasi di Jakarta.",
    "Harga cabai rawit turun setelah panen raya di Temanggung.",
    "PINJAMAN DARING ILEGAL MENJERAT RIBUAN PELAKU USAHA MIKRO.",
    "Pabrik gula itu menyerap tebu petani plasma lewat kontrak lima tahun.",
    "Pembayaran QRIS di kantin sekolah memudahkan pedagang kecil.",
    "",
]


def test_the_shortcut_never_changes_a_match():
    for topic in load_topics():
        assert topic.anchors, topic.id
        plain = replace(topic, anchors=None)
        for s in SENTENCES:
            assert topic.matches(s) == plain.matches(s), (topic.id, s)


def test_sentences_with_and_without_terms():
    topics = {t.id: t for t in load_topics()}
    assert topics["umkm_partnership"].matches(SENTENCES[0])
    assert topics["financial_inclusion"].matches(SENTENCES[1])
    assert not any(t.matches(SENTENCES[4]) for t in topics.values())


def test_a_raw_pattern_has_no_literal_so_no_shortcut():
    assert _anchors([["kemitraan", "re:rantai\\s+pasok"]]) is None
    assert _anchors([["kredit usaha rakyat", "pinjam*"]]).pattern == r"kredit\ usaha\ rakyat|pinjam"


def test_a_literal_holding_another_is_left_to_the_shorter():
    """"pemasok umkm" holds "umkm": one search for "umkm" finds both, so the longer one is no anchor."""
    rx = _anchors([["umkm", "pemasok umkm", "produk ukm", "ukm"], ["mitra", "kemitraan", "bermitra"]])
    assert rx.pattern == "mitra|ukm|umkm"
    assert rx.search("pemasok umkm lokal") and rx.search("kemitraan") and not rx.search("pasar tani")
