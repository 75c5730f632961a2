"""The article model (monitor/nlp/stance_article.py): its features follow their names, it decides the
article's assessment while the stance stays the rule vote's (so a problem report the vote left neutral
stays neutral), it is off for another topics file or without the context model, a broken file is a clear
error, the shipped model is a deterministic refit of its saved rows and beats the rule vote's assessment on
labelled files left out. Sentences written for these tests."""
import json

import numpy as np
import pytest

from monitor.nlp.stance import Decision, StanceClassifier, Unit, headline_clauses
from monitor.nlp.stance_article import (ARTICLE_FILE, ArticleModel, LinearHead, article_features, feature_names,
                                        load_article_model)
from monitor.nlp.stance_context import speaker_class
from monitor.nlp.stance_model import LABELS, STANCES
from monitor.nlp.stance_topics import load_topics

TITLE = "Dinas Perikanan Kendari Dampingi Nelayan Mengakses KUR"
TEXT = ("KENDARI - Penyaluran kredit usaha rakyat (KUR) bagi nelayan di Kota Kendari baru mencapai 31 persen "
        "dari kuota tahun ini. Banyak nelayan tidak memiliki agunan.\n\n"
        "Kepala Dinas Perikanan Kota Kendari Rusdi Lamato mengatakan pihaknya terus mendampingi nelayan agar bisa "
        "mengakses kredit perbankan.\n\n"
        "\"Bank mulai membuka gerai di pelabuhan,\" kata Rusdi.\n\n"
        "Seorang nelayan, La Ode Hamsin (47), mengaku pengajuannya ditolak dua kali.")
QUOTES = [("pihaknya terus mendampingi nelayan agar bisa mengakses kredit perbankan", "indirect",
           "Kepala Dinas Perikanan Kota Kendari", "Rusdi Lamato"),
          ("Bank mulai membuka gerai di pelabuhan,", "direct", "Kepala Dinas Perikanan Kota Kendari", "Rusdi Lamato"),
          ("pengajuannya ditolak dua kali", "indirect", "nelayan", "La Ode Hamsin")]
TOPIC_IDS = [t.id for t in load_topics()]


def units(text=TEXT, quotes=QUOTES):
    out = []
    for q, kind, role, speaker in quotes:
        at = text.index(q)
        out.append(Unit(at, at + len(q), q, text[:at].count("\n\n"), kind, speaker_class(role, speaker, None), speaker))
    return sorted(out, key=lambda u: u.start)


def fixed(assessment: str) -> ArticleModel:
    """A model that always answers `assessment`, whatever it reads."""
    names = tuple(feature_names(TOPIC_IDS))
    bias = np.zeros(len(LABELS))
    bias[LABELS.index(assessment)] = 5.0
    return ArticleModel(names, LinearHead(LABELS, np.zeros((len(names), len(LABELS))), bias))


def test_features_follow_their_names():
    clf = StanceClassifier(load_topics())
    feats = clf.article_features(TEXT, units(), TITLE)
    assert list(feats) == ["financial_inclusion"]
    vec, vote = feats["financial_inclusion"]
    names = feature_names(TOPIC_IDS)
    assert len(vec) == len(names)
    row = dict(zip(names, vec))
    assert row["topic_financial_inclusion"] == 1.0 and row["topic_umkm_partnership"] == 0.0
    assert row[f"vote_s_{vote.stance}"] == 1.0 and row[f"vote_a_{vote.assessment}"] == 1.0
    assert sum(row[f"head_lex_s_{x}"] for x in STANCES) == 1.0  # a headline: one label each
    for group in ("body_lex", "body_unit", "lead_lex", "lead_unit", "quote_lex", "quote_ctx"):
        assert sum(row[f"{group}_s_{x}"] for x in STANCES) == pytest.approx(1.0)
        assert sum(row[f"{group}_a_{x}"] for x in LABELS) == pytest.approx(1.0)
    assert row["log_quotes"] == pytest.approx(np.log1p(3)) and row["has_quotes"] == 1.0


