"""A registered Indonesian Language class that starts fast.

spaCy's stock Indonesian data carries ~16k tokenizer exceptions (almost all
hyphenated reduplications such as "anak-anak") that make blank("id") take
seconds to build and a saved pipeline ~10 s to load (explosion/spaCy#11079).
We keep the stop words, lexical attributes, prefixes/suffixes and the ~200
abbreviation exceptions ("Dr.", "S.E.", "dll."), and drop the reduplications
together with the letter-hyphen infixes, so "anak-anak", "ber-KTP", "e-KTP"
and "Covid-19" are one token without needing a list.
"""
from __future__ import annotations

from pathlib import Path

from spacy.attrs import ORTH
from spacy.lang.char_classes import HYPHENS
from spacy.lang.id import Indonesian, IndonesianDefaults
from spacy.lang.id.punctuation import TOKENIZER_INFIXES
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.util import registry

ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "tokenizer_abbreviations.txt"


def _abbreviations() -> dict[str, list[dict]]:
    exc = dict(BASE_EXCEPTIONS)
    for line in ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            exc[word] = [{ORTH: word}]
    return exc


def _infixes() -> list[str]:
    """Stock infixes less those that split a hyphen next to a letter."""
    out = []
    for pattern in TOKENIZER_INFIXES:
        if HYPHENS in pattern or pattern.endswith("-(?=[0-9])") or "])-(?=[" in pattern:
            continue
        out.append(pattern.replace(r"[\/-]", r"[\/]"))
    return out


class IndonesianNewsDefaults(IndonesianDefaults):
    tokenizer_exceptions = _abbreviations()
    infixes = _infixes()


@registry.languages("id_news")
class IndonesianNews(Indonesian):
    lang = "id_news"
    Defaults = IndonesianNewsDefaults
