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
