"""Quotes component (stub until issue 4 lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from monitor.types import Quote


@Language.factory("monitor_quotes", assigns=["doc.spans"])
def make_quotes(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc.spans["quotes"] = []
        return doc
    return component


def records(doc: Doc) -> list[Quote]:
    return []
