"""Split a printed "title + organisation + name" run into role, organisation and person.

Indonesian news runs them together without punctuation ("Ekonom Universitas Diponegoro
Arif Budiman", "Direktur Utama PT Bank Digital Nusa Tbk Lestari Wulandari", "Kepala BPBD
Bojonegoro Wahyu Prasetyo"), so where the organisation ends is decided from evidence, in
this order, and capitalisation only where nothing else says:
1. a legal form (Tbk, Persero) or an organisation/role word closes everything before it;
2. the article itself: the person is later called by the first word of the name ("kata
   Made"), or the organisation is printed elsewhere without the name ("PT Rasa Prima");
3. places (gazetteer, lexicon, words after "Kabupaten"/"di") and named heads
   ("Universitas X", "Stasiun X") stay with the organisation; right after a regional head's title
   ("Bupati", "Wali Kota", "Kapolres", "Ketua DPRD" …) the longest region of data/regions.txt is the
   jurisdiction ("Bupati Kapuas Hulu | Stefanus Ringo"), and after "Camat", "Lurah", "Kepala Desa" one
   capitalised word that is no given name, where two name words follow ("Camat Cilandak | Agus Prasetyo");
4. otherwise the name is the longest name-like tail of at most four words.
A word that opens a sentence and is an ordinary Indonesian word ("Bagi", "Kisah") never
starts a name. Used by the entity linker and by the quote speaker parser, so both agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from monitor.nlp.quote_speakers import NAMED_HEADS, dictionary, is_name_token, lexicon

ROLE_WORDS = frozenset(lexicon().roles - lexicon().org_heads)
ORG_HEADS_ALL = frozenset(lexicon().org_heads | NAMED_HEADS)
LEGAL_FORMS = frozenset({"tbk", "tbk.", "persero", "(persero)", "perum", "perseroda", "(perseroda)"})
# "Wali Kota Surabaya X": with these words a following region word is part of the role (the mayor's
# title), so "Kota" opens no organisation and the place after it stays a place.
ROLE_BEFORE_REGION = frozenset({"wali"})
_ORG_WORDS = frozenset(lexicon().org_words | lexicon().org_heads)
_BOUNDARY_WORDS = frozenset(lexicon().places | lexicon().org_words | lexicon().org_heads | lexicon().roles)
_WORD = re.compile(r"\(?[\w’'.\-&]+\)?")


@dataclass(frozen=True)
class Run:
    """Boundaries in a list of words: words[:org_start] role, [org_start:name_start] org, rest name."""
    org_start: int
    name_start: int
    evidence: bool = False  # the article or the lexicon (not capitalisation alone) placed the boundary
    by_head: bool = False  # only the named-head rule ("Universitas X") placed it: never splits an ORG span
    by_org: bool = False  # the organisation is printed (or known) without the name: the strongest evidence
    by_region: bool = False  # a regional head's jurisdiction ("Bupati Kapuas | Stefanus Ringo") placed it


REGIONS_PATH = Path(__file__).parent / "data" / "regions.txt"
# words that open a place's name ("Kabupaten Cirebon", "Desa Sukamaju")
REGION_WORDS_FIRST = frozenset({"kabupaten", "kab", "kota", "provinsi", "kecamatan", "desa", "kelurahan", "kampung",
                                "dusun", "pulau", "nagari", "distrik"})
# titles (and offices) a jurisdiction follows: "Bupati Kapuas", "Wali Kota Tangerang Selatan", "DPRD Kapuas Hulu";
# the last word (or two) of the role, lower-cased
REGIONAL_ROLES = frozenset({
    ("bupati",), ("wabup",), ("gubernur",), ("wagub",), ("walikota",), ("wali", "kota"), ("wawali",), ("wawalkot",),
    ("kapolres",), ("kapolresta",), ("wakapolres",), ("kapolda",), ("wakapolda",), ("kajari",), ("kajati",),
    ("sekda",), ("dandim",), ("danrem",), ("dprd",), ("dprk",), ("pemkab",), ("pemkot",), ("pemprov",),
    ("polres",), ("polresta",), ("polda",), ("kejari",), ("kejati",), ("bpbd",)})
# districts and villages are too many to list: one capitalised word after these is the jurisdiction
LOCAL_ROLES = frozenset({("camat",), ("lurah",), ("kades",), ("kepala", "desa"), ("kepala", "kelurahan"),
                         ("kepala", "kampung")})


@lru_cache(maxsize=1)
def regions() -> tuple[frozenset[tuple[str, ...]], int]:
    """The region names of data/regions.txt as lower-cased word tuples, and the longest one's length."""
    names = frozenset(tuple(line.casefold().split()) for line in REGIONS_PATH.read_text(encoding="utf-8").splitlines()
                      if line.strip() and not line.startswith("#"))
    return names, max(map(len, names))


