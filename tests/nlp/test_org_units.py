"""A unit printed before its organisation is part of the organisation's printed name (the annotation counts
the longest full form): "Fakultas Ekonomi dan Bisnis Universitas …", "Kantor Perwakilan Bank Indonesia …"."""
from tests.nlp.speech_helpers import linked


def test_faculty_and_representative_office_join_their_organisation():
    text = ("Dekan Fakultas Ekonomi dan Bisnis Universitas Mataram Sri Wulandari menilai kredit usaha rakyat belum "
            "menjangkau petani. Kantor Perwakilan Bank Indonesia Provinsi NTB mencatat transaksi QRIS naik.")
    ents = linked(text, [("Universitas Mataram", "ORG"), ("Sri Wulandari", "PER"),
                         ("Bank Indonesia Provinsi NTB", "ORG")])
    assert ("Fakultas Ekonomi dan Bisnis Universitas Mataram", "ORG") in ents
    assert ("Kantor Perwakilan Bank Indonesia Provinsi NTB", "ORG") in ents
    assert ("Sri Wulandari", "PER") in ents


def test_a_run_holding_another_entity_or_no_unit_word_is_left_alone():
    text = "Menurut Ketua Kadin Jawa Timur, Bank Jatim menyalurkan kredit lebih cepat."
    ents = linked(text, [("Kadin", "ORG"), ("Jawa Timur", "LOC"), ("Bank Jatim", "ORG")])
    assert ("Bank Jatim", "ORG") in ents and ("Kadin", "ORG") in ents
