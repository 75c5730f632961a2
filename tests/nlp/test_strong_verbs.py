"""Strong verbs (melonjak, anjlok, mencekik, menekan, macet) read by what they act on."""
from monitor.nlp.stance import decide
from monitor.nlp.stance_lexicon import read


def labels(text):
    d = decide(read(text))
    return d.stance, d.assessment


def test_melonjak_is_good_news_for_payments():
    assert labels("Transaksi pembayaran digital di pasar tradisional melonjak dua kali lipat.")[1] == "positive"


def test_anjlok_is_bad_news():
    assert labels("Penyaluran pembiayaan ke petani tembakau anjlok tahun ini.")[1] == "negative"


def test_mencekik_pedagang_is_contra():
    assert labels("Bunga pinjaman harian itu mencekik pedagang sayur.") == ("contra", "negative")


def test_menekan_the_small_party_is_contra_but_menekan_costs_is_good():
    assert labels("Syarat pembayaran mundur 90 hari itu menekan pemasok kecil.") == ("contra", "negative")
    assert labels("Aplikasi koperasi itu menekan biaya penyaluran pinjaman.")[1] == "positive"


def test_rising_bad_things_are_bad_and_falling_ones_good():
    assert labels("Kredit macet usaha mikro naik tajam.")[1] == "negative"
    assert labels("Kredit macet usaha mikro turun tajam.")[1] == "positive"
    assert labels("Biaya pupuk yang melonjak menekan pendapatan petani plasma.")[1] == "negative"
