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


def test_text_is_rebuilt_exactly_from_the_token_arrays_and_remembered_from_the_input():
    from monitor.nlp.doc_text import remember_text

    nlp = spacy.blank("id")
    for text in ("", "  dua spasi di depan", "akhir dengan spasi  ", "baris\n\n\tbaru “kutip”  dan\u00a0nbsp", TEXT):
        assert text_of(nlp.make_doc(text)) == text
    doc = nlp.make_doc(TEXT)
    remember_text(doc, TEXT)
    assert text_of(doc) is text_of(doc) and text_of(doc) == doc.text


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


def test_entity_linker_token_lists_match_spacy_tokens():
    import monitor.nlp.language  # noqa: F401  (registers id_news)
    from monitor.nlp.entities import _Tokens

    text = ("BANDUNG – Wakil Ketua DPRD Jabar H. Asep Sudrajat (ASP) menilai “harga gabah” turun 3,5 %.\n\n"
            "  Ia berkata: KOPERASI Sejahtera, UD Maju & PT Sinar Abadi Tbk siap.")
    for nlp in (spacy.blank("id"), spacy.blank("id_news")):
        doc = nlp(text)
        t = _Tokens(doc)
        assert t.text == doc.text
        assert t.words == [x.text for x in doc] and t.lower == [x.lower_ for x in doc]
        assert t.idx == [x.idx for x in doc]
        assert [bool(v) for v in t.punct] == [x.is_punct for x in doc]
        assert [bool(v) for v in t.quote] == [x.is_quote for x in doc]
        # the str methods the linker uses in place of the lexical flags
        assert [w.isspace() for w in t.words] == [x.is_space for x in doc]
        assert [w.isupper() for w in t.words] == [x.is_upper for x in doc]
        assert [w.istitle() for w in t.words] == [x.is_title for x in doc]
        assert any(x.is_space for x in doc) and any(x.is_quote for x in doc)  # the text exercises them
        assert t.span_text(doc[3:7]) == doc[3:7].text
    assert _Tokens(spacy.blank("id")("")).words == []
