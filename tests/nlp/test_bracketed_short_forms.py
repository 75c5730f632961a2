"""Short forms printed in brackets after an organisation's full name: one with its region or parent word
("(Asipo Jateng)", "(KPw BI)") is one organisation whatever the NER made of its words, a lower-case one
("(Disperindag)") is an organisation too, a legal form is not; a name never closes a bracket it did not open;
and a short form a title run spells ("Kepala Otoritas Jasa Keuangan (OJK)") names the organisation, not the
title, when the article later lets the short form speak."""
from tests.nlp.speech_helpers import linked, quotes, speaker_of

ASSOCIATION = ("SEMARANG – Ketua Asosiasi Perajin Ikan Olahan Jawa Tengah (Asipo Jateng) Sulastri Wibowo mengatakan, "
               "pesanan bandeng presto dari hotel naik menjelang libur akhir tahun.")
OFFICE = ("MALANG – Kantor Perwakilan Bank Indonesia (KPw BI) Malang mencatat jumlah pedagang yang memakai QRIS di "
          "pasar tradisional bertambah 4.100 orang.")
DINAS = ("KUDUS – Kepala Dinas Perindustrian dan Perdagangan (Disperindag) Kabupaten Kudus Bambang Irawan menyebut "
         "ada 300 perajin bordir yang belum punya izin edar.")
HIPMI = ("JAKARTA – Himpunan Pengusaha Muda Indonesia (Hipmi) Jaya meminta bank memperluas kredit tanpa agunan "
         "bagi pengusaha pemula.")


def test_a_short_form_with_its_region_is_one_organisation():
    ents = linked(ASSOCIATION, [("SEMARANG", "LOC"), ("Asosiasi Perajin Ikan Olahan Jawa Tengah", "ORG"),
                                ("Asipo Jateng", "PER"), ("Sulastri Wibowo", "PER")])
    assert ("Asipo Jateng", "ORG") in ents
    assert ("Sulastri Wibowo", "PER") in ents
    ents = linked(OFFICE, [("MALANG", "LOC"), ("Kantor Perwakilan Bank Indonesia", "ORG"), ("BI", "ORG"),
                           ("Malang", "LOC")])
    assert ("KPw BI", "ORG") in ents and ("BI", "ORG") not in ents


def test_a_lower_case_short_form_is_an_organisation_and_a_legal_form_is_not():
    ents = linked(DINAS, [("KUDUS", "LOC"), ("Dinas Perindustrian dan Perdagangan", "ORG"), ("Kabupaten Kudus", "LOC"),
                          ("Bambang Irawan", "PER")])
    assert ("Disperindag", "ORG") in ents
    text = "Direktur PT Bank Perkreditan Rakyat Sleman Makmur (Perseroda) Wulan Sari mengatakan, kredit naik."
    ents = linked(text, [("PT Bank Perkreditan Rakyat Sleman Makmur", "ORG"), ("Perseroda", "ORG"),
                         ("Wulan Sari", "PER")])
    assert ("Perseroda", "ORG") not in ents


def test_a_name_never_closes_a_bracket_it_did_not_open():
    ents = linked(HIPMI, [("JAKARTA", "LOC"), ("Himpunan Pengusaha Muda Indonesia", "ORG"), ("Hipmi) Jaya", "ORG")])
    assert not any(")" in text for text, _ in ents)
    assert ("Hipmi", "ORG") in ents


