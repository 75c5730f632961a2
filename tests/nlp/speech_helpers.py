"""Shared helpers for the phenomenon tests: run the rule components on a blank pipeline with
the NER's output given by hand (what the statistical model printed for these sentences)."""
from __future__ import annotations

import spacy

from monitor.nlp.quotes import extract
from monitor.types import Quote


def linked_doc(text: str, ner: list[tuple[str, str]]):
    """The doc after monitor_entities, given the NER's (substring, label) spans."""
    import monitor.nlp.language  # noqa: F401  (registers id_news)

    nlp = _nlp()
    doc = nlp.make_doc(text)
    spans, at = [], 0
    for sub, label in ner:
        i = text.index(sub, at)
        spans.append(doc.char_span(i, i + len(sub), label=label, alignment_mode="expand"))
        at = i + len(sub)
    doc.ents = spans
    return nlp.get_pipe("monitor_entities")(doc)


def linked(text: str, ner: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text, label) of the entities after monitor_entities, given the NER's (substring, label) spans."""
    return [(e.text, e.label_) for e in linked_doc(text, ner).ents]


_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        _NLP = spacy.blank("id_news")
        _NLP.add_pipe("monitor_entities")
    return _NLP


def quotes(text: str, ents: list[tuple[str, str]] = ()) -> list[Quote]:
    return extract(text, list(ents))


def speaker_of(qs: list[Quote], fragment: str) -> str | None:
    hits = [q for q in qs if fragment in q.text]
    assert hits, f"no quote contains {fragment!r}: {[q.text for q in qs]}"
    return hits[0].speaker