@lru_cache(maxsize=8)
def _lengths(roles: frozenset[tuple[str, ...]]) -> tuple[int, ...]:
    return tuple(sorted({len(r) for r in roles}))


def _ends_role(words: list[str] | tuple[str, ...], i: int, roles: frozenset[tuple[str, ...]]) -> bool:
    """words[:i] ends with one of the roles (word tuples, lower case): one look-up per role length."""
    return any(i >= k and tuple(w.lower() for w in words[i - k:i]) in roles for k in _lengths(roles))


# one-word regions that are also common given names: "Wali Kota Bima Arya" is the mayor Bima Arya, so after
# these a region needs two name words after it ("Bupati Bima Indah Dhamayanti")
_REGIONS_ALSO_NAMES = frozenset({"bima", "agam", "lingga"})


def region_at(words: list[str] | tuple[str, ...], i: int) -> int:
    """How many words from words[i] name the jurisdiction of the regional head's title right before it
    ("Bupati | Kapuas Hulu | Stefanus Ringo": 2), leaving at least one word of a name after it; 0 if none.
    Only here are region words no name words: elsewhere "Bima", "Kudus" or "Bone" may be anyone's name."""
    n = len(words)
    if not 0 < i < n - 1 or not words[i][:1].isupper():
        return 0
    if _ends_role(words, i, REGIONAL_ROLES):
        names, longest = regions()
        for k in range(min(longest, n - 1 - i), 0, -1):
            if tuple(w.casefold() for w in words[i:i + k]) in names and all(
                    w[:1].isupper() or w == "dan" for w in words[i:i + k]):
                if k == 1 and words[i].lower() in _REGIONS_ALSO_NAMES and n - i - 1 < 2:
                    return 0
                return k
        return 0
    if _ends_role(words, i, LOCAL_ROLES) and words[i].lower() not in lexicon().given_names \
            and words[i].lower().rstrip(".") not in lexicon().roles:
        k = 1  # "Lurah Kebayoran Lama | Siti Aminah": ordinary words after it are still the place's
        while i + k < n - 2 and common_word(words[i + k]) and words[i + k][:1].isupper():
            k += 1
        if n - i - k >= 2 and all(is_name_token(w) for w in words[i + k:]):
            return k
    return 0


def region_span(words: list[str] | tuple[str, ...]) -> tuple[int, int] | None:
    """(start, end) of the last jurisdiction after a regional head's title in words (see region_at): the one
    nearest the name, where a run joins two sentences ("… Edwin Hadiwijaya. Menurut Wakil Bupati Kapuas …")."""
    for i in range(len(words) - 2, 0, -1):
        if k := region_at(words, i):
            return i, i + k
    return None


@lru_cache(maxsize=65536)
def common_word(word: str) -> bool:
    """An ordinary Indonesian word (dictionary or stop word) that is not also a frequent given name."""
    low = word.lower()
    lex = lexicon()
    if low in lex.given_names:
        return False
    from spacy.lang.id.stop_words import STOP_WORDS
    return low in STOP_WORDS or low in dictionary() or low in lex.generic


_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")


