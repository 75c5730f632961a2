"""Persons the attribution named but the NER left out become PER entities: a quote's named speaker is a person
of the article (ANNOTATION.md lists every named person), while unnamed speakers, organisations that speak and
names an entity already covers are left as they are."""
from __future__ import annotations

from monitor.nlp.to_records import speaker_persons
from monitor.types import Entity, Quote

TEXT = ("GARUT - Kepala Desa Sukamurni Ujang Sopandi mengaku 60 warganya kini punya rekening. Menurut Ujang Sopandi, "
        "agen bank datang tiap Selasa.\n\nSeorang pedagang sayur mengatakan transaksi nontunai makin sering. "
        "Bank Priangan Sejahtera mencatat 1.200 rekening baru.")


def _at(text, word, start=0):
    i = text.index(word, start)
    return (i, i + len(word))


def _quote(speaker, role=None, org=None, text="60 warganya kini punya rekening"):
    i = TEXT.index(text)
    return Quote(text, "indirect", i, i + len(text), speaker=speaker, speaker_role=role, speaker_org=org, cue="mengaku")


def test_a_named_speaker_the_ner_missed_is_a_person_at_every_mention():
    ents = (Entity("GARUT", "LOC", (_at(TEXT, "GARUT"),)),)
    [per] = speaker_persons(TEXT, ents, [_quote("Ujang Sopandi", "Kepala Desa Sukamurni")])
    assert (per.text, per.label, per.role) == ("Ujang Sopandi", "PER", "Kepala Desa Sukamurni")
    assert per.mentions == (_at(TEXT, "Ujang Sopandi"), _at(TEXT, "Ujang Sopandi", TEXT.index("Menurut")))


def test_unnamed_speakers_and_speaking_organisations_are_no_persons():
    quotes = [_quote("pedagang sayur", text="transaksi nontunai makin sering"),
              _quote("Bank Priangan Sejahtera", org="Bank Priangan Sejahtera", text="1.200 rekening baru")]
    assert speaker_persons(TEXT, (), quotes) == ()


def test_a_name_an_entity_already_covers_stays_as_the_ner_read_it():
    ents = (Entity("Ujang Sopandi Wiradinata", "PER", (_at(TEXT, "Ujang Sopandi"),)),)
    assert speaker_persons(TEXT, ents, [_quote("Ujang")]) == ()
    assert speaker_persons(TEXT, (Entity("Ujang Sopandi", "PER", (_at(TEXT, "Ujang Sopandi"),)),),
                           [_quote("Ujang Sopandi")]) == ()


def test_a_lone_common_word_or_an_unprinted_name_is_no_person():
    assert speaker_persons(TEXT, (), [_quote("Agen")]) == ()
    assert speaker_persons(TEXT, (), [_quote("Asep Sunandar")]) == ()  # not printed in this text


def test_the_pipeline_adds_the_speaker_it_attributed(nlp):
    from monitor.nlp.pipeline import analyse_texts

    [a] = analyse_texts(nlp, [TEXT])
    speakers = {q.speaker for q in a.quotes}
    assert "Ujang Sopandi" in speakers
    assert any(e.text == "Ujang Sopandi" and e.label == "PER" for e in a.entities)
