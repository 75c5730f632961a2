"""The headline and the lead paragraph weigh more in an article's label than later sentences."""
from monitor.nlp.stance import StanceClassifier, _headline_case, decide
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_topics import load_topics

LOW = "Penyaluran kredit usaha mikro di kabupaten itu masih rendah."
UP = "Kredit usaha mikro untuk pedagang pasar di kabupaten itu bertambah."


def fi(text, title=""):
    result = StanceClassifier(load_topics())(text, title=title)
    return next(t for t in result.article if t.topic == "financial_inclusion")


def test_the_lead_paragraph_outweighs_a_later_one():
    assert fi(f"{LOW}\n\n{UP}").assessment == "negative"
    assert fi(f"{UP}\n\n{LOW}").assessment == "positive"


def test_headline_root_verbs_are_read_like_their_prefixed_forms():
    # headlines drop the prefix: "Tolak" for "menolak", "Ingatkan" for "mengingatkan"
    assert decide(read(_headline_case("Peternak Tolak Kontrak Kemitraan dengan Pabrik Susu"))).stance == "contra"
    assert decide(read(_headline_case("Ekonom Ingatkan Risiko Kredit UMKM Tanpa Seleksi"))).stance == "contra"
    assert decide(read(_headline_case("Belanja BUMN ke UMKM Tembus Rp 50 Triliun"))).assessment == "positive"


def test_a_contra_headline_lets_its_cues_carry_the_article():
    text = ("Koperasi peternak di Lembang menilai kontrak itu membuat anggotanya terikat. "
            "Kemitraan dengan pabrik pengolahan susu sudah berjalan empat tahun.\n\n"
            "Kemitraan itu melibatkan 1.200 peternak.")
    title = "Peternak Tolak Perpanjangan Kemitraan dengan Pabrik Susu"
    pu = lambda r: next(t for t in r.article if t.topic == "umkm_partnership")  # noqa: E731
    assert pu(StanceClassifier(load_topics())(text, title=title)).stance == "contra"
    assert pu(StanceClassifier(load_topics())(text)).stance != "contra"
