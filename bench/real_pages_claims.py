"""Who-said-what on real pages: shapes of monitor's entities and speakers that are wrong whatever the gold.

    .venv/bin/python bench/real_pages_claims.py [--pages ../shared/data/real-pages-dev] [--show]
    .venv/bin/python bench/real_pages_claims.py --annotated OUT.jsonl   # an earlier `monitor annotate` output

The saved pages of ../shared/data/real-pages-dev (real outlets' layouts and copy, no claim gold) are
extracted as the pipeline would and read by the default pipeline. Counted, per kind of defect:
- entity crossing a sentence or paragraph ("Church. Polisi lokal", "University.\\n\\nDalam");
- entity ending on a bracket, comma or full stop ("Pengadilan Negeri (");
- person (entity or speaker) starting with a rank or honorific or ending in a degree ("Kompol Widya …",
  "… SpPD-KEMD");
- role or organisation ending in a rank or a comma ("… Polres Lhokseumawe AKP", "… Polda Lampung,");
- speaker that is a term of office or keeps an adverb ("pihak memang").
A defect is a shape no annotator would accept, so the counts need no gold; they do not measure recall.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from monitor.errors import Skip
from monitor.extract.article import decode_html, extract_page
from monitor.extract.outlets import load_rules, rules_for
from monitor.nlp.quote_speakers import degree, lexicon

_CROSS = re.compile(r"\n|[a-z]{2}[.!?]\s+[A-Z]")


def defects(art: dict) -> list[tuple[str, str]]:
    """(kind, shown text) of each defect in one annotated article (an `monitor annotate` line)."""
    lex, out = lexicon(), []

    def person(name: str | None, what: str) -> None:
        toks = (name or "").split()
        if len(toks) > 1 and toks[0].lower().rstrip(".") in lex.ranks:
            out.append((f"{what} starts with a rank or honorific", name))
        if len(toks) > 1 and degree(toks[-1]):
            out.append((f"{what} ends in a degree", name))

    for e in art["entities"]:
        if _CROSS.search(e["text"]):
            out.append(("entity crosses a sentence or paragraph", e["text"]))
        if e["text"][-1:] in "(,;:.-" and not re.search(r"\b[A-Z][a-z]?\.$|Tbk\.$", e["text"]):
            out.append(("entity ends on punctuation", e["text"]))
        if e["label"] == "PER":
            person(e["text"], "person entity")
    for q in art["quotes"]:
        person(q["speaker"], "speaker")
        for field in ("speaker_role", "speaker_org"):
            v = q.get(field) or ""
            if v.endswith(",") or (len(v.split()) > 1 and v.split()[-1].lower().rstrip(".") in lex.ranks):
                out.append((f"{field} ends in a rank or comma", v))
        sp = (q["speaker"] or "").split()
        if sp and (sp[-1].lower() in lex.adverbs or "periode" in sp):
            out.append(("speaker keeps an adverb or a term", q["speaker"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/real-pages-dev")
    ap.add_argument("--show", action="store_true", help="print every defect")
    ap.add_argument("--annotated", type=Path, help="count the defects of this `monitor annotate` output instead")
    args = ap.parse_args()
    if args.annotated:
        report([json.loads(x) for x in args.annotated.read_text(encoding="utf-8").splitlines() if x.strip()], args.show)
        return
    from monitor.nlp.annotate import to_json
    from monitor.nlp.pipeline import analyse_texts, load_pipeline
    from monitor.settings import Settings

    gold = [json.loads(line) for line in (args.pages / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rules, arts = load_rules(), []
    for g in gold:
        if g.get("lang") != "id":
            continue
        try:
            page = extract_page(decode_html((args.pages / g["case"]).read_bytes(), None), g["url"],
                                rules=rules_for(g["url"], rules))
        except Skip:
            continue
        arts.append({"id": g["case"], "title": page.title or "", "text": page.text})
    nlp = load_pipeline(Settings())
    report([to_json(a, an) for a, an in zip(arts, analyse_texts(nlp, ((a["text"], a["title"]) for a in arts)))], args.show)


def report(lines: list[dict], show: bool) -> None:
    found: dict[str, list[str]] = {}
    for line in lines:
        for kind, shown in defects(line):
            found.setdefault(kind, []).append(f"{line['id']}: {shown!r}")
    n_ent = sum(len(x["entities"]) for x in lines)
    n_q = sum(len(x["quotes"]) for x in lines)
    print(f"pages={len(lines)} entities={n_ent} quotes={n_q} defects={sum(map(len, found.values()))}")
    for kind, items in sorted(found.items()):
        print(f"  {kind}: {len(items)}")
        if show:
            for it in items:
                print(f"      {it}")


if __name__ == "__main__":
    main()
