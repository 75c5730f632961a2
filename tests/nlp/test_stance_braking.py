"""Third stance pass (issue 15, devset4): calls to brake or withdraw support, rejections of a measure,
harm to the small party, missed expectations and slowing growth, relief ("tidak perlu lagi"), and the
stance-only re-run on stored annotate output. Sentences written for the project."""
import json

from monitor.nlp.stance import StanceClassifier, decide
from monitor.nlp.stance_eval import restance
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_topics import load_topics


def labels(text):
    d = decide(read(text))
    return d.stance, d.assessment


# calls to hold the goal back, passive and obligation forms
def test_call_for_a_passive_brake_is_contra():
    assert labels("Pengamat minta ekspansi paylater direm.")[0] == "contra"
    assert labels("Skema cicilan tanpa agunan itu diminta dihentikan sementara.")[0] == "contra"


def test_obligation_to_brake_is_contra_not_a_push():
    assert labels("Pertumbuhan pinjaman daring di desa harus direm.")[0] == "contra"
    assert labels("Kuota kredit untuk pedagang musiman perlu dibatasi.")[0] == "contra"


def test_withdrawn_support_instrument_is_contra():
    assert labels("Subsidi bunga itu sebaiknya dialihkan ke pelatihan usaha.")[0] == "contra"


def test_asking_not_to_add_support_is_contra():
    assert labels("Ekonom itu meminta pemerintah tidak menambah kuota kredit usaha rakyat tahun depan.")[0] == "contra"
    assert labels("Plafon kredit usaha rakyat tak perlu ditambah lagi.")[0] == "contra"


def test_refusing_to_sign_is_contra():
    assert labels("Para perajin tidak akan menandatangani perjanjian kemitraan baru itu.")[0] == "contra"


def test_unwise_measure_is_contra():
    assert labels("Memperbesar subsidi bukan pilihan yang bijak ketika anggaran sedang seret.")[0] == "contra"


# harm to the small party
def test_benefiting_the_big_partner_is_contra():
    assert labels("Skema bagi hasil itu lebih menguntungkan perusahaan daripada petani.") == ("contra", "negative")


def test_weakening_bargaining_power_is_contra():
    assert labels("Kontrak eksklusif melemahkan posisi tawar peternak kecil.") == ("contra", "negative")


# missed expectations, thin margins, slowing growth, small shares
def test_far_from_expectations_is_a_problem_not_a_call():
    assert labels("Serapan kredit mikro di kabupaten itu masih jauh dari harapan.") == ("neutral", "negative")


def test_caution_is_not_a_push():
    assert labels("Lonjakan pinjaman konsumtif di kalangan buruh perlu dicermati.")[0] == "neutral"
    assert labels("Lonjakan pinjaman konsumtif di kalangan buruh perlu dicermati.")[1] == "negative"


def test_below_target_is_negative():
    assert labels("Penyaluran pembiayaan ultra mikro masih di bawah target tahunan.")[1] == "negative"


def test_thin_margin_is_negative_not_profit():
    assert labels("Untungnya cuma beberapa ratus rupiah per bungkus kopi.")[1] == "negative"


def test_slowing_growth_is_negative():
    assert labels("Pertumbuhan pembiayaan koperasi simpan pinjam melambat tahun ini.")[1] == "negative"


def test_only_a_price_or_a_small_share_is_negative():
    assert labels("Pengepul hanya membayar Rp 3.500 per kilogram gabah, jauh dari ongkos tanam.")[1] == "negative"
    assert labels("Harga gabah di tingkat petani kini hanya Rp 48 ribu per kuintal.")[1] == "negative"
    assert labels("Perajin lokal hanya menyumbang 4 persen dari belanja hotel itu.")[1] == "negative"


def test_counterproductive_is_negative():
    assert labels("Aturan biaya baru itu kontraproduktif bagi inklusi keuangan di pasar.")[1] == "negative"


