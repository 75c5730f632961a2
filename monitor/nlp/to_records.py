"""The only code that reads spaCy objects: Doc → Analysis."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from monitor.nlp import entities, figures, quotes, stance
from monitor.nlp.doc_text import text_of
from monitor.nlp.name_runs import common_word
from monitor.nlp.quote_speakers import lexicon
from monitor.types import Analysis, Entity, Quote


def doc_to_analysis(doc: Doc, model_version: str) -> Analysis:
    ents = tuple(entities.records(doc))
    quote_recs = list(quotes.records(doc))
    quote_topics = stance.quote_records(doc)
    if quote_topics:
        quote_recs = [replace(q, topics=tuple(quote_topics[i])) if i < len(quote_topics) else q
                      for i, q in enumerate(quote_recs)]
    text = text_of(doc)
    ents = ents + speaker_orgs(text, ents, quote_recs)
    ents = grown_names(text, ents, quote_recs)
    ents = ents + speaker_persons(text, ents, quote_recs)
    figs = []
    for f in figures.records(doc):
        if f.speaker is None:
            owner = next((q for q in quote_recs if q.start <= f.start and f.end <= q.end and q.speaker), None)
            if owner is not None:
                f = replace(f, speaker=owner.speaker)
        figs.append(f)
    return Analysis(model_version=model_version, entities=ents, figures=tuple(figs),
                    quotes=tuple(quote_recs), topics=tuple(stance.records(doc)))


def speaker_orgs(text: str, ents: tuple[Entity, ...], quotes: list[Quote]) -> tuple[Entity, ...]:
    """Organisations the attribution read from a speaker's title ("Kepala Dinas Koperasi dan UKM Provinsi
    Sumatera Selatan") that the NER left out: an ORG entity wherever that name is printed and no entity
    already covers any of its letters (a shorter entity inside it stays as the NER found it)."""
    taken = [m for e in ents for m in e.mentions]
    known = {e.text for e in ents}
    out: list[Entity] = []
    for q in quotes:
        org = q.speaker_org
        if not org or org in known or len(org.split()) < 2:
            continue
        spans, at = [], text.find(org)
        while at >= 0:
            spans.append((at, at + len(org)))
            at = text.find(org, at + 1)
        if spans and not any(s < e2 and s2 < e for s, e in spans for s2, e2 in taken):
            out.append(Entity(org, "ORG", tuple(spans)))
            known.add(org)
            taken += spans
    return tuple(out)


# lower-case words inside printed personal names ("Ahmad bin Salim", "Maria de Fatima")
_NAME_JOINERS = frozenset({"bin", "binti", "van", "de", "der", "von", "da", "dos"})
# titles whose next word is a portfolio, not a name ("Menko Polhukam", "Menteri BUMN")
_PORTFOLIO_HEADS = frozenset({"menko", "menteri", "wamen", "wakil", "deputi"}) | entities.MINISTERS
# kinship words printed before a name describe someone else ("Kakak Raoul Salim ini …": his elder sibling)
_KINSHIP = frozenset({"kakak", "adik", "kakek", "nenek", "paman", "bibi", "om", "tante", "ayah", "ibu", "anak", "istri",
                      "suami"})


def speaker_persons(text: str, ents: tuple[Entity, ...], quotes: list[Quote]) -> tuple[Entity, ...]:
    """Persons the attribution named that the NER left out ("Kepala Desa Cibodas Ujang Suherman mengaku …",
    "Wahyuni (41), pedagang kain, mengatakan …"): a quote's speaker is a named person when every word of the
    name is capitalised (unnamed speakers are descriptions, "pedagang sayur") and it is not the organisation
    that spoke; a PER entity wherever the name is printed, unless an entity already covers any of its letters
    (a short form of a known person, a name inside an organisation), and never a lone common word."""
    taken = [m for e in ents for m in e.mentions]
    known = {e.text for e in ents}
    out: list[Entity] = []
    for q in quotes:
        name = q.speaker
        if not name or name in known or name == q.speaker_org:
            continue
        if not _name_shaped(name) or (len(name.split()) == 1 and common_word(name)):
            continue
        spans = _printed(name, text)
        if spans and not any(s < e2 and s2 < e for s, e in spans for s2, e2 in taken):
            out.append(Entity(name, "PER", tuple(spans), role=q.speaker_role))
            known.add(name)
            taken += spans
    return tuple(out)


def _name_shaped(name: str) -> bool:
    """Every word capitalised but the joiners: a person's name, not an unnamed speaker's description."""
    return all(w[:1].isupper() or w in _NAME_JOINERS for w in name.split())


def _printed(name: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]


def grown_names(text: str, ents: tuple[Entity, ...], quotes: list[Quote]) -> tuple[Entity, ...]:
    """A person the NER knew only by part of the name the attribution read ("Sinrang" of "Kepala OJK Jember
    Sinrang Paturusi mengatakan"): the entity takes the speaker's full name, its fullest printed form, when
    exactly one PER entity is part of that name, the words it adds are no title, kinship or other word that is never
    a name's (Balinese "Gede" and Javanese "Sekar" are names) nor a minister's portfolio ("Menko | Polhukam Luhut"),
    and no other entity covers the full name's letters."""
    out = list(ents)
    for q in quotes:
        name = q.speaker
        words = (name or "").split()
        if len(words) < 2 or name == q.speaker_org or not _name_shaped(name) or any(e.text == name for e in out):
            continue
        parts = [k for k, e in enumerate(out) if e.label == "PER" and _printed(e.text, name)]
        spans = _printed(name, text)
        if len(parts) != 1 or not spans:
            continue
        k = parts[0]
        added = set(words) - set(out[k].text.split())
        if any(w.lower() in lexicon().not_name or w.lower() in _KINSHIP or w.lower() in entities.ROLE_HEADS for w in added):
            continue  # the attribution kept a title or a kinship word ("Kakak Raoul Salim"): the NER's name stands
        before = text[:spans[0][0]].split()[-1:]
        if words[0] in added and before and before[0].lower() in _PORTFOLIO_HEADS:
            continue  # "Menko | Polhukam Luhut …": the word after a minister's title is the portfolio
        others = [m for j, e in enumerate(out) if j != k for m in e.mentions]
        if any(s < e2 and s2 < e for s, e in spans for s2, e2 in others):
            continue
        old = out[k]
        kept = [m for m in old.mentions if not any(s <= m[0] and m[1] <= e for s, e in spans)]
        out[k] = replace(old, text=name, mentions=tuple(sorted(set(kept + spans))), role=old.role or q.speaker_role)
    return tuple(out)
