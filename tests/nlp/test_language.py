"""The fast Indonesian language class: registered by entry point, quick to build, sane tokens."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
import spacy

import monitor.nlp.language  # noqa: F401


def test_blank_builds_fast():
    t0 = time.process_time()  # CPU time: the machine is shared, wall time is noisy
    nlp = spacy.blank("id_news")
    assert time.process_time() - t0 < 1.0  # stock blank("id") needs 3-5 s
    assert nlp.lang == "id_news"
    assert nlp.vocab["yang"].is_stop  # Indonesian stop words kept


@pytest.mark.parametrize("text,tokens", [
    ("anak-anak bermain", ["anak-anak", "bermain"]),
    ("pemilik e-KTP dan ber-KTP DKI", ["pemilik", "e-KTP", "dan", "ber-KTP", "DKI"]),
    ("kasus Covid-19 turun", ["kasus", "Covid-19", "turun"]),
    ("Dr. H. Ahmad Syafii, S.E., M.Si. hadir", ["Dr.", "H.", "Ahmad", "Syafii", ",", "S.E.", ",", "M.Si.", "hadir"]),
    ("Senin (6/3), kredit Rp5.000 naik 64,2 persen.",
     ["Senin", "(", "6", "/", "3", ")", ",", "kredit", "Rp", "5.000", "naik", "64,2", "persen", "."]),
    ('"Kami siap," kata Teten.', ['"', "Kami", "siap", ",", '"', "kata", "Teten", "."]),
    ("dll. dan dsb. juga", ["dll.", "dan", "dsb.", "juga"]),
])
def test_tokenization(text, tokens):
    nlp = spacy.blank("id_news")
    assert [t.text for t in nlp(text)] == tokens


def test_lexical_attributes_kept():
    doc = spacy.blank("id_news")("sepuluh juta 64,2")
    assert all(t.like_num for t in doc)


def test_components_registered_by_entry_point():
    """A process that never imports monitor still finds the language and our factories."""
    code = ("import spacy; nlp = spacy.blank('id_news'); "
            "[nlp.add_pipe(n) for n in ('monitor_entities', 'monitor_figures', 'monitor_quotes', 'monitor_stance')]; "
            "import sys; assert 'monitor.nlp.entities' in sys.modules; print(nlp.pipe_names)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "monitor_entities" in out.stdout


@pytest.mark.slow
def test_same_tokens_as_stock_indonesian_except_hyphens():
    """Dropping the exceptions must not change tokenization of ordinary news text (hyphen words aside)."""
    text = ("JAKARTA - Bank Indonesia (BI) mencatat penyaluran kredit UMKM per Maret 2024 tumbuh 8,2 persen (yoy) "
            "menjadi Rp1.400 triliun. Gubernur BI Perry Warjiyo mengatakan, \"Kami terus mendorong perbankan.\" "
            "Menurut dia, dll. dan a.l. digitalisasi, QRIS, serta kredit usaha rakyat (KUR) di Jawa Barat.")
    stock = [t.text for t in spacy.blank("id")(text)]
    ours = [t.text for t in spacy.blank("id_news")(text)]
    assert ours == stock
