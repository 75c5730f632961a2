"""Extraction speed: monitor's extraction against bare trafilatura.extract on the same saved pages.

    .venv/bin/python bench/extract.py [--pages ../shared/data/real-pages-dev] [--rounds 5]

"ours" is the work of `monitor extract` on a saved page (decode, parse, metadata, time rules, body,
language detection) without the process start; "trafilatura" is `trafilatura.extract(html)` with its
defaults on the same decoded text. Both run in this process, interleaved round by round, so machine
load falls on both alike; the figure per side is its best round. Target: ours <= 1.5x trafilatura's time.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import trafilatura

from monitor.errors import Skip
from monitor.extract.article import decode_html, extract_page
from monitor.extract.language import detect_language
from monitor.extract.outlets import load_rules, rules_for


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/real-pages-dev")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    gold = [json.loads(line) for line in (args.pages / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = [((args.pages / g["case"]).read_bytes(), g["url"]) for g in gold]
    rules = load_rules()
    detect_language("Pemerintah menyalurkan kredit usaha rakyat kepada pelaku usaha mikro di desa.")  # load lingua once

    def ours() -> None:
        for body, url in pages:
            try:
                art = extract_page(decode_html(body, None), url, rules=rules_for(url, rules))
                detect_language(art.text)
            except Skip:
                pass

    texts = [body.decode("utf-8", errors="replace") for body, _ in pages]

    def bare() -> None:
        for html in texts:
            trafilatura.extract(html)

    best = {"ours": float("inf"), "trafilatura": float("inf")}
    for _ in range(args.rounds):
        for name, fn in (("ours", ours), ("trafilatura", bare)):
            t0 = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - t0)
    n = len(pages)
    print(f"pages={n} rounds={args.rounds} (best round, CPU time of this process)")
    for name in ("ours", "trafilatura"):
        print(f"{name:12s} {best[name]:.3f} s  {n / best[name]:.1f} pages/s")
    print(f"ratio ours/trafilatura = {best['ours'] / best['trafilatura']:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
