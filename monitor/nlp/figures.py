"""Figures component (stub until issue 4 lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from monitor.types import Figure


@Language.factory("monitor_figures", assigns=["doc.spans"])
def make_figures(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc.spans["figures"] = []
        return doc
    return component


def records(doc: Doc) -> list[Figure]:
    return []
