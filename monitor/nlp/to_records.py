"""The only code that reads spaCy objects: Doc → Analysis."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from monitor.nlp import entities, figures, quotes, stance
from monitor.types import Analysis


def doc_to_analysis(doc: Doc, model_version: str) -> Analysis:
    ents = tuple(entities.records(doc))
    quote_recs = list(quotes.records(doc))
    quote_topics = stance.quote_records(doc)
    if quote_topics:
        quote_recs = [replace(q, topics=tuple(quote_topics[i])) if i < len(quote_topics) else q
                      for i, q in enumerate(quote_recs)]
    figs = []
    for f in figures.records(doc):
        if f.speaker is None:
            owner = next((q for q in quote_recs if q.start <= f.start and f.end <= q.end and q.speaker), None)
            if owner is not None:
                f = replace(f, speaker=owner.speaker)
        figs.append(f)
    return Analysis(model_version=model_version, entities=ents, figures=tuple(figs),
                    quotes=tuple(quote_recs), topics=tuple(stance.records(doc)))
