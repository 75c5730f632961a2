#!/usr/bin/env python3
"""Per-class stance and assessment figures (precision, recall, F1 per label; contra recall) of a
prediction file against a gold file, both in the ANNOTATION.md schema. Articles are matched by id;
quotes as score.py matches them (token-overlap F1 >= 0.5, best pairs first).

    python bench/stance_classes.py GOLD.jsonl PRED.jsonl
"""
from __future__ import annotations

import json
import sys

from monitor.nlp.stance_eval import match_quotes  # score.py's quote matching

TOPICS = ("umkm_partnership", "financial_inclusion")


def pairs(gold: dict, pred: dict) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"article stance": [], "article assessment": [],
                                             "quote stance": [], "quote assessment": []}
    for aid, g in gold.items():
        p = pred.get(aid, {})
        for t in TOPICS:
            gv, pv = (g.get("stance") or {}).get(t), (p.get("stance") or {}).get(t)
            if gv and pv:
                out["article stance"].append((gv["stance"], pv["stance"]))
                out["article assessment"].append((gv["assessment"], pv["assessment"]))
        gq, pq = g.get("quotes") or [], p.get("quotes") or []
        for i, j in match_quotes([a.get("quote") or "" for a in gq], [b.get("quote") or "" for b in pq]):
            for t in TOPICS:
                gv, pv = (gq[i].get("stance") or {}).get(t), (pq[j].get("stance") or {}).get(t)
                if gv and pv:
                    out["quote stance"].append((gv["stance"], pv["stance"]))
                    out["quote assessment"].append((gv["assessment"], pv["assessment"]))
    return out


def per_class(ps: list[tuple[str, str]]) -> dict[str, dict]:
    res = {}
    for lab in sorted({g for g, _ in ps}):
        tp = sum(g == p == lab for g, p in ps)
        npred, ngold = sum(p == lab for _, p in ps), sum(g == lab for g, _ in ps)
        pr, rc = (tp / npred if npred else 0.0), tp / ngold
        res[lab] = {"precision": round(pr, 3), "recall": round(rc, 3),
                    "f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0, "gold": ngold}
    return res


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return {str(o["id"]): o for o in map(json.loads, filter(str.strip, fh))}


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: stance_classes.py GOLD.jsonl PRED.jsonl")
    for name, ps in pairs(load(sys.argv[1]), load(sys.argv[2])).items():
        cls = per_class(ps)
        line = "  ".join(f"{lab} P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f} (n={v['gold']})"
                         for lab, v in cls.items())
        print(f"{name:<19} {line}")


if __name__ == "__main__":
    main()