@lru_cache(maxsize=8)
def _index(text: str) -> tuple[list[tuple[str, int]], dict[str, list[int]]]:
    """The text's tokens (word, start) and, per word, where it occurs: built once per article."""
    toks = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    where: dict[str, list[int]] = {}
    for i, (w, _) in enumerate(toks):
        where.setdefault(w, []).append(i)
    return toks, where


def later_mention(text: str, phrase: str, follower: str | None, at: int = -1) -> bool:
    """`phrase` is printed elsewhere in text as a name of its own: not inside a longer
    capitalised run (no capitalised word before it, and not followed by `follower`)."""
    toks, where = _index(text)
    parts = _TOKEN.findall(phrase)
    if not parts:
        return False
    n = len(parts)
    for i in where.get(parts[0], ()):
        if [w for w, _ in toks[i:i + n]] != parts:
            continue
        if at >= 0 and abs(toks[i][1] - at) < 2:
            continue
        nxt = toks[i + n][0] if i + n < len(toks) else None
        if follower and nxt == follower.split()[0]:
            continue
        prev = toks[i - 1][0] if i else None
        if prev and prev[:1].isupper() and prev not in (".", ",", ":", "”", '"'):
            continue
        return True
    return False


def split(words: list[str] | tuple[str, ...], text: str = "", places: frozenset[str] = frozenset(),
          known_orgs: frozenset[str] = frozenset(), at: int = -1) -> Run:
    """Where the organisation and the name start in `words` (see module docstring).

    text: the article (for later mentions); at: offset of the run in text (ignored as a mention);
    known_orgs: organisation names known to be complete (gazetteer, NER, printed alone)."""
    return _split(tuple(words), text, places, known_orgs, at)


@lru_cache(maxsize=4096)
def _split(words: tuple[str, ...], text: str = "", places: frozenset[str] = frozenset(),
           known_orgs: frozenset[str] = frozenset(), at: int = -1) -> Run:
    lex = lexicon()
    n = len(words)
    # the name-like tail
    tail = 0
    while tail < n and tail < 4 and (is_name_token(words[n - 1 - tail], places) or (
            tail and _initial(words[n - 1 - tail]) and n - 2 - tail >= 0
            and is_name_token(words[n - 2 - tail], places))):  # a middle initial: "Yasonna H Laoly"
        tail += 1
    s0 = n - tail
    # "PT Bank Digital Sahabat Kartika": an ordinary word right after an organisation word is still its name
    while s0 < n - 2 and s0 > 0 and words[s0 - 1].lower() in _ORG_WORDS and common_word(words[s0]) \
            and not _initial(words[s0 + 1]):  # a word before a middle initial is a first name
        s0 += 1
    # where the organisation starts: the first organisation head after the role words
    org_start = next((i for i, w in enumerate(words[:s0]) if (w.lower() in lex.org_heads
                      or w.lower() in NAMED_HEADS or _acronym(w))
                      and not (i and words[i - 1].lower() in ROLE_BEFORE_REGION)), s0)
    if not tail:
        return Run(org_start, n)
    by_region = False
    joined_at = _offsets(words)
    if (reg := region_span(words)) and s0 <= reg[1] and not (
            reg[1] - reg[0] == 1 and words[reg[0]].lower() in _REGIONS_ALSO_NAMES and text and later_mention(
                text, words[reg[0]], words[reg[1]], at + joined_at[reg[0]] if at >= 0 else -1)):
        # ("Wali Kota Bima Arya Sugiarto", then "kata Bima": the word is his name)
        # "Bupati Kutai Kartanegara Edi Damansyah Putra": the jurisdiction is the title's, the rest the name;
        # no word of the jurisdiction opens an organisation ("DPRD Kapuas Hulu" is opened by "DPRD")
        org_start = org_start if org_start < min(s0, reg[0]) else reg[1]
        s0, by_region = reg[1], True
    start, evidence, by_head, org_known = s0, by_region, False, False
    # 2. the article's evidence, earliest supported start wins
    for s in range(s0, n):
        if s > s0 and not (words[s - 1][:1].isupper()):
            break
        org = " ".join(words[org_start:s]) if org_start < s else ""
        by_org = len(org.split()) >= 2 and (org in known_orgs or bool(text) and later_mention(
            text, org, words[s], at + joined_at[org_start] if at >= 0 else -1))
        # a later "kata Laoly" names the surname: it says where the name ends, not where it starts
        by_name = bool(text) and (s == s0 or s < n - 1) and later_mention(
            text, words[s], words[s + 1] if s + 1 < n else None, at + joined_at[s] if at >= 0 else -1)
        if not by_org and known_orgs and s >= 2:
            # "Ketua Koperasi Sarono Makmur Paiman" beside "Koperasi Peternak Sapi Perah Sarono Makmur"
            head = next((h for h in range(s - 1) if _ends_known_org(words[h], words[h + 1:s], known_orgs)), None)
            if head is not None:
                by_org, org_start = True, min(org_start, head)
        if by_org or by_name:
            if not by_org and s > s0 and s0 > 0 and _whole_place(words[s0 - 1], text):
                s = s0  # "… Kertosono Kediri Ahmad Fauzi Ridwan", then "kata Fauzi": the place closes the organisation
            start, evidence, org_known = s, True, by_org
            break
    else:
        if s0 > 0 and ((w := words[s0 - 1].lower()) in _BOUNDARY_WORDS or w in places):
            evidence = True  # "BPBD Kendal Yusuf": the lexicon says where the name cannot reach
        # 3. a named head takes the next word ("Universitas Andalas Fitri Ramadhani")
        if s0 > 0 and words[s0 - 1].lower() in NAMED_HEADS:
            start, evidence, by_head = (s0 + 1 if n - s0 >= 2 else n), True, True
    # a lone initial is not a name
    if start < n and all(len(w.rstrip(".")) == 1 for w in words[start:]):
        start = n
    return Run(min(org_start, start), start, evidence, by_head, org_known and start < n, by_region and start == s0)


