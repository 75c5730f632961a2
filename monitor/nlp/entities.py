"""Entity post-processing component (stub until issue 3 lands)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from monitor.types import Entity


@Language.factory("monitor_entities", assigns=["doc.ents"])
def make_entity_linker(nlp: Language, name: str):
    return lambda doc: doc


def records(doc: Doc) -> list[Entity]:
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for ent in doc.ents:
        groups.setdefault((ent.text, ent.label_), []).append((ent.start_char, ent.end_char))
    return [Entity(text=t, label=l, mentions=tuple(m)) for (t, l), m in groups.items()]
