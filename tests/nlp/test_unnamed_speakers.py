"""An unnamed speaker ("seorang pedagang") stays unnamed and never takes the previous speaker."""
from tests.nlp.speech_helpers import quotes, speaker_of

TEXT = ("Kepala Dinas Koperasi Kota Padang Yulia Rahmi mengatakan, 1.200 pedagang sudah menerima pinjaman "
        "tanpa bunga. \"Syaratnya cukup KTP dan surat keterangan usaha,\" kata Yulia.\n\n"
        "Seorang penjual rendang di Pasar Raya mengaku belum tahu ada program itu. "
        "\"Saya baru dengar sekarang,\" ujarnya.\n\n"
        "Salah satu pedagang kain, Marlina, menilai syarat pinjaman itu mudah dipenuhi.")


def test_unnamed_speaker_keeps_their_own_quotes():
    qs = quotes(TEXT)
    assert speaker_of(qs, "belum tahu ada program itu") == "penjual rendang"
    assert speaker_of(qs, "Saya baru dengar sekarang") == "penjual rendang"


def test_named_speakers_around_it_are_unchanged():
    qs = quotes(TEXT)
    assert speaker_of(qs, "1.200 pedagang") == "Yulia Rahmi"
    assert speaker_of(qs, "Syaratnya cukup KTP") == "Yulia Rahmi"
    assert speaker_of(qs, "mudah dipenuhi") == "Marlina"


def test_a_named_person_with_an_age_takes_over_from_an_unnamed_speaker():
    text = ("Seorang penjual jamu mengaku lebih suka uang tunai. \"Pembeli saya orang tua semua,\" ujarnya.\n\n"
            "Berbeda dengan Sukarni (49), pedagang sayur asal Wates. Ia mengatakan, pembeli dari kota sering "
            "membayar dengan ponsel. \"Tanpa QRIS saya rugi,\" kata dia.")
    qs = quotes(text, [("Sukarni", "PER"), ("Wates", "LOC")])
    assert speaker_of(qs, "Pembeli saya orang tua") == "penjual jamu"
    assert speaker_of(qs, "membayar dengan ponsel") == "Sukarni"
    assert speaker_of(qs, "Tanpa QRIS saya rugi") == "Sukarni"


def test_an_adverb_before_the_verb_is_not_part_of_the_unnamed_speaker():
    text = ("Sejumlah pihak memang menilai program kemitraan itu belum menyentuh petani kecil.\n\n"
            "Seorang pedagang sayur di Pasar Kliwon masih mengeluhkan omzet yang turun 30 persen.")
    qs = quotes(text)
    assert speaker_of(qs, "belum menyentuh petani kecil") == "pihak"
    assert speaker_of(qs, "omzet yang turun") == "pedagang sayur"
