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


# --- a capitalised run opened by an organisation word ---

def test_a_cooperative_the_model_read_as_a_place():
    text = "Susu segar dari Koperasi Peternak Sapi Perah Cibodas Jaya dijual ke pabrik keju."
    ents = linked(text, [("Cibodas Jaya", "LOC")])
    assert ("Koperasi Peternak Sapi Perah Cibodas Jaya", "ORG") in ents
    assert ("Cibodas Jaya", "LOC") not in ents


def test_an_office_with_dan_inside_its_name():
    text = "Data itu dihimpun Dinas Kelautan dan Perikanan Kabupaten Pacitan sejak Januari."
    assert ("Dinas Kelautan dan Perikanan Kabupaten Pacitan", "ORG") in linked(text, [])


def test_the_models_own_organisation_wins():
    text = "Menurut Bank Indonesia Jawa Timur, transaksi QRIS naik 40 persen."
    assert linked(text, [("Bank Indonesia", "ORG"), ("Jawa Timur", "LOC")]) == [
        ("Bank Indonesia", "ORG"), ("Jawa Timur", "LOC")]


def test_a_person_the_model_found_ends_the_run():
    text = "Ketua Koperasi Kopi Gayo Mulia Hasanah Putri mengatakan harga kopi naik."
    ents = linked(text, [("Hasanah Putri", "PER")])
    assert ("Koperasi Kopi Gayo Mulia", "ORG") in ents and ("Hasanah Putri", "PER") in ents


def test_a_name_the_model_missed_after_a_title_leaves_the_organisation():
    text = ("Koperasi Simpan Pinjam Tunas Mekar melayani 900 anggota. "
            "Ketua Koperasi Simpan Pinjam Tunas Mekar Darmanto menuturkan, kredit macet turun.")
    ents = linked(text, [("Koperasi Simpan Pinjam Tunas Mekar", "ORG")])
    assert ("Darmanto", "PER") in ents and ("Koperasi Simpan Pinjam Tunas Mekar", "ORG") in ents
    assert not any("Darmanto" in t and label == "ORG" for t, label in ents)


def test_a_ministers_portfolio_is_no_organisation():
    text = "Menteri Koperasi dan UKM Ratna Wulansari membuka pameran produk lokal."
    ents = linked(text, [("Ratna Wulansari", "PER")])
    assert ents == [("Ratna Wulansari", "PER")]
