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
from spacy.lang.id.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from monitor.nlp import name_runs, numbers
from monitor.nlp.doc_text import text_of
from monitor.nlp.quote_speakers import degree, dictionary, is_name_token, place_words
from monitor.nlp.quote_text import GIVEN_NAME_ABBREVIATIONS
from monitor.text import read_also_lines, stem
from monitor.types import Entity

GAZETTEER_FILE = Path(__file__).parent / "data" / "gazetteer.tsv"
NOT_ENTITIES_FILE = Path(__file__).parent / "data" / "not_entities.txt"
LABELS = ("PER", "ORG", "LOC")

# Honorifics, academic and religious titles printed before a name.
TITLES = {t.casefold() for t in (
    "Bapak", "Pak", "Ibu", "Bu", "Sdr.", "Sdri.", "Saudara", "Saudari", "Tn.", "Ny.", "Nn.", "Dr.", "Dr", "dr.",
    "drg.", "drh.", "Prof.", "Prof", "Ir.", "Ir", "Drs.", "Dra.", "H.", "Hj.", "H", "Hj", "KH", "KH.", "K.H.",
    "Kiai", "Kyai", "Haji", "Hajah", "Hajjah", "Ustaz", "Ustadz", "Ustazah", "Habib", "Syekh", "Mr.", "Mrs.", "Ms.")}
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
    "Ekonom", "Gubernur", "Inspektur", "Jaksa", "Hakim", "Sekda", "Bendahara", "Penasihat", "Tenaga", "Akademisi")}
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
WEBSITE = re.compile(r"^[A-Za-z][\w-]*\.(?:com|co\.id|co|id|net|org|or\.id|go\.id)$", re.I)
# a number with a measure after it ("70 persen", "4,5 juta") ends a name: "dibanding China 70 persen"
FIGURE_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
FIGURE_UNITS = frozenset(k.casefold() for k in (*numbers.SCALES, *numbers.PERCENT_WORDS, *numbers.MEASURES, "unit", "orang")
                         if " " not in k)  # the figure layer's one-word units and scales, and two count nouns
WEBSITE_IN_TEXT = re.compile(r"[A-Za-z][\w-]*\.(?:com|co|id|net|org|or|go)\b", re.I)  # loose pre-check of WEBSITE
# "JAKARTA, Kabar Niaga – ...", "TEMPO.CO, Jakarta – ...", "JATIMTIMES - ...": the dateline that
# opens a story names the city and the outlet, before the first dash of the first line
DATELINE = re.compile(r"\A\s*([^\n–—]{2,60}?)\s+[–—-]{1,2}\s")


