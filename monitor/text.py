"""Indonesian-aware text normalisation shared by the index and the query.

Both sides go through the same fold → tokenise → stem path (PySastrawi, a
maintained Indonesian stemmer), so "menyalurkan", "disalurkan" and "penyaluran"
all meet at "salur", case and accents never stop a match, and SQLite and
PostgreSQL rank the same tokens.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# A line that points to other stories ("Baca juga: …", "Simak juga", "Artikel terkait: …"): page furniture
# that the extractor drops from a page and the readers skip where it reaches them (pasted or feed text).
READ_ALSO = (r"\[?\s*(?:baca|lihat|simak|tonton|saksikan)\s+(?:juga|pula|video|selengkapnya|berita)\b.*"
             r"|(?:artikel|berita)\s+(?:terkait|lainnya|selanjutnya)\b.*")
_READ_ALSO_LINE = re.compile(rf"^[ \t]*(?:{READ_ALSO})$", re.I | re.M)


def read_also_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the text's lines that point to other stories: their headlines are another
    article's names and figures, not this one's."""
    return [(m.start(), m.end()) for m in _READ_ALSO_LINE.finditer(text)]


def fold(text: str) -> str:
    """Lower-case and strip accents (é → e)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded word; digits and very short words are kept as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The index token of one printed word (fold, then stem): what highlighting compares."""
    return stem(fold(word))


def words(text: str) -> list[str]:
    """Folded words of a text, without stemming."""
    return _WORD.findall(fold(text))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def index_text(text: str | None) -> str:
    """The string stored in the full-text index for a text: its stems, space-separated."""
    return " ".join(stems(text)) if text else ""


def tag(prefix: str, value: str) -> str:
    """One alphanumeric token for a facet value ("umkm_partnership" → "ztumkmpartnership")."""
    return prefix + "".join(words(value))


def highlight(text: str, match_stems: set[str], prefixes: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    """Split text into (segment, matched) pieces: a word is matched when its stem was searched for."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _WORD.finditer(text):
        s = word_key(m.group())
        if s in match_stems or (prefixes and s.startswith(prefixes)):
            if m.start() > pos:
                out.append((text[pos:m.start()], False))
            out.append((m.group(), True))
            pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
