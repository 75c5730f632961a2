"""The quote stance in context (monitor/nlp/stance_context.py): speaker classes from the roles the quote
layer finds, the features a quote takes from its neighbours and its speaker's other quotes, the guard
that keeps a lexicon stance cue, a deterministic retrain from the saved rows, and clear errors for a
broken model file. Sentences written for these tests."""
import json

import numpy as np
import pytest

from monitor.nlp.stance import StanceClassifier, Unit
from monitor.nlp.stance_context import (CONTEXT_FILE, ContextModel, DenseHead, assessment_features,
                                        cue_class, load_context_model, quote_features, speaker_class)
from monitor.nlp.stance_model import LABELS, STANCES, Head
from monitor.nlp.stance_topics import load_topics


@pytest.mark.parametrize("role, speaker, org, expected", [
    ("Ekonom Universitas Brawijaya", "Lestari Widodo", "Universitas Brawijaya", "analyst"),
    ("Peneliti Lembaga Kajian Ekonomi Rakyat", "Bayu Anggara", None, "analyst"),
    ("Kepala Dinas Koperasi dan UKM Kabupaten Klaten", "Sri Handayani", "Dinas Koperasi dan UKM", "official"),
    ("Direktur Utama PT Pangan Lestari Tbk", "Agus Salim", "PT Pangan Lestari Tbk", "official"),
    ("pedagang sayur di Pasar Wage", "Sumiati", None, "grassroots"),
    (None, "seorang nelayan", None, "grassroots"),
    (None, "Otoritas Jasa Keuangan", "Otoritas Jasa Keuangan", "org"),
    (None, "Hendra Wijaya", None, "named"),
    (None, None, None, "unnamed"),
])
def test_speaker_classes(role, speaker, org, expected):
    assert speaker_class(role, speaker, org) == expected


@pytest.mark.parametrize("cue, expected", [
    ("meminta", "call"), ("berharap", "call"), ("mengingatkan", "call"), ("menyarankan", "call"),
    ("menargetkan", "plan"), ("berjanji", "plan"),  # "menargetkan": the stemmer restores the t meN- drops
    ("mengaku", "experience"), ("bercerita", "experience"), ("keluhnya", "experience"),
    ("menilai", "judge"), ("memperkirakan", "judge"), ("berpendapat", "judge"),
    ("menyebutkan", "data"), ("mencatat", "data"), ("menjelaskan", "data"),
    ("kata", "say"), ("ujarnya", "say"), ("menurut", "say"), ("menegaskan", "say"),
    ("", "none"),
])
def test_reporting_verb_classes(cue, expected):
    assert cue_class(cue) == expected


def test_the_verb_class_is_a_feature_of_both_heads():
    feats = quote_features([("pro", "neutral")], [("neutral", "neutral")], ["Rudi"], ["indirect"], ["official"],
                           ("pro", "neutral"), None, [cue_class("meminta")])[0]
    assert "C:call" in feats and "C:call" in assessment_features(feats, "neutral")
    bare = quote_features([("pro", "neutral")], [("neutral", "neutral")], ["Rudi"], ["indirect"], ["official"],
                          ("pro", "neutral"), None)[0]
    assert not any(f.startswith("C:") for f in bare)


def test_the_pipeline_hands_the_reporting_verb_to_the_context_model():
    """The unit of a stored quote carries its cue, so the verb class reaches the context features."""
    from monitor.nlp.stance_eval import quote_unit

    text = ("Akses kredit usaha rakyat (KUR) bagi anggota koperasi di Wonosari masih terbatas.\n\n"
            "Ketua koperasi Sumarni meminta bank menyalurkan lebih banyak KUR kepada pedagang pasar.")
    q = {"quote": "bank menyalurkan lebih banyak KUR kepada pedagang pasar", "kind": "indirect", "cue": "Meminta",
         "speaker": "Sumarni", "speaker_role": "Ketua koperasi"}
    at = text.index(q["quote"])
    unit = quote_unit(text, at, at + len(q["quote"]), q)
    assert unit.cue == "meminta"
    feats = StanceClassifier(load_topics()).context_features(text, [unit])
    assert feats and all("C:call" in f for per in feats.values() for f in per.values())


