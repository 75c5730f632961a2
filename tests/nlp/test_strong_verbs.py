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


def test_braking_credit_is_contra():
    assert labels("Bank memperketat syarat kredit baru bagi pedagang eceran.")[0] == "contra"
    assert labels("Bank mengerem penyaluran kredit usaha kecil sampai akhir tahun.")[0] == "contra"


def test_an_obligation_the_small_party_suffers_is_a_problem_not_a_call():
    assert labels("Pemasok kecil harus menunggu tiga bulan sebelum tagihannya dibayar.") == ("neutral", "negative")
    assert labels("Pabrik harus membayar pemasok kecil dalam dua minggu.")[0] == "pro"


def test_shrinking_and_reaching_follow_what_they_measure():
    assert labels("Tunggakan nasabah usaha mikro menyusut.")[1] == "positive"
    assert labels("Jumlah pemasok lokal di jaringan ritel itu menyusut.")[1] == "negative"
    assert labels("Penyaluran pembiayaan ultra mikro mencapai Rp 9 triliun.")[1] == "positive"
    assert labels("Tunggakan pinjaman daring warga mencapai Rp 40 miliar.")[1] == "negative"


def test_before_and_after_stories_are_progress():
    assert labels("Dulu kami menjual kopi ke tengkulak. Sekarang koperasi menjualnya langsung ke pabrik.")[1] == "positive"
