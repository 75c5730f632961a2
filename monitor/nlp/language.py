"""A registered Indonesian Language class that starts fast.

spaCy's stock Indonesian data carries ~16k tokenizer exceptions (mostly
hyphenated reduplications) that make blank("id") take seconds to build and a
saved pipeline ~10 s to load. We keep the stop words, lexical attributes and
punctuation rules but drop those exceptions and the hyphen infix, so
"anak-anak", "e-KTP" stay one token either way.
"""
from __future__ import annotations

from spacy.lang.id import Indonesian, IndonesianDefaults
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.util import registry


class IndonesianNewsDefaults(IndonesianDefaults):
    tokenizer_exceptions = dict(BASE_EXCEPTIONS)


@registry.languages("id_news")
class IndonesianNews(Indonesian):
    lang = "id_news"
    Defaults = IndonesianNewsDefaults
