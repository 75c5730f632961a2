"""Text-level helpers for quotes: paragraphs, sentences and quotation marks.

Quotation marks in Indonesian news come in every style (" “ ” „ « » ' ‘ ’),
are often mixed within one quote ("…”) and are sometimes left unclosed at a
paragraph end; apostrophes in names (Ma’ruf) are not marks. These functions
only look at characters, so they are cheap and easy to test.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# abbreviated given names (Mohammad, Muhammad, Abdul …), printed with a dot: the start of a person's name
# (also in data/tokenizer_abbreviations.txt, so each is one token)
GIVEN_NAME_ABBREVIATIONS = ("Moh", "Muh", "Moch", "Mhd", "Mohd", "Abd")
# a capitalised word of a name or title; a final dot only on initials and short titles ("M.", "Prof.")
NAME_WORD = (r"(?:[A-Z]\.|(?:Prof|Dr|Drs|Dra|Ir|Hj|H|KH|St|Tn|Ny|Mr|Mrs|Ms|Sdr|Bpk|" + "|".join(GIVEN_NAME_ABBREVIATIONS)
             + r")\.|[A-Z][\w’'\-&/]*(?:\.(?:com|co|id)\b)?)")
DOUBLE = "\"“”„«»‟″"
SINGLE = "‘’'‚‛"
MASK = "\ue000"
ABBREV = {"pt", "no", "dr", "drs", "ir", "prof", "h", "hj", "st", "jl", "rp", "dll", "dsb", "tbk", "sdr", "bpk", "ny",
          "kec", "kab", "kel", "wib", "wita", "wit", "an", "a.n", "s.d", "dkk", "kh", "m", "tn", "yth", "vs", "cv", "ud",
          *(a.lower() for a in GIVEN_NAME_ABBREVIATIONS)}


@dataclass(frozen=True)
class Para:
    """One paragraph and where it starts in the article."""
    start: int
    text: str


def paragraphs(text: str) -> list[Para]:
    return [Para(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]


def is_open(s: str, i: int) -> bool:
    prev = s[i - 1] if i else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    glued = prev in ".!?" and nxt.isupper()  # 'tahun lalu."Kami …' (a missing space)
    ellipsis = s[i + 1:i + 4] == "..." or nxt == "…"  # '"...dan yang paling …' continues a quote
    return (prev.isspace() or prev in "([—–-:/" or i == 0 or glued) and not nxt.isspace() and (nxt not in ",.;" or ellipsis)


def is_close(s: str, i: int) -> bool:
    prev = s[i - 1] if i else " "
    nxt = s[i + 1] if i + 1 < len(s) else " "
    return not prev.isspace() or nxt.isspace() or nxt in ",.;:!?)"


_MARK_RE = re.compile("[" + re.escape(DOUBLE + SINGLE) + "]")


def direct_segments(par: str) -> list[tuple[int, int, int, int | None]]:
    """(open mark, content start, content end, close mark or None) per quoted segment."""
    out = []
    n = len(par)
    marks = [m.start() for m in _MARK_RE.finditer(par)]
    k, pos = 0, 0
    while k < len(marks):
        i = marks[k]
        k += 1
        if i < pos:
            continue
        fam = DOUBLE if par[i] in DOUBLE else SINGLE
        if not is_open(par, i) or (fam is SINGLE and not par[i + 1: i + 2].isalpha()):
            continue
        close = None
        for j in marks[k:]:
            if par[j] in fam and is_close(par, j) and (fam is DOUBLE or not par[j + 1: j + 2].isalnum()):
                close = j
                break
        if close is None and fam is SINGLE:
            continue
        end = close if close is not None else n
        cs, ce = i + 1, end
        while cs < ce and par[cs].isspace():
            cs += 1
        while ce > cs and par[ce - 1].isspace():
            ce -= 1
        if ce > cs:
            out.append((i, cs, ce, close))
        pos = (close + 1) if close is not None else n
    return out


_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[A-Z0-9\"“‘(" + MASK + r"])")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _last_word(s: str, start: int, end: int) -> str:
    """The word right before `end` (not before `start`): what r"(\S+)$" finds in s[start:end], without
    copying and rescanning the sentence so far for every full stop."""
    if end > start and s[end - 1] == "\n":  # "$" also matches before a final newline
        end -= 1
    i = end
    while i > start and not s[i - 1].isspace():
        i -= 1
    return s[i:end]


def sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in a paragraph whose quotes are masked."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(masked):
        w = _last_word(masked, start, m.start()).lower()
        if w in ABBREV or (len(w) == 1 and w.isalpha()) or _INITIALS.fullmatch(w):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(masked) and masked[start].isspace():
            start += 1
    if start < len(masked):
        spans.append((start, len(masked)))
    return spans


def words(s: str) -> list[str]:
    return re.findall(r"\w+", s)


def title_like(s: str) -> bool:
    ws = [w for w in words(s) if w.isalpha()]
    return bool(ws) and sum(w[0].isupper() for w in ws) / len(ws) > 0.6

