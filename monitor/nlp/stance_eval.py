"""Measure the stance classifier: on the labelled sentences in data/stance/,
and on annotated articles (ANNOTATION.md schema) with their gold quotes, so
that quote-level stance is measured apart from quote extraction.

    python -m monitor.nlp.stance_eval sentences [--split dev|train|quotes_dev|quotes_train]
    python -m monitor.nlp.stance_eval articles GOLD.jsonl -o PRED.jsonl   # then score.py GOLD PRED
    python -m monitor.nlp.stance_eval restance ANNOTATED.jsonl -o PRED.jsonl  # stance layer only

`restance` re-runs only the stance layer on stored `monitor annotate` output (its quotes' offsets and
the title), leaving entities, quotes and figures as they are: seconds instead of a full annotate run
while the lexicon or the model changes.

Both take --transformers-model DIR to measure the transformers backend instead.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from monitor.nlp.stance import Backend, StanceClassifier, Unit, decide_text
from monitor.nlp.stance import quote_unit as _unit
from monitor.nlp.stance_model import load_model
from monitor.nlp.stance_topics import Topic, load_topics
from monitor.types import TopicLabel

DATA_DIR = Path(__file__).parent / "data" / "stance"


def load_sentences(split: str = "dev", data_dir: Path = DATA_DIR) -> list[dict]:
    with open(data_dir / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def macro_f1(pairs: Sequence[tuple[str, str]]) -> float:
    """Mean F1 over the gold labels (as score.py computes it)."""
    labels = sorted({g for g, _ in pairs})
    total = 0.0
    for lab in labels:
        tp = sum(g == p == lab for g, p in pairs)
        npred = sum(p == lab for _, p in pairs)
        ngold = sum(g == lab for g, _ in pairs)
        prec, rec = (tp / npred if npred else 0.0), (tp / ngold if ngold else 0.0)
        total += 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return round(total / len(labels), 4) if labels else 0.0


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").casefold())


def _overlap(a: str, b: str) -> float:
    """Token-overlap F1 of two quote texts (score.py's matching measure)."""
    ta, tb = _tokens(a), _tokens(b)
    common = sum((Counter(ta) & Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(tb), common / len(ta)
    return 2 * p * r / (p + r)


def match_quotes(gold: list[str], pred: list[str]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs as score.py matches quotes: overlap F1 >= 0.5, best first."""
    cand = sorted(((_overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, i, j in cand:
        if score < 0.5 or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j))
    return out


def score_sentences(rows: Iterable[dict], topics: Sequence[Topic] | None = None,
                    backend: Backend | None = None) -> dict:
    """Topic F1 over sentences, stance/assessment macro F1 where gold and prediction share a topic."""
    topics = topics or load_topics()
    tp = npred = ngold = 0
    st, asm = [], []
    for row in rows:
        gold = row.get("labels") or {}
        found = {t.id for t in topics if t.matches(row["text"])}
        ngold += len(gold)
        npred += len(found)
        for topic, lab in gold.items():
            if backend is not None:
                d = backend.decide([row["text"]], next(t for t in topics if t.id == topic))[0]
            else:
                d = decide_text(row["text"], load_model())
            if topic in found:
                tp += 1
            # stance is judged on every gold topic, as if topic detection were right
            st.append((lab["stance"], d.stance))
            asm.append((lab["assessment"], d.assessment))
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"topic_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "topic_precision": round(p, 4),
            "topic_recall": round(r, 4), "stance_macro_f1": macro_f1(st), "assessment_macro_f1": macro_f1(asm),
            "stance_accuracy": round(sum(g == q for g, q in st) / len(st), 4) if st else 0.0,
            "assessment_accuracy": round(sum(g == q for g, q in asm) / len(asm), 4) if asm else 0.0,
            "stance_confusion": dict(Counter(f"{g}>{q}" for g, q in st)),
            "assessment_confusion": dict(Counter(f"{g}>{q}" for g, q in asm)), "labelled": len(st)}


def _label_json(labels: Iterable[TopicLabel]) -> dict | None:
    out = {t.topic: {"stance": t.stance, "assessment": t.assessment, "score": t.score, "evidence": list(t.evidence)}
           for t in labels}
    return out or None


def quote_unit(text: str, start: int, end: int, quote: dict) -> Unit:
    """A stance unit for a stored quote (ANNOTATION.md or `monitor annotate` fields)."""
    return _unit(text, start, end, quote.get("kind"), quote.get("speaker"),
                 quote.get("speaker_role") or quote.get("role"), quote.get("speaker_org") or quote.get("org"),
                 quote.get("cue"))


def _gold_quote_units(article: dict) -> list[Unit]:
    """Gold quotes located in the text (first occurrence after the previous one)."""
    text, units, at = article["text"], [], 0
    for q in article.get("quotes") or []:
        quote = (q.get("quote") or "").strip()
        pos = text.find(quote, at)
        if pos < 0:
            pos = text.find(quote)
        if pos < 0:
            pos, quote = at, ""
        units.append(quote_unit(text, pos, pos + len(quote), q))
        at = pos + len(quote) if quote else at
    return units


def predict_articles(articles: Iterable[dict], classifier: StanceClassifier | None = None) -> Iterable[dict]:
    """Prediction lines (id, stance, quotes with stance) using each article's gold quotes."""
    classifier = classifier or StanceClassifier(load_topics())
    for art in articles:
        units = _gold_quote_units(art)
        order = sorted(range(len(units)), key=lambda i: (units[i].start, units[i].end))
        result = classifier(art["text"], [units[i] for i in order], art.get("title") or "")
        per_quote: list[dict | None] = [None] * len(units)
        for rank, i in enumerate(order):
            per_quote[i] = _label_json(result.quotes[rank])
        quotes = [{"quote": q.get("quote"), "speaker": q.get("speaker"), "stance": per_quote[i]}
                  for i, q in enumerate(art.get("quotes") or [])]
        stance = {t.id: None for t in classifier.topics}
        stance.update(_label_json(result.article) or {})
        yield {"id": art["id"], "stance": stance, "quotes": quotes}


def restance(lines: Iterable[dict], classifier: StanceClassifier | None = None) -> Iterable[dict]:
    """Stored `monitor annotate` lines with their article and quote stance decided again (the same
    call the pipeline makes: quote units from the stored offsets, sorted by start, and the title)."""
    classifier = classifier or StanceClassifier(load_topics())
    for line in lines:
        text, quotes = line["text"], line.get("quotes") or []
        units = [quote_unit(text, q["start"], q["end"], q) for q in quotes]
        order = sorted(range(len(units)), key=lambda i: (units[i].start, units[i].end))
        result = classifier(text, [units[i] for i in order], line.get("title") or "")
        out = dict(line)
        out["quotes"] = [dict(q) for q in quotes]
        for rank, i in enumerate(order):
            labels = {t.topic: {"stance": t.stance, "assessment": t.assessment, "score": round(t.score, 4),
                                "evidence": list(t.evidence)} for t in result.quotes[rank]}
            out["quotes"][i]["stance"] = labels or None
        stance = {t.id: None for t in classifier.topics}
        stance.update({t.topic: {"stance": t.stance, "assessment": t.assessment, "score": round(t.score, 4),
                                 "evidence": list(t.evidence)} for t in result.article})
        out["stance"] = stance
        yield out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sentences")
    s.add_argument("--split", default="dev", choices=("train", "dev", "quotes_train", "quotes_dev", "quotes2", "quotes3"))
    a = sub.add_parser("articles")
    a.add_argument("gold")
    a.add_argument("-o", "--output", required=True)
    r = sub.add_parser("restance")
    r.add_argument("annotated")
    r.add_argument("-o", "--output", required=True)
    for p in (s, a, r):
        p.add_argument("--transformers-model", type=Path, help="local model directory for the hf backend")
    args = ap.parse_args(argv)
    backend = None
    if args.transformers_model:
        from monitor.nlp.hf import NLIBackend

        backend = NLIBackend(args.transformers_model)
    if args.cmd == "sentences":
        print(json.dumps(score_sentences(load_sentences(args.split), backend=backend), ensure_ascii=False, indent=1))
        return
    with open(args.gold if args.cmd == "articles" else args.annotated, encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh if line.strip()]
    run = predict_articles if args.cmd == "articles" else restance
    with open(args.output, "w", encoding="utf-8") as out:
        for line in run(articles, StanceClassifier(load_topics(), backend)):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
