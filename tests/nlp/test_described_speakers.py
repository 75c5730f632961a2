"""A speaker described in lower case after the cue ('"…," kata seorang pedagang', 'ujar pedagang Pasar
Johar, Sumiati', 'kata ketua majelis hakim Baslan Sitorus') is that speaker, never the previous one."""
from tests.nlp.speech_helpers import quotes, speaker_of

LEAD = "Kepala Dinas Koperasi Kota Semarang Rina Marlina meninjau Pasar Johar, Senin (3/6). "
ENTS = [("Dinas Koperasi Kota Semarang", "ORG"), ("Rina Marlina", "PER"), ("Pasar Johar", "LOC")]


def test_an_unnamed_description_after_the_cue_stays_unnamed():
    qs = quotes(LEAD + "\"Pembeli makin sepi sejak ada toko daring,\" kata seorang pedagang di pasar itu.", ENTS)
    assert speaker_of(qs, "Pembeli makin sepi") == "pedagang"


def test_a_bare_description_is_unnamed_and_its_pronoun_follows_it():
    qs = quotes(LEAD + "\"Pembeli makin sepi,\" kata pemilik warung kopi di Jalan Pemuda. "
                "\"Modal kami habis untuk sewa kios,\" ujarnya.", ENTS)
    assert speaker_of(qs, "Pembeli makin sepi") == "pemilik warung kopi"
    assert speaker_of(qs, "Modal kami habis") == "pemilik warung kopi"


def test_a_name_after_a_description_and_a_comma():
    qs = quotes(LEAD + "\"Pembeli makin sepi,\" ujar pedagang sayur di Pasar Johar, Sumiati, Senin (3/6).",
                ENTS + [("Sumiati", "LOC")])  # the model read the name as a place
    q = next(q for q in qs if "Pembeli makin sepi" in q.text)
    assert (q.speaker, q.speaker_role) == ("Sumiati", "pedagang sayur di Pasar Johar")


def test_a_lower_case_role_before_a_known_name():
    text = ("Sidang perkara kredit fiktif koperasi itu kembali ditunda. \"Jaksa belum siap dengan tuntutannya, jadi "
            "sidang kita tunda,\" kata ketua majelis hakim Baslan Sitorus.")
    q = quotes(text, [("Baslan Sitorus", "PER")])[0]
    assert (q.speaker, q.speaker_role) == ("Baslan Sitorus", "ketua majelis hakim")


def test_a_place_after_the_description_is_not_a_name():
    qs = quotes(LEAD + "\"Pembeli makin sepi,\" kata warga Semarang, Jawa Tengah.",
                ENTS + [("Semarang", "LOC"), ("Jawa Tengah", "LOC")])
    assert speaker_of(qs, "Pembeli makin sepi") == "warga"


def test_a_description_that_points_back_keeps_the_previous_speaker():
    text = ("Menteri Koperasi dan UKM Teten Masduki datang ke pasar. \"Kami siapkan KUR tanpa agunan,\" kata mantan "
            "aktivis itu.")
    assert speaker_of(quotes(text, [("Teten Masduki", "PER")]), "KUR tanpa agunan") == "Teten Masduki"


def test_an_adverbial_after_the_cue_is_not_a_description():
    qs = quotes(LEAD + "\"Kami butuh modal,\" kata dia di sela kunjungan. \"Bunga KUR harus turun,\" ujarnya "
                "kepada wartawan.", ENTS)
    assert speaker_of(qs, "Kami butuh modal") == "Rina Marlina"
    assert speaker_of(qs, "Bunga KUR harus turun") == "Rina Marlina"
