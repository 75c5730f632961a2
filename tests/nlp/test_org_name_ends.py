"""An organisation's own name that looks like a person's ("Koperasi Kopi Gayo Lestari") stays in the
organisation where no title comes before it and the article never calls anyone by that name; printed
again with a title and a person ("Ketua Koperasi … Lestari Teuku …"), the person starts after it."""
from tests.nlp.speech_helpers import linked, quotes, speaker_of

TEXT = ("BENER MERIAH — Koperasi Petani Kopi Tunas Lestari di Kecamatan Bukit menandatangani kontrak ekspor.\n\n"
        "Ketua Koperasi Petani Kopi Tunas Lestari Teuku Farhan Maulana mengatakan, harga kontrak lebih tinggi dari "
        "harga pengepul. \"Petani tidak lagi dipermainkan,\" ujarnya. Menurut Farhan, anggota koperasi 900 orang.")


def test_name_like_words_end_the_organisation():
    ents = linked(TEXT, [("BENER MERIAH", "LOC"), ("Tunas Lestari", "PER"), ("Kecamatan Bukit", "LOC"),
                         ("Tunas Lestari", "PER"), ("Teuku Farhan Maulana", "PER"), ("Farhan", "PER")])
    assert ("Koperasi Petani Kopi Tunas Lestari", "ORG") in ents
    assert ("Tunas Lestari", "PER") not in ents
    assert ("Teuku Farhan Maulana", "PER") in ents


def test_speaker_after_the_full_organisation():
    ents = [("Koperasi Petani Kopi Tunas Lestari", "ORG"), ("Teuku Farhan Maulana", "PER")]
    qs = quotes(TEXT, ents)
    assert speaker_of(qs, "harga kontrak lebih tinggi") == "Teuku Farhan Maulana"
    assert speaker_of(qs, "tidak lagi dipermainkan") == "Teuku Farhan Maulana"


def test_a_role_with_its_field_before_the_organisation_leaves_the_person():
    """"Pengamat ekonomi | Universitas …": the role is a few words back, not right before the organisation."""
    text = ("DENPASAR — Harga sewa kios di pasar tradisional naik. Pengamat ekonomi Universitas Udayana "
            "Made Wirawan menilai kenaikan itu memberatkan pedagang kecil.")
    ents = linked(text, [("DENPASAR", "LOC"), ("Universitas Udayana", "ORG"), ("Made Wirawan", "PER")])
    assert ("Made Wirawan", "PER") in ents and ("Universitas Udayana", "ORG") in ents



def test_a_run_printed_before_its_chair_keeps_its_name_like_words():
    """The run is printed once more right before ", <person>": every word of it is the organisation's, even
    where a word of it is also printed alone ("kopi arabika Bukit")."""
    text = ("TAKENGON — Kemitraan petani kopi arabika Bukit dan eksportir belum merata. Koperasi Petani Kopi "
            "Bukit Lestari mencatat, baru separuh anggotanya punya kontrak. Ketua Koperasi Petani Kopi Bukit "
            "Lestari, Ridwan Hasibuan, mengatakan harga masih ditentukan pengepul.")
    ents = linked(text, [("TAKENGON", "LOC"), ("Koperasi Petani Kopi", "ORG"), ("Bukit Lestari", "PER"),
                         ("Koperasi Petani Kopi", "ORG"), ("Bukit Lestari", "PER"), ("Ridwan Hasibuan", "PER")])
    assert ("Koperasi Petani Kopi Bukit Lestari", "ORG") in ents
    assert ("Bukit Lestari", "PER") not in ents and ("Ridwan Hasibuan", "PER") in ents
