"""Topic and stance component (stub until issue 5 lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from monitor.types import TopicLabel


@Language.factory("monitor_stance", assigns=["doc.cats"], default_config={"topics_file": None})
def make_stance(nlp: Language, name: str, topics_file: str | None):
    return lambda doc: doc


def records(doc: Doc) -> list[TopicLabel]:
    return []


def quote_records(doc: Doc) -> list[list[TopicLabel]]:
    """Topic labels per quote, in the order of quotes.records(doc)."""
    return []
