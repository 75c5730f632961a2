"""Entity post-processing: gazetteer, titles and roles, acronyms, name linking.

Runs after the statistical NER. Journalism conventions it encodes:
- institutions are written as "Otoritas Jasa Keuangan (OJK)" once, then "OJK";
  the acronym is its own entity pointing to the expansion (alias_of);
- persons are introduced as "<role> <Full Name>" and later called by one name
  ("Rina"); titles and degrees are not part of the name, the role is kept;
- names the model misses are often well-known institutions and places, which a
  hand-written gazetteer (data/gazetteer.tsv, not code) fills in.
Each Span in doc.ents gets ._.entity (the article's fullest form of it),
._.alias_of and ._.role; records() groups mentions by ._.entity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.attrs import ENT_TYPE, IDX, IS_PUNCT, IS_QUOTE, LENGTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from monitor.nlp import name_runs
from monitor.nlp.doc_text import text_of
from monitor.nlp.quote_speakers import place_words
from monitor.types import Entity

GAZETTEER_FILE = Path(__file__).parent / "data" / "gazetteer.tsv"
NOT_ENTITIES_FILE = Path(__file__).parent / "data" / "not_entities.txt"
LABELS = ("PER", "ORG", "LOC")

# Honorifics, academic and religious titles printed before a name.
TITLES = {t.casefold() for t in (
    "Bapak", "Pak", "Ibu", "Bu", "Sdr.", "Sdri.", "Saudara", "Saudari", "Tn.", "Ny.", "Nn.", "Dr.", "Dr", "dr.",
    "drg.", "drh.", "Prof.", "Prof", "Ir.", "Ir", "Drs.", "Dra.", "H.", "Hj.", "H", "Hj", "KH", "KH.", "K.H.",
    "Kiai", "Kyai", "Ustaz", "Ustadz", "Ustazah", "Habib", "Syekh", "Mr.", "Mrs.", "Ms.")}
# Words that head a role phrase ("Menteri Koperasi dan UKM", "Kepala Eksekutif Pengawas ...").
ROLE_HEADS = {t.casefold() for t in (
    "Presiden", "Wapres", "Wakil", "Menteri", "Menko", "Wamen", "Mendag", "Menkeu", "Mentan", "Menperin", "Menkop",
    "MenKopUKM", "Menkopukm", "Menparekraf", "Mendagri", "Gubernur", "Wagub", "Bupati", "Wabup", "Wali", "Walikota",
    "Wakil", "Kepala", "Ketua", "Ketum", "Sekretaris", "Sekjen", "Sesmen", "Deputi", "Direktur", "Dirut", "Direksi",
    "Komisaris", "Dirjen", "Kadis", "Kabag", "Kasubdit", "Asisten", "Staf", "Stafsus", "Juru", "Jubir", "Anggota",
    "Pimpinan", "Pemimpin", "Manajer", "Manager", "General", "Senior", "Chief", "CEO", "CFO", "COO", "CTO",
    "President", "Founder", "Co-Founder", "Pendiri", "Pemilik", "Owner", "Pengamat", "Ekonom", "Analis",
    "Peneliti", "Dosen", "Guru", "Rektor", "Dekan", "Plt", "Plt.", "Pj", "Pj.", "Pjs", "Pjs.", "Kapolri", "Kapolda",
    "Kapolres", "Panglima", "Camat", "Lurah", "Kades", "Pengusaha", "Pelaku", "Koordinator", "Komisioner",
    "Kabid", "Kasi", "Head", "Vice", "VP", "EVP", "SEVP", "Corporate", "Country", "Regional", "Executive",
    "Ekonom", "Gubernur", "Inspektur", "Jaksa", "Hakim", "Sekda", "Bendahara", "Penasihat", "Tenaga")}
LEGAL_FORMS = {"persero", "tbk", "perum", "perseroan", "ltd", "inc", "bumn", "bumd"}
NAME_BREAKS = {",", "–", "—", ":", ";", "|"}
CONNECTORS = {"dan", "&", "/", "-", "untuk", "bagi", "of", "and", "the", "for", "di"}
ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Za-z0-9&.\-]{2,15}$|^[A-Z][a-z]+[A-Z][A-Za-z]*$")
MINISTERS = {t.casefold() for t in (  # minister abbreviations printed before a name ("Wamenkeu Mardiasmo")
    "Menkeu", "Wamenkeu", "Mendag", "Wamendag", "Menperin", "Wamenperin", "Mentan", "Wamentan", "Menaker",
    "Wamenaker", "Menhub", "Wamenhub", "Menpan", "MenPAN-RB", "Mensesneg", "Menlu", "Wamenlu", "Mendagri",
    "Wamendagri", "Mendikbud", "Mendikbudristek", "Menparekraf", "Wamenparekraf", "MenkopUKM", "Menkop",
    "Wamenkop", "MenKopUKM", "Menkominfo", "Menkomdigi", "Menkes", "Wamenkes", "Menag", "Mensos", "Menpora",
    "Menko", "Menkumham", "Menhan", "Wamen", "Menteri", "Mendes", "Menkum", "Menpar", "Menekraf", "Menves",
    "Menseskab", "Seskab", "Wapres", "Wagub", "Wabup", "Wawali", "Sekda", "Dirut", "Kapolri", "Kapolda")}
ROLE_HEADS |= MINISTERS
WEBSITE = re.compile(r"^[A-Za-z][\w-]*\.(?:com|co\.id|co|id|net|org|or\.id|go\.id)$")
WEBSITE_IN_TEXT = re.compile(r"[A-Za-z][\w-]*\.(?:com|co|id|net|org|or|go)\b")  # loose pre-check of WEBSITE


def _may_name_website(text: str) -> bool:
    """WEBSITE_IN_TEXT.search(text), run only where a domain ending is printed at all (a substring test
    is far cheaper than the pattern over the whole article)."""
    return any(end in text for end in (".co", ".id", ".net", ".or", ".go")) and WEBSITE_IN_TEXT.search(text) is not None


@dataclass(frozen=True)
class GazetteerEntry:
    label: str
    name: str
    alias_of: str | None  # set for acronyms and short forms


@lru_cache(maxsize=4)
def load_not_entities(path: str = str(NOT_ENTITIES_FILE)) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=4)
def load_gazetteer(path: str = str(GAZETTEER_FILE)) -> tuple[GazetteerEntry, ...]:
    """Parse LABEL<TAB>name<TAB>acronym;acronym lines."""
    out: list[GazetteerEntry] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        label, name = parts[0].strip(), parts[1].strip()
        out.append(GazetteerEntry(label, name, None))
        for short in (parts[2].split(";") if len(parts) > 2 else []):
            if short.strip():
                out.append(GazetteerEntry(label, short.strip(), name))
    return tuple(out)


for _name in ("entity", "alias_of", "role"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class EntityLinker:
    """The monitor_entities component (see module docstring)."""

    def __init__(self, nlp: Language, name: str, gazetteer: bool = True, gazetteer_path: str | None = None,
                 strip_titles: bool = True):
        self.name = name
        self.use_gazetteer = gazetteer
        self.strip_titles = strip_titles
        self.entries = load_gazetteer(gazetteer_path or str(GAZETTEER_FILE))
        self.by_text: dict[str, GazetteerEntry] = {}
        for e in self.entries:
            self.by_text.setdefault(e.name, e)
        self.not_entities = load_not_entities()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for label in LABELS:
            names = [e.name for e in self.entries if e.label == label]
            if label == "LOC":  # datelines print places in capitals: "JAKARTA - ..."
                names += [n.upper() for n in names if n.upper() != n]
            self.matcher.add(label, list(nlp.tokenizer.pipe(names)))
        self.gazetteer_orgs = frozenset(e.name for e in self.entries if e.label in ("ORG", "LOC"))
        self.gazetteer_places = _gazetteer_places(self.entries)  # once: hashing the entries per article cost more

    def __call__(self, doc: Doc) -> Doc:
        t = _Tokens(doc)
        spans = [self._clean(ent, t) for ent in doc.ents]
        spans = [s for s in spans if s is not None and len(s) and self._plausible(s, t)]
        if _may_name_website(t.text):  # most articles name no website: skip the token walk
            spans += [Span(doc, i, i + 1, label="ORG") for i, w in enumerate(t.words)
                      if WEBSITE.match(w) and not doc[i].ent_type_]
        if self.use_gazetteer:
            gaz = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
            taken = set()
            for s in spans:
                taken.update(range(s.start, s.end))
            spans += [g for g in filter_spans(gaz) if not taken.intersection(range(g.start, g.end)) and _standalone(g)]
        spans, aliases = self._acronyms(doc, filter_spans(spans), t)
        spans = filter_spans(self._split_runs(doc, filter_spans(spans), t))
        ents = _consistent(filter_spans(spans + _repeats(doc, spans, t)), t)
        doc.ents = ents  # in order and without overlaps (filter_spans): what doc.ents now returns
        self._link(doc, ents, aliases, t)
        return doc

    def _split_runs(self, doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
        """Title + organisation + name runs become an ORG and a PER (see monitor.nlp.name_runs);
        company forms are always ORG."""
        text, words_, lower = t.text, t.words, t.lower
        places = _places(spans, self.gazetteer_places, t)
        orgs = frozenset(t.span_text(s) for s in spans if s.label_ == "ORG") | self.gazetteer_orgs
        out: list[Span] = []
        for s in spans:
            label = s.label_
            if label == "PER" and lower[s.start] in ("pt", "cv", "ud", "perum", "koperasi", "bank"):
                out.append(Span(doc, s.start, s.end, label="ORG"))
                continue
            if label not in ("PER", "ORG"):
                out.append(s)
                continue
            if label == "ORG":  # "Polda Metro Jaya Komisaris Besar Latif": a rank is not part of the name
                end = s.end
                while end - s.start > 1 and lower[end - 1] in name_runs.ROLE_WORDS and end < len(words_) \
                        and words_[end][:1].isupper():
                    end -= 1
                s = Span(doc, s.start, end, label="ORG")
            start = _run_start(t, s.start) if label == "PER" else s.start
            words = words_[start:s.end]
            if len(words) < 2:
                out.append(s)
                continue
            run = name_runs.split(words, text, places, orgs, at=t.idx[start])
            if label == "ORG" and (not run.evidence or run.by_head or run.name_start >= len(words) or run.org_start >= run.name_start):
                out.append(s)
                continue
            name_at = start + run.name_start
            if name_at >= s.end:
                out.append(s)
                continue
            if label == "PER" and name_at > s.start and not run.evidence:
                name_at = s.start  # capitalisation alone never shortens the model's person
            person = Span(doc, name_at, s.end, label="PER")
            if self._plausible(person, t):
                out.append(person)
            org_at = start + run.org_start
            if org_at < name_at and any(lower[k] in name_runs.ORG_HEADS_ALL or words_[k].isupper() for k in range(org_at, name_at)):
                while org_at < name_at and lower[org_at] in ROLE_HEADS:
                    org_at += 1
                org = Span(doc, org_at, name_at, label="ORG")
                if org_at < name_at and self._plausible(org, t) and not any(
                        o.start <= org_at and name_at <= o.end for o in spans if o is not s):
                    out.append(org)
        return out

    def _plausible(self, span: Span, t: _Tokens) -> bool:
        """Not a generic group/programme, and written like a name (some capital or digit); a lone
        ordinary word opening a sentence ("Ia", "Naik") is no person."""
        if t.span_text(span) in self.not_entities:
            return False
        start, end = span.start, span.end
        if end - start == 1 and span.label_ == "PER" and (
                t.lower[start] in ("ia", "dia", "beliau", "mereka", "kami", "saya")
                or (_sentence_initial(t, start) and name_runs.common_word(t.words[start]))):
            return False
        return any(w[:1].isupper() or w[:1].isdigit() for w in t.words[start:end])

    def _clean(self, ent: Span, t: _Tokens) -> Span | None:
        """Strip titles before and degrees after a person's name."""
        label = ent.label_
        if label == "PER":  # a person's "name" that is a known institution or place is that
            gaz = self.by_text.get(t.span_text(ent))
            if gaz is not None:
                return Span(ent.doc, ent.start, ent.end, label=gaz.label)
        if label != "PER" or not self.strip_titles:
            return ent
        words, lower = t.words, t.lower
        start, end = ent.start, ent.end
        while end - start > 1 and (lower[start] in TITLES or lower[start] in ROLE_HEADS or lower[start] in MINISTERS):
            start += 1
        for i in range(start + 1, end):  # a name ends at a comma (degrees follow), dash, colon or quote
            if words[i] in NAME_BREAKS or t.quote[i] or words[i].isspace() or "\n" in words[i]:
                end = i
                break
        while end > start and t.punct[end - 1] and words[end - 1] != ")":
            end -= 1
        return Span(ent.doc, start, end, label=ent.label) if end > start else None

    def _acronyms(self, doc: Doc, spans: list[Span], t: _Tokens) -> tuple[list[Span], dict[str, str]]:
        """'Otoritas Jasa Keuangan (OJK)': OJK becomes an entity of the same type, alias of the expansion."""
        aliases: dict[str, str] = {}
        words, n = t.words, len(t.words)
        spans = [part for s in spans for part in _split_acronym(s, t)]
        by_start = {s.start: s for s in spans}
        out = list(spans)
        for s in spans:
            i = s.end
            if s.label_ == "PER" or i + 2 >= n + 1 or i >= n or words[i] != "(":
                continue
            close = next((j for j in range(i + 1, min(i + 5, n)) if words[j] == ")"), None)
            if close is None or close == i + 1:
                continue
            if close == i + 2 and ACRONYM.match(words[i + 1]) and len(words[i + 1]) < len(s_text := t.span_text(s)):
                other = by_start.get(i + 1)
                if other is not None and other.end != close:
                    continue
                if other is not None:
                    out.remove(other)
                out.append(Span(doc, i + 1, close, label=s.label))
                aliases[words[i + 1]] = s_text
        return out, aliases

    def _link(self, doc: Doc, ents: list[Span], aliases: dict[str, str], t: _Tokens) -> None:
        """Set ._.entity (fullest form), ._.alias_of and ._.role on every entity (ents: the doc's, in order)."""
        texts = [t.span_text(e) for e in ents]
        labels = [e.label_ for e in ents]
        ent_types = t.ent_types(doc) if "PER" in labels else []
        full_pers = [(p, p.split()) for p in sorted({x for x, lab in zip(texts, labels) if lab == "PER"},
                                                    key=len, reverse=True)]
        forms: dict[tuple[str, str], str] = {}
        for text, label in zip(texts, labels):  # one spelling per entity: prefer the non-shouted form ("Jakarta" over "JAKARTA")
            key = (text.casefold(), label)
            if key not in forms or (forms[key].isupper() and not text.isupper()):
                forms[key] = text
        for e, text, label in zip(ents, texts, labels):
            canonical = forms[(text.casefold(), label)]
            ext = e._  # one extension accessor per entity
            if label == "PER":
                words = canonical.split()
                longer = [p for p, p_words in full_pers if len(p_words) > len(words) and _contains(p_words, words)]
                if len({forms[(p.casefold(), "PER")] for p in longer}) == 1 or (longer and _nested(longer)):
                    canonical = forms[(longer[0].casefold(), "PER")]
                ext.role = _role(e, t, ent_types)
            ext.entity = canonical
            alias = aliases.get(text)
            if alias is None:
                gaz = self.by_text.get(text)
                alias = gaz.alias_of if gaz and gaz.label == label else None
            ext.alias_of = alias


