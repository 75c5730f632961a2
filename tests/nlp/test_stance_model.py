"""The trained assessment back-off: decides only where the lexicon finds no cue, ships in sync
with the lexicon, and does better than the lexicon alone on held-out labelled sentences."""
import json

from monitor.nlp.stance import StanceClassifier, decide, decide_text
from monitor.nlp.stance_eval import load_sentences, macro_f1
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_model import LABELS, MODEL_FILE, AssessmentModel, load_model
from monitor.nlp.stance_topics import load_topics


def stub(word, label):
    """A model that calls `label` when `word` occurs, else neutral."""
    w = [0.0, 0.0, 0.0]
    w[LABELS.index(label)] = 5.0
    return AssessmentModel({"w:" + word: tuple(w)}, (0.0, 0.0, 1.0))


def test_model_fills_in_only_where_the_lexicon_is_neutral():
    plain = "Pedagang di pasar itu sekarang ramai melayani pembeli lewat ponsel."
    assert decide(read(plain)).assessment == "neutral"
    d = decide_text(plain, stub("ramai", "positive"))
    assert d.assessment == "positive"
    assert "ramai" in d.evidence
    cued = "Penyaluran kredit usaha mikro di desa itu masih rendah, meski pasar ramai."
    assert decide_text(cued, stub("ramai", "positive")).assessment == "negative"


def test_negated_words_are_features_of_their_own():
    d = decide_text("Pedagang itu tidak ramai pembeli.", stub("ramai", "positive"))
    assert d.assessment == "neutral"  # "n:ramai", not "w:ramai"


def test_article_vote_counts_lexicon_cues_only():
    text = ("Penyaluran kredit usaha mikro di kabupaten itu berjalan. "
            "\"Pedagang di pasar sekarang ramai,\" kata Kepala Dinas Koperasi Sutrisno.")
    clf = StanceClassifier(load_topics(), model=stub("ramai", "positive"))
    quote = text.index("Pedagang"), text.index(",\" kata")
    from monitor.nlp.stance import Unit
    res = clf(text, [Unit(quote[0], quote[1], text[quote[0]:quote[1]], 0)])
    assert res.quotes[0][0].assessment == "positive"
    assert res.article[0].assessment == "neutral"


def test_shipped_model_matches_a_retrain():
    """The model reads lexicon cue totals: retrain it (python -m monitor.nlp.stance_train
    --assessment-model) whenever lexicon.yaml or the sentences change."""
    from monitor.nlp.stance_train import _rows, fit_assessment

    fresh = fit_assessment(_rows("train") + _rows("quotes_train")).to_json()
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(fresh["weights"]) == set(shipped["weights"])
    worst = max(abs(a - b) for f in fresh["weights"] for a, b in zip(fresh["weights"][f], shipped["weights"][f]))
    assert worst < 1e-3


def test_model_beats_the_lexicon_alone_on_held_out_quote_sentences():
    rows = [(r["text"], next(iter(r["labels"].values()))["assessment"]) for r in load_sentences("quotes_dev")]
    assert len(rows) >= 50
    lex = macro_f1([(g, decide(read(t)).assessment) for t, g in rows])
    both = macro_f1([(g, decide_text(t, load_model()).assessment) for t, g in rows])
    assert both > lex