def _may_name_website(text: str) -> bool:
    """WEBSITE_IN_TEXT.search(text), run only where a domain ending is printed at all (a substring test
    is far cheaper than the pattern over the whole article)."""
    low = text.lower()
    return any(end in low for end in (".co", ".id", ".net", ".or", ".go")) and WEBSITE_IN_TEXT.search(text) is not None


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
        self.places_casefold = frozenset(e.name.casefold() for e in self.entries if e.label == "LOC")

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
            gaz = filter_spans(gaz)
            gaz_tokens = {i for g in gaz for i in range(g.start, g.end)}
            spans += [g for g in gaz if not taken.intersection(range(g.start, g.end)) and _standalone(g, gaz_tokens)]
            # a known organisation with its city the model read as one name ("Universitas Tanjungpura Pontianak")
            spans = [part for sp in spans for part in self._org_then_city(doc, sp, t)]
            # a known place the model took for an organisation, printed after "di"/"ke"/"dari" ("di Depok")
            spans = [Span(doc, sp.start, sp.end, label="LOC") if sp.label_ == "ORG" and sp.start and t.lower[sp.start - 1]
                     in ("di", "ke", "dari") and t.span_text(sp).casefold() in self.places_casefold else sp for sp in spans]
        spans = self._appositive_persons(doc, _page_lines(doc, self._dateline(doc, spans, t), t), t)
        spans = _org_forms(doc, filter_spans(_headed_runs(doc, spans, t)), t)
        if self.use_gazetteer:  # and where a run rule read the university and its city as one name
            spans = [part for sp in spans for part in self._org_then_city(doc, sp, t)]
        spans = _legal_tails(doc, spans, t)
        spans, aliases = self._acronyms(doc, _spelled_names(doc, filter_spans(spans), t, self.places_casefold), t)
        spans = _name_prefixes(doc, filter_spans(self._split_runs(doc, filter_spans(spans), t)), t)
        spans = _branches(doc, _org_tails(doc, spans, t), t)
        ents = _consistent(filter_spans(spans + _repeats(doc, spans, t)), t)
        if "(" in t.text and (common := _lowercase_acronyms(t)):  # "tandan buah segar (TBS)": a thing's short form
            ents = [e for e in ents if not (e.label_ == "ORG" and e.end - e.start == 1 and t.words[e.start] in common)]
        ents = _place_before_name(doc, [e for e in (_within_sentence(doc, _after_sector(doc, e, t), t) for e in ents)
                                        if e is not None], t)
        ents = _rank_edges(doc, ents, t)
        if reads := read_also_lines(t.text):
            ents = _outside_read_also(ents, reads, t)
        doc.ents = ents  # in order and without overlaps (filter_spans): what doc.ents now returns
        self._link(doc, ents, aliases, t)
        return doc

    def _dateline(self, doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
        """The outlet in the opening dateline is an ORG and its city a LOC, whatever the model said
        ("Warta Priangan" read as a place, "Kabar Niaga" missed)."""
        m = DATELINE.match(t.text)
        if not m:
            return spans
        parts = [(p.start() + m.start(1), p.group().strip(" ,()")) for p in re.finditer(r"[^,()]+", m.group(1))]
        parts = [(a + (len(x) - len(x.lstrip(" ,("))), x) for a, x in parts if x]
        if not parts or len(parts) > 2 or any(len(x.split()) > 4 for _, x in parts):
            return spans
        if len(parts) == 2 and not any(x.isupper() or WEBSITE.match(x) or x.casefold() in self.places_casefold
                                       for _, x in parts):
            return spans  # a dateline prints its city in capitals or is a known city: "Chairman Samsung, Lee Kun - Hee" is none
        found = []
        for a, x in parts:
            start = t.text.index(x, a)
            words = x.split()
            other = [o for b, o in parts if b != a]
            if WEBSITE.match(x):
                label = "ORG"
            elif x.casefold() in self.places_casefold:  # the model's LOC is no evidence: outlets sound like places
                label = "LOC"
            elif other and WEBSITE.match(other[0]) and x.isupper() and len(words) <= 3:
                label = "LOC"  # "SOREANG, PRIANGANPOS.COM –": beside the outlet's website, the city in capitals
            elif other and (other[0].casefold() in self.places_casefold or WEBSITE.match(other[0])) and all(
                    w[:1].isupper() for w in words):
                label = "ORG"  # beside a known city or a website: the outlet ("Jakarta (ANTARA)")
            elif not other:
                continue  # "JATIMTIMES –" or "BOJONEGORO –": an unknown name alone, the model decides
            elif x.isupper() and not other[0].isupper():
                label = "LOC"  # "MEDAN, Kabar Sumatra –": the city is printed in capitals
            elif all(w[:1].isupper() or w[:1].isdigit() for w in words) and not (
                    len(words) == 1 and name_runs.common_word(x)):
                label = "ORG"
            else:
                return spans  # not a dateline: an ordinary opening clause before a dash
            span = doc.char_span(start, start + len(x), label=label)
            if span is None:
                return spans
            found.append(span)
        taken = {i for sp in found for i in range(sp.start, sp.end)}
        return [sp for sp in spans if not taken.intersection(range(sp.start, sp.end))] + found

    @staticmethod
    def _moves_person(doc: Doc, s: Span, name_at: int, run, places: frozenset[str], t: _Tokens) -> bool:
        """Whether the splitter may move the start of the model's person. The model is usually right
        about persons, so: it is shortened only past words that cannot be part of a name (titles,
        organisation and place words, acronyms) or where the article later calls the person by the
        new first word; it is lengthened only on that later mention ("Bagi Dadang | Hermawan", then
        "kata Dadang"), or over untagged words right after a place ("Dinas Pertanian Kabupaten Garut
        Ujang | Saepudin"), never by capitalisation alone ("Menko Polhukam | Luhut", "Partai Golkar |
        Agung Laksono")."""
        mentioned = _called_alone(t.text, t.words[name_at], t.idx[name_at])
        if name_at < s.start:  # or the words join from after a place and the model gave them to nothing else
            return mentioned or (name_at > 0 and t.lower[name_at - 1] in places
                                 and not any(t.ent_types(doc)[name_at:s.start]))
        if not run.evidence:
            return False  # capitalisation alone never shortens the model's person
        if run.by_region:
            return True  # "Bupati Kapuas | Stefanus Ringo": a regional head's jurisdiction is no part of the name
        if run.by_org and all(w[:1].isupper() for w in t.words[s.start:name_at]):
            return True  # "Koperasi Sarono Makmur | Paiman": the organisation is printed elsewhere with those words
        dropped = t.lower[s.start:name_at]
        if run.org_start >= run.name_start and not any(w in ROLE_HEADS or w in TITLES or w.rstrip('.') in name_runs.ROLE_WORDS
                                                        for w in dropped):
            return False  # "petani cabai, Jaya Sembiring", then "Sembiring meminta": nothing but the name to drop
        return mentioned or all(not is_name_token(w, places) and not _initials(w) for w in t.words[s.start:name_at])

    def _split_runs(self, doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
        """Title + organisation + name runs become an ORG and a PER (see monitor.nlp.name_runs);
        company forms are always ORG."""
        text, words_, lower = t.text, t.words, t.lower
        places = _places(spans, self.gazetteer_places, t)
        orgs = frozenset(t.span_text(s) for s in spans if s.label_ == "ORG") | self.gazetteer_orgs
        out: list[Span] = []
        for s in spans:
            label, given = s.label_, s
            if label == "PER" and lower[s.start] in ("pt", "cv", "ud", "perum", "koperasi", "bank"):
                out.append(Span(doc, s.start, s.end, label="ORG"))
                continue
            if label == "LOC" and s.end - s.start >= 3:
                out.extend(self._person_after_place(doc, s, spans, t))
                continue
            if label not in ("PER", "ORG") or (label == "ORG" and (t.span_text(s) in t.settled or _person_after_comma(s.end, spans))):
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
            if label == "ORG" and (not run.evidence or run.by_head or run.name_start >= len(words)
                                   or run.org_start >= run.name_start
                                   or not _person_inside_org(words[run.org_start:run.name_start], words[run.name_start:],
                                                             _called_alone(text, words[run.name_start], t.idx[start + run.name_start])
                                                             or words[run.name_start - 1].lower() in places)):
                out.append(s)
                continue
            name_at = start + run.name_start
            if name_at >= s.end:
                out.append(s)
                continue
            if label == "PER" and name_at != s.start and not self._moves_person(doc, s, name_at, run, places, t):
                name_at = s.start
            person = Span(doc, name_at, s.end, label="PER")
            if self._plausible(person, t):
                out.append(person)
                if run.by_region and name_at == start + run.name_start and run.org_start >= run.name_start \
                        and (reg := name_runs.region_span(words)):
                    # "Bupati Kapuas | Stefanus Ringo": the jurisdiction is a place, unless a span of its own holds it
                    a, b = start + reg[0], start + reg[1]
                    if not any(o is not given and o.start < b and a < o.end for o in spans):
                        out.append(Span(doc, a, b, label="LOC"))
            org_at = start + run.org_start
            if org_at < name_at and any(lower[k] in name_runs.ORG_HEADS_ALL or words_[k].isupper() for k in range(org_at, name_at)):
                while org_at < name_at and (lower[org_at] in ROLE_HEADS or lower[org_at] == "perwakilan" and org_at
                                            and lower[org_at - 1] in ROLE_HEADS):
                    org_at += 1  # "Kepala Perwakilan | Bank Indonesia Bali": the representative's title
                org_end = name_at  # "Polda Jawa Tengah Komisaris Besar | Aryanto": a rank is not the organisation's
                while org_end - org_at > 1 and lower[org_end - 1] in name_runs.ROLE_WORDS and lower[org_end - 1] not in _head_words_org():
                    org_end -= 1
                org_end = self._portfolio_at(t, org_at, org_end) or org_end
                org = Span(doc, org_at, org_end, label="ORG")
                if org_at < org_end and self._plausible(org, t) and _named(t, org_at, org_end) and not any(
                        o.start <= org_at and org_end <= o.end for o in spans if o is not given):
                    out.append(org)
        return out

    def _appositive_persons(self, doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
        """A short name the model read as a place or organisation is a person where the sentence says so:
        set off by commas before a reporting verb ("Pemilik usaha keripik di Malang, Sulastri, menuturkan
        …") or followed by an age ("Sarinah (63)"). Known places and organisations stay what they are,
        except before an age."""
        words, lower, n = t.words, t.lower, len(t.words)
        verbs = name_runs.lexicon().verbs
        out = []
        for sp in spans:
            a, b = sp.start, sp.end
            if sp.label_ in ("LOC", "ORG") and b - a <= 2 and a and all(is_name_token(w) for w in words[a:b]):
                aged = b + 2 < n and words[b] == "(" and words[b + 1].isdigit() and int(words[b + 1]) <= 110 \
                    and words[b + 2] == ")"
                said = words[a - 1] == "," and b + 1 < n and words[b] == "," and lower[b + 1] in verbs \
                    and t.span_text(sp).casefold() not in self.places_casefold and t.span_text(sp) not in self.by_text
                if aged or said:
                    sp = Span(doc, a, b, label="PER")
            out.append(sp)
        return out

    def _org_then_city(self, doc: Doc, sp: Span, t: _Tokens) -> list[Span]:
        """A known university with its city the model read as one name ("Universitas Tanjungpura Pontianak"):
        the university and the city. Offices keep their region ("Bank Indonesia Sumatera Utara")."""
        if sp.label_ != "ORG" or len(sp) < 3 or t.lower[sp.start] not in CAMPUS_HEADS:
            return [sp]
        for k in (sp.end - 1, sp.end - 2):
            if k - sp.start >= 2 and (e := self.by_text.get(t.run_text(sp.start, k))) \
                    and e.label == "ORG" and e.alias_of is None \
                    and t.text[t.idx[k]:sp.end_char].casefold() in self.places_casefold:
                return [Span(doc, sp.start, k, label="ORG"), Span(doc, k, sp.end, label="LOC")]
        return [sp]

    def _person_after_place(self, doc: Doc, s: Span, spans: list[Span], t: _Tokens) -> list[Span]:
        """A place the model ran on into a person's name ("Kabupaten Cilacap Wahyu Nugroho Adi", after
        "Kepala BPBD") is the place and the person, where the article calls the person alone elsewhere
        ("ujar Wahyu") and a word that is no name (a place word) closes the place."""
        places = _places([o for o in spans if o is not s], self.gazetteer_places, t)
        words, lower = t.words, t.lower
        k = s.end
        while k > s.start and is_name_token(words[k - 1], places):
            k -= 1
        while k > s.start + 1 and (lower[k - 1] in TITLES or lower[k - 1].rstrip(".") in name_runs.ROLE_WORDS):
            k -= 1  # a title the name-token test already refused ("… Raya Haji | Muhammad Zaini")
        k0 = k
        while k < s.end and (lower[k] in TITLES or lower[k].rstrip(".") in name_runs.ROLE_WORDS):
            k += 1  # "Cirebon Raya Haji Abdul Rozak": the title is neither place nor name
        if not (s.start < k0 <= k < s.end):
            return [s]
        # evidence: the article calls the person alone elsewhere, or an office run ends in a whole place and
        # two or more name words follow ("Asosiasi Petani Tebu Rakyat | Kediri Slamet Riyadi",
        # "(OJK) | Jember Sinta Dewi")
        office = s.start > 0 and (words[s.start - 1][:1].isupper() or words[s.start - 1] == ")") and s.end - k >= 2 \
            and k0 - s.start == 1 and name_runs._whole_place(words[s.start], t.text)
        if not office and not any(_called_alone(t.text, words[j], t.idx[j], after_word=True) for j in range(k, s.end)):
            return [s]
        return [Span(doc, s.start, k0, label="LOC"), Span(doc, k, s.end, label="PER")]

    def _plausible(self, span: Span, t: _Tokens) -> bool:
        """Not a generic group/programme, and written like a name (some capital or digit); a lone
        ordinary word opening a sentence ("Ia", "Naik") is no person."""
        if t.span_text(span) in self.not_entities:
            return False
        start, end = span.start, span.end
        if end - start == 1 and span.label_ == "ORG" and t.lower[start] in BARE_HEADS:
            return False
        if end - start == 1 and span.label_ == "PER" and (
                t.lower[start] in ("ia", "dia", "beliau", "mereka", "kami", "saya")
                or (_sentence_initial(t, start) and _ordinary_here(t, t.words[start]))):
            return False
        return any(w[:1].isupper() or w[:1].isdigit() for w in t.words[start:end])

    def _portfolio_at(self, t: _Tokens, a: int, b: int) -> int | None:
        """Where the officer's portfolio starts inside an organisation's run a..b: "Kadin Indonesia | Bidang UMKM",
        "Apindo Jawa Tengah | Bidang Ketenagakerjaan" ("Bidang" right after a country or place)."""
        return next((k for k in range(a + 2, b - 1) if t.lower[k] == "bidang" and (
            t.lower[k - 1] in COUNTRY_WORDS or t.lower[k - 1] in self.places_casefold)), None)

    def _clean(self, ent: Span, t: _Tokens) -> Span | None:
        """Strip titles before and degrees after a person's name; end any name before a figure or a bracket
        it did not open or does not close ("Himpunan Pengusaha Muda Indonesia (Hipmi | ) Jaya": the short
        form alone; "Institute for Development of Economics and Finance | (Indef": the name alone)."""
        if (close := _unopened_bracket(t.words, ent.start, ent.end)) is not None:
            if close == ent.start:
                return None
            ent = Span(ent.doc, ent.start, close, label=ent.label_)
        if (cut := next((k for k in range(ent.start + 1, ent.end - 1) if FIGURE_NUMBER.match(t.words[k])
                         and t.lower[k + 1] in FIGURE_UNITS), None)) is not None:
            ent = Span(ent.doc, ent.start, cut, label=ent.label_)
            if (gaz := self.by_text.get(t.span_text(ent))) is not None:
                ent = Span(ent.doc, ent.start, ent.end, label=gaz.label)
        label = ent.label_
        if label in ("PER", "LOC"):  # a person's or place's "name" that is a known institution (or place) is that
            gaz = self.by_text.get(t.span_text(ent))
            if gaz is not None and (label == "PER" or gaz.label == "ORG"):
                return Span(ent.doc, ent.start, ent.end, label=gaz.label)
        if label == "ORG" and (cut := self._portfolio_at(t, ent.start, ent.end)) is not None:
            ent = Span(ent.doc, ent.start, cut, label="ORG")
        if label == "ORG":  # "Bank Dunia | untuk Indonesia dan Timor-Leste": the places it covers are no part of it
            cut = next((k for k in range(ent.start + 2, ent.end - 1) if t.lower[k] in ("untuk", "bagi")), None)
            if cut is not None and all(p.strip().casefold() in self.places_casefold
                                       for p in re.split(r",|\bdan\b", t.run_text(cut + 1, ent.end)) if p.strip()):
                return Span(ent.doc, ent.start, cut, label="ORG")
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
        spans = [part for s in spans for part in _split_acronym(s, t, self.places_casefold)]
        by_start = {s.start: s for s in spans}
        out = list(spans)
        for s in spans:
            i = s.end
            if s.label_ == "PER" or i + 2 >= n + 1 or i >= n or words[i] != "(":
                continue
            close = next((j for j in range(i + 1, min(i + 5, n)) if words[j] == ")"), None)
            if close is None or close == i + 1:
                continue
            if close == i + 2 and _short_form(words[i + 1], words[s.start:s.end]) \
                    and len(words[i + 1]) < len(s_text := t.span_text(s)):
                other = by_start.get(i + 1)
                if other is not None and (other.end != close or (s.label_ == "LOC" and other.label_ == "ORG")):
                    continue  # "Jakarta (ANTARA) –": a dateline's outlet, not the place's acronym
                if other is not None:
                    out.remove(other)
                out.append(Span(doc, i + 1, close, label=s.label))
                aliases[words[i + 1]] = s_text
            elif close > i + 2 and s.label_ == "ORG" and _short_form(words[i + 1], words[s.start:s.end]) \
                    and all(words[k][:1].isupper() for k in range(i + 2, close)):
                # "Asosiasi Industri Pangan Olahan Jawa Tengah (Asipo Jateng)", "(KPw BI)", "(Hiswana Migas)":
                # a short form with its region or parent is one organisation, whatever the NER made of it
                inside = [o for o in out if i < o.start and o.end <= close]
                if any(o.start <= i < o.end or o.start < close < o.end for o in out if o is not s):
                    continue
                for o in inside:
                    out.remove(o)
                out.append(Span(doc, i + 1, close, label="ORG"))
                aliases[t.run_text(i + 1, close)] = t.span_text(s)
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
        org_texts = {x for x, lab in zip(texts, labels) if lab == "ORG"}
        loc_texts = {x for x, lab in zip(texts, labels) if lab == "LOC" and " " in x}
        for e, text, label in zip(ents, texts, labels):
            canonical = forms[(text.casefold(), label)]
            ext = e._  # one extension accessor per entity
            if label == "PER":
                words = canonical.split()
                longer = [p for p, p_words in full_pers if len(p_words) > len(words) and _contains(p_words, words)]
                if len({forms[(p.casefold(), "PER")] for p in longer}) == 1 or (longer and _nested(longer)):
                    canonical = forms[(longer[0].casefold(), "PER")]
                ext.role = _role(e, t, ent_types)
            elif label == "LOC" and canonical.split()[0].lower() not in REGION_HEADS:
                # "Gunungkidul" beside "Kabupaten Gunungkidul": one place, printed in full once
                longer = {forms[(o.casefold(), "LOC")] for o in loc_texts
                          if o.split()[0].lower() in REGION_HEADS and o.split(None, 1)[1:] == [canonical]}
                if not longer:
                    longer = {forms[(o.casefold(), "LOC")] for o in loc_texts if o.split()[0].lower() in REGION_HEADS
                              and o.split(None, 1)[1:] and o.split(None, 1)[1].casefold() == canonical.casefold()}
                if len(longer) == 1:
                    canonical = longer.pop()
            elif label == "ORG" and len(words := canonical.split()) >= 2:
                # "Koperasi Sarono Makmur" after "Koperasi Peternak Sapi Perah Sarono Makmur": a short form
                longer = [o for o in org_texts if len(o) > len(canonical) and name_runs._ends_known_org(
                    words[0], words[1:], frozenset((o,)))]
                if not longer:  # "PT Agro Nusa" beside "PT Agro Nusa (Persero) Tbk": the name without its legal form;
                    # "Balai Besar X" beside "Balai Besar X Kementerian Y": the unit without its parent
                    longer = [o for o in org_texts if o.startswith(canonical + " ") and (all(
                        w.strip("().").lower() in TAIL_FORMS for w in o[len(canonical):].split())
                        or words[0].lower() in UNIT_HEADS and o[len(canonical) + 1:].split()[0].lower() in RUN_HEADS)]
                if len(longer) == 1:
                    canonical = forms[(longer[0].casefold(), "ORG")]
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

    __slots__ = ("text", "words", "lower", "idx", "punct", "quote", "settled")

    def __init__(self, doc: Doc):
        self.text = text = text_of(doc)
        idx, lengths, self.punct, self.quote = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_QUOTE]).T.tolist() \
            if len(doc) else ([], [], [], [])
        self.idx = idx
        self.words = [text[i:i + n] for i, n in zip(idx, lengths)]
        self.lower = [w.lower() for w in self.words]
        self.settled: set[str] = set()  # organisation names whose name-like words a rule proved their own

    def span_text(self, span: Span) -> str:
        """span.text, as a slice of the doc's text."""
        return self.text[span.start_char:span.end_char]

    def run_text(self, i: int, j: int) -> str:
        """The text of tokens i..j (j exclusive), as a slice of the doc's text."""
        return self.text[self.idx[i]:self.idx[j - 1] + len(self.words[j - 1])]

    def ent_types(self, doc: Doc) -> list[str]:
        """Each token's entity label now ("" outside entities), as Token.ent_type_."""
        strings = doc.vocab.strings
        return [strings[h] if h else "" for h in doc.to_array(ENT_TYPE).tolist()]


_EDGE_PUNCT = frozenset("([{,;:–—-/|")
_DASHES = frozenset("-–—")
_SENTENCE_END = frozenset(".!?")
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,3}|[A-Z])$")  # Co, Inc, Ltd, Tbk, Corp, Jr, an initial


