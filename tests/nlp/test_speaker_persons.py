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


def test_a_person_known_by_part_of_the_name_takes_the_speakers_full_name():
    from monitor.nlp.to_records import grown_names

    text = ("Kepala OJK Jember Sinrang Paturusi mengatakan aduan pinjol naik. \"Jangan tergiur,\" kata Sinrang.")
    ents = (Entity("OJK", "ORG", (_at(text, "OJK"),)),
            Entity("Sinrang", "PER", (_at(text, "Sinrang", text.index("kata")),)))
    i = text.index("aduan")
    q = Quote("aduan pinjol naik", "indirect", i, i + 17, speaker="Sinrang Paturusi", speaker_role="Kepala OJK Jember",
              speaker_org="OJK Jember", cue="mengatakan")
    grown = grown_names(text, ents, [q])
    per = next(e for e in grown if e.label == "PER")
    assert per.text == "Sinrang Paturusi"
    assert per.mentions == (_at(text, "Sinrang Paturusi"), _at(text, "Sinrang", text.index("kata")))
    assert speaker_persons(text, grown, [q]) == ()  # no second entity for the same person


def test_a_name_across_another_entity_does_not_grow():
    from monitor.nlp.to_records import grown_names

    text = "Ketua Koperasi Sinar Harapan Budi mengatakan kredit macet. Menurut Budi, anggotanya 300 orang."
    ents = (Entity("Koperasi Sinar Harapan Budi", "ORG", (_at(text, "Koperasi Sinar Harapan Budi"),)),
            Entity("Budi", "PER", (_at(text, "Budi", text.index("Menurut")),)))
    i = text.index("kredit")
    q = Quote("kredit macet", "indirect", i, i + 12, speaker="Harapan Budi", cue="mengatakan")
    assert grown_names(text, ents, [q]) == ents


def test_a_common_word_the_attribution_kept_does_not_grow_the_name():
    from monitor.nlp.to_records import grown_names

    text = "Kakak Raka Pradipta mengatakan adiknya membuka usaha kopi. Raka Pradipta membantu modalnya."
    ents = (Entity("Raka Pradipta", "PER", (_at(text, "Raka Pradipta"), _at(text, "Raka Pradipta", 30))),)
    i = text.index("adiknya")
    q = Quote("adiknya membuka usaha kopi", "indirect", i, i + 26, speaker="Kakak Raka Pradipta", cue="mengatakan")
    assert grown_names(text, ents, [q]) == ents


def test_eksekutif_is_part_of_the_title_not_the_name():
    from monitor.nlp.quote_speakers import parse_speaker

    sp = parse_speaker("Direktur Eksekutif Wening Sasmita")
    assert (sp.name, sp.role) == ("Wening Sasmita", "Direktur Eksekutif")


def test_a_ministers_portfolio_or_title_never_joins_the_name():
    from monitor.nlp.to_records import grown_names

    text = "Menko Polhukam Darmawan Siregar mengatakan aturan ojek daring dikaji. Menag Fauzi Rahman Lubis hadir."
    ents = (Entity("Darmawan Siregar", "PER", (_at(text, "Darmawan Siregar"),)),
            Entity("Fauzi Rahman Lubis", "PER", (_at(text, "Fauzi Rahman Lubis"),)))
    quotes = [Quote("aturan ojek daring dikaji", "indirect", 45, 70, speaker="Polhukam Darmawan Siregar", cue="mengatakan"),
              Quote("hadir", "indirect", 100, 105, speaker="Menag Fauzi Rahman Lubis", cue="mengatakan")]
    assert grown_names(text, ents, quotes) == ents
