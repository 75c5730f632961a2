"""The trained per-unit stance model (monitor/nlp/stance_model.py): it decides quotes written for the
project (none of them in its training data), reads negation and the strong verbs, ships in the
package, and a deterministic retrain reproduces the shipped weights."""
import importlib.resources
import json

import pytest

from monitor.nlp.stance import StanceClassifier, Unit, decide, decide_text
from monitor.nlp.stance_eval import macro_f1
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_model import LABELS, MODEL_FILE, STANCES, Head, UnitModel, features, load_model
from monitor.nlp.stance_topics import load_topics


def labels(text):
    d = decide_text(text, load_model())
    return d.stance, d.assessment


# Quotes written for this test, in the register of economic news; not in data/stance/.
PRO = [
    "Kami menanggung biaya uji laboratorium bagi pemasok kecil yang baru bergabung,",
    "Koperasi kami menyediakan pinjaman modal bagi anggota yang baru membuka usaha, cukup dengan jaminan kelompok,",
    "Perusahaan wajib menyerap hasil panen petani sekitar, jangan hanya mengambil lahannya,",
    "Kami akan menambah agen bank di desa-desa perbatasan agar warga bisa menabung tanpa ke kota,",
]
CONTRA = [
    "Kontrak itu hanya menguntungkan pabrik. Petani yang menanggung semua kerugian saat harga jatuh,",
    "Potongan harga sepihak dari perusahaan inti membuat petani plasma terus merugi",
    "Aplikasi pinjaman itu menjerat buruh dengan bunga harian yang berlipat-lipat,",
    "Sebaiknya program kredit massal itu dihentikan sebelum kredit macet makin menumpuk,",
]
NEUTRAL = [  # (quote, assessment)
    ("Pesanan dari pabrik datang tidak menentu, kadang sebulan sekali, kadang tidak sama sekali,", "negative"),
    ("Anak saya sekarang bisa kuliah dari hasil memasok telur ke pabrik roti,", "positive"),
    ("Tiap pagi pembeli membayar lewat ponsel, uangnya langsung masuk rekening,", "positive"),
    ("Kontrak pasok itu berlaku tiga tahun dan ditinjau setiap musim panen,", "neutral"),
    ("Banyak nelayan di pulau itu belum pernah punya rekening bank,", "negative"),
]


@pytest.mark.parametrize("text", PRO)
def test_pro_quotes(text):
    assert labels(text)[0] == "pro"


@pytest.mark.parametrize("text", CONTRA)
def test_contra_quotes(text):
    assert labels(text) == ("contra", "negative")


@pytest.mark.parametrize("text,assessment", NEUTRAL)
def test_neutral_quotes_and_their_assessment(text, assessment):
    assert labels(text) == ("neutral", assessment)


def test_negation():
    assert labels("Penjualan ke pabrik tidak meningkat sejak kontrak diteken,")[1] == "negative"
    assert labels("Petani tidak lagi bergantung pada tengkulak sejak ada pembeli tetap dari pabrik,") == ("neutral", "positive")
    assert labels("Kami tidak mendukung kewajiban kemitraan itu karena memberatkan pengusaha kecil sendiri,")[0] == "contra"
    feats = features("Pedagang itu tidak ramai pembeli.", read(""), "neutral")
    assert "n:ramai" in feats and "w:ramai" not in feats  # a negated word is a feature of its own


def test_strong_verbs():
    assert labels("Transaksi QRIS di pasar ikan itu melonjak sejak pedagang mendapat pelatihan") == ("neutral", "positive")
    assert labels("Penyaluran kredit usaha ke petani tembakau anjlok tahun ini") == ("neutral", "negative")
    assert labels("Bunga pinjol yang mencekik membuat warung saya tutup,") == ("contra", "negative")
    assert labels("Syarat bayar mundur 120 hari dari peritel itu menekan arus kas pemasok kecil") == ("contra", "negative")
    assert labels("Aplikasi koperasi itu menekan biaya penyaluran pinjaman bagi pedagang.")[1] == "positive"
    assert labels("Cicilan para pedagang macet setelah pasar direlokasi,") == ("neutral", "negative")


def test_evidence_names_cues_and_content_words():
    d = decide_text("Bunga pinjol yang mencekik membuat warung saya tutup,", load_model())
    assert d.evidence[0] == "mencekik"  # the lexicon cue that agrees comes first
    d = decide_text(PRO[0], load_model())
    assert d.evidence and not {"yang", "kami", "bagi", "itu"} & set(d.evidence)


def test_model_loads_from_the_package():
    shipped = importlib.resources.files("monitor.nlp") / "data" / "stance" / "unit_model.json"
    assert shipped.is_file() and MODEL_FILE.stat().st_size < 3_000_000  # 2.2 MB since the tenth pass
    model = load_model()
    assert isinstance(model, UnitModel)
    assert model.stance.labels == STANCES and model.assessment.labels == LABELS
    assert StanceClassifier(load_topics()).model is model