def test_headline_clauses():
    assert headline_clauses("penyaluran KUR nelayan naik, tunggakan ikut membengkak") == [
        "penyaluran KUR nelayan naik", "tunggakan ikut membengkak"]
    assert headline_clauses("OJK: omzet perajin naik tapi margin tipis") == ["omzet perajin naik", "margin tipis"]
    assert headline_clauses("KUR nelayan kendari") == ["KUR nelayan kendari"]


def test_a_headline_with_progress_and_a_problem_is_marked_mixed():
    """One clause reports progress, another a problem: `head_mixed`; one-sided or absent headlines are not."""
    clf = StanceClassifier(load_topics())

    def mixed(title):
        vec, _ = clf.article_features(TEXT, units(), title)["financial_inclusion"]
        return dict(zip(feature_names(TOPIC_IDS), vec))["head_mixed"]
    assert mixed("Penyaluran KUR Nelayan Kendari Naik, Tunggakan Ikut Membengkak") == 1.0
    assert mixed("Penyaluran KUR Nelayan Kendari Naik Dua Kali Lipat") == 0.0
    assert mixed(TITLE) == 0.0 and mixed("") == 0.0
    shipped = load_article_model()  # and the labelled articles taught it that such a headline leans neutral
    w = dict(zip(LABELS, shipped.assessment.weights[shipped.features.index("head_mixed")]))
    assert w["neutral"] > w["positive"] and w["neutral"] > w["negative"]


def test_without_a_headline_or_quotes_their_features_are_zero():
    vote = Decision("neutral", "negative")
    vec = article_features(vote, None, [(vote, vote, 2.0)], [(vote, vote)], [], [], "umkm_partnership", TOPIC_IDS)
    row = dict(zip(feature_names(TOPIC_IDS), vec))
    assert all(row[f"head_lex_s_{x}"] == 0.0 for x in STANCES)
    assert all(row[f"quote_ctx_s_{x}"] == 0.0 for x in STANCES) and row["has_quotes"] == 0.0
    assert row["body_lex_a_negative"] == 1.0 and row["lead_unit_s_neutral"] == 1.0 and row["head_mixed"] == 0.0


def test_the_model_decides_the_articles_assessment_not_its_stance_nor_the_quotes():
    plain = StanceClassifier(load_topics(), article=False)(TEXT, units(), TITLE)
    vote = [(a.topic, a.stance) for a in plain.article]
    for assessment in LABELS:
        res = StanceClassifier(load_topics(), article=fixed(assessment))(TEXT, units(), TITLE)
        assert [(a.topic, a.assessment) for a in res.article] == [("financial_inclusion", assessment)]
        assert [(a.topic, a.stance) for a in res.article] == vote  # the stance is the rule vote's
        assert res.quotes == plain.quotes  # quotes keep their own labels


def test_a_topic_no_quote_touches_keeps_the_votes_assessment():
    """The model is fitted on articles with quotes; a quote-less article keeps the vote's labels."""
    text = TEXT.split("\n\n")[0]
    plain = StanceClassifier(load_topics(), article=False)(text, [], TITLE)
    res = StanceClassifier(load_topics(), article=fixed("neutral"))(text, [], TITLE)
    assert plain.article and [(a.stance, a.assessment) for a in res.article] == [
        (a.stance, a.assessment) for a in plain.article]
    assert plain.article[0].assessment != "neutral"  # so the model, had it been asked, would have changed it


def test_a_problem_report_the_vote_left_neutral_stays_neutral():
    """A headline on a problem, no side taken in the lead, one official's "perlu": the vote says neutral,
    and the article model's assessment does not change that; under a headline that takes a side the vote
    says pro."""
    title = "Tabungan Petani Garam di Madura Masih Rendah"
    text = ("SUMENEP — Kepemilikan rekening tabungan di kalangan petani garam Sumenep baru 21 persen menurut "
            "survei dinas setempat. Sebagian besar petani menyimpan uang di rumah.\n\n"
            "Kepala Dinas Perindustrian setempat Hasan Basri mengatakan, inklusi keuangan petani garam dipengaruhi "
            "musim panen. \"Bank perlu datang ke tambak saat panen,\" kata Hasan.")
    quotes = [("Bank perlu datang ke tambak saat panen,", "direct", "Kepala Dinas Perindustrian", "Hasan Basri")]
    clf = StanceClassifier(load_topics(), article=fixed("positive"))
    _, vote = clf.article_features(text, units(text, quotes), title)["financial_inclusion"]
    assert vote.stance == "neutral"
    res = clf(text, units(text, quotes), title)
    assert [(a.stance, a.assessment) for a in res.article] == [("neutral", "positive")]
    res = clf(text, units(text, quotes), "Pemkab Sumenep Dorong Bank Buka Tabungan Petani Garam")
    assert [a.stance for a in res.article] == ["pro"]


