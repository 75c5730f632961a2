"""Who is speaking: split a printed speaker phrase into name, role and organisation,
and resolve short names, acronyms and pronouns within one article.

Indonesian wire copy prints the role before the name ("Menteri Koperasi dan UKM
Rina Kartika"), later calls the person by one name ("Rina") or a pronoun
("ujarnya", "Ia"), and introduces acronyms in brackets ("Otoritas Jasa Keuangan
(OJK)"). The NER (doc.ents) is used when present; capitalisation and word lists
(data/quote_lexicon.yaml) cover the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from monitor import yamlfile

LEXICON_PATH = Path(__file__).with_name("data") / "quote_lexicon.yaml"
WORD_RE = re.compile(r"[^\W_][\w’'.\-&/]*|\([^()]*\)|,", re.UNICODE)
NAME_TOKEN_RE = re.compile(r"^(?:[A-Z][a-zà-ÿ]+(?:[’'\-][A-Za-zà-ÿ]+)*|[A-Z]\.|[A-Z][a-z]?\.)$")
_DAY_RE = re.compile(r",?\s*\b(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)\b\s*(?:\([^()]*\))?")
ACRONYM_RE = re.compile(r"^[A-Z0-9][A-Za-z0-9&\-]*[A-Z][A-Za-z0-9&\-]*$")


NAMED_HEADS = frozenset({"universitas", "institut", "bank", "pt", "perum", "yayasan", "politeknik", "sekolah", "akademi",
                         "kabupaten", "kota", "provinsi", "desa", "kecamatan", "kelurahan", "pasar", "pulau", "kampung",
                         "cv", "ud", "grup", "rumah", "sakit", "rs", "stasiun", "bandara", "pelabuhan"})


def _sentence_start(text: str, pos: int) -> bool:
    """True where `pos` starts the text or follows end punctuation, a colon, a dash, a quote mark or a
    newline (then spaces): r"(?:^|[.!?:\\n–—\"“”]\\s*)$" on text[:pos], without scanning the prefix."""
    if pos == 0:
        return True
    j = pos
    while j > 0 and text[j - 1].isspace():
        if text[j - 1] == "\n":
            return True
        j -= 1
    return j > 0 and text[j - 1] in '.!?:–—"“”'


@dataclass(frozen=True)
class Lexicon:
    post_cues: frozenset[str]
    verbs: frozenset[str]
    request_verbs: frozenset[str]
    passive: frozenset[str]
    complementisers: frozenset[str]
    pronouns: frozenset[str]
    adverbs: frozenset[str]
    adverbial_heads: frozenset[str]
    joiners: frozenset[str]
    generic: frozenset[str]
    roles: frozenset[str]
    org_heads: frozenset[str]
    org_words: frozenset[str]
    places: frozenset[str]
    given_names: frozenset[str]
    ranks: frozenset[str] = frozenset()
    degrees: frozenset[str] = frozenset()
    not_name: frozenset[str] = frozenset()  # every word that is never part of a person's name


@cache
def lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    raw = yamlfile.load(path.read_text(encoding="utf-8"))
    lex = Lexicon(**{k: frozenset(str(w).lower() for w in v) for k, v in raw.items()})
    lex = replace(lex, roles=lex.roles | lex.ranks)  # a rank is a title wherever roles are read
    return replace(lex, not_name=lex.roles | lex.org_heads | lex.org_words | lex.places | lex.generic | lex.degrees)


@dataclass(frozen=True)
class Speaker:
    """A parsed speaker phrase; kind is person, org or pronoun."""
    kind: str
    name: str | None = None
    role: str | None = None
    org: str | None = None


def _words(phrase: str) -> list[re.Match]:
    return list(WORD_RE.finditer(phrase))


def is_acronym(tok: str) -> bool:
    return len(tok) >= 2 and bool(ACRONYM_RE.match(tok)) and not NAME_TOKEN_RE.match(tok)


# derived common nouns ("Perjuangan", "Kesatuan", "Pertanian") are not name words
DERIVED_NOUN_RE = re.compile(r"^(?:per|pem|pen|peng|peny|ke|ber|ter)[a-z]{3,}an$")


def is_name_token(tok: str, places: frozenset[str] = frozenset()) -> bool:
    lex = lexicon()
    low = tok.lower().rstrip(".")
    return (bool(NAME_TOKEN_RE.match(tok)) and low not in lex.not_name and low not in places
            and not DERIVED_NOUN_RE.match(low))


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,.;:–—-")
    return s


def org_of(role_toks: list[str]) -> str | None:
    """The organisation inside a role phrase: from a company form (PT, Perum) or else its first
    organisation head word; trailing rank words ("Komisaris Besar") are not part of it."""
    lex = lexicon()
    role_toks = _strip_role_tail(list(role_toks))
    forms = [i for i, t in enumerate(role_toks) if t.lower() in ("pt", "cv", "ud", "perum")]
    if forms:
        return _clean(" ".join(role_toks[forms[0]:]))
    for i, t in enumerate(role_toks):
        low = t.lower()
        if low in lex.org_heads and low not in ("bidang", "umum"):
            return _clean(" ".join(role_toks[i:]))
        if is_acronym(t) and i > 0 and role_toks[i - 1].lower() in lex.roles:
            return _clean(" ".join(role_toks[i:]))
    return None


AGE_RE = re.compile(r"^\(?\s*\d{1,3}\s*(?:tahun|thn|th)?\s*\)?$")


def _strip_role_tail(toks: list[str]) -> list[str]:
    """Titles and ranks printed after an office ("… Kota Kupang dr.", "Polda Metro Jaya Komisaris Besar")."""
    lex = lexicon()
    while len(toks) > 1 and toks[-1].lower().rstrip(".") in lex.roles and toks[-2].lower() not in lex.roles:
        toks.pop()
    while len(toks) > 1 and ((w := toks[-1].lower().rstrip(".,")) in lex.ranks or w == "besar"):
        toks.pop()  # "… Polres Sleman AKP", "… Polda Metro Jaya Komisaris Besar"
    return toks


def degree(word: str) -> bool:
    """An academic degree printed after a name ("MSi", "S.E.", "SpPD-KEMD")."""
    return word.split("-")[0].replace(".", "").strip(",").lower() in lexicon().degrees and word[:1].isupper()


def strip_degrees(name: str) -> str:
    """A name without the degrees printed after it ("Siti Aminah, MSi, PhD" → "Siti Aminah")."""
    toks = name.split()
    while len(toks) > 1 and degree(toks[-1]) and (degree(toks[-2]) or is_name_token(toks[-2].rstrip(","))):
        toks.pop()  # only after a name: "Ketua SE" keeps its acronym
    return " ".join(toks).rstrip(",")


# "Ketua Umum Gaikindo periode 2016-2019 Johannes Nangoi": the term of office belongs to neither name
TERM_RE = re.compile(r"\s*\b(?:periode|masa bakti|masa jabatan)\s+\d{4}\s*[-–—/]\s*\d{2,4}\b", re.I)


def clean_role(role: str | None) -> str | None:
    """A role phrase without ages ("(58)", "47 tahun") and sentence-initial words ("Bagi", "Kisah")."""
    if not role:
        return None
    role = _clean(re.sub(r"\(\s*\d{1,3}\s*(?:tahun)?\s*\)|\b\d{1,3}\s+tahun\b", "", TERM_RE.sub("", role)))
    role = _clean(re.sub(r"^(?:,\s*)+|(?:,\s*){2,}", ", ", role))
    if AGE_RE.match(role) or not role:
        return None
    toks = _strip_role_tail(role.split())
    if len(toks) == 1 and toks[0].lower() not in lexicon().roles and _common(toks[0]):
        return None
    if all(w.lower().rstrip(".,") in lexicon().ranks for w in toks):
        return None  # "Hj.", "Dr. Ir.": titles, no role
    return _clean(" ".join(toks)) or None  # "Kapolsek Depok Barat, Kompol": no comma left behind


def _split_name(toks: list[str], places: frozenset[str]) -> tuple[list[str], list[str]]:
    """(role tokens, name tokens): the name is the longest name-like tail, at most 4 words."""
    n = 0
    while n < len(toks) and n < 4 and is_name_token(toks[len(toks) - 1 - n], places):
        n += 1
    # a lone initial is not a name
    if n and all(len(t.rstrip(".")) == 1 for t in toks[len(toks) - n:]):
        n = 0
    # "Universitas Hasanuddin Marsuki Lagaligo": a head like Universitas takes the next word
    if n >= 1 and len(toks) > n and toks[len(toks) - n - 1].lower() in NAMED_HEADS:
        n -= 1
    # "Dirjen Peternakan dan Kesehatan Hewan Agung Suganda": a common noun after an office word
    # belongs to the office, unless it is a common given name ("Menteri Keuangan Sri Mulyani Indrawati")
    lex = lexicon()
    if n >= 3 and len(toks) > n:
        first, prev = toks[len(toks) - n].lower(), toks[len(toks) - n - 1].lower()
        if first in dictionary() and first not in lex.given_names and prev in _office_words():
            n -= 1
    return toks[: len(toks) - n], toks[len(toks) - n:]


@cache
def dictionary() -> frozenset[str]:
    """Indonesian root words (PySastrawi's list): a capitalised one alone is rarely a name."""
    try:
        path = resources.files("Sastrawi") / "Stemmer" / "data" / "kata-dasar.txt"
        return frozenset(w.strip() for w in path.read_text(encoding="utf-8").split())
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()


UNNAMED_RE = re.compile(r"^(?:.*?,\s+)?(?:[Ss]eorang|[Ss]alah\s+(?:satu|seorang)|[Ss]ejumlah|[Bb]eberapa|[Pp]ara|[Rr]atusan|[Pp]uluhan"
                        r"|[Rr]ibuan)\s+(?P<np>[a-z][a-z\-]+(?:\s+(?:[a-z][a-z\-]+|[A-Z]{2,6})){0,3}?)(?=\s+(?:di|dari|asal|yang|berusia|itu|tersebut)\b|\s*,|\s*$)")
# "Menteri itu", "Kepala BPS": a role printed instead of the name refers to a person named before
ROLE_REF_RE = re.compile(r"^(?P<role>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\s+(?:itu|tersebut)$")


def _place(run: str) -> bool:
    """A capitalised run that names a place: a region word first ("Kabupaten Cirebon"), a province or regency
    (monitor/nlp/data/regions.txt) or only the lexicon's place words ("Jawa Barat")."""
    words = run.split()
    from monitor.nlp.name_runs import REGION_WORDS_FIRST, regions
    return (words[0].lower().rstrip(".") in REGION_WORDS_FIRST or tuple(w.casefold() for w in words) in regions()[0]
            or all(w.lower() in lexicon().places for w in words))


def unnamed(phrase: str) -> Speaker | None:
    """'Seorang pedagang kelontong di Sidoarjo': an unnamed speaker, called by the noun phrase."""
    words = phrase.split()
    while len(words) > 2 and words[-1].lower() in lexicon().adverbs:
        words.pop()  # "Beberapa pihak memang (menilai)": the adverb is not the speaker
    phrase = " ".join(words)
    m = UNNAMED_RE.match(phrase)
    if not m:
        return None
    if any((run := re.fullmatch(r"([A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*)\s*(?:\([^()]*\))?", part))
           and not _place(run.group(1)) for part in (x.strip() for x in phrase.strip()[m.end():].split(",")[1:])):
        return None  # "Salah satu pedagang, Marlina, …": the name follows ("…, Kabupaten Cirebon," is a place)
    np_ = m.group("np")
    if np_.split()[0] in lexicon().pronouns or np_.split()[0] in ("orang",) and len(np_.split()) == 1:
        return None
    return Speaker("unnamed", np_)


class Ents(tuple):
    """An article's (text, label) entities with the lookups parse_speaker makes for every phrase,
    built once per article instead of scanning the list several times per phrase."""

    def __new__(cls, ents=()):
        self = super().__new__(cls, ents)
        self.texts = frozenset(t for t, _ in self)
        self.orgs = frozenset(t for t, lab in self if lab == "ORG")
        self.org_list = list(dict.fromkeys(t for t, lab in self if lab == "ORG"))  # first-seen order
        self.persons = list(dict.fromkeys(strip_degrees(t) for t, lab in self if lab == "PER"))
        self.org_loc_words = frozenset(w for t, lab in self if lab in ("ORG", "LOC") for w in t.split())
        return self


def parse_speaker(phrase: str, ents: list[tuple[str, str]] = (), places: frozenset[str] = frozenset(),
                  text: str = "") -> Speaker | None:
    """Parse a printed speaker phrase ("Menteri BUMN Adi Pranata", "dia", "Kadin")."""
    lex = lexicon()
    ix = ents if isinstance(ents, Ents) else Ents(ents)
    phrase = strip_degrees(_clean(TERM_RE.sub("", _DAY_RE.sub("", phrase))))
    if not phrase:
        return None
    low = phrase.lower()
    if low in lex.pronouns or low in ("nya",):
        return Speaker("pronoun")
    if (u := unnamed(phrase)) is not None:
        return u
    bare = _clean(re.sub(r"\s*\((?!(?i:persero|perseroda)\))[^()]*\)", "", phrase))
    if phrase in ix.orgs or bare in ix.orgs:
        return Speaker("org", phrase if phrase in ix.texts else bare, None, bare)
    if (m := ROLE_REF_RE.match(phrase)) or (all(w.lower().rstrip(".") in lex.roles or is_acronym(w) or w.lower() in lex.org_heads
                                                 for w in phrase.split()) and phrase.split()[0].lower() in lex.roles
                                             and not any(t in phrase for t in ix.persons)):
        return Speaker("role", None, m.group("role") if m else phrase, None)
    # the NER's persons win
    pers = [t for t in ix.persons if t in phrase]
    if pers and phrase.split()[0].lower() in lex.org_heads and any(
            re.search(rf"(?:,|\bdan)\s+{re.escape(p)}\b", phrase) for p in pers):
        # "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)": the last word of an organisation's list
        return Speaker("org", bare, None, bare)
    if pers:
        # a rank or honorific marks the person ("… Rumah Sakit Cipto Mangunkusumo dr Rina Wulandari")
        titled = [p for p in pers if (w := phrase[: phrase.find(p)].split()) and w[-1].lower().rstrip(".,") in lex.ranks]
        name = max(titled or pers, key=len)
        # the NER may drop a first name or keep a title: trust word shapes at the edges
        before = phrase[: phrase.find(name)].split()
        ntoks = name.split()
        in_org = ix.org_loc_words
        from monitor.nlp.name_runs import region_span
        reg = region_span(before + ntoks)  # "Bupati Kapuas | Stefanus Ringo": the jurisdiction is the title's
        while (before and is_name_token(before[-1], places) and len(ntoks) < 4 and before[-1] not in in_org
               and not (len(before) == 1 and _common(before[0]))
               and not (reg and len(before) <= reg[1])
               and not any(w.lower() in _heads() for w in before)):
            ntoks.insert(0, before.pop())  # the model dropped a first name; never across an organisation
        drop = _drop_words()
        while len(ntoks) > 1 and ((w := ntoks[0].lower().rstrip(".")) in drop or w in places
                                  or (reg and len(before) < reg[1])
                                  or (before and before[-1].lower() in NAMED_HEADS)):
            before.append(ntoks.pop(0))
        name = " ".join(ntoks)  # (the phrase and the NER's persons are already without degrees)
        role = clean_role(phrase[: phrase.find(name)])
        tail = clean_role(phrase[phrase.find(name) + len(name):])
        role = role or tail or None
        return Speaker("person", name, role, org_of(role.split()) if role else None)
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    toks_all = [[m.group() for m in _words(p) if m.group() != ","] for p in parts]
    if len(parts) >= 2 and toks_all[0] and toks_all[0][0].lower() not in lex.org_heads:
        # "Kepala Dinas …, Sri Wahyuni" or "Hendra Saputra, Kepala Kantor OJK …"
        last, first = toks_all[-1], toks_all[0]
        if last and all(is_name_token(t, places) for t in last) and len(last) <= 4:
            role = clean_role(", ".join(parts[:-1]))
            return Speaker("person", " ".join(last), role, org_of(role.split()) if role else None)
        titles = []
        while len(first) > 1 and first[0].lower().rstrip(".") in lex.roles:
            titles.append(first.pop(0))
        if first and all(is_name_token(t, places) for t in first) and len(first) <= 4:
            role = clean_role(", ".join(parts[1:]))
            return Speaker("person", " ".join(first), role, org_of(role.split()) if role else None)
    toks = [t for p in toks_all for t in p]
    if " atau " in f" {phrase} ":
        toks = [m.group() for m in _words(phrase.split(" atau ")[0])]
    parens = [i for i, t in enumerate(toks) if t.startswith("(")]
    cut = parens[-1] - (len(parens) - 1) if parens else -1  # where the word after the last "(…)" lands
    toks = [t for t in toks if not t.startswith("(") or t.strip("()").lower() in ("persero", "perseroda")]
    if not toks:
        return None
    if (len(toks) > 1 and toks[0].lower() not in _never_glued() and _common(toks[0])
            and all(is_name_token(t, places) for t in toks[1:])):
        toks = toks[1:]  # "Bagi Dadang Hermawan": a sentence-initial ordinary word is not a name
    if text:
        from monitor.nlp.name_runs import split
        run = split(toks, text, places, ix.orgs)
        role, name = toks[:run.name_start], toks[run.name_start:]
    else:
        role, name = _split_name(toks, places)
    if len(role) < cut < len(toks):
        # "Direktur Center of … Studies (Celios) Bima Saputra": the name starts after the brackets
        role, name = toks[:cut], toks[cut:]
    if name:
        if not role and len(name) == 1 and name[0].lower() in lex.generic:
            return None
        role_s = clean_role(" ".join(role))
        return Speaker("person", " ".join(name), role_s, org_of(role) if role else None)
    first = toks[0].lower()
    if first in lex.org_heads or (first == "pemerintah" and len(toks) > 1) or is_acronym(toks[0]) or (len(toks) > 1 and toks[-1].lower() in lex.org_heads):
        org = _clean(" ".join(toks))
        return Speaker("org", org, None, org)
    orgs = [t for t in ix.org_list if t in phrase]
    if orgs:
        org = max(orgs, key=len)
        return Speaker("org", org, None, org)
    return None


@cache
def _region_words() -> frozenset[str]:
    """Words of Indonesia's provinces and regencies (monitor/nlp/data/regions.txt)."""
    from monitor.nlp.name_runs import regions
    return frozenset(w for r in regions()[0] for w in r)


@cache
def _never_glued() -> frozenset[str]:
    lex = lexicon()
    return lex.roles | lex.org_heads | lex.generic | NAMED_HEADS


@cache
def _drop_words() -> frozenset[str]:
    lex = lexicon()
    return lex.roles | lex.places | lex.org_heads


# word-set unions used per phrase or per word, built once (a union of a few hundred words costs more than the test)
@cache
def _office_words() -> frozenset[str]:
    lex = lexicon()
    return lex.org_words | lex.org_heads | lex.roles


@cache
def _heads() -> frozenset[str]:
    return NAMED_HEADS | lexicon().org_heads


def _common(word: str) -> bool:
    from monitor.nlp.name_runs import common_word
    return common_word(word)


def clean_person(name: str) -> str:
    """Drop titles and places the NER kept at the front of a name ("Wamenkeu Mardiasmo") and degrees after it."""
    drop = _drop_words()
    toks = name.split()
    while len(toks) > 1 and toks[0].lower().rstrip(".") in drop:
        toks.pop(0)
    return strip_degrees(" ".join(toks))


# the optional word before opens only at a word boundary: the same matches, without trying a word at each of
# its letters (the scan was a twentieth of the claim layer)
_PLACE_AFTER = re.compile(r"(?:\b(\w+)\s+)?\b(?:di|ke|dari|Kabupaten|Kab\.|Kota|Provinsi|Kecamatan|Desa|Kelurahan|Pulau)\s+([A-Z][a-z]+)")
# "Wali Kota Tri ...", "Menteri Desa Marwan ...": after a title the word is part of the title, no place
_TITLES_BEFORE_REGION = frozenset({"wali", "menteri", "menko", "wamen"})
_BRACKETED = re.compile(r"([A-Z][\w’'.\-&]*(?:\s+(?:[A-Z][\w’'.\-&]*|dan|bidang))*)\s+\(+\s*([^()]{2,60}?)\s*\)")
_COMPANY_OR = re.compile(r"((?:PT|Perum|Bank)\s+[A-Z][\w.\-]*(?:\s+(?:[A-Z][\w.\-]*|\([^()]{1,30}\)))*)\s+atau\s+((?:PT\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?)")
_NICKNAME = re.compile(r"\b([A-Z][\w’'\-]+),?\s+(?:sapaan|panggilan|nama panggilan)(?:\s+akrab(?:nya)?)?\s+([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)*)")


@lru_cache(maxsize=8)
def place_words(text: str) -> frozenset[str]:
    """Capitalised words printed after "di", "ke", "Kabupaten", "Kota" … (lower-cased): places of this
    article, for the entity linker and the quote speakers alike (once per article)."""
    return frozenset(m.group(2).lower() for m in _PLACE_AFTER.finditer(text)
                     if (m.group(1) or "").lower() not in _TITLES_BEFORE_REGION)


def _office_of(long: str, short: str) -> str:
    """The organisation a short form spells inside a title run: "Kepala Otoritas Jasa Keuangan (OJK)" names
    "Otoritas Jasa Keuangan", "Ketua Kamar Dagang dan Industri (Kadin)" "Kamar Dagang dan Industri": the role
    words before the last word that starts as the short form does are dropped ("Menteri Koperasi (MenKop)"
    keeps its title, which the short form spells)."""
    words, roles = long.split(), lexicon().roles
    cut = 0
    for p in range(1, len(words)):
        if words[p - 1].lower() not in roles:
            break
        if words[p][:1].lower() == short[:1].lower():
            cut = p
    return " ".join(words[cut:])


@dataclass
class Resolver:
    """Within-article coreference for speaker names and organisations."""
    text: str
    ents: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # person names in order of discovery
    aliases: dict[str, str] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    ent_names: set[str] = field(default_factory=set)  # names the entity linker gave (preferred)

    @classmethod
    def for_text(cls, text: str, ents: list[tuple[str, str]] = ()) -> "Resolver":
        r = cls(text, list(ents))
        r.places = place_words(text)
        # each pattern needs a literal ("(", "atau", "sapaan"/"panggilan"): most articles skip the scan
        for m in (_BRACKETED.finditer(text) if "(" in text else ()):
            long, short = _clean(m.group(1)), _clean(m.group(2))
            if not short:  # "Sugeng Riyadi ( - )": brackets holding only punctuation name nobody
                continue
            if len(short) < len(long) and (is_acronym(short.split()[0]) or len(short.split()) == 1):
                heads = lexicon().org_heads
                if is_acronym(short) or any(w.lower() in heads for w in long.split()):
                    long = _office_of(long, short)  # an organisation's short form ("Disperindag" too)
                else:  # a person's nickname: drop the role before the name
                    long = " ".join(_split_name(long.split(), r.places)[1]) or long
                r.aliases.setdefault(short, long)
            elif len(short) > len(long) and is_acronym(long.split()[-1]):
                r.aliases.setdefault(long.split()[-1], short)
        for m in (_COMPANY_OR.finditer(text) if "atau" in text else ()):
            short = _clean(m.group(2))
            r.aliases.setdefault(short, _clean(m.group(1)))
            if short.startswith("PT "):
                r.aliases.setdefault(short[3:], _clean(m.group(1)))
        for m in (_NICKNAME.finditer(text) if "sapaan" in text or "panggilan" in text else ()):
            r.aliases.setdefault(m.group(1), m.group(2))
        for t, lab in ents:
            if lab == "PER" and len((name := clean_person(t)).split()) >= 2:
                r.names.append(name)
                r.ent_names.add(name)
        return r

    def learn(self, sp: Speaker | None) -> None:
        if sp and sp.kind == "person" and sp.name and len(sp.name.split()) > 1 and sp.name not in self.names:
            self.names.append(sp.name)

    def scan_names(self) -> None:
        """Multi-word capitalised names anywhere in the text (fallback for short forms)."""
        from monitor.nlp.name_runs import region_at, split
        orgs = frozenset(t for t, lab in self.ents if lab == "ORG")
        for m in re.finditer(r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-.]*)+", self.text):
            toks = m.group().split()
            # a title opening the sentence stays where a jurisdiction follows it ("Bupati Kapuas …")
            if _sentence_start(self.text, m.start()) and _common(toks[0]) and not region_at(toks, 1):
                toks = toks[1:]
            run = split(toks, self.text, self.places, orgs, at=m.start()) if toks else None
            name = toks[run.name_start:] if run else []
            if len(name) >= 2 and " ".join(name) not in self.names:
                self.names.append(" ".join(name))

    def last_name_before(self, pos: int) -> str | None:
        """The known full name printed last before pos (what a first pronoun refers to)."""
        best, at = None, -1
        for name in self.names:
            i = self.text.rfind(name, 0, pos)
            if i > at:
                best, at = name, i
        return best

    def person(self, name: str) -> str:
        if name in self.aliases:
            name = self.aliases[name]
        toks = name.split()
        best = name
        if len(toks) == 1 and len(name) >= 4 and not any(name in f.split() for f in self.names):
            # a nickname cut from one name ("Siwi" for "Srie Nurkyatsiwi")
            hits = {f for f in self.names if any(name.lower() in t.lower() for t in f.split())}
            if len(hits) == 1:
                return hits.pop()
        for pool in ([f for f in self.names if f in self.ent_names], self.names):
            for full in pool:
                ft = full.split()
                at = next((i for i in range(len(ft) - len(toks) + 1) if ft[i:i + len(toks)] == toks), None)
                if len(ft) > len(best.split()) and at is not None and not (
                        at and len(toks) >= 2 and name in self.ent_names and full not in self.ent_names
                        and any(self._not_a_name_word(w, name) for w in self._other_entity_words(name).intersection(ft[:at]))):
                    # (the model's full name stands against a scanned run that puts before it a word of another
                    # entity that is no name: "PT Agro Lestari | Partogi Sidebang", "Aspumi | Ahmadi Subairi";
                    # a one-word name may grow, and a name word the model gave to a neighbour comes back:
                    # "Kendari Laode | Muhammad Rusdin", "Afdal Dt. | Rangkayo Mudo")
                    best = full
            if best != name:
                break
        return best

    def _not_a_name_word(self, word: str, name: str) -> bool:
        """A common word, a region, an organisation or place of one word, or an organisation's last word — except
        where that organisation is another one plus the word and is printed only right before this name: then it
        took the name's first word ("PT Karet Kapuas Sejahtera | Khoe Sui Fong")."""
        orgs = {t for t, lab in self.ents if lab == "ORG"}
        return (word.lower() in dictionary() or word.casefold() in _region_words()
                or any(lab in ("ORG", "LOC") and t == word for t, lab in self.ents)
                or any(t.split()[-1] == word and (t.rsplit(" ", 1)[0] not in orgs or re.search(
                    rf"{re.escape(t)}(?!\s+{re.escape(name.split()[0])})", self.text)) for t in orgs if " " in t))

    def _other_entity_words(self, name: str) -> set[str]:
        """Words of the article's entities other than this person ("Lestari" of "PT Agro Lestari")."""
        return {w for t, _ in self.ents if name not in t for w in t.split()}

    def org(self, org: str) -> str:
        for key in (org, org.removeprefix("PT ")):
            if key in self.aliases:
                return self.aliases[key]
        toks = org.split()
        if len(toks) == 1:
            for short, long in self.aliases.items():
                if toks[0] in short.split():
                    return long
        return org