class _Tokens:
    """One doc's token texts, offsets and flags as plain lists, read once per doc: every doc[i]
    builds a Python Token object and every Span.text joins new ones, which cost more than the rules.
    Words are slices of the doc's text; lower-casing, isupper/istitle/isspace are the str methods
    spaCy's lexical attributes (LOWER, IS_UPPER, IS_TITLE, IS_SPACE) are made of."""

    __slots__ = ("text", "words", "lower", "idx", "punct", "quote")

    def __init__(self, doc: Doc):
        self.text = text = text_of(doc)
        idx, lengths, self.punct, self.quote = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_QUOTE]).T.tolist() \
            if len(doc) else ([], [], [], [])
        self.idx = idx
        self.words = [text[i:i + n] for i, n in zip(idx, lengths)]
        self.lower = [w.lower() for w in self.words]

    def span_text(self, span: Span) -> str:
        """span.text, as a slice of the doc's text."""
        return self.text[span.start_char:span.end_char]

    def ent_types(self, doc: Doc) -> list[str]:
        """Each token's entity label now ("" outside entities), as Token.ent_type_."""
        strings = doc.vocab.strings
        return [strings[h] if h else "" for h in doc.to_array(ENT_TYPE).tolist()]


def _run_start(t: _Tokens, i: int) -> int:
    """Where the capitalised run ending in a person's name starts (at most 14 words back);
    a sentence-initial ordinary word ("Bagi", "Kisah") is not part of it."""
    words, lower = t.words, t.lower
    j = i
    while j > 0 and i - j < 14:
        k = j - 1
        if t.punct[k] or t.quote[k] or words[k].isspace():  # (a newline is a space token of its own)
            break
        if not (words[k][:1].isupper() or lower[k] in CONNECTORS) or lower[k] == "di":
            break
        j -= 1
    while j < i and _sentence_initial(t, j) and lower[j] not in ROLE_HEADS and name_runs.common_word(words[j]):
        j += 1
    while j < i and lower[j] in CONNECTORS:
        j += 1
    return j


