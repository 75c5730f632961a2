"""An organisation's full printed name: the business form before it, a local government before a
region, and the region after an office (company forms are always ORG, issue 15)."""
from tests.nlp.speech_helpers import linked


def test_business_form_before_the_name_joins_it():
    text = "Produk UKM Batik Sekar Arum kini dijual di 12 gerai ritel modern."
    assert ("UKM Batik Sekar Arum", "ORG") in linked(text, [("Batik Sekar Arum", "ORG")])


def test_cooperative_joins_its_name():
    text = "Koperasi Unit Desa Sido Makmur menyalurkan pupuk ke 800 petani."
    assert ("Koperasi Unit Desa Sido Makmur", "ORG") in linked(text, [("Unit Desa Sido Makmur", "ORG")])


def test_a_company_form_before_a_person_reading_makes_a_company():
    text = "Kopi petani dibeli CV Sinar Tani dengan harga kontrak."
    assert ("CV Sinar Tani", "ORG") in linked(text, [("Sinar Tani", "PER")])


def test_a_ministry_name_before_a_minister_does_not_join_the_minister():
    text = "Menteri Koperasi dan UKM Ratna Wulansari membuka pameran produk lokal."
    assert ("Ratna Wulansari", "PER") in linked(text, [("Ratna Wulansari", "PER")])


def test_local_government_before_a_region_is_an_organisation():
    text = "Pemprov Jawa Tengah menyiapkan Rp 50 miliar untuk subsidi bunga kredit."
    assert ("Pemprov Jawa Tengah", "ORG") in linked(text, [("Pemprov Jawa Tengah", "LOC")])


def test_an_office_takes_the_region_after_it():
    text = "Dinas Kesehatan Kota Kupang memeriksa 40 dapur katering rumahan."
    ents = linked(text, [("Dinas Kesehatan", "ORG"), ("Kota Kupang", "LOC")])
    assert ("Dinas Kesehatan Kota Kupang", "ORG") in ents


def test_a_place_after_an_organisation_without_region_word_stays_a_place():
    text = "Bank Jateng Semarang membuka layanan kredit mikro."
    ents = linked(text, [("Bank Jateng", "ORG"), ("Semarang", "LOC")])
    assert ("Bank Jateng", "ORG") in ents and ("Semarang", "LOC") in ents
