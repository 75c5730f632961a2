"""Train on the hand-labelled sentences in data/stance/.

- `--unit-model`: the shipped per-unit stance model (stance_model.py), two multinomial logistic
  regressions (stance, assessment) fitted by full-batch gradient descent from zero weights
  (deterministic) on the labelled sentences, the stance head also on the gold quotes of the labelled
  articles of CONTEXT_FILES, written to data/stance/unit_model.json; prints held-out figures of the
  lexicon alone and of a model fitted without the held-out sentences.
- `--context-model`: the quote context model (stance_context.py): runs the pipeline over the labelled
  articles of CONTEXT_FILES (needs the source checkout: the dev sets live in bench/data), each file's quotes
  labelled by a unit model fitted without that file's quotes (run `--unit-model` first), matches its
  quotes to the gold quotes as score.py does, writes the features and gold labels of every matched quote
  to data/stance/context_rows.jsonl (with the quote's pooled e5 word states, float16 in base64) and fits
  data/stance/context_model.json on them; prints figures with each fold of files (fold_of) left out,
  against the unit model alone. `--from-rows` refits from the saved rows only.
- `--article-model`: the article assessment model (stance_article.py): runs the pipeline over the articles
  of ARTICLE_FILES (17 of CONTEXT_FILES), each file read by a unit model and a context model fitted without
  it (run `--context-model` first: its rows), writes each labelled article-topic's features, gold labels and
  rule vote to data/stance/article_rows.jsonl and fits data/stance/article_model.json on them; prints
  leave-one-file-out figures against the rule vote.
- otherwise: a spaCy bag-of-words textcat for stance and assessment, kept as an experiment the
  lexicon must beat (see data/stance/README.md); not shipped.

    python -m monitor.nlp.stance_train --unit-model
    python -m monitor.nlp.stance_train --context-model [--from-rows]
    python -m monitor.nlp.stance_train --article-model [--from-rows]
    python -m monitor.nlp.stance_train [--out DIR] [--epochs 20]
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.training import Example

import monitor.nlp.language  # noqa: F401  (registers id_news)
import numpy as np
from scipy.sparse import csr_matrix

from monitor.nlp.stance import decide
from monitor.nlp.stance_article import ARTICLE_FILE, ArticleModel, LinearHead, feature_names
from monitor.nlp.stance_context import (CONTEXT_FILE, EMBEDDING_LAYERS, ContextModel, DenseHead, assessment_features,
                                        feature_label)
from monitor.nlp.stance_eval import DATA_DIR, load_sentences, macro_f1, match_quotes
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_model import LABELS, MODEL_FILE, STANCES, Head, UnitModel, features

HEADS = {"stance": ("pro", "contra", "neutral"), "assessment": ("positive", "negative", "neutral")}


def _rows(split: str) -> list[tuple[str, dict[str, str]]]:
    """(text, {"stance": …, "assessment": …}) for sentences with one topic's labels (the first)."""
    out = []
    for row in load_sentences(split):
        for lab in list(row["labels"].values())[:1]:
            out.append((row["text"], lab))
    return out