def _sentence_initial(t: _Tokens, i: int) -> bool:
    if i == 0:
        return True
    prev = t.words[i - 1]
    return prev in (".", "!", "?", "–", "—", "-", ":", '"', "“", "”") or "\n" in prev or prev.isspace()


def _places(spans: list[Span], gazetteer_places: frozenset[str], t: _Tokens) -> frozenset[str]:
    """Words that name places in this article: LOC entities, gazetteer places, words after 'Kabupaten'."""
    out = {t.lower[k] for s in spans if s.label_ == "LOC" for k in range(s.start, s.end)}
    return frozenset(out | place_words(t.text)) | gazetteer_places


@lru_cache(maxsize=4)
def _gazetteer_places(entries) -> frozenset[str]:
    return frozenset(w.lower() for e in entries if e.label == "LOC" for w in e.name.split())


def _consistent(spans: list[Span], t: _Tokens) -> list[Span]:
    """One label per name within an article: the most frequent one (first seen on ties)."""
    votes: dict[str, dict[str, int]] = {}
    texts = [t.span_text(s) for s in spans]
    labels = [s.label_ for s in spans]
    for text, label in zip(texts, labels):
        v = votes.setdefault(text, {})
        v[label] = v.get(label, 0) + 1
    out = []
    for s, text, label in zip(spans, texts, labels):
        best = max(votes[text].items(), key=lambda kv: kv[1])[0]
        out.append(s if best == label else Span(s.doc, s.start, s.end, label=best))
    return out


