"""The claim layer's shared text helpers give what spaCy's own accessors give (they only avoid rebuilding it)."""
import re

import spacy

from monitor.nlp.doc_text import text_of, words_of
from monitor.nlp.quote_speakers import _sentence_start

TEXT = ("JAKARTA – Koperasi Tani Makmur menyalurkan pinjaman Rp 2,5 miliar.\n\n"
        "\"Anggota kami bertambah,\" kata Ketua Koperasi Dewi Lestari.  Ia menambahkan: penjualan naik.")


def test_text_and_words_match_spacy():
    doc = spacy.blank("id")(TEXT)
    assert text_of(doc) == doc.text == TEXT
    assert text_of(doc) is text_of(doc)  # built once
    assert words_of(doc) == [t.text for t in doc]


def test_text_follows_a_retokenized_doc():
    doc = spacy.blank("id")(TEXT)
    first = text_of(doc)
    with doc.retokenize() as r:
        r.merge(doc[2:5])
    assert text_of(doc) == doc.text == first
    assert words_of(doc) == [t.text for t in doc]


def test_sentence_start_agrees_with_the_prefix_regex():
    pattern = re.compile(r"(?:^|[.!?:\n–—\"“”]\s*)$")
    for pos in range(len(TEXT) + 1):
        assert _sentence_start(TEXT, pos) == bool(pattern.search(TEXT[:pos])), pos
