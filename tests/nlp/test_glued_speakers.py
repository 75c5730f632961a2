"""An organisation the NER ran on into its spokesman's name ("Ketua Umum Hipmi Jaya Rendra Kusuma mengatakan"
read as one ORG) is the organisation and the person, where the attribution read that speaker and an
organisation that fits what precedes the name; a speaker the attribution cut inside a name is left alone."""
from __future__ import annotations

from monitor.nlp.to_records import glued_speakers, speaker_persons
from monitor.types import Entity, Quote

TEXT = ("JAKARTA – Ketua Umum Hipmi Jaya Rendra Kusuma mengatakan, bunga kredit bagi pengusaha pemula masih tinggi. "
        "Hipmi Jaya Rendra Kusuma juga meminta bank memakai data transaksi digital.")


def _at(text, word, start=0):
    i = text.index(word, start)
    return (i, i + len(word))


def _all(text, word):
    return tuple(_at(text, word, k) for k in range(len(text)) if text.startswith(word, k))


def _quote(text, clause, speaker, org=None, role=None):
    i = text.index(clause)
    return Quote(clause, "indirect", i, i + len(clause), speaker=speaker, speaker_role=role, speaker_org=org,
                 cue="mengatakan")


def test_the_organisation_and_its_spokesman_come_apart_at_every_mention():
    ents = (Entity("JAKARTA", "LOC", (_at(TEXT, "JAKARTA"),)),
            Entity("Hipmi Jaya Rendra Kusuma", "ORG", _all(TEXT, "Hipmi Jaya Rendra Kusuma")))
    quote = _quote(TEXT, "bunga kredit", "Rendra Kusuma", "Hipmi Jaya", "Ketua Umum Hipmi Jaya")
    out = glued_speakers(TEXT, ents, [quote])
    org = next(e for e in out if e.label == "ORG")
    per = next(e for e in out if e.label == "PER")
    assert (org.text, org.mentions) == ("Hipmi Jaya", _all(TEXT, "Hipmi Jaya"))
    assert (per.text, per.mentions, per.role) == ("Rendra Kusuma", _all(TEXT, "Rendra Kusuma"), "Ketua Umum Hipmi Jaya")
    assert speaker_persons(TEXT, out, [_quote(TEXT, "bunga kredit", "Rendra Kusuma", "Hipmi Jaya")]) == ()


def test_the_organisation_joins_the_entity_it_already_has():
    ents = (Entity("Hipmi Jaya", "ORG", ((0, 0),)),
            Entity("Hipmi Jaya Rendra Kusuma", "ORG", _all(TEXT, "Hipmi Jaya Rendra Kusuma")))
    out = glued_speakers(TEXT, ents, [_quote(TEXT, "bunga kredit", "Rendra Kusuma", "Hipmi Jaya")])
    assert [e.text for e in out if e.label == "ORG"] == ["Hipmi Jaya"]
    assert next(e for e in out if e.label == "ORG").mentions == ((0, 0),) + _all(TEXT, "Hipmi Jaya")


def test_the_short_end_of_the_speakers_organisation_fits_too():
    text = "Direktur Pengawasan Lembaga Pendanaan OJK Sinta Maharani mengatakan, aduan pinjaman daring turun."
    ents = (Entity("OJK Sinta Maharani", "ORG", (_at(text, "OJK Sinta Maharani"),)),)
    out = glued_speakers(text, ents, [_quote(text, "aduan pinjaman", "Sinta Maharani", "Lembaga Pendanaan OJK")])
    assert {(e.text, e.label) for e in out} == {("OJK", "ORG"), ("Sinta Maharani", "PER")}


def test_a_speaker_cut_inside_the_organisations_name_leaves_it_whole():
    text = "Ketua Kelompok Tani Mekar Sari Wagiman mengatakan, pembeli gabah datang tiap pekan."
    ents = (Entity("Kelompok Tani Mekar Sari", "ORG", (_at(text, "Kelompok Tani Mekar Sari"),)),)
    assert glued_speakers(text, ents, [_quote(text, "pembeli gabah", "Mekar Sari", "Kelompok Tani")]) == ents
    text = "Ketua Kelompok Tani Sido Rukun Parjo Santosa mengatakan, pupuk datang terlambat."
    run = "Kelompok Tani Sido Rukun Parjo Santosa"
    ents = (Entity(run, "ORG", (_at(text, run),)),)
    assert glued_speakers(text, ents, [_quote(text, "pupuk datang", "Rukun Parjo Santosa", "Kelompok Tani")]) == ents


def test_an_organisation_that_speaks_is_no_person():
    text = "Kementerian Koperasi dan UKM Bank Mitra mengatakan, penyaluran naik."
    run = "Kementerian Koperasi dan UKM Bank Mitra"
    ents = (Entity(run, "ORG", (_at(text, run),)),)
    q = _quote(text, "penyaluran naik", "Bank Mitra", "Bank Mitra")
    assert glued_speakers(text, ents, [q]) == ents
