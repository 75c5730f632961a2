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
    ents = glued_speakers(text, ents, quote_recs)
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


def glued_speakers(text: str, ents: tuple[Entity, ...], quotes: list[Quote]) -> tuple[Entity, ...]:
    """An organisation the NER ran on into its spokesman's name ("Ketua Umum Hipmi Jaya | Rendra Kusuma
    mengatakan" read as one ORG): where an ORG entity is printed as an organisation and then exactly a
    quote's named speaker, and what precedes the name is, or ends, the organisation the attribution
    read for that speaker ("Lembaga Pembiayaan OJK" in "Departemen Pengawasan Lembaga Pembiayaan OJK"), or
    is the end of it ("OJK" of "Lembaga Pendanaan Bersama OJK"), the entity keeps the organisation and the
    name becomes a PER entity (speaker_persons then finds it known). A speaker the attribution cut
    wrongly ("Kelompok Tani | Wae Mese Fransiskus Nabit") leaves no organisation that fits, and one
    opening with a common word was cut inside the organisation's name, so the entity stands."""
    out = list(ents)
    for q in quotes:
        name, org = q.speaker, q.speaker_org
        if not name or not org or name == org or not _name_shaped(name) or common_word(name.split()[0]):
            continue  # ("PT Sinar | Presisi Komponen …", "Kelompok Tani | Mekar Sari": a name's own word, cut)
        for k, e in enumerate(out):
            head = e.text[:-len(name)].rstrip()
            if e.label != "ORG" or not e.text.endswith(" " + name) or not head \
                    or not (head.endswith(org) or org.endswith(head)):
                continue
            glued = [m for m in e.mentions if text[m[0]:m[1]] == e.text]
            if not glued:
                continue
            rest = tuple(m for m in e.mentions if m not in glued)
            orgs = tuple((s, s + len(head)) for s, _ in glued)
            names = tuple((end - len(name), end) for _, end in glued)
            same = next((j for j, x in enumerate(out) if x.label == "ORG" and x.text == head), None)
            if same is not None:
                out[same] = replace(out[same], mentions=tuple(sorted(set(out[same].mentions + orgs + rest))))
                out[k] = None
            else:
                out[k] = replace(e, text=head, mentions=tuple(sorted(rest + orgs)))
            person = next((j for j, x in enumerate(out) if x is not None and x.label == "PER" and x.text == name), None)
            if person is not None:
                out[person] = replace(out[person], mentions=tuple(sorted(set(out[person].mentions + names))))
            else:
                out.append(Entity(name, "PER", names, role=q.speaker_role))
            out = [x for x in out if x is not None]
            break
    return tuple(out)


_SHORT_FORM_INSIDE = re.compile(r"\((?!(?:Persero|Perseroda|Tbk)\))[^()]*\)")


def speaker_orgs(text: str, ents: tuple[Entity, ...], quotes: list[Quote]) -> tuple[Entity, ...]:
    """Organisations the attribution read from a speaker's title ("Kepala Dinas Koperasi dan UKM Provinsi
    Sumatera Selatan") that the NER left out: an ORG entity wherever that name is printed and no entity
    already covers any of its letters (a shorter entity inside it stays as the NER found it); a name, so
    capitalised. A lower-case one is a description the attribution resolved ("dinas tersebut", "tim survei");
    one with its short form in brackets is the linker's to split ("Pusat Kajian X (PKX) Jember")."""
    return _added(text, ents, "ORG", ((q.speaker_org, None) for q in quotes if q.speaker_org
                                      and len(q.speaker_org.split()) >= 2 and q.speaker_org[:1].isupper()
                                      and not _SHORT_FORM_INSIDE.search(q.speaker_org)))


def _added(text: str, ents: tuple[Entity, ...], label: str, named) -> tuple[Entity, ...]:
    """An entity of `label` for each (name, role) of `named` not yet an entity, wherever the name is printed,
    unless an entity (an earlier one of these included) already covers any of its letters."""
    taken = [m for e in ents for m in e.mentions]
    known = {e.text for e in ents}
    out: list[Entity] = []
    for name, role in named:
        if name in known:
            continue
        spans = _printed(name, text)
        if spans and not _overlaps(spans, taken):
            out.append(Entity(name, label, tuple(spans), role=role))
            known.add(name)
            taken += spans
    return tuple(out)


def _overlaps(spans, others) -> bool:
    return any(s < e2 and s2 < e for s, e in spans for s2, e2 in others)


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
    return _added(text, ents, "PER", ((q.speaker, q.speaker_role) for q in quotes if q.speaker
                                      and q.speaker != q.speaker_org and _name_shaped(q.speaker)
                                      and not (len(q.speaker.split()) == 1 and common_word(q.speaker))))


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
        if _overlaps(spans, [m for j, e in enumerate(out) if j != k for m in e.mentions]):
            continue
        old = out[k]
        kept = [m for m in old.mentions if not any(s <= m[0] and m[1] <= e for s, e in spans)]
        out[k] = replace(old, text=name, mentions=tuple(sorted(set(kept + spans))), role=old.role or q.speaker_role)
    return tuple(out)