_SPELL_JOINERS = frozenset({"dan", "&", "untuk", "bagi", "of", "and", "the", "for", "pada", "atas"})


def _spells(short: str, words: list[str]) -> bool:
    """`short` spells `words` as Indonesian short forms do: each word gives a prefix of itself, in order
    ("PIP" Pusat Investasi Pemerintah, "Kadin" KAmar Dagang dan INdustri, "MAPPI" MAsyarakat Profesi Penilai
    Indonesia), or of itself without a first-syllable schwa ("Dekranasda" DEwan K(e)RAjinan NASional DAerah); a
    joiner ("dan") or at most one other word gives nothing, the first word at least its first letter."""
    s = short.lower().replace("-", "").replace("&", "")
    low = [w.lower() for w in words]
    memo: dict[tuple[int, int, int], bool] = {}

    def go(i: int, k: int, skips: int) -> bool:
        if k == len(s):
            return all(w in _SPELL_JOINERS for w in low[i:])
        if i == len(low) or (i, k, skips) in memo:
            return memo.get((i, k, skips), False)
        w = low[i]
        ok = any(f[:m] == s[k:k + m] and go(i + 1, k + m, skips)
                 for f in (w, _schwa_dropped(w)) for m in range(1, min(len(f), len(s) - k) + 1))
        if not ok and i:
            ok = go(i + 1, k, skips) if w in _SPELL_JOINERS else skips < 1 and go(i + 1, k, skips + 1)
        memo[(i, k, skips)] = ok
        return ok
    return bool(s) and bool(low) and go(0, 0, 0)


_NAME_LAST_HEADS = frozenset({"bank", "association", "institute", "foundation", "council", "corporation", "fund",
                              "organization", "organisation", "agency", "center", "centre", "forum"})


def _schwa_dropped(word: str) -> str:
    """"kerajinan" → "krajinan": short forms drop the schwa of a first syllable ("Dekranasda", "Kemenkop")."""
    return word[0] + word[2:] if len(word) > 3 and word[1] == "e" else word


def _spelled_names(doc: Doc, spans: list[Span], t: _Tokens, places: frozenset[str]) -> list[Span]:
    """A capitalised run the NER left out, printed before a short form in brackets that spells it ("Pusat
    Investasi Pemerintah (PIP)", "Forum Industri Nikel Nasional (Finnas)"), is an organisation (the acronym
    rule then adds the short form) when an organisation's head opens it ("Pusat", "Dewan") or an English one
    closes it ("Asian Development Bank"); the run starts at its leftmost word that lets the short form spell
    it and is no title ("Ketua | Dewan Kerajinan Nasional Daerah (Dekranasda)"); a known place is left alone."""
    if "(" not in t.text:
        return spans
    words, lower, n = t.words, t.lower, len(t.words)
    covered = {k for s in spans for k in range(s.start, s.end)}
    out = list(spans)
    for k in range(2, n - 2):
        if words[k] != "(" or words[k + 2] != ")" or k - 1 in covered:
            continue
        x = words[k + 1]
        if lower[k + 1] in TAIL_FORMS or not (ACRONYM.match(x) or x[:1].isupper() and x[1:].islower() and x.isalpha()):
            continue
        i = k
        while i > 0 and k - i < 10 and i - 1 not in covered and (
                words[i - 1][:1].isupper() and words[i - 1][:1].isalpha() or lower[i - 1] in _SPELL_JOINERS):
            i -= 1
        start = next((j for j in range(i, k - 1) if words[j][:1].isupper() and lower[j] not in TITLES
                      and lower[j].rstrip(".") not in name_runs.ROLE_WORDS and _spells(x, words[j:k])), None)
        if start is None or t.run_text(start, k).casefold() in places or lower[start] in REGION_HEADS or not (
                lower[start] in name_runs.lexicon().org_heads or lower[k - 1] in _NAME_LAST_HEADS):
            continue  # ("Kredit Usaha Rakyat (KUR)", "Rapat Dewan Gubernur (RDG)", "Stasiun Pengisian Bahan Bakar
            # Umum (SPBU)": a programme's, a meeting's or a kind of place's)
        out.append(Span(doc, start, k, label="ORG"))
        covered.update(range(start, k))
    return out


def _spaced(text: str) -> bool:
    """Text tokenised with spaces (the public NER splits: "ini , mulai", "… formal ."), where spacing says
    nothing about where a name ends."""
    return " , " in text or text.rstrip().endswith(" .")


