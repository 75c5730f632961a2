"""Read stance and assessment cues in one sentence or quote, negation included.

The cues live in data/stance/lexicon.yaml so that an analyst can see (and
change) why a label was given; this module only applies them: longest hedges
first, then single words, each checked for a negator a few words before it in
the same clause ("tidak meningkat" → negative, "tidak mendukung" → contra),
and harm words next to a fight-the-harm verb ("melawan rentenir") read as a
push for the goal, not against it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from monitor import yamlfile

LEXICON_FILE = Path(__file__).parent / "data" / "stance" / "lexicon.yaml"
KINDS = ("pro", "contra", "positive", "negative")
CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|[.!?](?=\s)|\b(?:namun|tetapi|tapi|sedangkan|padahal|meski|meskipun|walaupun|sementara)\b", re.I)
WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Cue:
    kind: str  # pro, contra, positive, negative
    weight: float
    start: int  # offsets into the text read
    end: int
    text: str


@dataclass(frozen=True)
class Reading:
    """Summed cue weights of one text, with the cues that gave them."""
    cues: tuple[Cue, ...] = ()

    def total(self, kind: str) -> float:
        return sum(c.weight for c in self.cues if c.kind == kind)


@dataclass(frozen=True)
class _Group:
    kind: str
    weight: float
    pattern: re.Pattern
    negated: tuple[str, float] | None
    also: tuple[str, float] | None
    fightable: bool = False  # a fight-the-harm verb nearby makes the cue pro
    rejects_subject: bool = False  # a verdict on what precedes it ("X bukan pilihan yang bijak")
    # a cheap test first: the pattern can match only where one of these words (or a word with one
    # of these prefixes, for "word*" terms) occurs; None for groups with raw regular expressions
    first_words: frozenset[str] | None = None
    prefixes: tuple[str, ...] = ()

    def may_match(self, words: frozenset[str]) -> bool:
        if self.first_words is None or words & self.first_words:
            return True
        return any(w.startswith(self.prefixes) for w in words) if self.prefixes else False


@dataclass(frozen=True)
class Lexicon:
    groups: tuple[_Group, ...]
    negators: frozenset[str]
    not_negation: re.Pattern | None
    counter_harm: re.Pattern | None
    irrealis: frozenset[str] = frozenset()
    bad_things: re.Pattern | None = None
    up_words: frozenset[str] = frozenset()
    down_words: frozenset[str] = frozenset()


_STOP = re.compile(r"[.!?]\s")


def _alternation(terms: list[str]) -> str:
    alts = []
    for term in sorted({str(t) for t in terms}, key=len, reverse=True):
        if term.startswith("re:"):
            alts.append(term[3:])
        elif term.endswith("*"):
            alts.append(re.escape(term[:-1]) + r"[\w-]*")
        else:
            alts.append(re.escape(term).replace(r"\ ", r"\s+"))
    return r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"


_LEAD_WORD = re.compile(r"([a-z]+)(?=$|[\\(\\s])", re.I)  # a word, then the end, a space or a group
_LOOKBEHIND = re.compile(r"\(\?<[!=][^()]*\)")


def _regex_first_words(rx: str) -> set[str] | None:
    """The words a raw term must start with ("(?:a|b c)…" or "word…"); None when that cannot be
    told from its text (an optional or repeated first part, a character class)."""
    rx = _LOOKBEHIND.sub("", rx.removeprefix(r"\b"), count=1) if rx.startswith(("(?<", r"\b")) else rx
    if rx.startswith("(?:"):
        depth = 0
        for i, ch in enumerate(rx):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        if depth or rx[i + 1:i + 2] in ("?", "*", "{", "+"):
            return None
        body, alts, depth, start = rx[3:i], [], 0, 0
        for j, ch in enumerate(body):
            depth += ch == "("
            depth -= ch == ")"
            if ch == "|" and depth == 0:
                alts.append(body[start:j])
                start = j + 1
        alts.append(body[start:])
        lead = [_LEAD_WORD.match(a) for a in alts]
        return {m.group(1).lower() for m in lead} if all(lead) else None
    m = _LEAD_WORD.match(rx)
    return {m.group(1).lower()} if m else None


def _first_words(terms: list) -> tuple[frozenset[str] | None, tuple[str, ...]]:
    """The first words of the terms and the stems of "word*" terms (None: a raw regular
    expression whose first word cannot be told is there)."""
    words, prefixes = set(), []
    for term in map(str, terms):
        if term.startswith("re:"):
            lead = _regex_first_words(term[3:])
            if lead is None:
                return None, ()
            words |= lead
            continue
        first = term.split()[0].lower()
        if term.endswith("*") and " " not in term:
            prefixes.append(first[:-1])
        else:
            words.add(first)
    return frozenset(words), tuple(prefixes)


def _pair(raw: dict | None) -> tuple[str, float] | None:
    return (raw["kind"], float(raw["weight"])) if raw else None


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    data = yamlfile.load(Path(path or LEXICON_FILE).read_text(encoding="utf-8"))
    groups = []
    for g in data["groups"]:
        if g["kind"] not in KINDS:
            raise ValueError(f"unknown cue kind {g['kind']!r}")
        groups.append(_Group(g["kind"], float(g["weight"]), re.compile(_alternation(g["terms"]), re.I),
                             _pair(g.get("negated")), _pair(g.get("also")),
                             bool(g.get("fightable")), bool(g.get("rejects_subject")), *_first_words(g["terms"])))
    nn = data.get("not_negation") or []
    ch = data.get("counter_harm") or []
    return Lexicon(tuple(groups), frozenset(w.lower() for w in data.get("negators") or []),
                   re.compile(_alternation(nn), re.I) if nn else None,
                   re.compile(_alternation(ch), re.I) if ch else None,
                   frozenset(w.lower() for w in data.get("irrealis") or []),
                   re.compile(_alternation(data["bad_things"]), re.I) if data.get("bad_things") else None,
                   frozenset(w.lower() for w in data.get("up_words") or []),
                   frozenset(w.lower() for w in data.get("down_words") or []))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a cue: from the last break before it to the next one after it."""
    left = 0
    for m in CLAUSE_BREAK.finditer(text, 0, start):
        left = m.end()
    m = CLAUSE_BREAK.search(text, end)
    return left, (m.start() if m else len(text))


