"""An article's text as runs of marked spans: entities, quotes, figures and stance evidence, overlapping freely.

Every boundary of every span cuts the text; each run between two cuts carries the set of marks covering
it, so nesting (a figure inside a quote) needs no special case. Evidence phrases are found by position
(case-insensitive), since stance rows store the words, not offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    text: str
    marks: frozenset[str]  # entity, quote, figure, evidence
    quote: int | None = None  # the quote's index, to link the run to its speaker


def evidence_spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    out = []
    for p in {p.strip() for p in phrases if p and p.strip()}:
        out += [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text, re.IGNORECASE)]
    return out


def runs(text: str, spans: list[tuple[int, int, str, int | None]]) -> list[Run]:
    """Cut `text` at every (start, end, mark, quote index) boundary; spans outside the text are dropped."""
    n = len(text)
    good = [(s, e, m, q) for s, e, m, q in spans if 0 <= s < e <= n]
    cuts = sorted({0, n, *(s for s, *_ in good), *(e for _, e, *_ in good)})
    out: list[Run] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [(m, q) for s, e, m, q in good if s <= a and b <= e]
        quote = next((q for m, q in active if m == "quote"), None)
        out.append(Run(text[a:b], frozenset(m for m, _ in active), quote))
    return out
