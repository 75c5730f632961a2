"""Negation and contrast: "bukan", "belum", "tidak" flip a cue; "namun/tetapi/meski" split clauses."""
from monitor.nlp.stance import StanceClassifier, decide
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_topics import load_topics


def labels(text):
    d = decide(read(text))
    return d.stance, d.assessment


def test_negated_growth_is_negative():
    assert labels("Penyaluran kredit usaha mikro di desa itu tidak meningkat sepanjang tahun ini.")[1] == "negative"


def test_belum_marks_a_lagging_state():
    assert labels("Akses pembiayaan bagi perajin kecil belum merata.")[1] == "negative"


def test_negated_support_is_contra():
    assert labels("Asosiasi itu tidak mendukung kewajiban kemitraan bagi pengusaha ritel.")[0] == "contra"


def test_contrast_keeps_each_clause_its_own_cue():
    cues = read("Jumlah agen laku pandai bertambah, namun transaksinya belum optimal.").cues
    kinds = {c.text: c.kind for c in cues}
    assert kinds.get("bertambah") == "positive"
    assert any(k == "negative" for t, k in kinds.items() if t.startswith("belum"))


def test_bukan_sekadar_is_not_a_negation():
    # "bukan sekadar angka, tetapi membuka pintu": the growth claim stands
    text = "Ini bukan sekadar angka penyaluran, tetapi bukti kredit usaha rakyat berhasil menjangkau warung kecil."
    assert labels(text)[1] == "positive"


def test_headline_weighs_more_than_one_sentence():
    topics = load_topics()
    text = ("Pemerintah kabupaten menyalurkan kredit usaha rakyat kepada 900 pedagang pasar. "
            "Penyaluran kredit usaha rakyat itu berjalan lancar di tiga kecamatan.")
    plain = StanceClassifier(topics)(text)
    headed = StanceClassifier(topics)(text, title="Kredit Usaha Rakyat Belum Menjangkau Pedagang Kecil di Pelosok")
    fi = lambda r: next(t for t in r.article if t.topic == "financial_inclusion")  # noqa: E731
    assert fi(plain).assessment == "positive"
    assert fi(headed).assessment != "positive"


def test_denying_the_thing_is_the_goal_is_contra():
    assert labels("Kami hanya disuruh memasok dengan harga pabrik. Ini bukan kemitraan, ini pemerasan.") == ("contra", "negative")
    # "bukan" naming an alternative, not denying the thing: no position
    assert labels("Syarat pinjaman ini adalah rekening aktif, bukan kemitraan dengan pabrik besar.")[0] != "contra"
    assert labels("Itu bukan inklusi keuangan, itu beban baru bagi nelayan.") == ("contra", "negative")


def test_no_longer_a_hardship_is_progress():
    assert labels("Sejak ada agen bank di desa, petani tidak perlu lagi meminjam ke tengkulak.")[1] == "positive"
    assert labels("Pedagang tidak takut lagi membawa uang tunai pulang.")[1] == "positive"
    assert labels("Pedagang takut membawa uang tunai pulang.")[1] != "positive"


def test_refusing_to_extend_or_raise_is_contra():
    assert labels("Kelompok tani itu tidak akan memperpanjang kontrak dengan perusahaan inti.")[0] == "contra"
    assert labels("Kelompok tani itu akan memperpanjang kontrak dengan perusahaan inti.")[0] != "contra"


def test_prohibitions_are_calls():
    assert labels("Bunga pinjaman koperasi tidak boleh melampaui bunga kredit usaha rakyat.")[0] == "pro"
    assert labels("Perusahaan besar jangan hanya membeli dari pemasok lama.")[0] == "pro"