def test_features_read_neighbours_and_the_same_speakers_other_quotes():
    shown = [("pro", "positive"), ("neutral", "negative"), ("contra", "negative")]
    lexicon = [("pro", "positive"), ("neutral", "neutral"), ("contra", "negative")]
    feats = quote_features(shown, lexicon, ["Rudi", "Rudi", "Wati"], ["direct", "indirect", "direct"],
                           ["official", "official", "grassroots"], ("pro", "negative"), ("neutral", "negative"))
    middle = feats[1]
    assert {"U:neutral", "UA:negative", "D:neutral", "R:pro", "RA:negative", "H:neutral", "K:indirect",
            "S:official", "SU:official_neutral", "N:pro", "NA:positive", "NX:contra", "NXA:negative",
            "SP:pro", "SPA:positive"} <= set(middle)
    assert "N:start" in feats[0] and "NX:end" in feats[2]
    assert "SP:alone" in feats[2]  # Wati speaks once
    no_title = quote_features(shown[:1], lexicon[:1], [""], [""], ["unnamed"], ("neutral", "neutral"), None)[0]
    assert not any(f.startswith("H:") for f in no_title) and "SP:alone" in no_title  # no name: no same speaker


def always(label: str) -> ContextModel:
    w = [0.0, 0.0, 0.0]
    w[STANCES.index(label)] = 5.0
    return ContextModel(Head(STANCES, {}, tuple(w)))


def test_a_lexicon_stance_cue_is_a_feature_not_a_veto():
    cued = ["U:contra", "D:contra", "R:pro"]
    assert always("neutral").quote(cued) == "neutral"  # a report of trouble may read neutral in context
    assert always("pro").quote(cued) == "pro"
    weighed = ContextModel(Head(STANCES, {"D:contra": (0.0, 2.0, 0.0), "R:pro": (1.0, 0.0, 0.0)}, (0.0, 0.0, 0.5)))
    assert weighed.quote(cued) == "contra"  # the cue weighs what the model learned it weighs
    assert weighed.quote(["U:contra", "D:neutral", "R:pro"]) == "pro"


ARTICLE = (
    "MAGELANG - Kemitraan antara pabrik pengolahan susu dan koperasi peternak di Magelang terus berjalan. "
    "Pabrik menyerap susu dari 1.200 peternak anggota koperasi.\n\n"
    "\"Setiap pagi truk pabrik menjemput susu langsung di pos koperasi,\" kata Ketua Koperasi Sapi Perah "
    "Merapi Jaya Suparno.\n\n"
    "Menurut Suparno, kemitraan itu membuat harga susu lebih stabil bagi peternak.")


def units(text, quotes, speaker="Suparno", role="Ketua Koperasi Sapi Perah Merapi Jaya"):
    out = []
    for q, kind in quotes:
        at = text.index(q)
        out.append(Unit(at, at + len(q), q, text[:at].count("\n\n"), kind, speaker_class(role, speaker, None), speaker))
    return sorted(out, key=lambda u: u.start)


def test_the_context_model_decides_the_quote_stance_and_the_article_counts_it():
    """Without assessment heads the quotes' assessments stay the unit model's; without the article model
    (test_stance_article.py) the article's stance is the vote over the quotes' stances in context, its
    assessment the rule vote's."""
    qs = units(ARTICLE, [("Setiap pagi truk pabrik menjemput susu langsung di pos koperasi", "direct"),
                         ("kemitraan itu membuat harga susu lebih stabil bagi peternak", "indirect")])
    plain = StanceClassifier(load_topics(), context=False)(ARTICLE, qs, "Pabrik Susu Serap Produksi Peternak")
    assert StanceClassifier(load_topics(), context=False).article is None  # it reads the quotes in context
    assert any(q and q[0].stance == "neutral" for q in plain.quotes)
    assert [a.stance for a in plain.article] == ["neutral"]
    for label in ("pro", "contra"):
        res = StanceClassifier(load_topics(), context=always(label), article=False)(
            ARTICLE, qs, "Pabrik Susu Serap Produksi Peternak")
        assert [a.assessment for a in res.article] == [a.assessment for a in plain.article]
        for got, before in zip(res.quotes, plain.quotes):
            assert [(t.topic, t.assessment) for t in got] == [(t.topic, t.assessment) for t in before]
            assert all(t.stance == label for t in got if before and before[0].stance == "neutral")
        # two pro quotes make a pro article; two contra quotes do not outweigh a headline that is not against
        assert [a.stance for a in res.article] == ["pro" if label == "pro" else "neutral"]


def test_praise_of_a_partnership_in_a_report_on_it_is_not_read_as_against_it():
    """The unit model alone reads the coop head's "membuat harga susu lebih stabil" as contra (its words
    carry no stance cue); the speaker, the article's vote and the quotes around it say otherwise."""
    qs = units(ARTICLE, [("Setiap pagi truk pabrik menjemput susu langsung di pos koperasi", "direct"),
                         ("kemitraan itu membuat harga susu lebih stabil bagi peternak", "indirect")])
    res = StanceClassifier(load_topics())(ARTICLE, qs, "Pabrik Susu Serap Produksi Peternak")
    assert [t.stance for q in res.quotes for t in q] == ["neutral", "neutral"]
    assert res.quotes[1][0].assessment == "positive" and res.quotes[1][0].evidence == ("lebih stabil",)