def test_the_short_form_speaks_for_the_organisation_not_the_title():
    text = ("JEMBER – Kepala Otoritas Jasa Keuangan (OJK) Jember Sinta Dewi mengatakan, penyaluran kredit ke petani "
            "tembakau naik. Menurut OJK, sebagian debitur masih menunggak cicilan karena panen gagal.")
    ents = [("Otoritas Jasa Keuangan", "ORG"), ("OJK", "ORG"), ("Sinta Dewi", "PER")]
    assert speaker_of(quotes(text, ents), "sebagian debitur masih menunggak") == "Otoritas Jasa Keuangan"
    text = ("PALU – Ketua Kamar Dagang dan Industri (Kadin) Sulawesi Tengah Herman Lamba mengatakan, pabrik nikel "
            "baru membeli sedikit dari pemasok lokal. Menurut Kadin, kontrak pengadaan masih dikuasai pemasok "
            "dari Jawa.")
    ents = [("Kamar Dagang dan Industri", "ORG"), ("Kadin", "ORG"), ("Sulawesi Tengah", "LOC"), ("Herman Lamba", "PER")]
    assert speaker_of(quotes(text, ents), "kontrak pengadaan masih dikuasai") == "Kamar Dagang dan Industri"


def test_a_name_with_its_short_form_and_place_inside_comes_apart():
    text = ("MALANG – Otoritas Jasa Keuangan (OJK) Malang mencatat kredit UMKM naik. Kepala Pusat Kajian Ekonomi "
            "Kerakyatan (Puskerak) Jember Rudi Hartono menilai bunga masih tinggi.")
    ents = linked(text, [("MALANG", "LOC"), ("Otoritas Jasa Keuangan (OJK) Malang", "ORG"),
                         ("Pusat Kajian Ekonomi Kerakyatan (Puskerak) Jember", "ORG"), ("Rudi Hartono", "PER")])
    assert ents == [("MALANG", "LOC"), ("Otoritas Jasa Keuangan", "ORG"), ("OJK", "ORG"), ("Malang", "LOC"),
                    ("Pusat Kajian Ekonomi Kerakyatan", "ORG"), ("Puskerak", "ORG"), ("Jember", "LOC"),
                    ("Rudi Hartono", "PER")]
    text = "PT Pupuk Andalan Nusantara (Persero) Palembang menambah kios."
    assert ("PT Pupuk Andalan Nusantara (Persero) Palembang", "ORG") in linked(
        text, [("PT Pupuk Andalan Nusantara (Persero) Palembang", "ORG")])


def test_a_name_never_opens_a_bracket_it_does_not_close():
    text = "Ekonom Institute for Development of Economics and Finance (Indef Tauhid Ramli menilai bunga tinggi."
    ents = linked(text, [("Institute for Development of Economics and Finance (Indef", "ORG"), ("Tauhid Ramli", "PER")])
    assert ("Institute for Development of Economics and Finance", "ORG") in ents
    assert not any("(" in e for e, _ in ents)


def test_a_name_the_ner_missed_is_found_by_the_short_form_that_spells_it():
    text = ("Jakarta (ANTARA) - Pusat Pembiayaan Usaha Rakyat (PPUR) melaporkan penyaluran naik. Ketua Dewan "
            "Kerajinan Nasional Daerah (Dekranasda) Kabupaten Sikka Maria Goreti membuka pameran tenun. Menurut "
            "Asian Inclusion Bank (AIB), kredit mikro di kawasan tumbuh.")
    ents = linked(text, [("Jakarta", "LOC"), ("ANTARA", "ORG"), ("Kabupaten Sikka", "LOC"), ("Maria Goreti", "PER")])
    for name, short in (("Pusat Pembiayaan Usaha Rakyat", "PPUR"), ("Dewan Kerajinan Nasional Daerah", "Dekranasda"),
                        ("Asian Inclusion Bank", "AIB")):
        assert (name, "ORG") in ents and (short, "ORG") in ents
    assert not any(e.startswith("Ketua") for e, _ in ents)


def test_a_programme_or_a_meeting_spelled_in_brackets_is_no_organisation():
    text = ("Penyaluran Kredit Usaha Rakyat (KUR) naik, kata bank. Hasil Rapat Dewan Gubernur (RDG) bulan ini "
            "menahan suku bunga.")
    ents = linked(text, [])
    assert not any(label == "ORG" for _, label in ents)
    text = "Antrean di Stasiun Pengisian Bahan Bakar Umum (SPBU) mengular sejak pagi."
    assert not any(label == "ORG" for _, label in linked(text, []))
