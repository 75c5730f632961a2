"""Topics as data: load topics.yaml (or the user's file) and find topic mentions.

Kept apart from the stance rules so that a user can add a topic in YAML alone:
everything a topic needs (terms, co-occurrence pairs, threshold, NLI
hypotheses) lives in the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from monitor import yamlfile

DEFAULT_TOPICS_FILE = Path(__file__).parent / "topics.yaml"


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    terms: re.Pattern | None
    pairs: tuple[tuple[re.Pattern, re.Pattern], ...] = ()
    min_score: float = 2.0
    hypotheses: dict[str, str] = field(default_factory=dict)
    ignore: re.Pattern | None = None
    anchors: re.Pattern | None = None  # lower-case literals one of which every match contains

    def matches(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the topic's key terms in one sentence or quote."""
        if self.anchors is not None:  # most sentences name no term: skip the patterns (same result)
            if self.anchors.search(text.lower()) is None:
                return []
        if self.ignore is not None:  # blank out names, keeping offsets
            text = self.ignore.sub(lambda m: " " * len(m.group()), text)
        spans = [m.span() for m in self.terms.finditer(text)] if self.terms else []
        for terms, partners in self.pairs:
            if partners.search(text):
                spans += [m.span() for m in terms.finditer(text)]
        return sorted(set(spans))


def _pattern(terms: list[str]) -> re.Pattern | None:
    """One case-insensitive alternation, longest first, on word boundaries ("re:" = a raw regex)."""
    alts = []
    for term in sorted({str(t).strip() for t in terms if str(t).strip()}, key=len, reverse=True):
        if term.startswith("re:"):
            alts.append(term[3:])
        elif term.endswith("*"):
            alts.append(re.escape(term[:-1]) + r"\w*")
        else:
            alts.append(re.escape(term))
    if not alts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _anchors(term_lists: list[list]) -> re.Pattern | None:
    """A pattern of the literals one of which every match of these terms contains (a term, or a prefix term's
    stem), lower-cased, none holding another ("umkm" stands for "produk umkm"): a sentence without one is
    skipped at the cost of one search. None when a raw pattern ("re:") has no such literal."""
    out = set()
    for terms in term_lists:
        for term in (str(t).strip() for t in terms or []):
            if not term:
                continue
            if term.startswith("re:"):
                return None
            out.add((term[:-1] if term.endswith("*") else term).lower())
    if not out or not all(out):
        return None
    least = sorted(a for a in out if not any(b != a and b in a for b in out))
    return re.compile("|".join(map(re.escape, least)))


def _topic(raw: dict, ignore: re.Pattern | None = None) -> Topic:
    if not raw.get("id"):
        raise ValueError(f"topic without id: {raw!r}")
    pairs = []
    for pair in raw.get("pairs") or []:
        terms, partners = _pattern(pair.get("terms") or []), _pattern(pair.get("with") or [])
        if terms and partners:
            pairs.append((terms, partners))
    return Topic(id=str(raw["id"]), name=str(raw.get("name") or raw["id"]),
                 description=str(raw.get("description") or ""), terms=_pattern(raw.get("terms") or []),
                 pairs=tuple(pairs), min_score=float(raw.get("min_score", 2.0)),
                 hypotheses={str(k): str(v) for k, v in (raw.get("hypotheses") or {}).items()},
                 ignore=ignore,
                 anchors=_anchors([raw.get("terms") or []] + [pair.get("terms") or [] for pair in raw.get("pairs") or []]))


@lru_cache(maxsize=8)
def load_topics(path: str | Path | None = None) -> tuple[Topic, ...]:
    """Topics from `path`, or the packaged topics.yaml when None."""
    data = yamlfile.read(Path(path or DEFAULT_TOPICS_FILE)) or {}
    ignore = _pattern(data.get("ignore") or [])
    topics = tuple(_topic(t, ignore) for t in data.get("topics") or [])
    if len({t.id for t in topics}) != len(topics):
        raise ValueError(f"duplicate topic ids in {path or DEFAULT_TOPICS_FILE}")
    return topics