def test_shipped_context_model_loads_and_matches_a_retrain_from_the_saved_rows():
    """Retrain (python -m monitor.nlp.stance_train --context-model) when the lexicon, the unit model or
    the labelled articles change: the rows hold the pipeline's features of every matched quote."""
    from monitor.nlp.stance_train import CONTEXT_ROWS, fit_context_model, load_rows

    model = load_context_model()
    assert isinstance(model, ContextModel) and StanceClassifier(load_topics()).context is model
    rows = load_rows(CONTEXT_ROWS)
    assert len(rows) >= 1000 and {r["stance"] for r in rows} == set(STANCES)
    refit = fit_context_model(rows).to_json()
    saved = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    for head in ("quote_stance", "quote_assessment"):
        fresh, shipped = refit[head], saved[head]
        assert set(fresh["weights"]) == set(shipped["weights"])
        assert max(abs(a - b) for f, w in fresh["weights"].items() for a, b in zip(w, shipped["weights"][f])) < 1e-3
        assert max(abs(a - b) for a, b in zip(fresh["bias"], shipped["bias"])) < 1e-3
    fresh, shipped = np.array(refit["embedding"]["weights"]), np.array(saved["embedding"]["weights"])
    assert fresh.shape == shipped.shape == (384, 3) and np.abs(fresh - shipped).max() < 1e-3
    assert refit["neutral_prior"] == saved["neutral_prior"] == model.neutral_prior > 0


def test_context_beats_the_unit_model_on_files_left_out():
    from monitor.nlp.stance_train import CONTEXT_ROWS, context_figures, load_rows

    res = context_figures(load_rows(CONTEXT_ROWS))
    assert res["quote stance macro F1"]["context model"] > res["quote stance macro F1"]["unit model"] + 0.01
    assert res["accuracy"]["context model"] > res["accuracy"]["unit model"]
    assert res["quote assessment macro F1"]["context model"] > res["quote assessment macro F1"]["unit model"] + 0.03
    assert res["assessment accuracy"]["context model"] > res["assessment accuracy"]["unit model"] + 0.03


def test_broken_model_files(tmp_path):
    """Absent, unparsable and keyless files: test_stance_model.py::test_missing_and_unparsable_model_files."""
    shipped = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    half = tmp_path / "half.json"
    half.write_text(json.dumps({"quote_stance": shipped["quote_stance"], "embedding": shipped["embedding"]}))
    with pytest.raises(ValueError, match="quote assessment heads are incomplete"):
        load_context_model(half)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**shipped, "embedding": {**shipped["embedding"], "weights": [[0.0, 1.0]] * 384}}))
    with pytest.raises(ValueError, match="not a stance context model.*do not fit 3 labels"):
        load_context_model(bad)
    small = tmp_path / "small.json"
    small.write_text(json.dumps({**shipped, "embedding": {**shipped["embedding"], "weights": [[0.0] * 3] * 100}}))
    with pytest.raises(ValueError, match="not for 384-d states"):
        load_context_model(small)


def test_quotes_are_matched_as_the_scorer_matches_them():
    from monitor.nlp.stance_eval import match_quotes

    gold = ["penyaluran KUR di desa itu naik dua kali lipat", "Kami butuh pembeli tetap,", "harga gabah turun"]
    pred = ["Kami butuh pembeli tetap", "penyaluran KUR di desa itu naik dua kali lipat tahun ini", "cuaca buruk"]
    assert sorted(match_quotes(gold, pred)) == [(0, 1), (1, 0)]  # best overlaps first, below 0.5 unmatched
    assert match_quotes(["a b c d"], ["a b c d", "a b c"]) == [(0, 0)]  # each side used once


def judging(label: str) -> ContextModel:
    """A context model whose embedding head reads every quote as `label` and whose assessment head
    follows it; stance heads leave the unit model's stance."""
    emb_bias = np.zeros(3)
    emb_bias[LABELS.index(label)] = 5.0
    w = {"E:" + lab: tuple(5.0 if lab == other else 0.0 for other in LABELS) for lab in LABELS}
    return ContextModel(Head(STANCES, {}, (0.0, 0.0, 5.0)), Head(LABELS, w, (0.0, 0.0, 0.0)),
                        DenseHead(LABELS, np.zeros((384, 3)), emb_bias, 5.0))