def _branches(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """"BRI | Cabang Maumere", "PT ASDP Indonesia Ferry (Persero) | Cabang | Kupang": an organisation's branch
    with its place is one organisation, as the annotators list it (27 of 32 in the helper sets); the place is
    the LOC span after "Cabang" ("Pembantu"), else one capitalised word that no person's name holds."""
    if "Cabang" not in t.text:
        return spans
    words, lower, n = t.words, t.lower, len(t.words)
    by_start = {s.start: s for s in spans}
    out, drop = [], set()
    for s in spans:
        k = s.end
        if s.label_ != "ORG" or k + 1 >= n or words[k] != "Cabang":
            out.append(s)
            continue
        k += 1 + (lower[k + 1] == "pembantu" and k + 2 < n)
        place = by_start.get(k) or by_start.get(s.end)  # (the NER's "Cabang Maumere" as a place)
        if place is not None and place.label_ == "LOC":
            end = place.end
        elif place is None and words[k][:1].isupper() and words[k].isalpha() and not any(
                o.start <= k < o.end for o in spans):
            end = k + 1
        else:
            out.append(s)
            continue
        drop.update(id(o) for o in spans if s.end <= o.start and o.end <= end)
        out.append(Span(doc, s.start, end, label="ORG"))
    return [o for o in out if id(o) not in drop]


def _after_sector(doc: Doc, span: Span, t: _Tokens) -> Span:
    """"UMKM" before an organisation is the sector of a title ("Deputi Bidang UMKM | Kemenko Perekonomian",
    "Wakil Ketua Umum Bidang UMKM dan Kemitraan | Kadin"), not part of the organisation's name."""
    i, j = span.start, span.end
    if span.label_ != "ORG" or t.lower[i] != "umkm" or j - i < 2:
        return span
    k = i + 3 if t.lower[i + 1] == "dan" and j - i > 3 else i + 1
    if t.lower[k] in _SECTOR_NAMES or not (t.lower[k] in name_runs.ORG_HEADS_ALL or ACRONYM.match(t.words[k])):
        return span  # "UMKM Center Jawa Barat" is a name of its own
    return Span(doc, k, j, label="ORG")


_SECTOR_NAMES = frozenset({"center", "centre", "corner", "hub", "gallery", "galeri"})


def _unopened_bracket(words: list[str], i: int, j: int) -> int | None:
    """Where words[i:j] closes a bracket it did not open, or opens one it does not close, if anywhere."""
    depth, opened = 0, None
    for k in range(i, j):
        if words[k] == "(":
            depth += 1
            opened = k if depth == 1 else opened
        elif words[k] == ")":
            if not depth:
                return k
            depth -= 1
    return opened if depth else None


def _within_sentence(doc: Doc, span: Span, t: _Tokens) -> Span | None:
    """A name never runs past a sentence, a paragraph or a dash between spaces ("… penyanyi asal Wales, Charlotte
    Church. Polisi lokal …", "Stanford University.\n\nDalam …", "CNBC Indonesia - PT …"), never ends on an opening
    bracket or a comma ("Pengadilan Negeri (PN)" cut at "("), and a person's name never ends in a degree ("Siti
    Aminah MSi").
    The part before the break is kept (the rules that grew the span grew it rightwards)."""
    i, j = span.start, span.end
    for k in range(i, j):
        w = t.words[k]
        if k > i and w in _DASHES and doc[k - 1].whitespace_ and doc[k].whitespace_ and not _spaced(t.text):
            j = k  # a dash between spaces parts a dateline from the story ("CNBC Indonesia - PT Mete …"); in
            break  # text tokenised with spaces (" , ") it is a name's own hyphen ("Lee Kun - Hee")
        if w.isspace() and "\n" in w or (w in _SENTENCE_END and k + 1 < j and t.words[k + 1][:1].isupper()
                                         and not (k > i and len(t.words[k - 1]) <= 3 and t.words[k - 1][:1].isupper())):
            # (not after an initial or a short title inside the name: "Wicky V. Olindo", "Hasniah Dg. Kanang")
            j = k
            break
    while j > i and (t.words[j - 1] in _EDGE_PUNCT or t.words[j - 1].isspace() or t.words[j - 1] in _SENTENCE_END
                     and not (span.label_ != "LOC" and j - 1 > i and _ABBREVIATION.match(t.words[j - 2]))):
        # ("Walt Disney Co." and "Budi Santoso Jr." keep theirs; "di Bali." does not)
        j -= 1
    while j > i and (t.words[i] in _EDGE_PUNCT or t.words[i].isspace()):
        i += 1
    if span.label_ == "PER":
        while j - i > 1 and degree(t.words[j - 1]) and (degree(t.words[j - 2]) or is_name_token(t.words[j - 2])):
            j -= 1
    if j <= i:
        return None
    return span if (i, j) == (span.start, span.end) else Span(doc, i, j, label=span.label_)


def _place_before_name(doc: Doc, ents: list[Span], t: _Tokens) -> list[Span]:
    """The word before a name that ends an office or a company is theirs, even when no list knows it: the
    jurisdiction after a title ("Kajari Lhoksukon Teuku Rahmatsyah", "Kejari Lhoksukon" printed elsewhere), a
    company's last word or short name ("Direktur PT Seduh Tanoh Gayo Fakhrullah Mahmuddin", "Ketua Aspumi
    Ahmadi Subairi"). Such a word is a place of one word, an organisation of one word or the last word of
    a longer one elsewhere in the article, and never a given name or a common word ("Kejaksaan Agung" leaves
    "Direktur Agung Wibowo" whole)."""
    if not any(e.label_ == "PER" and e.end - e.start >= 3 for e in ents):
        return ents
    ends = {t.span_text(e) for e in ents if e.label_ in ("LOC", "ORG") and e.end - e.start == 1}
    ends |= {t.words[e.end - 1] for e in ents if e.label_ == "ORG" and e.end - e.start >= 2}
    lex = name_runs.lexicon()
    out = []
    for e in ents:
        if (e.label_ == "PER" and e.end - e.start >= 3 and e.start and t.words[e.start] in ends
                and (t.lower[e.start - 1].rstrip(".") in lex.roles or t.words[e.start - 1][:1].isupper())
                and t.lower[e.start] not in lex.given_names and t.lower[e.start] not in name_runs.dictionary()):
            e = Span(doc, e.start + 1, e.end, label="PER")
        out.append(e)
    return out


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


# given names that are only given names (the lexicon's list also holds words companies take: Jaya, Sentosa,
# Prima, Lestari, Wijaya, Mega …, which may well end an organisation's name)
PERSON_GIVEN_NAMES = frozenset("""sri budi dewi agus putri wahyu bayu teguh adi ratna intan hana sinta ayu rahmat hidayat
iman arif hakim aziz rizki dian kartika bambang slamet mulyadi budiman muhammad siti maria nur halim gunawan rudi
rahayu rahman salim maulana galih arifin saleh fitri endang suryani wulan maharani prameswari johan arya bahri rini
aji bagas sekar rasyid taufik rahmah wisnu citra indra kamal malik nanang gilang hasan andika yogi maya anggara tahir
latif hidayah syarif""".split())


# organisation forms that are always followed by the organisation's own name ("PT Agro Sampit Lestari",
# "Kelompok Tani Ngudi Rejeki", "Universitas Nusa Cendana")
NAMED_FORMS = frozenset({"pt", "cv", "ud", "koperasi", "ksp", "kud", "kelompok", "gapoktan", "poktan", "paguyuban",
                         "credit", "lkms", "bumdes", "yayasan", "universitas", "institut", "asosiasi", "himpunan",
                         "perkumpulan", "sanggar", "komunitas", "ikatan", "persatuan", "serikat", "gabungan"})
# after a company's full name: its acronym, a place, a description, a relative clause, or the sentence's end
_AFTER_ORG_NAME = frozenset({"(", "di", "dari", "yang", "selaku", "sebagai", "milik", "asal", ".", "!", "?", ";", ":"})
WEEKDAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu"})
_VERB_PREFIX = re.compile(r"^(?:me|ber|di|ter|per)[a-z]")


def agent_noun(word: str) -> bool:
    """A pe(N)- noun of a person's trade made from a dictionary root ("Perajin", "Penenun", "Peternak"): a common
    word that opens a group's name ("Kelompok Perajin …"), never a person's name (the stemmer knows "Permana")."""
    low = word.lower()
    if not low.startswith("pe") or len(low) < 6:
        return False
    root = stem(low)
    return root != low and root in dictionary()


def _org_tails(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """A "person" right after a named organisation form is the end of its name when what follows shows the name
    is over: "PT Agro Sampit | Lestari sebagai jaminan", "Kelompok Tani | Ngudi Rejeki di Kecamatan …",
    "Universitas Nusa | Cendana (Undana)", "PT Karya | Presisi Citarum, produsen …", "… PT Rotan Jaya | Kencana
    Internasional | Herlambang Susilo". With a role before the organisation ("Manajer PT Sinar Jaya Budi
    Santoso mengatakan") a verb after the person leaves them a person; so does a legal form closing the name
    ("Direktur PT Astra Otoparts Tbk | Yusak Kristian, di Jakarta"), and a word the article prints alone
    elsewhere is a person's name."""
    words, lower, n = t.words, t.lower, len(t.words)
    by_start = {sp.start: sp for sp in spans}
    out, drop = [], set()
    for sp in spans:
        if sp.start in drop:
            continue
        per = by_start.get(sp.end)
        if sp.label_ != "ORG" or lower[sp.start] not in NAMED_FORMS or lower[sp.end - 1] in name_runs.LEGAL_FORMS \
                or per is None or per.label_ != "PER" \
                or per.end - per.start > 3 or _printed_alone(t, sp.end - 1, per):
            out.append(sp)
            continue
        nxt = lower[per.end] if per.end < n else "."
        after = words[per.end + 1] if per.end + 1 < n else ""
        ends = (nxt in _AFTER_ORG_NAME or "\n" in nxt
                or (nxt == "," and after[:1].isupper() and after.lower() not in WEEKDAYS)
                or (nxt == "," and after[:1].islower() and not _VERB_PREFIX.match(after) and after not in STOP_WORDS)
                or (per.end in by_start and by_start[per.end].label_ == "PER"))
        titled = _role_before_org(t, sp.start)
        if ends or not titled:
            out.append(Span(doc, sp.start, per.end, label="ORG"))
            drop.add(per.start)
            if titled and (name := _name_after_acronym(t, per.end, by_start)) is not None:
                out.append(Span(doc, name[0], name[1], label="PER"))
        else:
            out.append(sp)
    return _known_org_prefix(doc, sorted(out, key=lambda s: s.start), t)


def _known_org_prefix(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """Where the article prints an organisation's full name, a later "person" that opens with the rest of it
    gives those words back: "PT Karya Presisi Citarum, produsen …" then "Direktur PT Karya | Presisi Citarum Fuad
    Basalamah" → PT Karya Presisi Citarum | Fuad Basalamah."""
    known = {t.span_text(sp) for sp in spans if sp.label_ == "ORG" and sp.end - sp.start >= 2}
    if not known:
        return spans
    by_start = {sp.start: sp for sp in spans}
    out, done = [], set()
    for sp in spans:
        if sp.start in done:
            continue
        per = by_start.get(sp.end)
        if sp.label_ == "ORG" and per is not None and per.label_ == "PER" and per.end - per.start >= 2:
            k = next((k for k in range(per.end - 1, per.start, -1) if t.run_text(sp.start, k) in known), None)
            if k is not None:
                out += [Span(doc, sp.start, k, label="ORG"), Span(doc, k, per.end, label="PER")]
                done.add(per.start)
                continue
        out.append(sp)
    return out


def _name_after_acronym(t: _Tokens, k: int, by_start: dict[int, Span]) -> tuple[int, int] | None:
    """The untagged name after "(ACRONYM)" that closes a titled organisation ("Pengamat … Universitas Nusa
    Cendana (Undana) | Markus Bere, menilai"): two to four name words, no entity of the model's, then a comma,
    a lower-case word or the end."""
    words, n = t.words, len(t.words)
    if not (k + 3 < n and words[k] == "(" and words[k + 2] == ")" and words[k + 1][:1].isupper()):
        return None
    a = b = k + 3
    while b < n and b - a < 4 and b not in by_start and is_name_token(words[b]) and words[b][:1].isupper():
        b += 1
    if b - a < 2 or any(s.start < b and a < s.end for s in by_start.values()) \
            or (b < n and words[b][:1].isupper()):
        return None
    return a, b


def _printed_alone(t: _Tokens, last: int, per: Span) -> bool:
    """The person's words are printed elsewhere in the article without the organisation's last word before them
    ("Lestari" alone in "kata Lestari"), or open with a given name: a person's name, not the organisation's end."""
    name = t.run_text(per.start, per.end)
    found = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", t.text))
    joined = len(re.findall(rf"(?<![\w-]){re.escape(t.words[last])}\s+{re.escape(name)}(?![\w-])", t.text))
    return found > joined or t.lower[per.start] in PERSON_GIVEN_NAMES


def _role_before_org(t: _Tokens, start: int) -> bool:
    """A role in the few words right before an organisation ("Manajer Pengadaan | PT …", "Ekonom pertanian |
    Universitas …"), within the sentence."""
    for k in range(start - 1, max(-1, start - 5), -1):
        if t.punct[k] or "\n" in t.words[k]:
            return False
        if t.lower[k] in ROLE_HEADS or t.lower[k] in name_runs.ROLE_WORDS:
            return True
    return False


def _name_prefixes(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """A person right after a capitalised "Lalu"/"Baiq" (not opening a sentence) or an abbreviated given name
    ("Moh.", "Muh.") is named with it ("Gubernur NTB | Lalu Hasbi Wiranata", "Universitas Tadulako | Moh.
    Arifin"); an entity that took the prefix ("NTB Lalu", "Universitas Tadulako Moh.") gives it back. So does
    an organisation the model closed one word late on a given name ("LPEM FEB UI Citra | Anggraini Lubis")."""
    words, lower = t.words, t.lower
    org_given_ends = {sp.end - 1 for sp in spans if sp.label_ == "ORG" and sp.end - sp.start >= 2
                      and lower[sp.end - 1] in PERSON_GIVEN_NAMES and words[sp.end - 1][:1].isupper()}
    grow = {sp.start - 1 for sp in spans if sp.label_ == "PER" and sp.start > 0 and (
        lower[sp.start - 1] in NAME_ABBREVIATIONS or sp.start - 1 in org_given_ends
        or sp.start > 1 and lower[sp.start - 1] in NAME_PREFIXES
        and words[sp.start - 1][:1].isupper() and words[sp.start - 2] not in (".", "!", "?", "\n", '"', "“", "”")
        and not words[sp.start - 2].isspace())}
    if not grow:
        return spans
    out = []
    for sp in spans:
        if sp.label_ == "PER" and sp.start - 1 in grow:
            out.append(Span(doc, sp.start - 1, sp.end, label="PER"))
        elif sp.end - 1 not in grow:
            out.append(sp)
        elif sp.end - sp.start > 1:  # "NTB Lalu" gives the prefix back; a bare "Lalu" entity goes
            out.append(Span(doc, sp.start, sp.end - 1, label=sp.label_))
    return out


def _lowercase_acronyms(t: _Tokens) -> frozenset[str]:
    """Acronyms printed in brackets after the lower-case words they abbreviate ("tandan buah segar (TBS)",
    "kredit usaha rakyat (KUR)"): short forms of things, not of organisations, whose names are capitalised."""
    words, n = t.words, len(t.words)
    out = set()
    for k in range(1, n - 1):
        w = words[k]
        if words[k - 1] != "(" or words[k + 1] != ")" or not (w.isupper() and w.isalpha() and 2 <= len(w) <= 6):
            continue
        before = [x for x in words[max(0, k - 1 - len(w) - 2):k - 1] if x not in CONNECTORS]
        tail = before[-len(w):]
        if len(tail) == len(w) and all(x.isalpha() and x.islower() for x in tail) \
                and "".join(x[0] for x in tail).upper() == w:
            out.add(w)
    return frozenset(out)


# single organisation words that name no organisation on their own ("Dinas mencatat …")
BARE_HEADS = frozenset({"dinas", "kementerian", "badan", "lembaga", "koperasi", "bank", "universitas", "perusahaan",
                        "pemerintah", "direktorat", "kantor", "balai", "asosiasi", "yayasan", "perkumpulan", "himpunan"})


def _named_before_a_person(t: _Tokens, i: int, j: int, spans: list[Span]) -> bool:
    """The whole run (tokens i..j) is printed somewhere right before ", <person>" ("Ketua Koperasi Produsen Kopi
    Gayo Lestari, Zulkarnain Abdullah, …"): there the person follows the comma, so every word of the run,
    name-like ones included, belongs to the organisation's name."""
    run = t.run_text(i, j)
    persons = {sp.start_char for sp in spans if sp.label_ == "PER"}
    at = t.text.find(run)
    while at >= 0:
        if t.text.startswith(", ", at + len(run)) and at + len(run) + 2 in persons:
            return True
        at = t.text.find(run, at + 1)
    return False


def _role_before(lower: list[str], words: list[str], i: int, reach: int = 3) -> bool:
    """A title or role within the few lower-case words before token i ("Pengamat sistem pembayaran | Universitas
    …", "Ketua | Koperasi …"): a person's name may end the run that starts at i."""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        w = lower[k]
        if w in ROLE_HEADS or w in name_runs.ROLE_WORDS:
            return True
        if not words[k].isalpha() or not words[k].islower():
            return False
    return False


def _called_alone(text: str, word: str, at: int, after_word: bool = False) -> bool:
    """The article prints `word` elsewhere as a name on its own: no capitalised word right before or
    after it ("kata Ujang.", "Ujang menambahkan"), unlike "Putri Kate" beside "Putri Pangeran William".
    after_word: a capitalised ordinary word may precede it ("Menurut Rina,")."""
    toks, where = name_runs._index(text)
    for i in where.get(word, ()):
        if abs(toks[i][1] - at) < 2:
            continue
        prev = toks[i - 1][0] if i else ""
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if after_word and prev[:1].isupper() and name_runs.common_word(prev):
            prev = ""
        if not (prev[:1].isupper() and prev.isalpha()) and not (nxt[:1].isupper() and nxt.isalpha()):
            return True
    return False


def _initials(word: str) -> bool:
    """"MS Hidayat", "BJ Habibie": one or two capitals before a name are initials, not an acronym."""
    return len(word.rstrip(".")) <= 2 and word.rstrip(".").isalpha() and word.isupper()


# words that make what follows an organisation: a business form before its name ("UKM Batik Sekar
# Arum", "Koperasi Unit Desa Sido Makmur", "Perum Perhutani") and local governments before a region
FORM_WORDS = frozenset({"ukm", "umkm", "koperasi", "kud", "perum", "pt", "cv", "ud", "yayasan", "bumdes", "pd"})
COMPANY_FORMS = frozenset({"pt", "cv", "ud"})  # before a name the model read as a person's: still a company
GOVERNMENTS = frozenset({"pemprov", "pemkab", "pemkot", "pemda", "polda", "polres", "kodam", "dprd", "bpbd"})
REGION_WORDS = frozenset({"kota", "kabupaten", "kab.", "provinsi"})
# Sasak name prefixes (men "Lalu", women "Baiq"): part of the name, though "lalu" is also a common word
NAME_PREFIXES = frozenset({"lalu", "baiq"})
# abbreviated given names ("Moh.", "Muh."): the start of a person's name, never a common word
NAME_ABBREVIATIONS = frozenset(a.lower() + "." for a in GIVEN_NAME_ABBREVIATIONS)
# organisation types printed with their own acronym before the name ("Koperasi Simpan Pinjam (KSP) Artha …",
# "Bank Perkreditan Rakyat (BPR) …"): the acronym spells the type, the name follows it
TYPED_HEADS = frozenset({"koperasi", "bank", "pt", "perusahaan", "lembaga"})
# English names of think tanks and agencies, with their lower-case "of"/"on"/"for" ("Center of Reform on Economics")
ENGLISH_HEADS = frozenset({"center", "centre", "institute", "council", "association", "foundation", "agency"})
# words that open an organisation's printed name: a capitalised run starting with one is an ORG
# even where the model saw nothing or a place ("Koperasi Peternak Sapi Perah Lembang Raya")
RUN_HEADS = frozenset({
    "koperasi", "pt", "cv", "ud", "perum", "bank", "universitas", "institut", "politeknik", "asosiasi",
    "perhimpunan", "gabungan", "himpunan", "ikatan", "persatuan", "perkumpulan", "serikat", "paguyuban",
    "federasi", "konfederasi", "yayasan", "sekuritas", "kementerian", "badan", "dinas", "lembaga",
    "otoritas", "direktorat", "kepolisian", "kejaksaan", "balai", "korps", "induk", "kelompok", "gapoktan", "poktan"}) | frozenset(ENGLISH_HEADS)  # not "Pemerintah Indonesia" (a country) nor "Komisi II" (of parliament)


COUNTRY_WORDS = frozenset({"indonesia", "nasional", "pusat"})  # words that close a national body's name
# offices whose printed name may list their fields with commas ("Dinas Koperasi, UKM, dan Perdagangan Kota
# Magelang", "Direktorat Jenderal Industri Kecil, Menengah, dan Aneka")
# organisation words that also name a field of an office's unit ("Kepala Bidang Koperasi Simpan Pinjam Dinas …")
FIELD_HEADS = frozenset({"koperasi"})
LIST_HEADS = frozenset({"dinas", "direktorat", "badan", "kementerian", "lembaga", "kantor", "balai", "pusat", "biro"})


def _list_goes_on(t: _Tokens, j: int) -> bool:
    """The comma at token j continues an office's list of fields: capitalised words (no other organisation
    head, no known given name) and commas follow up to a "dan" before a capitalised word."""
    words, lower, n = t.words, t.lower, len(t.words)
    given = name_runs.lexicon().given_names
    k = j + 1
    if k >= n or not (words[k][:1].isupper() or lower[k] == "dan"):
        return False
    while k < n:
        if lower[k] == "dan":  # "…, dan Dinas Perdagangan": a list of offices, not of one office's fields
            return k + 1 < n and words[k + 1][:1].isupper() and (lower[k + 1] not in RUN_HEADS or lower[k + 1] in FIELD_HEADS)
        if words[k][:1].isupper() and words[k].replace("-", "").isalpha():
            if lower[k] in RUN_HEADS and lower[k] not in FIELD_HEADS or lower[k] in given:
                return False
        elif words[k] != "," or k + 1 >= n or not (words[k + 1][:1].isupper() or lower[k + 1] == "dan"):
            return False
        k += 1
    return False


def _spelled_after(t: _Tokens, i: int, j: int) -> bool:
    """The run i..j is followed by an acronym in brackets that spells it ("Perkumpulan Industri Kecil-Menengah Komponen
    Otomotif (PIKKO)"): every word of the run, name-like ones included, is the organisation's."""
    words, n = t.words, len(t.words)
    if not (j + 2 < n and words[j] == "(" and words[j + 2] == ")" and ACRONYM.match(words[j + 1])):
        return False
    acr = words[j + 1].upper()
    initials = [p[0].upper() for w in words[i:j] if w not in CONNECTORS for p in w.split("-") if p[:1].isalpha()]
    if len(acr) < 3 or not initials or acr[0] != initials[0]:
        return False
    it = iter(initials)
    return all(c in it for c in acr)


def _person_after_comma(j: int, spans: list[Span]) -> bool:
    """The run ends at a comma and a person follows it ("Direktur Eksekutif Yayasan Bumi Tadulako, Ricky …"): the
    person is printed apart, so no name ends the run itself."""
    doc = spans[0].doc if spans else None
    if doc is None or j + 1 >= len(doc) or doc[j].text != ",":
        return False
    k = j + 1
    while k < len(doc) - 1 and doc[k].lower_ in TITLES:
        k += 1  # ", Hj. Sri Lestari"
    return any(sp.start == k and sp.label_ == "PER" for sp in spans)


def _role_phrase_start(t: _Tokens, i: int) -> int | None:
    """Where a role printed with its unit right before the organisation word at i starts ("Kepala Bidang
    Pemberdayaan Usaha Mikro | Dinas …", "Asisten Deputi Kemitraan dan Rantai Pasok | Kementerian …",
    "Direktur Industri Kecil dan Menengah Logam, Mesin, dan Alat Angkut | Direktorat Jenderal …"): at a capitalised
    role head within 14 capitalised words back, with no organisation head, person's name or sentence start between."""
    words, lower = t.words, t.lower
    given = name_runs.lexicon().given_names
    k = i - 1
    while k >= 0 and i - k <= 14:
        w = words[k]
        if (lower[k] in RUN_HEADS and lower[k] not in FIELD_HEADS) or lower[k] in given \
                or lower[k] in MINISTERS and lower[k] not in ("dirut",):
            return None
        if lower[k] in ROLE_HEADS and w[:1].isupper():
            return k
        if w[:1].isupper() and w.replace("-", "").isalpha() or lower[k] in ("dan", "&"):
            k -= 1
        elif w == "," and k + 1 < i and (words[k + 1][:1].isupper() or lower[k + 1] == "dan") and "dan" in lower[k + 1:i]:
            k -= 1
        else:
            return None
    return None


def _headed_runs(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """A capitalised run opened by an organisation word (after any title: "Ketua Koperasi ...") is an
    ORG up to its last capitalised word, "dan" inside it included ("Dinas Kelautan dan Perikanan
    Kabupaten Cilacap"); the model's own ORG there wins, and a person it found at the end stays a person."""
    words, lower, n = t.words, t.lower, len(t.words)
    if not any(w in RUN_HEADS for w in lower):
        return spans
    places = place_words(t.text)
    owner = {}
    for sp in spans:
        for k in range(sp.start, sp.end):
            owner[k] = sp
    added: list[Span] = []
    i = 0
    while i < n:
        prev = lower[i - 1] if i else ""
        role_at = None  # "Kepala Bidang Pemberdayaan Usaha Mikro | Dinas …": a role with its unit, then the office
        opener = False  # "Survei | Dinas Kelautan …", "Korporasi | PT Mitra …": a sentence's first word, no part of the name
        if lower[i] in RUN_HEADS and words[i][:1].isupper() and i and words[i - 1][:1].isupper() \
                and prev not in ROLE_HEADS and prev not in name_runs.ROLE_WORDS:
            role_at = _role_phrase_start(t, i)
            opener = role_at is None and _sentence_initial(t, i - 1) and words[i - 1].isalpha() \
                and name_runs.common_word(words[i - 1]) and prev not in RUN_HEADS
            if opener:
                glued = {sp for sp in spans if sp.start == i - 1 and sp.end > i and sp.label_ != "PER"}
                if glued:
                    spans = [o for o in spans if o not in glued]
                    owner = {k: o for k, o in owner.items() if o not in glued}
        if lower[i] not in RUN_HEADS or not words[i][:1].isupper() or lower[i] == "balai" and i + 1 < n \
                and lower[i + 1] in ("kota", "desa", "kelurahan", "warga", "pertemuan", "sidang", "lelang") or (
                i and words[i - 1][:1].isupper() and prev not in ROLE_HEADS and prev not in name_runs.ROLE_WORDS
                and role_at is None and not opener) \
                or prev in ("menteri", "menko", "wamen") or prev in MINISTERS:  # "Menteri Koperasi dan UKM": a portfolio
            i += 1
            continue
        titled = prev in ROLE_HEADS or role_at is not None
        if role_at is not None and any(sp.label_ == "ORG" and role_at < sp.start < i < sp.end and all(
                w in ROLE_HEADS or w in name_runs.ROLE_WORDS for w in lower[role_at:sp.start]) for sp in spans):
            i += 1  # "Ketua | Induk Koperasi Simpan Pinjam …": the model's organisation starts right after the title
            continue
        if role_at is not None:  # the model's place or organisation across the role's unit and the office gives way
            crossing = {sp for sp in spans if role_at <= sp.start < i < sp.end and sp.label_ != "PER"}
            if crossing:
                spans = [o for o in spans if o not in crossing]
                owner = {k: o for k, o in owner.items() if o not in crossing}
        j = i + 1
        typed = False  # "Koperasi Unit Desa (KUD) Sinar Harapan": the acronym spells the type, a name follows
        while j < n:
            if lower[j] == "bidang" and j - i >= 2 and (lower[j - 1] in places or lower[j - 1] in COUNTRY_WORDS):
                break  # "Asosiasi Pertekstilan Indonesia | Bidang UMKM": the officer's portfolio, not the name
            if words[j][:1].isupper() or words[j][:1].isdigit() or (
                    words[j] in ("dan", "&") and j + 1 < n and words[j + 1][:1].isupper()):
                j += 1
            elif words[j] in ("of", "on", "for", "and", "the") and lower[i] in ENGLISH_HEADS and j + 1 < n \
                    and words[j + 1][:1].isupper():
                j += 1
            elif words[j] in ("/", "-") and j + 1 < n and words[j + 1][:1].isupper() and words[j - 1][:1].isupper():
                j += 1  # "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah"
            elif words[j] == "," and lower[i] in LIST_HEADS and _list_goes_on(t, j):
                j += 1  # "Dinas Koperasi, Usaha Kecil dan Menengah …": the office's fields, listed
            elif not typed and lower[i] in TYPED_HEADS and j + 3 < n and words[j] == "(" and words[j + 2] == ")" \
                    and words[j + 3][:1].isupper() and lower[j + 3] not in places \
                    and words[j + 1].isupper() and words[j + 1] == "".join(w[0] for w in words[i:j] if w not in CONNECTORS).upper():
                typed = True
                j += 3
            else:
                break
        while j > i and words[j - 1] in ("dan", "&"):
            j -= 1
        if (role_at is not None or prev in ("bidang", "seksi", "subbidang")) and lower[i] in FIELD_HEADS \
                and any(lower[m] in LIST_HEADS for m in range(i + 1, j)):
            i += 1  # "Kepala Bidang Koperasi Simpan Pinjam | Dinas Koperasi …": the field belongs to the role
            continue
        tail = next((k for k in range(i + 2, j) if lower[k] in ("tbk", "tbk.")), None)
        if tail is not None:  # "PT Bank Arta Niaga Tbk | Surabaya": the legal form closes a company's name
            full_j, j = j, tail + 1
            if titled and full_j > j and not any(k in owner for k in range(j, full_j)) \
                    and all(is_name_token(w, places) for w in words[j:full_j]):
                added.append(Span(doc, j, full_j, label="PER"))  # "Kepala Ekonom PT Bank … Tbk | Aldi Firmansyah"
            crossing = {sp for sp in spans if i <= sp.start <= tail and sp.end > j}
            if crossing:  # the model's "Mandala Tbk Denpasar": what follows the legal form is only a known place
                spans = [o for o in spans if o not in crossing]
                for sp in crossing:
                    if all(w in places for w in lower[j:sp.end]):
                        spans.append(Span(doc, j, sp.end, label="LOC"))
                    elif (sp.label_ == "PER" or titled) and all(is_name_token(w, places) for w in words[j:sp.end]):
                        spans.append(Span(doc, j, sp.end, label="PER"))  # "Tbk | Aldi Firmansyah"
                owner = {}
                for sp in spans:
                    for k in range(sp.start, sp.end):
                        owner[k] = sp
        if typed and words[j - 1] == ")":
            typed, j = False, j - 3  # nothing named after the acronym
        inside = {owner[k] for k in range(i, j) if k in owner}
        if typed:  # the model's pieces of a typed name ("Koperasi Simpan Pinjam" + "KSP" + "Artha … melapor") give way
            gone = {o for o in inside if o.label_ != "PER"}
            spans = [o for o in spans if o not in gone]
            inside -= gone
        person = next((sp for sp in inside if sp.label_ == "PER" and sp.end >= j), None)
        printed_whole = person is not None and _named_before_a_person(t, i, j, spans)
        absorbed = printed_whole or (person is not None and (_person_after_comma(j, spans) or _spelled_after(t, i, j))) \
            or (person is not None and not titled and not _role_before(lower, words, i) and not _called_alone(
                t.text, words[person.start], t.idx[person.start], after_word=True))
        if absorbed:
            # "Koperasi Produsen Kopi Gayo Lestari di …" with no title before it, or the run printed elsewhere
            # right before ", <person>": the name-like words end the organisation's name
            inside.discard(person)
            spans = [o for o in spans if o is not person]
            person = None
        if person is not None:
            j = person.start
            inside.discard(person)
            if j - 2 > i and lower[j - 2] in places and is_name_token(words[j - 1], places):
                j -= 1  # "... Kabupaten Garut Ujang | Saepudin": the first name the model missed
        elif not absorbed and titled and not _person_after_comma(j, spans) and not _spelled_after(t, i, j) and not (typed and not words[i - 1][:1].isupper()):  # "Ketua Koperasi ... Suparman": the title says a name may end the run
            known = {t.span_text(sp) for sp in spans + added if sp.label_ == "ORG"}
            cut = next((k for k in range(j - 1, i + 1, -1) if " ".join(words[i:k]) in known), None)
            if cut is None:
                run = name_runs.split(words[i:j], t.text, places, frozenset(known), at=t.idx[i])
                cut = i + run.name_start if run.evidence and run.org_start < run.name_start < j - i else None
            # (a person's name opens with no common word: "anggota Kelompok | Perajin Tenun …" names a group)
            if cut is not None and all(is_name_token(w, places) for w in words[cut:j]) \
                    and not name_runs.common_word(words[cut]) and not agent_noun(words[cut]):
                added.append(Span(doc, cut, j, label="PER"))
                j = cut
                for sp in [sp for sp in inside if i <= sp.start < j < sp.end and sp.label_ == "LOC"]:
                    # "Dinas Perdagangan | Kabupaten Gunungkidul Sugeng Raharjo (LOC)": the place ends at the name
                    inside.discard(sp)
                    spans = [o for o in spans if o is not sp]
                    inside.add(Span(doc, sp.start, j, label="LOC"))
        model_orgs = [sp for sp in inside if sp.label_ == "ORG"]
        # the model's ORG stops at "dan" of a longer printed name ("Asosiasi Mebel | dan Kerajinan Indonesia"): the run wins
        cut_at_and = bool(model_orgs) and all(o.start == i for o in model_orgs) and any(
            lower[k] in ("dan", "&") for k in range(max(o.end for o in model_orgs), j))
        # a name taken into the organisation: the model's ORG that stopped before it grows to the whole run
        grown = absorbed and bool(model_orgs) and all(o.start == i for o in model_orgs)
        if printed_whole:
            t.settled.add(t.run_text(i, j))
        # the model's ORG begins inside the printed name at no organisation word ("Direktorat Jenderal Industri Kecil,
        # Menengah, dan | Aneka Kementerian Perindustrian"): the run wins
        # or the model read the office's listed fields as names of their own ("Dinas Perindustrian | , Perdagangan,
        # dan | Koperasi Kabupaten Jepara")
        listed = any(words[k] == "," for k in range(i, j))
        mid_cut = bool(model_orgs) and all(
            i < o.start and o.end <= j and (lower[o.start] not in RUN_HEADS and lower[o.start] not in UNIT_HEADS
                                            or listed and lower[o.start - 1] in (",", "dan"))
            or listed and o.start == i and o.end < j and words[o.end] in (",", "dan") for o in model_orgs)
        # the model's company name stops before its legal form ("PT Bank | Arta Niaga Tbk"): the run wins
        short_of_tail = tail is not None and any(o.start == i and o.end <= tail for o in model_orgs)
        # the model's office or association stops before the place that ends its printed name ("Asosiasi Pengusaha
        # Jasa Boga | Balikpapan", "Institut Kajian Ekonomi | Makassar"): the place is part of it (a bank's or a
        # company's place is its branch, and a known university's city is split off later)
        org_end = max((o.end for o in model_orgs), default=j)
        place_end = bool(model_orgs) and lower[i] not in ("bank", "pt") and all(o.start == i for o in model_orgs) \
            and org_end < j and all(k in owner and owner[k].label_ == "LOC" and owner[k].end <= j for k in range(org_end, j))
        if j - i >= 2 and (not model_orgs or cut_at_and or grown or mid_cut or short_of_tail or place_end) and all(
                i <= sp.start and sp.end <= j for sp in inside):
            added.append(Span(doc, i, j, label="ORG"))
            spans = [o for o in spans if o not in inside]
        i = max(j, i + 1)
    return spans + added


# a unit of an organisation printed before it is part of its name ("Fakultas Ekonomi dan Bisnis | Universitas
# Gadjah Mada", "Kantor Perwakilan | Bank Indonesia Provinsi Bali", "Pusat Kajian Pertanian | Universitas Lampung")
UNIT_HEADS = frozenset({"fakultas", "pusat", "departemen", "jurusan", "laboratorium", "kantor", "biro", "sekolah", "balai",
                        "direktorat"})


def _unit_start(t: _Tokens, start: int, spans: list[Span], sp: Span) -> int:
    """Where an ORG starting at token `start` really starts: at the leftmost unit word of the capitalised run
    right before it ("dan" inside allowed), if the run holds one and no other entity."""
    words, lower = t.words, t.lower
    k, best = start, start
    while k > 0 and (words[k - 1][:1].isupper() and words[k - 1][:1].isalpha()
                     or (lower[k - 1] == "dan" and k > 1 and words[k - 2][:1].isupper())):
        if any(o.start <= k - 1 < o.end for o in spans if o is not sp):
            break
        k -= 1
        if lower[k] in UNIT_HEADS or lower[k] == "program" and lower[k + 1] == "studi":  # "Program Studi Akuntansi | Universitas …"
            best = k
    return best


def _org_forms(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """ORG spans take the form word printed before them, a government word makes a place an ORG
    ("Pemprov Jawa Tengah"), and an office takes the region after it ("Dinas Kesehatan | Kota Kupang"):
    the organisation's full printed name, as the annotation counts it."""
    words, lower = t.words, t.lower
    out = []
    by_start = {sp.start: sp for sp in spans}
    merged: set[int] = set()
    for sp in spans:
        if sp.start in merged:
            continue
        start, end, label = sp.start, sp.end, sp.label_
        if label == "LOC" and lower[start] in GOVERNMENTS and end - start > 1:
            label = "ORG"
        if label == "LOC":  # "Pemerintah Kabupaten | Sleman", "Pemerintah | Kota Medan": the local government
            at = start - 1 if start and lower[start - 1] in REGION_WORDS and words[start - 1][:1].isupper() \
                and not any(o.start < start <= o.end - 1 or o.start <= start - 1 < o.end for o in spans if o is not sp) else start
            if (at < start or lower[start] in REGION_WORDS) and at and words[at - 1] == "Pemerintah" \
                    and not any(o.start <= at - 1 < o.end for o in spans if o is not sp):
                start, label = at - 1, "ORG"
        if label == "ORG":
            start = _unit_start(t, start, spans, sp)
        form = lower[start - 1] if start > 0 else ""
        after_and = start > 1 and lower[start - 2] == "dan"  # "Menteri Koperasi dan UKM | Sri ..."
        if (form in COMPANY_FORMS or (label == "ORG" and form in FORM_WORDS)) and words[start - 1][:1].isupper() \
                and not after_and and not any(o.start < start <= o.end - 1 for o in spans if o is not sp):
            start, label = start - 1, "ORG"
        nxt = by_start.get(end)
        if label == "ORG" and nxt is not None and nxt.label_ == "LOC" and lower[nxt.start] in REGION_WORDS:
            end = nxt.end
            merged.add(nxt.start)
        out.append(sp if (start, end, label) == (sp.start, sp.end, sp.label_) else Span(doc, start, end, label=label))
    return out


# lines a page prints around the story: "Penulis: A | Editor: B", a photo credit "(Outlet/Name)", "Baca juga: …"
BYLINE = re.compile(r"^(?:Penulis|Reporter|Pewarta|Editor|Penyunting|Redaktur|Fotografer)\s*:\s*(.+)$", re.M)
CREDIT = re.compile(r"^(?:Foto|FOTO|Ilustrasi)\b.*\(([A-Z][\w.]*(?: [A-Z][\w.]*){0,3})/([A-Z][\w.]*(?: [A-Z][\w.]*){0,3})\)\s*$", re.M)
CURRENCY_BEFORE_AS = frozenset({"dolar", "usd", "us$"})


def _outside_read_also(ents: list[Span], reads: list[tuple[int, int]], t: _Tokens) -> list[Span]:
    """A "Baca juga:" line is another story's headline in Title Case ("Pasar Terapung Siap Digelar",
    "Harga Cabai di Garut Naik"): what was found there is an entity of the article only where the
    article prints it outside such lines too (ANNOTATION.md leaves those lines out of the body)."""
    text = t.text
    bounds = [0] + [x for r in reads for x in r] + [len(text)]
    outside = "\n".join(text[a:b] for a, b in zip(bounds[::2], bounds[1::2])).casefold()

    def elsewhere(sp: Span) -> bool:
        return re.search(rf"(?<!\w){re.escape(t.span_text(sp).casefold())}(?!\w)", outside) is not None
    return [e for e in ents if not any(a <= e.start_char < b for a, b in reads) or elsewhere(e)]


def _page_lines(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """Bylines name persons, a photo credit names the outlet and the photographer; "AS" after "dolar" is
    the currency's country, no place of the story."""
    text, lower = t.text, t.lower
    found: list[Span] = []
    if ":" in text:
        for m in BYLINE.finditer(text):
            for part in re.finditer(r"[^|/,]+", m.group(1)):
                name = part.group().strip()
                name = re.sub(r"^(?:Editor|Penulis|Reporter|Pewarta|Penyunting|Redaktur)\s*:\s*", "", name).strip()
                if name and len(name.split()) <= 4 and all(w[:1].isupper() for w in name.split()):
                    a = m.start(1) + part.start() + part.group().index(name)
                    sp = doc.char_span(a, a + len(name), label="PER")
                    if sp is not None:
                        found.append(sp)
    if "/" in text:
        for m in CREDIT.finditer(text):
            for g, label in ((1, "ORG"), (2, "PER")):
                sp = doc.char_span(m.start(g), m.end(g), label=label)
                if sp is not None:
                    found.append(sp)
    out = []
    for sp in spans:
        if sp.label_ == "LOC" and lower[sp.start] == "as" and sp.end - sp.start == 1 and sp.start \
                and lower[sp.start - 1] in CURRENCY_BEFORE_AS:
            continue
        out.append(sp)
    if found:
        taken = {i for sp in found for i in range(sp.start, sp.end)}
        out = [sp for sp in out if not taken.intersection(range(sp.start, sp.end))] + found
    return out


# Honorifics and ranks printed as abbreviations before a name ("Hj.", "Drs.", "AKP", "Kompol"): the lexicon's
# ranks that are never a word of a place or an organisation's own name ("Bung" is Universitas Bung Hatta's).
EDGE_RANKS = frozenset({"h", "hj", "kh", "dr", "drs", "dra", "drg", "prof", "ir", "akp", "akbp", "kompol", "kombes",
                        "iptu", "ipda", "aiptu", "aipda", "bripka", "briptu", "bripda", "brigjen", "irjen", "komjen",
                        "letkol", "mayjen", "letjen"})


def _edge_rank(word: str) -> bool:
    return word[:1].isupper() and word.rstrip(".").lower() in EDGE_RANKS


def _rank_edges(doc: Doc, ents: list[Span], t: _Tokens) -> list[Span]:
    """An abbreviated honorific or rank opens a person's name and belongs to no organisation: the model's
    organisation that ends in one ("Universitas Gadjah Mada Dr.", "Forum UMKM Kota Banjarmasin H.") ends
    before it, and one that starts with it ("AKP Wirasandhi Pemecutan") is the person it introduces (or
    nothing, for the rank alone); a degree the model read as a person ("S.E.") is none."""
    words, lower, lex = t.words, t.lower, name_runs.lexicon()
    out = []
    for e in ents:
        start, end, label = e.start, e.end, e.label_
        if label == "PER" and re.sub(r"[\W_]", "", t.span_text(e)).lower() in lex.degrees:
            continue  # "…, S.E.", "Kombes Pol Rudi, S.I.K.": a degree printed after the name is no person
        if label != "PER":
            while end > start and _edge_rank(words[end - 1]):
                end -= 1
            if end > start and _edge_rank(words[start]):
                while start < end and _edge_rank(words[start]):
                    start += 1
                if start < end and not all(w[:1].isupper() and w.isalpha() and lower[k] not in lex.not_name
                                           for k, w in enumerate(words[start:end], start)):
                    start, end = e.start, e.end  # "Dr. Soetomo Hospital"-like names keep their word
                else:
                    label = "PER"
        if end <= start:
            continue
        out.append(e if (start, end, label) == (e.start, e.end, e.label_) else Span(doc, start, end, label=label))
    return out


TAIL_FORMS = frozenset({"persero", "perseroda", "tbk", "tbk."})
CAMPUS_HEADS = frozenset({"universitas", "institut", "politeknik", "akademi", "sekolah"})
# a place printed with its administrative level ("Kabupaten Sleman") is the full form of the bare name
REGION_HEADS = frozenset({"kabupaten", "kota", "provinsi", "kecamatan", "desa", "kelurahan"})


def _legal_tails(doc: Doc, spans: list[Span], t: _Tokens) -> list[Span]:
    """A company's legal form printed after its name ("PT Semen Nusa (Persero) Tbk", "PT BPR Arta
    (Perseroda)") is part of the name, however the model cut it ("… (Persero)" + "Tbk")."""
    lower, n = t.lower, len(t.words)
    if not any(w in TAIL_FORMS for w in lower):
        return spans
    out, drop = [], set()
    for sp in sorted(spans, key=lambda x: x.start):
        if sp.start in drop:
            continue
        end = sp.end
        if sp.label_ == "ORG":
            while True:
                if end < n and lower[end] in TAIL_FORMS:
                    end += 1
                elif end + 2 < n and lower[end] == "(" and lower[end + 1] in TAIL_FORMS and lower[end + 2] == ")":
                    end += 3
                else:
                    break
        if end != sp.end:
            drop.update(o.start for o in spans if o is not sp and sp.end <= o.start < end)
            sp = Span(doc, sp.start, end, label="ORG")
        out.append(sp)
    return out


@lru_cache(maxsize=1)
def _head_words_org() -> frozenset[str]:
    """Organisation heads and words (not roles): a role word that is also one of these stays."""
    lex = name_runs.lexicon()
    return frozenset(lex.org_heads | lex.org_words | name_runs.NAMED_HEADS)


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    """Words that head or describe an organisation or a role but name none (lexicon and named heads):
    built once, not per span."""
    lex = name_runs.lexicon()
    return frozenset(lex.org_heads | lex.org_words | lex.roles | name_runs.NAMED_HEADS)


def _named(t: _Tokens, start: int, end: int) -> bool:
    """An organisation has a name or an acronym, not only head words ("Desa" of "Menteri Desa")."""
    heads = _head_words()
    return any(w not in heads and w not in ROLE_HEADS for w in t.lower[start:end])


def _person_inside_org(org: list[str], name: list[str], evidence: bool) -> bool:
    """A model ORG span holds a person only if what stays an organisation is named (not just heads:
    "Partai Golkar", "Mahkamah Konstitusi" are one organisation) and the tail is a person's name
    (two or more words, a known given name, a word the article calls someone by on its own, or a
    word after the place that closes the organisation: "Dinas Pertanian Kabupaten Garut | Ujang"),
    not the organisation's own name."""
    heads = _head_words()
    named = any(w.lower() not in heads for w in org)
    return named and (len(name) >= 2 or name[0].lower() in name_runs.lexicon().given_names or evidence)


def _ordinary_here(t: _Tokens, word: str) -> bool:
    """A capitalised word opening a sentence is an ordinary word, not a lone name, when it is a stop
    word or a generic word, or a dictionary word the article also prints in lower case
    ("Naik ... naik"). "Akbar menjelaskan" stays a person: "akbar" is in the dictionary too."""
    low = word.lower()
    lex = name_runs.lexicon()
    if low in lex.given_names:
        return False
    from spacy.lang.id.stop_words import STOP_WORDS

    if low in STOP_WORDS or low in lex.generic:
        return True
    return name_runs.common_word(word) and low in t.words  # printed in lower case somewhere


def _sentence_initial(t: _Tokens, i: int) -> bool:
    if i == 0:
        return True
    prev = t.words[i - 1]
    return prev in (".", "!", "?", "–", "—", "-", ":", '"', "“", "”") or "\n" in prev or prev.isspace()


def _places(spans: list[Span], gazetteer_places: frozenset[str], t: _Tokens) -> frozenset[str]:
    """Words that name places in this article: LOC entities, gazetteer places, words after 'Kabupaten'."""
    out = {t.lower[k] for s in spans if s.label_ == "LOC" for k in range(s.start, s.end)}
    # a word the model reads as a person's is no place ("Ayah dari Novak Djokovic")
    persons = {t.lower[k] for s in spans if s.label_ == "PER" for k in range(s.start, s.end)}
    return frozenset(out | (place_words(t.text) - persons)) | gazetteer_places


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


def _standalone(span: Span, gaz_tokens: frozenset[int] | set[int] = frozenset()) -> bool:
    """A gazetteer hit inside a longer capitalised name the model left alone ('Menara Kudus',
    'Widodo AS') is not an entity of its own; beside another gazetteer hit it is ("Universitas
    Tanjungpura Pontianak": a known university, then a known city)."""
    doc = span.doc
    for i in (span.start - 1, span.end):
        if 0 <= i < len(doc) and i not in gaz_tokens:
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


def _short_form(word: str, expansion: list[str]) -> bool:
    """`word` in brackets after `expansion` is its short form: an acronym ("OJK"), or a capitalised word
    that starts like a name of three or more words ("Institute for Development of Economics and Finance (Indef)",
    "Center of Reform on Economics (Core)", "Dinas Perindustrian dan Perdagangan (Disperindag)"), never a legal
    form ("(Perseroda)")."""
    if ACRONYM.match(word):
        return True
    return word.lower() not in TAIL_FORMS and 3 <= len(word) <= 14 and word[:1].isupper() and word[1:].islower() \
        and word.isalpha() and len(expansion) >= 3 and expansion[0][:1] == word[:1] \
        and all(w[:1].isupper() or w in CONNECTORS or w == "on" for w in expansion)


def _split_acronym(span: Span, t: _Tokens, places: frozenset[str] = frozenset()) -> list[Span]:
    """One predicted span 'Lembaga X ( LX )' becomes 'Lembaga X' and 'LX' ('PT Y (Persero)' stays whole);
    'Otoritas Jasa Keuangan ( OJK ) Malang' becomes the name, its short form and the place after it (a known
    place, casefolded in `places`, or one with its administrative level), as the annotators list them."""
    e, doc = span.end, span.doc
    if e - span.start >= 4 and t.words[e - 1] == ")" and t.words[e - 3] == "(" \
            and _short_form(t.words[e - 2], t.words[span.start:e - 3]) and t.lower[e - 2] not in LEGAL_FORMS:
        return [Span(doc, span.start, e - 3, label=span.label), Span(doc, e - 2, e - 1, label=span.label)]
    if span.label_ == "ORG" and e - span.start >= 5:
        k = next((k for k in range(span.start + 1, e - 3) if t.words[k] == "(" and t.words[k + 2] == ")"), None)
        if k is not None and t.lower[k + 1] not in TAIL_FORMS and _short_form(t.words[k + 1], t.words[span.start:k]):
            rest = t.run_text(k + 3, e)
            if rest.casefold() in places or t.lower[k + 3] in REGION_HEADS:
                return [Span(doc, span.start, k, label="ORG"), Span(doc, k + 1, k + 2, label="ORG"),
                        Span(doc, k + 3, e, label="LOC")]
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
    return t.run_text(heads[0], stop + 1)


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