@lru_cache(maxsize=1)
def _gazetteer_place_names() -> frozenset[str]:
    from monitor.nlp.entities import load_gazetteer
    return frozenset(e.name.casefold() for e in load_gazetteer() if e.label == "LOC")


def _whole_place(word: str, text: str) -> bool:
    """`word` is a place by itself (a one-word place of the gazetteer, or printed after "di", "Kabupaten"
    … in this article), not a word of a longer place name ("Nusa" of "Nusa Tenggara")."""
    from monitor.nlp.quote_speakers import place_words
    low = word.casefold()
    return low in _gazetteer_place_names() or (bool(text) and low in place_words(text))


def _ends_known_org(head: str, name: list[str] | tuple[str, ...], known_orgs: frozenset[str]) -> bool:
    """`head` + `name` is a known organisation of the article or a short form of one: one that opens with the
    same head word and ends with the same capitalised name words ("Koperasi Sarono Makmur" of
    "Koperasi Peternak Sapi Perah Sarono Makmur")."""
    if not name or not all(w[:1].isupper() for w in name):
        return False
    tail = " " + " ".join(name)
    return any(k.endswith(tail) and len(k) >= len(tail) + len(head) for k in _orgs_by_head(known_orgs).get(head, ()))


@lru_cache(maxsize=256)
def _orgs_by_head(known_orgs: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The article's organisations by their first word (an article's set is asked about for every run)."""
    out: dict[str, list[str]] = {}
    for k in known_orgs:
        out.setdefault(k.split(" ", 1)[0], []).append(k)
    return {h: tuple(v) for h, v in out.items()}


def _initial(word: str) -> bool:
    w = word.rstrip(".")
    return len(w) == 1 and w.isupper()


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _offsets(words: list[str]) -> list[int]:
    out, pos = [], 0
    for w in words:
        out.append(pos)
        pos += len(w) + 1
    return out