def test_the_article_model_needs_the_context_model_and_its_topics():
    assert StanceClassifier(load_topics()).article is not None
    assert StanceClassifier(load_topics(), context=False).article is None  # it reads the quotes in context
    one = [t for t in load_topics() if t.id == "financial_inclusion"]
    assert StanceClassifier(one).article is None  # fitted for both topics: another topics file keeps the vote


def test_broken_model_files(tmp_path):
    """Absent, unparsable and keyless files: test_stance_model.py::test_missing_and_unparsable_model_files."""
    shipped = json.loads(ARTICLE_FILE.read_text(encoding="utf-8"))
    short = tmp_path / "short.json"
    short.write_text(json.dumps({**shipped, "features": shipped["features"][:-1]}), encoding="utf-8")
    with pytest.raises(ValueError, match="do not fit"):
        load_article_model(short)
    swapped = tmp_path / "swapped.json"
    stance = {**shipped["assessment"], "labels": list(STANCES)}
    swapped.write_text(json.dumps({**shipped, "assessment": stance}), encoding="utf-8")
    with pytest.raises(ValueError, match="are not"):
        load_article_model(swapped)
    missing = tmp_path / "missing.json"
    missing.write_text(json.dumps({"features": shipped["features"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a stance article model"):
        load_article_model(missing)


def test_fit_learns_what_the_rows_teach():
    from monitor.nlp.stance_train import article_figures, fit_article_model

    names = tuple(feature_names(TOPIC_IDS))
    rng = np.random.default_rng(0)
    rows = []
    for i in range(120):
        s, a = STANCES[i % 3], LABELS[(i // 3) % 3]
        vec = [0.0] * len(names)
        vec[names.index(f"vote_s_{s}")] = vec[names.index(f"head_unit_a_{a}")] = 1.0
        vec[names.index("log_quotes")] = float(rng.uniform(0, 2))
        rows.append({"file": f"f{i % 4}", "id": str(i), "features": vec, "stance": s, "assessment": a,
                     "vote": [s, "neutral"]})
    model = fit_article_model(rows, names)
    assert all(model.decide(r["features"]) == r["assessment"] for r in rows)
    res = article_figures(rows, names)
    assert res["article assessment macro F1 / accuracy"]["article model"] == [1.0, 1.0]
    assert res["article assessment macro F1 / accuracy"]["rule vote"][1] < 0.5
    assert res["article stance macro F1 / accuracy (the rule vote)"] == [1.0, 1.0]


def test_shipped_model_is_a_refit_of_its_rows_and_beats_the_vote_on_files_left_out():
    """Retrain (python -m monitor.nlp.stance_train --article-model) when an earlier stance stage or the
    labelled articles change: the rows hold the features of every labelled article-topic."""
    from monitor.nlp.stance_train import ARTICLE_ROWS, article_figures, fit_article_model, load_rows

    names = tuple(feature_names(TOPIC_IDS))
    rows = load_rows(ARTICLE_ROWS)
    assert len(rows) >= 300 and {r["stance"] for r in rows} == set(STANCES)
    refit, shipped = fit_article_model(rows, names).to_json(), json.loads(ARTICLE_FILE.read_text(encoding="utf-8"))
    assert refit["features"] == shipped["features"] == list(names)
    assert np.abs(np.array(refit["assessment"]["weights"]) - np.array(shipped["assessment"]["weights"])).max() < 1e-3
    assert np.abs(np.array(refit["assessment"]["bias"]) - np.array(shipped["assessment"]["bias"])).max() < 1e-3
    res = article_figures(rows, names)
    assessment = res["article assessment macro F1 / accuracy"]
    assert assessment["article model"][0] > assessment["rule vote"][0] + 0.03
    assert assessment["article model"][1] > assessment["rule vote"][1]
