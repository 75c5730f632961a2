"""An abbreviated honorific or rank ("Hj.", "Drs.", "AKP", "Kompol") opens a person's name and ends no
organisation: the model's organisation that runs into one stops before it, and one that starts with it is
the person it introduces."""
from tests.nlp.speech_helpers import linked


def test_an_organisation_ends_before_the_honorific_of_its_officer():
    text = ("Dosen Universitas Gadjah Mada Dr. Retno Wulansari mengatakan bunga pinjaman daring masih mencekik. "
            "Ketua Forum UMKM Kota Banjarmasin H. Syahrani Iberahim menyebut anggota forum butuh modal kerja.")
    ents = linked(text, [("Universitas Gadjah Mada Dr.", "ORG"), ("Retno Wulansari", "PER"),
                         ("Forum UMKM Kota Banjarmasin H.", "ORG"), ("Syahrani Iberahim", "PER")])
    assert ("Universitas Gadjah Mada", "ORG") in ents and ("Forum UMKM Kota Banjarmasin", "ORG") in ents
    assert not any(e.endswith(("Dr.", "H.")) for e, _ in ents)


def test_a_rank_and_a_name_the_model_read_as_an_organisation_is_the_person():
    text = ("Kasat Lantas Polres Buleleng, AKP Gusti Wiradarma, mengatakan antrean truk mengular sejak pagi. "
            "Petugas dibantu personel Polsek Gerokgak dan AKBP dari Polda Bali.")
    ents = linked(text, [("Polres Buleleng", "ORG"), ("AKP Gusti Wiradarma", "ORG"), ("Polsek Gerokgak", "ORG"),
                         ("AKBP", "ORG"), ("Polda Bali", "ORG")])
    assert ("Gusti Wiradarma", "PER") in ents
    assert not any(e.startswith(("AKP", "AKBP")) for e, _ in ents)
    assert ("Polres Buleleng", "ORG") in ents and ("Polda Bali", "ORG") in ents


def test_a_place_or_name_that_holds_a_rank_word_keeps_it():
    text = ("Truk tertahan di Jalan Kolonel Sugiono, Malang. Mahasiswa Universitas Bung Hatta ikut membantu "
            "pedagang di Bandara Sultan Hasanuddin.")
    ents = linked(text, [("Jalan Kolonel Sugiono", "LOC"), ("Malang", "LOC"), ("Universitas Bung Hatta", "ORG"),
                         ("Bandara Sultan Hasanuddin", "LOC")])
    assert ("Jalan Kolonel Sugiono", "LOC") in ents and ("Universitas Bung Hatta", "ORG") in ents


def test_a_degree_after_a_name_is_no_person():
    text = ("Direktur Reserse Kriminal Khusus Polda Maluku Kombes Pol Yohanis Latuny, S.I.K., mengatakan dua pelaku "
            "ditangkap. Bendahara koperasi, Asep Sunarya, S.E., menyebut kas koperasi aman.")
    ents = linked(text, [("Polda Maluku", "ORG"), ("Yohanis Latuny", "PER"), ("S.I.K.", "PER"),
                         ("Asep Sunarya", "PER"), ("S.E.", "PER")])
    assert [e for e, label in ents if label == "PER"] == ["Yohanis Latuny", "Asep Sunarya"]