@pytest.mark.parametrize("kind", ["unit", "context", "article"])
def test_missing_and_unparsable_model_files(tmp_path, kind):
    """Every stance model loads through read_model_file: an absent file is no model, one that does not
    parse, or parses to something else, is one clear error naming the command that rebuilds it."""
    from monitor.nlp.stance_article import load_article_model
    from monitor.nlp.stance_context import load_context_model

    load = {"unit": load_model, "context": load_context_model, "article": load_article_model}[kind]
    assert load(tmp_path / "absent.json") is None
    broken = tmp_path / f"{kind}_model.json"
    for text in ("{not json", '{"stance": {}}'):
        broken.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=f"not a stance {kind} model.*--{kind}-model"):
            load(broken)


def test_unit_model_labels_are_checked(tmp_path):
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    swapped = tmp_path / "swapped.json"
    swapped.write_text(json.dumps({**shipped, "stance": shipped["assessment"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="are not"):
        load_model(swapped)


def stub(word, stance="neutral", assessment="neutral"):
    """A model that calls `stance`/`assessment` when `word` occurs, else neutral."""
    def head(labels, label):
        w = [0.0] * 3
        w[labels.index(label)] = 5.0
        return Head(labels, {"w:" + word: tuple(w)}, (0.0, 0.0, 1.0))
    return UnitModel(head(STANCES, stance), head(LABELS, assessment))


def test_lexicon_assessment_cues_win_over_the_model():
    plain = "Pedagang di pasar itu sekarang ramai melayani pembeli lewat ponsel."
    assert decide(read(plain)).assessment == "neutral"
    assert decide_text(plain, stub("ramai", assessment="positive")).assessment == "positive"
    cued = "Penyaluran kredit usaha mikro di desa itu masih rendah, meski pasar ramai."
    assert decide_text(cued, stub("ramai", assessment="positive")).assessment == "negative"


def test_quotes_take_the_model_labels_and_the_article_vote_the_lexicon_ones():
    text = ("Penyaluran kredit usaha mikro di kabupaten itu berjalan. "
            "\"Pedagang di pasar sekarang ramai,\" kata Kepala Dinas Koperasi Sutrisno.")
    clf = StanceClassifier(load_topics(), model=stub("ramai", "pro", "positive"), context=False)
    a, b = text.index("Pedagang"), text.index(",\" kata")
    res = clf(text, [Unit(a, b, text[a:b], 0)])
    assert (res.quotes[0][0].stance, res.quotes[0][0].assessment) == ("pro", "positive")
    assert (res.article[0].stance, res.article[0].assessment) == ("neutral", "neutral")


def test_trained_model_beats_the_lexicon_on_held_out_sentences():
    from monitor.nlp.stance_train import (CONTEXT_FILES, HASH_SPLIT_FILES, TRAIN_FILES, article_quotes,
                                          fit_unit_model, labelled)

    trial = fit_unit_model(labelled(TRAIN_FILES, "train"), quotes=article_quotes(CONTEXT_FILES))
    rows = labelled(HASH_SPLIT_FILES, "dev")
    assert len(rows) >= 150
    for head in ("stance", "assessment"):
        gold = [lab[head] for _, lab in rows]
        lex = macro_f1(list(zip(gold, (getattr(decide(read(t)), head) for t, _ in rows))))
        model = macro_f1(list(zip(gold, (getattr(decide_text(t, trial), head) for t, _ in rows))))
        assert model > lex + 0.03


def test_shipped_model_matches_a_retrain():
    """Training is deterministic: retrain (python -m monitor.nlp.stance_train --unit-model) whenever
    lexicon.yaml or the sentences change, since the features include the lexicon's reading."""
    from monitor.nlp.stance_train import CONTEXT_FILES, TRAIN_FILES, article_quotes, fit_unit_model, labelled

    fresh = fit_unit_model(labelled(TRAIN_FILES), quotes=article_quotes(CONTEXT_FILES)).to_json()
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    for head in ("stance", "assessment"):
        assert set(fresh[head]["weights"]) == set(shipped[head]["weights"])
        worst = max(abs(a - b) for f, w in fresh[head]["weights"].items()
                    for a, b in zip(w, shipped[head]["weights"][f]))
        assert worst < 1e-3
        assert max(abs(a - b) for a, b in zip(fresh[head]["bias"], shipped[head]["bias"])) < 1e-3


def test_news_quotes_teach_the_stance_head_and_not_the_assessment_head():
    """The gold quotes of the labelled articles join the stance head's rows only, and a file's own quotes
    can be left out (the context model's rows take each file's labels from a model that never saw it)."""
    from monitor.nlp.stance_train import CONTEXT_FILES, article_quotes, fit_unit_model, labelled

    every = article_quotes(CONTEXT_FILES)
    assert len(every) > 2000 and {lab["stance"] for _, lab in every} == set(STANCES)
    name = CONTEXT_FILES[0].stem
    without = article_quotes(CONTEXT_FILES, leave_out=name)
    own = article_quotes(CONTEXT_FILES[:1])
    assert own and len(without) == len(every) - len(own)
    sentences = labelled(("quotes_train",))
    plain, taught = fit_unit_model(sentences), fit_unit_model(sentences, quotes=every[:300])
    assert taught.assessment == plain.assessment
    assert set(taught.stance.weights) > set(plain.stance.weights)
