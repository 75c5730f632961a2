"""Sasak names open with "Lalu" (men) or "Baiq" (women): part of the name after an office, though "lalu"
is also an everyday word ("Lalu, ia …")."""
from tests.nlp.speech_helpers import linked

TEXT = ("MATARAM — Kepala Dinas Koperasi dan UKM NTB Lalu Ahmad Fauzan mengatakan penyaluran KUR di Lombok naik. "
        "Lalu, koperasi diminta memperbaiki pembukuan, kata Fauzan.")


def test_lalu_after_an_office_opens_the_name():
    ents = linked(TEXT, [("MATARAM", "LOC"), ("Dinas Koperasi dan UKM NTB Lalu", "ORG"), ("Ahmad Fauzan", "PER"),
                         ("Lombok", "LOC"), ("Fauzan", "PER")])
    assert ("Lalu Ahmad Fauzan", "PER") in ents and ("Dinas Koperasi dan UKM NTB", "ORG") in ents


def test_lalu_the_word_is_not_a_name():
    ents = linked(TEXT, [("MATARAM", "LOC"), ("Dinas Koperasi dan UKM NTB", "ORG"), ("Lalu Ahmad Fauzan", "PER"),
                         ("Lombok", "LOC"), ("Fauzan", "PER")])
    assert not any(text.startswith("Lalu,") or text == "Lalu" for text, _ in ents)


def test_lalu_that_another_entity_took_goes_back_to_the_person():
    text = "Gubernur NTB Lalu Hasan Basri berharap bank daerah memperluas kredit bagi nelayan di Lombok Timur."
    ents = linked(text, [("NTB Lalu", "ORG"), ("Hasan Basri", "PER"), ("Lombok Timur", "LOC")])
    assert ("Lalu Hasan Basri", "PER") in ents and ("NTB Lalu", "ORG") not in ents