def train_stance(out_dir: Path | None = None, epochs: int = 20, seed: int = 0) -> dict:
    """Train one exclusive textcat per head; return dev macro F1 of it and of the lexicon."""
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("id_news")
    for head, labels in HEADS.items():
        cat = nlp.add_pipe("textcat", name=f"textcat_{head}",
                           config={"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                             "ngram_size": 2, "no_output_layer": False}})
        for lab in labels:
            cat.add_label(lab)
    train = _rows("train")

    def examples(rows):
        for text, lab in rows:
            doc = nlp.make_doc(text)
            cats = {head: {l: float(lab[head] == l) for l in labels} for head, labels in HEADS.items()}
            yield Example.from_dict(doc, {"cats": {**cats["stance"]}}), Example.from_dict(doc, {"cats": {**cats["assessment"]}})

    pairs = list(examples(train))
    optimizer = nlp.initialize(lambda: [p[0] for p in pairs])
    for _ in range(epochs):
        random.shuffle(pairs)
        for st, asm in pairs:
            nlp.get_pipe("textcat_stance").update([st], sgd=optimizer)
            nlp.get_pipe("textcat_assessment").update([asm], sgd=optimizer)
    dev = _rows("dev")
    res: dict = {}
    for head in HEADS:
        pipe = nlp.get_pipe(f"textcat_{head}")
        pred = [max((d := pipe(nlp.make_doc(t))).cats, key=d.cats.get) for t, _ in dev]
        lex = [getattr(decide(read(t)), head) for t, _ in dev]
        res[head] = {"textcat_macro_f1": macro_f1([(lab[head], p) for (_, lab), p in zip(dev, pred)]),
                     "lexicon_macro_f1": macro_f1([(lab[head], p) for (_, lab), p in zip(dev, lex)])}
    if out_dir is not None:
        nlp.to_disk(out_dir)
    return res


TRAIN_FILES = ("train", "dev", "quotes_train", "quotes_dev", "quotes2", "quotes3")  # what the shipped model learns
HELD_OUT_FILES = ("dev", "quotes_dev")  # left out of the trial fit whose figures are reported
HASH_SPLIT_FILES = ("quotes2", "quotes3")  # a stable third of these is left out of the trial fit too


def held_out(text: str) -> bool:
    """The stable hash split of the files without a dev file of their own (a third held out)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 3 == 0


def labelled(files: tuple[str, ...] = TRAIN_FILES, split: str = "all") -> list[tuple[str, dict[str, str]]]:
    """(text, {"stance": …, "assessment": …}) per topic label of the named files. `split` "train"
    leaves out HELD_OUT_FILES and the held-out third of HASH_SPLIT_FILES; "dev" keeps only those."""
    out = []
    for name in files:
        for row in load_sentences(name):
            if split != "all":
                dev = name in HELD_OUT_FILES or (name in HASH_SPLIT_FILES and held_out(row["text"]))
                if dev != (split == "dev"):
                    continue
            for lab in row["labels"].values():
                out.append((row["text"], lab))
    return out


@lru_cache(maxsize=None)
def unit_features(text: str) -> tuple[str, ...]:
    """The unit model's features of a text (cached: cross-fitting reads the same quotes many times)."""
    reading = read(text)
    d = decide(reading)
    return tuple(features(text, reading, d.stance, d.assessment))


def fit_head(feats: list[list[str]], gold: list[str], labels: tuple[str, ...], l2: float = 1.0,
             epochs: int = 300, rate: float = 0.5, balanced: bool = True) -> Head:
    """Softmax regression by full-batch gradient descent from zero weights (deterministic). With
    `balanced`, each class weighs as much as the others in the loss (contra is the rarest)."""
    vocab = sorted({f for fs in feats for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    cols = [index[f] for fs in feats for f in fs]
    rows = [i for i, fs in enumerate(feats) for _ in fs]
    # sparse: thousands of rows by tens of thousands of words and bigrams, a few dozen set per row
    x = csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(feats), len(vocab)))  # repeats summed
    w, b = fit_dense(x, gold, labels, l2, epochs, rate, balanced)
    return Head(labels, {f: tuple(float(v) for v in w[i]) for f, i in index.items()}, tuple(float(v) for v in b))


def fit_dense(x: np.ndarray, gold: list[str], labels: tuple[str, ...], l2: float, epochs: int = 300,
              rate: float = 0.5, balanced: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The softmax regression of fit_head on a matrix of rows: weights (features × labels) and biases."""
    y = np.eye(len(labels))[[labels.index(g) for g in gold]]
    counts = y.sum(axis=0)
    cw = (len(gold) / (len(labels) * np.maximum(counts, 1))) if balanced else np.ones(len(labels))
    sw = (y * cw).sum(axis=1, keepdims=True)
    n = float(sw.sum())
    w, b = np.zeros((x.shape[1], len(labels))), np.zeros(len(labels))
    for _ in range(epochs):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = sw * (p - y) / n
        w -= rate * (x.T @ g + l2 * w / n)
        b -= rate * g.sum(axis=0)
    return w, b


def _shifted(head: Head, offset: float) -> Head:
    """The head with `offset` added to its neutral bias (a prior shift, not a fitted weight)."""
    return Head(head.labels, head.weights, tuple(b + offset if lab == "neutral" else b
                                                 for lab, b in zip(head.labels, head.bias)))


NEUTRAL_OFFSET = 0.3  # subtracted from the neutral bias of the sentence-trained heads (chosen on dev1-5, models/README.md)


def fit_unit_model(rows: list[tuple[str, dict[str, str]]], neutral_offset: float = NEUTRAL_OFFSET,
                   quotes: list[tuple[str, dict[str, str]]] | None = None, **kw) -> UnitModel:
    """Both heads on the same features. News quotes state a position less plainly than the written
    sentences do, so neutral starts `neutral_offset` lower (a prior shift, not a fitted weight).
    `quotes` (the gold quotes of labelled articles, article_quotes) are added to the stance head's rows
    only, and with news quotes among its rows that head needs no shift (a lower neutral turned written
    reports such as "penyaluran kredit … anjlok" contra): the assessment head learned from them read the
    real articles of dev1 worse (quote assessment 0.806 -> 0.69-0.77), the stance head better."""
    feats = [unit_features(t) for t, _ in rows]
    stance_rows = list(rows) + list(quotes or ())
    stance = fit_head(feats + [unit_features(t) for t, _ in quotes or ()], [lab["stance"] for _, lab in stance_rows],
                      STANCES, **kw)
    return UnitModel(stance if quotes else _shifted(stance, -neutral_offset),
                     _shifted(fit_head(feats, [lab["assessment"] for _, lab in rows], LABELS, **kw), -neutral_offset))


def load_rows(path: Path) -> list[dict]:
    """The records of a JSON-lines file (labelled articles, training rows)."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def save_rows(path: Path, rows: list[dict]) -> None:
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def save(model, out: Path = MODEL_FILE) -> None:
    """A model's JSON (UnitModel, ContextModel, ArticleModel: anything with to_json), keys sorted."""
    Path(out).write_text(json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def _file_quotes(path: Path) -> list[tuple[str, dict[str, str]]]:
    return [(q["quote"], lab) for art in load_rows(path) for q in art.get("quotes") or []
            for lab in (q.get("stance") or {}).values() if lab and q.get("quote")]


def article_quotes(files: tuple[Path, ...], leave_out: str | None = None,
                   read: dict[Path, list] | None = None) -> list[tuple[str, dict[str, str]]]:
    """(quote, {"stance": …, "assessment": …}) per topic label of the gold quotes of labelled articles
    (ANNOTATION.md schema), leaving out the file whose stem is `leave_out`; `read` keeps files read
    before (cross-fitting asks for the same files once per fold)."""
    read = {} if read is None else read
    out = []
    for path in files:
        if path.stem != leave_out:
            if path not in read:
                read[path] = _file_quotes(path)
            out += read[path]
    return out


def sentence_figures(model: UnitModel | None, rows: list[tuple[str, dict[str, str]]]) -> dict:
    from monitor.nlp.stance import decide_text

    res = {}
    for head in ("stance", "assessment"):
        gold = [lab[head] for _, lab in rows]
        res[head] = {"lexicon": macro_f1(list(zip(gold, (getattr(decide(read(t)), head) for t, _ in rows)))),
                     "model": macro_f1(list(zip(gold, (getattr(decide_text(t, model), head) for t, _ in rows))))}
    res["units"] = len(rows)
    return res


def train_unit_model(out: Path | None = MODEL_FILE) -> dict:
    """Report held-out figures of a model fitted without the held-out sentences (dev, quotes_dev and
    a third of quotes2/quotes3), then fit the shipped model on every labelled sentence of TRAIN_FILES
    and save it."""
    quotes = article_quotes(CONTEXT_FILES)
    trial = fit_unit_model(labelled(TRAIN_FILES, "train"), quotes=quotes)
    res = {"held_out (model fitted without them)": {
        "dev": sentence_figures(trial, labelled(("dev",))),
        "quotes_dev": sentence_figures(trial, labelled(("quotes_dev",))),
        "quotes2+3 held-out third": sentence_figures(trial, labelled(HASH_SPLIT_FILES, "dev"))}}
    model = fit_unit_model(labelled(TRAIN_FILES), quotes=quotes)
    if out is not None:
        save(model, out)
    res["shipped model: training units"] = {"sentences": len(labelled(TRAIN_FILES)), "article quotes (stance)": len(quotes)}
    return res


REPO = Path(__file__).resolve().parents[2]
# articles_e and articles_f are left out: with them the model scored lower on the selection sets (quote
# stance summed over dev1, devset8-11: 3.525 without, 3.471 with both; see data/stance/README.md).
# devset16-23 (written in dev1's conventions, scored once each as unseen sets) joined in the tenth pass;
# devset24 and later stay out: reserved to measure the models on articles they never saw. Learning also from
# devset40-47 was tried in the thirteenth pass and not taken: they taught the context model to call officials'
# quotes pro far more often than dev1's real annotators do (models/README.md).
CONTEXT_FILES = tuple(REPO / "bench" / "data" / f"devset{n}.jsonl" for n in range(2, 24)) + tuple(
    DATA_DIR / f"articles_{x}.jsonl" for x in ("b", "c", "d"))
CONTEXT_ROWS = DATA_DIR / "context_rows.jsonl"
QUOTE_L2 = 30.0  # strong: the rows are few and their features overlap (chosen by leave-one-file-out)
EMB_L2, EMB_SCALE = 1.0, 5.0  # the embedding head (chosen on files left out, dev1 and devset8-13)
ASSESS_L2 = 10.0
# Added to the neutral score of a quote's shown assessment: the training files call plans, calls and bare data
# "positive" or "negative" more often than the real annotators of dev1 and the sets labelled to their proportions
# (devset54-57: neutral recall 0.47). Chosen end to end on dev1, devset2-53 and devset54-57 (0.2 / 0.25 / 0.3;
# models/README.md); the article model still reads its quotes without it, as it was fitted.
NEUTRAL_PRIOR = 0.25


def _pack_vec(vec: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vec, dtype="<f2").tobytes()).decode("ascii")


def row_embedding(row: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(row["embedding"]), dtype="<f2").astype(np.float64)


def cross_fitted_unit_models(files: tuple[Path, ...] = CONTEXT_FILES) -> dict[str, UnitModel]:
    """Per labelled article file, a unit model fitted without that file's quotes: the context model must
    learn how far the unit model's labels hold on quotes it never saw, not on its own training quotes."""
    sentences, read = labelled(TRAIN_FILES), {}
    return {p.stem: fit_unit_model(sentences, quotes=article_quotes(CONTEXT_FILES, leave_out=p.stem, read=read))
            for p in files}


def _pipeline_articles(files: tuple[Path, ...]):
    """(file, article, its quotes as the pipeline finds them, sorted, as stance units with their pooled e5
    word states) per labelled article of `files` (ANNOTATION.md schema)."""
    from monitor.nlp.annotate import to_json
    from monitor.nlp.e5 import features
    from monitor.nlp.pipeline import analyse_texts, load_pipeline
    from monitor.nlp.stance_eval import quote_unit
    from monitor.settings import Settings

    nlp = load_pipeline(Settings())
    for path in files:
        arts = load_rows(path)
        for art, analysis in zip(arts, analyse_texts(nlp, ((a["text"], a.get("title") or "") for a in arts))):
            pred = sorted(to_json(art, analysis)["quotes"], key=lambda q: (q["start"], q["end"]))
            text = art["text"]
            doc = nlp.make_doc(text)
            states = features.engine().many([[t.text for t in doc]], EMBEDDING_LAYERS, 254)[0]
            units = []
            for q in pred:
                span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
                emb = states[span.start:span.end].mean(axis=0) if span else np.zeros(features.DIM)
                units.append(replace(quote_unit(text, q["start"], q["end"], q), embedding=emb))
            yield path, art, pred, units


def context_rows(files: tuple[Path, ...] = CONTEXT_FILES, unit_models: dict[str, UnitModel] | None = None) -> list[dict]:
    """Training rows of the context model: one per quote and topic of the pipeline's quotes matched to
    the gold quotes as score.py matches them, where both give the topic; each with the quote's e5 word
    states (layer EMBEDDING_LAYERS, as the NER computes them) pooled over its tokens. A file's unit-model
    labels come from `unit_models[file stem]` where given (cross_fitted_unit_models), else the shipped model."""
    from monitor.nlp.stance import StanceClassifier
    from monitor.nlp.stance_topics import load_topics

    topics = load_topics()
    classifiers: dict[str, StanceClassifier] = {}
    rows = []
    for path, art, pred, units in _pipeline_articles(files):
        if path.stem not in classifiers:
            model = (unit_models or {}).get(path.stem)
            classifiers[path.stem] = StanceClassifier(topics, model=model, context=False)
        feats = classifiers[path.stem].context_features(art["text"], units, art.get("title") or "")
        gold = art.get("quotes") or []
        for i, j in match_quotes([g.get("quote") or "" for g in gold], [q["quote"] for q in pred]):
            for topic, lab in (gold[i].get("stance") or {}).items():
                if lab and j in feats.get(topic, {}):
                    rows.append({"file": path.stem, "id": art["id"], "topic": topic, "features": feats[topic][j],
                                 "stance": lab["stance"], "assessment": lab["assessment"],
                                 "quote": units[j].text, "cue": units[j].cue,
                                 "embedding": _pack_vec(units[j].embedding)})
    return rows


def fit_embedding_head(rows: list[dict]) -> DenseHead:
    x = np.array([row_embedding(r) for r in rows])
    x *= EMB_SCALE / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    w, b = fit_dense(x, [r["assessment"] for r in rows], LABELS, EMB_L2, epochs=400)
    return DenseHead(LABELS, w, b, EMB_SCALE)


def _embedding_head(rows: list[dict], heads: dict) -> DenseHead:
    """The embedding head of `rows` (every row of their files), fitted once per set of files: `heads`
    caches them by that set (leaving files out pair by pair meets each pair twice)."""
    files = frozenset(r["file"] for r in rows)
    if files not in heads:
        heads[files] = fit_embedding_head(rows)
    return heads[files]


FOLDS = 8  # cross-fitting and the figures leave out one fold of files at a time (a fold per file cost N² fits)


@lru_cache(maxsize=None)
def fold_of(name: str) -> int:
    """The stable fold of a labelled file (by the hash of its name; cached: asked once per row per fit)."""
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % FOLDS


def _embedded_out_of_fold(rows: list[dict], heads: dict) -> list[str]:
    """Each row's embedding-head label from a head fitted without its file's fold, so the assessment
    head learns how far to trust that label on quotes it did not see."""
    out = [""] * len(rows)
    for k in sorted({fold_of(r["file"]) for r in rows}):
        head = _embedding_head([r for r in rows if fold_of(r["file"]) != k], heads)
        for i, r in enumerate(rows):
            if fold_of(r["file"]) == k:
                out[i] = head.predict(row_embedding(r))
    return out


def fit_context_model(rows: list[dict], heads: dict | None = None) -> ContextModel:
    """The quote stance head, then the embedding head and the quote assessment head over it, classes
    unweighted: contra is rare in news quotes, and weighting it up made every third quote the context
    model called contra a plain report of trouble (devset16-23 left out, models/README.md). `heads`: a
    cache of embedding heads by set of files (context_figures)."""
    heads = {} if heads is None else heads
    head = fit_head([r["features"] for r in rows], [r["stance"] for r in rows], STANCES, l2=QUOTE_L2,
                    balanced=False)
    embedded = _embedded_out_of_fold(rows, heads)
    assess = fit_head([assessment_features(r["features"], e) for r, e in zip(rows, embedded)],
                      [r["assessment"] for r in rows], LABELS, l2=ASSESS_L2, balanced=False)
    return ContextModel(head, assess, _embedding_head(rows, heads), NEUTRAL_PRIOR)


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    return round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0


def context_figures(rows: list[dict]) -> dict:
    """Macro F1 and accuracy of the context model against the unit model's labels, each fold of files
    (fold_of) read by a model fitted without it."""
    pairs: dict[str, list] = {k: [] for k in ("base", "ctx", "abase", "actx")}
    heads: dict = {}
    for k in sorted({fold_of(r["file"]) for r in rows}):
        model = fit_context_model([r for r in rows if fold_of(r["file"]) != k], heads)
        for r in rows:
            if fold_of(r["file"]) == k:
                pairs["base"].append((r["stance"], feature_label(r["features"], "U:")))
                pairs["ctx"].append((r["stance"], model.quote(r["features"])))
                unit = feature_label(r["features"], "UA:")
                pairs["abase"].append((r["assessment"], unit))
                pairs["actx"].append((r["assessment"], model.assessment(r["features"], row_embedding(r)) or unit))
    return {"quote stance macro F1": {"unit model": macro_f1(pairs["base"]), "context model": macro_f1(pairs["ctx"])},
            "accuracy": {"unit model": _accuracy(pairs["base"]), "context model": _accuracy(pairs["ctx"])},
            "quote assessment macro F1": {"unit model": macro_f1(pairs["abase"]),
                                          "context model": macro_f1(pairs["actx"])},
            "assessment accuracy": {"unit model": _accuracy(pairs["abase"]), "context model": _accuracy(pairs["actx"])},
            "quotes": len(pairs["base"])}


def train_context_model(from_rows: bool = False, out: Path | None = CONTEXT_FILE) -> dict:
    """Rows from the pipeline (or the saved rows), figures with folds of files left out, then the
    shipped model fitted on every row."""
    if from_rows:
        rows = load_rows(CONTEXT_ROWS)
    else:
        rows = context_rows(unit_models=cross_fitted_unit_models())
        save_rows(CONTEXT_ROWS, rows)
    model = fit_context_model(rows)
    if out is not None:
        save(model, out)
    return {"folds of files left out": context_figures(rows), "rows": len(rows)}


ARTICLE_ROWS = DATA_DIR / "article_rows.jsonl"
# The article model learns from the 17 files of the ninth pass: learning also from devset16-21 (dev1's
# conventions) read two of dev1's 13 article assessments wrong for no gain left out elsewhere, and with the
# tenth pass's quote models learning from devset16-23 as well broke two phenomenon tests (models/README.md).
ARTICLE_FILES = CONTEXT_FILES[:14] + CONTEXT_FILES[-3:]
ARTICLE_L2 = 3.0  # chosen by leave-one-file-out over ARTICLE_FILES and devset14-19, and on dev1 (models/README.md)


def article_rows(files: tuple[Path, ...] = ARTICLE_FILES, unit_models: dict[str, UnitModel] | None = None,
                 quote_rows: list[dict] | None = None) -> list[dict]:
    """Training rows of the article model: one per labelled article and topic both the gold and the
    stance layer give, with the article model's features and the rule vote. Each file is read by a unit
    model and a context model fitted without it (`unit_models`: cross_fitted_unit_models, the shipped
    unit model for a file it never saw; the context models are fitted on `quote_rows`, the context
    model's rows, without the file), as an unseen article would be read by the shipped ones."""
    from monitor.nlp.stance import StanceClassifier
    from monitor.nlp.stance_topics import load_topics

    topics = load_topics()
    quote_rows = load_rows(CONTEXT_ROWS) if quote_rows is None else quote_rows
    heads: dict = {}
    classifiers: dict[str, StanceClassifier] = {}
    rows = []
    for path, art, _, units in _pipeline_articles(files):
        if path.stem not in classifiers:
            context = fit_context_model([r for r in quote_rows if r["file"] != path.stem], heads)
            classifiers[path.stem] = StanceClassifier(topics, model=(unit_models or {}).get(path.stem),
                                                      context=context, article=False)
        gold = art.get("stance") or {}
        for topic, (vec, vote) in classifiers[path.stem].article_features(art["text"], units,
                                                                          art.get("title") or "").items():
            if gold.get(topic):
                rows.append({"file": path.stem, "id": art["id"], "topic": topic,
                             "features": [round(float(v), 6) for v in vec], "stance": gold[topic]["stance"],
                             "assessment": gold[topic]["assessment"], "vote": [vote.stance, vote.assessment]})
    return rows


def fit_article_model(rows: list[dict], names: tuple[str, ...]) -> ArticleModel:
    """The assessment head; classes unweighted (balanced weights made every third real article of dev1
    neutral where its gold is positive)."""
    x = np.array([r["features"] for r in rows], dtype=np.float64)
    w, b = fit_dense(x, [r["assessment"] for r in rows], LABELS, ARTICLE_L2, epochs=2000, balanced=False)
    return ArticleModel(names, LinearHead(LABELS, w, b))


def article_figures(rows: list[dict], names: tuple[str, ...]) -> dict:
    """Leave-one-file-out macro F1 and accuracy of the article model's assessment against the rule vote's,
    and the vote's stance (which the article keeps)."""
    vote = [(r["stance"], r["vote"][0]) for r in rows]
    pairs: dict[str, list] = {"vote": [], "model": []}
    for name in sorted({r["file"] for r in rows}):
        model = fit_article_model([r for r in rows if r["file"] != name], names)
        for r in rows:
            if r["file"] == name:
                pairs["vote"].append((r["assessment"], r["vote"][1]))
                pairs["model"].append((r["assessment"], model.decide(r["features"])))
    return {"article stance macro F1 / accuracy (the rule vote)": [macro_f1(vote), _accuracy(vote)],
            "article assessment macro F1 / accuracy": {
                "rule vote": [macro_f1(pairs["vote"]), _accuracy(pairs["vote"])],
                "article model": [macro_f1(pairs["model"]), _accuracy(pairs["model"])]},
            "articles": len({(r["file"], r["id"]) for r in rows}), "pairs": len(rows)}


def train_article_model(from_rows: bool = False, out: Path | None = ARTICLE_FILE) -> dict:
    """Rows from the pipeline (or the saved rows), leave-one-file-out figures, then the shipped model
    fitted on every row. Needs the context model's rows (`--context-model` first)."""
    from monitor.nlp.stance_topics import load_topics

    names = tuple(feature_names([t.id for t in load_topics()]))
    if from_rows:
        rows = load_rows(ARTICLE_ROWS)
    else:
        rows = article_rows(unit_models=cross_fitted_unit_models(ARTICLE_FILES))
        save_rows(ARTICLE_ROWS, rows)
    model = fit_article_model(rows, names)
    if out is not None:
        save(model, out)
    return {"leave one file out": article_figures(rows, names)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unit-model", action="store_true", help="train and save the shipped per-unit stance model")
    ap.add_argument("--context-model", action="store_true", help="train and save the quote context model")
    ap.add_argument("--article-model", action="store_true", help="train and save the article model")
    ap.add_argument("--from-rows", action="store_true", help="with --context-model or --article-model: refit "
                                                              "from the saved rows")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    if args.article_model:
        print(json.dumps(train_article_model(args.from_rows, args.out or ARTICLE_FILE), indent=1))
        return
    if args.context_model:
        print(json.dumps(train_context_model(args.from_rows, args.out or CONTEXT_FILE), indent=1))
        return
    if args.unit_model:
        print(json.dumps(train_unit_model(args.out or MODEL_FILE), indent=1))
        return
    print(json.dumps(train_stance(args.out, args.epochs), indent=1))


if __name__ == "__main__":
    main()
