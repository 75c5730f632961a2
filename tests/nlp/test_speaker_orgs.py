"""Organisations the attribution read from a speaker's title become ORG entities where the NER left them out."""
from __future__ import annotations

from monitor.nlp.to_records import speaker_orgs
from monitor.types import Entity, Quote

TEXT = ("PALEMBANG — Kepala Dinas Koperasi dan UKM Provinsi Sumatera Selatan Rahmat Hidayat mengatakan, penyaluran "
        "KUR naik. Menurut Rahmat, Dinas Koperasi dan UKM Provinsi Sumatera Selatan mendampingi 300 koperasi.")
ORG = "Dinas Koperasi dan UKM Provinsi Sumatera Selatan"


def _quote(org, speaker="Rahmat Hidayat"):
    return Quote("penyaluran KUR naik", "indirect", 100, 119, speaker=speaker, speaker_role="Kepala " + (org or ""),
                 speaker_org=org, cue="mengatakan")


def _at(text, word):
    i = text.index(word)
    return (i, i + len(word))


def test_the_speakers_organisation_is_an_entity_at_every_mention():
    ents = (Entity("PALEMBANG", "LOC", (_at(TEXT, "PALEMBANG"),)),
            Entity("Rahmat Hidayat", "PER", (_at(TEXT, "Rahmat Hidayat"),)))
    [org] = speaker_orgs(TEXT, ents, [_quote(ORG)])
    assert (org.text, org.label) == (ORG, "ORG") and len(org.mentions) == 2
    assert all(TEXT[s:e] == ORG for s, e in org.mentions)


def test_what_the_ner_already_covers_is_left_alone():
    inner = _at(TEXT, "Sumatera Selatan")
    ents = (Entity("Sumatera Selatan", "LOC", (inner,)),)
    assert speaker_orgs(TEXT, ents, [_quote(ORG)]) == ()  # overlaps an entity: the NER's reading stands
    assert speaker_orgs(TEXT, (Entity(ORG, "ORG", (_at(TEXT, ORG),)),), [_quote(ORG)]) == ()  # already there
    assert speaker_orgs(TEXT, (), [_quote("Dinas")]) == ()  # one word: too weak
    assert speaker_orgs(TEXT, (), [_quote("Dinas Pertanian Kota Bogor")]) == ()  # not printed
    assert speaker_orgs(TEXT, (), [_quote(None)]) == ()



def test_a_described_organisation_is_no_entity_and_names_stop_at_word_ends():
    text = ("Dinas itu menyebut 40 koperasi belum melapor. Kepala dinas tersebut, Rahmat Hidayat, mengatakan "
            "pendampingan dimulai Januari. Koperasi Tani Sumberjaya tumbuh, kata Koperasi Tani Sumber.")
    assert speaker_orgs(text, (), [_quote("dinas tersebut")]) == ()
    [org] = speaker_orgs(text, (), [_quote("Koperasi Tani Sumber")])
    at = text.rindex("Koperasi Tani Sumber")
    assert org.mentions == ((at, at + len("Koperasi Tani Sumber")),)  # not inside "Koperasi Tani Sumberjaya"
