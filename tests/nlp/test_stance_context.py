"""The quote stance in context (monitor/nlp/stance_context.py): speaker classes from the roles the quote
layer finds, the features a quote takes from its neighbours and its speaker's other quotes, the guard
that keeps a lexicon stance cue, a deterministic retrain from the saved rows, and clear errors for a
broken model file. Sentences written for these tests."""
import json

import pytest

from monitor.nlp.stance import StanceClassifier, Unit
from monitor.nlp.stance_context import (CONTEXT_FILE, ContextModel, load_context_model, quote_features,
                                        speaker_class)
from monitor.nlp.stance_model import STANCES, Head
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


def test_a_lexicon_stance_cue_is_never_overruled_to_neutral():
    cued = ["U:pro", "D:pro", "R:pro"]
    assert always("neutral").quote(cued) == "pro"  # the unit model's label stands
    assert always("neutral").quote(["U:pro", "D:neutral"]) == "neutral"  # no cue: the context decides
    assert always("contra").quote(cued) == "contra"  # a stance may still turn


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


def test_the_context_model_decides_the_quote_stance_and_leaves_assessment_and_article_alone():
    qs = units(ARTICLE, [("Setiap pagi truk pabrik menjemput susu langsung di pos koperasi", "direct"),
                         ("kemitraan itu membuat harga susu lebih stabil bagi peternak", "indirect")])
    plain = StanceClassifier(load_topics(), context=False)(ARTICLE, qs, "Pabrik Susu Serap Produksi Peternak")
    assert any(q and q[0].stance == "neutral" for q in plain.quotes)
    for label in ("pro", "contra"):
        res = StanceClassifier(load_topics(), context=always(label))(ARTICLE, qs, "Pabrik Susu Serap Produksi Peternak")
        assert res.article == plain.article
        for got, before in zip(res.quotes, plain.quotes):
            assert [(t.topic, t.assessment) for t in got] == [(t.topic, t.assessment) for t in before]
            assert all(t.stance == label for t in got if before and before[0].stance == "neutral")


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
    from monitor.nlp.stance_train import fit_context_model, load_context_rows

    model = load_context_model()
    assert isinstance(model, ContextModel) and StanceClassifier(load_topics()).context is model
    rows = load_context_rows()
    assert len(rows) >= 1000 and {r["stance"] for r in rows} == set(STANCES)
    fresh = fit_context_model(rows).to_json()["quote_stance"]
    shipped = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["quote_stance"]
    assert set(fresh["weights"]) == set(shipped["weights"])
    assert max(abs(a - b) for f, w in fresh["weights"].items() for a, b in zip(w, shipped["weights"][f])) < 1e-3
    assert max(abs(a - b) for a, b in zip(fresh["bias"], shipped["bias"])) < 1e-3


def test_context_beats_the_unit_model_on_files_left_out():
    from monitor.nlp.stance_train import context_figures, load_context_rows

    res = context_figures(load_context_rows())
    assert res["quote stance macro F1"]["context model"] > res["quote stance macro F1"]["unit model"] + 0.02
    assert res["accuracy"]["context model"] > res["accuracy"]["unit model"]


def test_missing_and_broken_model_files(tmp_path):
    assert load_context_model(tmp_path / "absent.json") is None
    broken = tmp_path / "context_model.json"
    broken.write_text('{"stance": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a stance context model.*--context-model"):
        load_context_model(broken)
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a stance context model"):
        load_context_model(broken)


def test_quotes_are_matched_as_the_scorer_matches_them():
    from monitor.nlp.stance_eval import match_quotes

    gold = ["penyaluran KUR di desa itu naik dua kali lipat", "Kami butuh pembeli tetap,", "harga gabah turun"]
    pred = ["Kami butuh pembeli tetap", "penyaluran KUR di desa itu naik dua kali lipat tahun ini", "cuaca buruk"]
    assert sorted(match_quotes(gold, pred)) == [(0, 1), (1, 0)]  # best overlaps first, below 0.5 unmatched
    assert match_quotes(["a b c d"], ["a b c d", "a b c"]) == [(0, 0)]  # each side used once
