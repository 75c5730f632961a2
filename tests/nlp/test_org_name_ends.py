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