def test_assessment_in_context_needs_the_embedding_and_weighs_lexicon_cues():
    model = judging("negative")
    vec = np.ones(384)
    assert model.assessment(["UA:positive", "DA:neutral"], vec) == "negative"
    assert model.assessment(["UA:positive", "DA:neutral"], None) is None  # no embedding: the unit model's
    assert ContextModel(model.quote_stance).assessment(["UA:positive"], vec) is None  # no heads
    neutral = judging("neutral")
    assert neutral.assessment(["UA:negative", "DA:negative"], vec) == "neutral"  # a cue is no veto
    assert neutral.assessment(["UA:positive", "DA:neutral"], vec) == "neutral"
    cued = ContextModel(neutral.quote_stance, Head(LABELS, {"DA:negative": (0.0, 3.0, 0.0), "E:neutral": (0.0, 0.0, 1.0)},
                                                   (0.0, 0.0, 0.0)), neutral.embedding)
    assert cued.assessment(["UA:negative", "DA:negative"], vec) == "negative"  # it weighs what it learned
    assert cued.assessment(["UA:negative", "DA:neutral"], vec) == "neutral"
    feats = assessment_features(["U:pro", "UA:positive", "D:pro", "DA:neutral", "RA:negative", "S:official",
                                 "SU:official_pro", "K:direct", "NA:start", "NXA:negative", "SP:alone"], "negative")
    assert feats[:4] == ["UA:positive", "DA:neutral", "E:negative", "EU:negative_positive"]
    assert set(feats[4:]) == {"RA:negative", "S:official", "K:direct", "NA:start", "NXA:negative"}


def test_dense_head_round_trips_and_normalises():
    head = DenseHead(LABELS, np.eye(384, 3), np.zeros(3), 5.0)
    back = DenseHead.from_json(json.loads(json.dumps(head.to_json())))
    vec = np.zeros(384)
    vec[1] = 0.001  # tiny but pointing at "negative": only the direction counts
    assert head.predict(vec) == back.predict(vec) == "negative"
    assert head.predict(vec * 1000) == "negative"


QUOTED = (
    "SLEMAN - Sebuah pabrik roti di Sleman menggandeng 40 pelaku UMKM sebagai pemasok selai dan mentega "
    "dalam program kemitraan rantai pasok.\n\n"
    "\"Sejak ikut program ini, pesanan kami datang setiap minggu dan pembayarannya tepat waktu,\" kata "
    "pemilik usaha selai Rini Puspasari.\n\n"
    "Manajer Pengadaan PT Roti Merapi Sejahtera Yoga Prasetyo mengatakan perusahaan akan menambah jumlah "
    "pemasok UMKM tahun depan.")


def test_the_pipeline_hands_the_ners_word_states_to_the_quote_assessment(nlp):
    """The NER's e5 states of the doc reach the stance stage (pooled per quote) and are then removed from
    the doc; with an embedding head that reads every quote as negative, the quotes' assessments follow it."""
    from monitor.nlp.e5.features import STATES_KEY

    stance = nlp.get_pipe("monitor_stance")
    shipped = stance.classifier.context
    seen = []
    try:
        stance.classifier.context = judging("negative")
        original = ContextModel.assessments

        def spy(self, feats, embedding):
            seen.append(None if embedding is None else np.asarray(embedding).shape)
            return original(self, feats, embedding)

        ContextModel.assessments = spy
        doc = nlp(QUOTED)
    finally:
        ContextModel.assessments = original
        stance.classifier.context = shipped
    assert STATES_KEY not in doc.user_data
    from monitor.nlp.stance import quote_records

    labels = [t for q in quote_records(doc) for t in q]
    assert seen and all(shape == (384,) for shape in seen)
    assert labels and all(t.assessment == "negative" for t in labels)
    plain = [t for q in quote_records(nlp(QUOTED)) for t in q]
    assert any(t.assessment != "negative" for t in plain)  # the shipped model reads them otherwise


def test_the_neutral_prior_moves_what_a_quote_shows_not_what_the_article_reads():
    """A quote between a mild problem and a plan: the prior tips what the quote shows to neutral, while the
    article model reads the uncalibrated label it was fitted on."""
    from dataclasses import replace

    vec = np.ones(384)
    base = ContextModel(Head(STANCES, {}, (0.0, 0.0, 5.0)), Head(LABELS, {"UA:negative": (0.0, 0.4, 0.3)}, (0.0, 0.0, 0.0)),
                        DenseHead(LABELS, np.zeros((384, 3)), np.zeros(3), 5.0))
    tipped = replace(base, neutral_prior=0.25)
    feats = ["UA:negative"]
    assert base.assessment(feats, vec) == "negative"
    assert tipped.assessment(feats, vec) == "neutral"
    assert tipped.assessment(feats, vec, calibrated=False) == "negative"
    assert tipped.to_json()["neutral_prior"] == 0.25