# relief: a hardship no longer there
def test_no_longer_needing_is_relief_even_with_a_verb_after_it():
    cues = read("Nelayan tidak perlu lagi naik perahu ke kota hanya untuk menyetor tabungan.").cues
    assert not any(c.kind == "negative" for c in cues)
    assert labels("Nelayan tidak perlu lagi naik perahu ke kota hanya untuk menyetor tabungan.")[1] == "positive"


def test_relief_outweighs_the_hardship_it_names():
    assert labels("Kini pedagang tidak lagi meminjam dari rentenir dengan bunga tinggi.")[1] == "positive"


def test_a_plain_negation_still_flips_growth():
    assert labels("Omzet koperasi itu tidak naik tahun ini.")[1] == "negative"


def test_no_collateral_needed_is_a_push_not_a_risk_word():
    d = decide(read("Pelaku usaha mikro tidak perlu agunan untuk pinjaman di bawah Rp 50 juta."))
    assert d.stance == "pro"


def test_involving_respondents_is_a_count_not_a_commitment():
    assert labels("Survei literasi keuangan itu melibatkan 9.000 responden.")[0] == "neutral"
    assert labels("Perusahaan melibatkan koperasi desa dalam pengadaan bahan baku.")[0] == "pro"


# the stance layer re-run on stored annotate output
def test_restance_recomputes_stance_from_stored_offsets():
    text = ("JAKARTA – Penyaluran pinjaman daring ke pedagang desa melonjak. "
            "Ekonom Bima Santosa menilai, penyaluran pinjaman daring itu harus direm.")
    clause = "penyaluran pinjaman daring itu harus direm"
    start = text.index(clause)
    line = {"id": "t-1", "title": "Ekonom Minta Pinjaman Daring Direm", "text": text,
            "entities": [], "figures": [],
            "quotes": [{"speaker": "Bima Santosa", "quote": clause, "kind": "indirect", "cue": "menilai",
                        "start": start, "end": start + len(clause), "stance": None}],
            "stance": {"umkm_partnership": None, "financial_inclusion": None}}
    out = list(restance([json.loads(json.dumps(line))], StanceClassifier(load_topics())))[0]
    assert out["quotes"][0]["quote"] == clause and out["entities"] == []
    assert out["quotes"][0]["stance"]["financial_inclusion"]["stance"] == "contra"
    assert out["stance"]["financial_inclusion"]["stance"] == "contra"


def test_being_dunned_is_a_problem_and_its_negation_progress():
    assert labels("Puluhan buruh pabrik kini ditagih tiga aplikasi pinjaman sekaligus.")[1] == "negative"
    kinds = [c.kind for c in read("Penyelenggara resmi tidak memakai intimidasi saat menagih.").cues]
    assert kinds == ["positive"]


def test_a_verdict_refuses_the_push_it_judges():
    text = "Penyaluran kredit itu sudah berhasil. Menambah subsidi lagi bukan pilihan yang bijak tahun depan."
    cues = read(text).cues
    assert not any(c.kind == "pro" and c.text.lower() in ("menambah", "subsidi") for c in cues)
    assert labels(text) == ("contra", "positive")
    assert labels("Kerja sama pemasaran semacam itu tidak layak dilanjutkan.")[0] == "contra"


def test_a_push_in_another_sentence_still_counts():
    cues = read("Kami mendukung perluasan kredit mikro. Skema paylater bukan solusi bagi pedagang kecil.").cues
    assert any(c.kind == "pro" and c.text == "mendukung" for c in cues)


def test_cutting_red_tape_is_not_braking():
    assert labels("Prosedurnya berbelit, syarat administrasinya harus dipangkas agar perajin cepat dapat modal.")[0] == "pro"


def test_adding_to_a_burden_is_harm_not_support():
    assert labels("Pinjaman tanpa pelatihan hanya akan menambah beban pedagang kecil.")[0] == "contra"
    assert labels("Kami akan menambah jumlah koperasi mitra tahun depan.")[0] == "pro"


def test_a_target_named_after_padahal_is_a_shortfall_not_a_call():
    assert labels("Serapan kredit produktif baru 35 persen, padahal targetnya 50 persen.") == ("neutral", "negative")