def _negator(lex: Lexicon, text: str, start: int, words: frozenset[str] | None = None, span: int = 3) -> int | None:
    """Offset of a negator (or other marker word) among the `span` words before `start`, within the clause."""
    left, _ = _clause(text, start, start)
    before = text[left:start]
    for m in [m for m in WORD.finditer(before)][-span:]:
        if m.group().lower() in (lex.negators if words is None else words):
            at = left + m.start()
            if lex.not_negation and lex.not_negation.match(text, at):
                continue
            return at
    return None


def _in_name(text: str, start: int) -> bool:
    """A capitalised cue after a capitalised word is part of a name or title
    ("Kepala Bidang Pemberdayaan", "Tim Percepatan Akses Keuangan"), not a cue."""
    if not text[start:start + 1].isupper():
        return False
    prev = re.search(r"([\w-]+)\W*$", text[:start])
    return bool(prev) and prev.group(1)[:1].isupper() and not re.search(r"[.!?\"“”]\s*$", text[:start])


def _bad_thing_before(lex: Lexicon, text: str, start: int, span: int = 6) -> bool:
    """A bad thing ("kredit macet", "tunggakan") among the words just before a change word, same clause."""
    if lex.bad_things is None:
        return False
    left, _ = _clause(text, start, start)
    words = list(WORD.finditer(text, left, start))[-span:]
    return bool(words) and lex.bad_things.search(text, words[0].start(), start) is not None


def read(text: str, lexicon: Lexicon | None = None) -> Reading:
    """All cues in `text`, after negation and fight-the-harm handling."""
    lex = lexicon or load_lexicon()
    taken: list[tuple[int, int]] = []
    relief: list[tuple[int, int]] = []  # positive cues that hold their own negator ("tidak perlu lagi")
    rejected: list[tuple[int, int]] = []  # clause parts judged by a verdict after them
    cues: list[Cue] = []
    flipped: list[tuple[int, int]] = []  # clauses where a bad thing's change was judged
    words = frozenset(w.lower() for w in WORD.findall(text))
    for group in lex.groups:
        if not group.may_match(words):
            continue
        for m in group.pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken) or _in_name(text, s):
                continue
            taken.append((s, e))
            kind, weight = group.kind, group.weight
            neg = _negator(lex, text, s) if group.negated else None
            if neg is not None and any(a <= neg < b for a, b in relief):
                neg = None  # that negator was read with the relief cue: "tidak perlu lagi naik kapal"
            if neg is not None:
                kind, weight = group.negated
                s = neg
            word = m.group().lower()
            if kind in ("positive", "negative") and (word in lex.up_words or word in lex.down_words) \
                    and _bad_thing_before(lex, text, s):
                kind = "negative" if word in lex.up_words else "positive"  # "kredit macet naik"
                flipped.append((_clause(text, s, e)[0], e))
            if kind == "positive" and _negator(lex, text, s, lex.irrealis, span=5) is not None:
                kind = "pro"  # a goal ("agar UMKM tumbuh"), not a state
            if group.fightable and kind in ("contra", "negative") and lex.counter_harm is not None:
                _, right = _clause(text, s, e)
                stops = [m.end() for m in _STOP.finditer(text, 0, s)]
                window = text[stops[-1] if stops else 0:right]  # the sentence up to this clause
                if lex.counter_harm.search(window):  # fighting the harm pushes the goal
                    cues.append(Cue("negative", 0.5, s, e, m.group()))
                    kind, weight = "pro", 1.0
                    cues.append(Cue(kind, weight, s, e, text[s:e]))
                    continue
            cues.append(Cue(kind, weight, s, e, text[s:e]))
            if group.rejects_subject:
                rejected.append((_clause(text, s, e)[0], s))
            if kind == "positive" and group.kind == "positive" and not group.negated \
                    and (text[s:e].split() or [""])[0].lower() in lex.negators:
                relief.append((s, e))
            if group.also:
                cues.append(Cue(group.also[0], group.also[1], s, e, text[s:e]))
    if rejected:  # "Menambah subsidi lagi bukan pilihan yang bijak": the push before the verdict is refused
        cues = [c for c in cues if not (c.kind == "pro" and any(a <= c.start < b for a, b in rejected))]
    if relief:  # "tidak lagi meminjam ke rentenir": the hardship after a relief cue is what is gone
        gone = [(a, _clause(text, a, b)[1]) for a, b in relief]
        cues = [c for c in cues if not (c.kind == "negative" and any(a < c.start < end for a, end in gone))]
    if flipped:  # the change verb carries the judgement; the bad thing's own cue would cancel it
        cues = [c for c in cues if not (c.kind == "negative" and lex.bad_things.fullmatch(c.text)
                                        and any(a <= c.start and c.end <= b for a, b in flipped))]
    cues.sort(key=lambda c: (c.start, c.kind))
    return Reading(tuple(cues))
