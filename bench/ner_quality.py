#!/usr/bin/env python3
"""The shipped NER, whole pipeline, on the three public test splits, against the model card's figures.

Runs ../shared/eval/ner_bench.py (the held-out scorer) through `monitor annotate` on NER-UI test.01,
NER-UGM test.01 and NERGrit test, and prints each F1 beside 0.2.0's (0.881 / 0.777 / 0.741) and the
allowed drop (0.01). Run it after any change to monitor_entities or the name-run rules: the rules sit
after the model, so a rule written for news articles can quietly undo the model on these sentences
(one round lost 0.05 on NER-UGM that way).

    python bench/ner_quality.py [--data ../shared/data] [--eval ../shared/eval]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

SETS = (("NER-UI test.01", "indolem-nerui/test.01.tsv", "micro", 0.881),
        ("NER-UGM test.01", "indolem-nerugm/test.01.tsv", "micro", 0.777),
        ("NERGrit test", "indonlu-nergrit/test_preprocess.txt", "type-macro", 0.741))
ALLOWED_DROP = 0.01


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=here.parent / "shared" / "data")
    ap.add_argument("--eval", type=Path, default=here.parent / "shared" / "eval")
    a = ap.parse_args()
    monitor = shutil.which("monitor") or str(Path(sys.executable).parent / "monitor")
    worst = 0.0
    for name, rel, kind, ref in SETS:
        out = subprocess.run([sys.executable, str(a.eval / "ner_bench.py"), str(a.data / rel), "--",
                              monitor, "annotate", "{in}", "-o", "{out}"], capture_output=True, text=True, check=True).stdout
        micro = float(re.search(r"micro P [\d.]+ R [\d.]+ F1 ([\d.]+)", out).group(1))
        macro = float(re.search(r"type-macro F1 ([\d.]+)", out).group(1))
        f1 = micro if kind == "micro" else macro
        worst = min(worst, f1 - ref)
        labels = re.search(r"per label F1 (.*)", out).group(1).strip()
        print(f"{name:17} {kind:10} F1 {f1:.3f}  (0.2.0: {ref:.3f}, {f1 - ref:+.3f})  {labels}")
    verdict = "within" if worst >= -ALLOWED_DROP else "NOT within"
    print(f"largest drop {-min(worst, 0):.3f}: {verdict} {ALLOWED_DROP} of 0.2.0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