def _standalone(span: Span) -> bool:
    """A gazetteer hit inside a longer capitalised name the model left alone ('Menara Kudus',
    'Widodo AS') is not an entity of its own."""
    doc = span.doc
    for i in (span.start - 1, span.end):
        if 0 <= i < len(doc):
            tok = doc[i]
            if tok.text[:1].isupper() and not tok.is_stop and not tok.is_punct and not tok.ent_type_:
                return False
    return True


def _repeats(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """Later mentions of a name already recognised in the article that the model left untagged."""
    forms: dict[str, dict[tuple[str, ...], str]] = {}
    doc_words = t.words
    for s in spans:
        text = t.span_text(s)
        if text[:1].isupper() and len(text) > 1:
            words = tuple(doc_words[s.start:s.end])
            forms.setdefault(words[0], {}).setdefault(words, s.label_)
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    n = len(doc_words)
    for i, word in enumerate(doc_words):
        found = forms.get(word)
        if found is None:
            continue
        for words, label in found.items():
            end = i + len(words)
            if end <= n and tuple(doc_words[i:end]) == words and not taken.intersection(range(i, end)):
                out.append(Span(doc, i, end, label=label))
    return out


def _split_acronym(span: Span, t: _Tokens) -> list[Span]:
    """One predicted span 'Lembaga X ( LX )' becomes 'Lembaga X' and 'LX' ('PT Y (Persero)' stays whole)."""
    e = span.end
    if e - span.start >= 4 and t.words[e - 1] == ")" and t.words[e - 3] == "(" and ACRONYM.match(t.words[e - 2]) \
            and t.lower[e - 2] not in LEGAL_FORMS:
        doc = span.doc
        return [Span(doc, span.start, e - 3, label=span.label), Span(doc, e - 2, e - 1, label=span.label)]
    return [span]


def _contains(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _nested(names: list[str]) -> bool:
    """All candidate full names are forms of the longest one (e.g. 'Rina Kartika' in 'Anak Agung Rina Kartika')."""
    top = names[0].split()
    return all(_contains(top, n.split()) for n in names)


def _role(ent: Span, t: _Tokens, ent_types: list[str]) -> str | None:
    """The role phrase printed right before a person's name, e.g. 'Menteri Koperasi dan UKM'."""
    words, lower = t.words, t.lower
    i = ent.start - 1
    if i >= 0 and words[i] == ",":
        i -= 1
    stop = i
    while i >= 0 and i >= ent.start - 14:
        if ent_types[i] == "PER" or t.quote[i] or (t.punct[i] and words[i] not in ("&", "/", "-", ".")):
            break
        if not (words[i].istitle() or words[i].isupper() or words[i][:1].isupper() or lower[i] in CONNECTORS or ent_types[i]):
            break
        i -= 1
    heads = [j for j in range(i + 1, stop + 1) if lower[j] in ROLE_HEADS]
    if not heads:
        return None
    return t.text[t.idx[heads[0]]:t.idx[stop] + len(words[stop])]


@Language.factory("monitor_entities", assigns=["doc.ents"],
                  default_config={"gazetteer": True, "gazetteer_path": None, "strip_titles": True})
def make_entity_linker(nlp: Language, name: str, gazetteer: bool, gazetteer_path: str | None, strip_titles: bool):
    return EntityLinker(nlp, name, gazetteer=gazetteer, gazetteer_path=gazetteer_path, strip_titles=strip_titles)


def records(doc: Doc) -> list[Entity]:
    """One Entity per distinct entity of the article, with every mention's offsets."""
    groups: dict[tuple[str, str], dict] = {}
    for ent in doc.ents:
        ext = ent._  # one extension accessor per entity
        key = (ext.entity or ent.text, ent.label_)
        g = groups.setdefault(key, {"mentions": [], "alias_of": None, "role": None})
        g["mentions"].append((ent.start_char, ent.end_char))
        g["alias_of"] = g["alias_of"] or ext.alias_of
        g["role"] = g["role"] or ext.role
    return [Entity(text=t, label=lab, mentions=tuple(g["mentions"]), alias_of=g["alias_of"], role=g["role"])
            for (t, lab), g in groups.items()]
