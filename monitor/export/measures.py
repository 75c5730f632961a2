"""Measure groups: figures about the same thing, however it was phrased.

"sumbangan UMKM pada PDB" and "kontribusi UMKM terhadap produk domestik
bruto" measure one thing. Subjects are normalised (acronyms expanded, Sastrawi
stems, synonyms, function words dropped) and then clustered with rapidfuzz
within one unit; a YAML file pins or renames groups where the rules fall short.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from monitor import yamlfile
from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).resolve().parent / "data"
LEXICON_FILE = DATA_DIR / "lexicon.yaml"
GROUPS_FILE = DATA_DIR / "measure_groups.yaml"
DEFAULT_THRESHOLD = 85.0
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Lexicon:
    acronyms: Mapping[str, str]
    synonyms: Mapping[str, str]
    stopwords: frozenset[str]


@dataclass(frozen=True)
class PinnedGroup:
    name: str
    subjects: tuple[str, ...]
    unit: str | None = None


@dataclass(frozen=True)
class GroupConfig:
    threshold: float = DEFAULT_THRESHOLD
    groups: tuple[PinnedGroup, ...] = ()
    rename: Mapping[str, str] = field(default_factory=dict)


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    data = yamlfile.load(Path(path).read_text(encoding="utf-8")) or {}
    return Lexicon(acronyms={k.lower(): v.lower() for k, v in (data.get("acronyms") or {}).items()},
                   synonyms={k.lower(): v.lower() for k, v in (data.get("synonyms") or {}).items()},
                   stopwords=frozenset(w.lower() for w in data.get("stopwords") or ()))


def load_groups(path: Path | None = GROUPS_FILE) -> GroupConfig:
    """Pins and renames; a missing path means no pins."""
    if path is None:
        return GroupConfig()
    data = yamlfile.read(path) or {}
    pins = tuple(PinnedGroup(name=g["name"], subjects=tuple(g.get("subjects") or [g["name"]]), unit=g.get("unit"))
                 for g in data.get("groups") or ())
    return GroupConfig(threshold=float(data.get("threshold", DEFAULT_THRESHOLD)), groups=pins,
                       rename={str(k).lower(): v for k, v in (data.get("rename") or {}).items()})


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stem(word) or word


def normalise(subject: str, lexicon: Lexicon) -> str:
    """A subject as canonical words: 'sumbangan UMKM pada PDB' → 'kontribusi usaha mikro …'."""
    words: list[str] = []
    for raw in _WORD.findall(subject.lower()):
        for word in lexicon.acronyms.get(raw, raw).split():
            if word in lexicon.stopwords:
                continue
            mapped = lexicon.synonyms.get(word) or lexicon.synonyms.get(_stem(word)) or _stem(word)
            for w in mapped.split():
                if w not in lexicon.stopwords and w not in words:
                    words.append(w)
    return " ".join(words)


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


def _numbers(key: str) -> frozenset[str]:
    """Numbers in a subject other than years: 'wilayah 3' and 'wilayah 4' are different measures."""
    return frozenset(w for w in key.split() if w.isdigit() and not _is_year(w))


# words (as normalised) naming what kind of quantity a figure is: "target" and "realisasi" of one thing, or
# a ratio and a growth rate of it, are different measures however alike the rest of the subject reads
_KIND_WORDS = frozenset("target proyeksi prediksi kira rasio tumbuh turun pangsa kuota plafon anggar sisa rata "
                        "tunggak bunga suku".split())


def _kinds(key: str) -> frozenset[str]:
    return frozenset(w for w in key.split() if w in _KIND_WORDS)


def period_of(subject: str) -> frozenset[str]:
    """The years a subject names ('penyaluran KUR 2026' → {'2026'}): one measure, different periods."""
    return frozenset(w for w in _WORD.findall(subject.lower()) if _is_year(w))


def _containment(a: str, b: str) -> float:
    """0-100: every word of the shorter key (3+ words) is in the longer one, scored by how much of the longer
    it makes up, so a subject that dragged in a few words of its sentence ("… Yulius mengatakan kontribusi
    UMKM terhadap PDB saat") still meets its measure, and a bare "UMKM" does not swallow longer subjects."""
    x, y = a.split(), b.split()
    if len(x) > len(y):
        x, y = y, x
    if len(x) < 3 or not set(x) <= set(y):
        return 0.0
    return 40.0 + 60.0 * len(x) / len(y)


@lru_cache(maxsize=1)
def default_grouper() -> "MeasureGrouper":
    """The packaged lexicon and pins, loaded once per process."""
    return MeasureGrouper.default()


class MeasureGrouper:
    """Assigns (subject, unit) pairs to named measure groups: used by trend exports and the digest alike."""

    def __init__(self, lexicon: Lexicon, config: GroupConfig):
        self.lexicon = lexicon
        self.config = config

    @classmethod
    def default(cls, groups_file: Path | None = GROUPS_FILE, threshold: float | None = None) -> "MeasureGrouper":
        config = load_groups(groups_file)
        if threshold is not None:
            config = GroupConfig(threshold=threshold, groups=config.groups, rename=config.rename)
        return cls(load_lexicon(), config)

    def key(self, subject: str) -> str:
        return normalise(subject, self.lexicon)

    def same(self, a: str, b: str) -> bool:
        """Two normalised keys measure the same thing: the one decision behind export groups and digest
        comparisons. Same kind of quantity and same non-year numbers, and near-identical or one within the other."""
        if _numbers(a) != _numbers(b) or _kinds(a) != _kinds(b):
            return False
        return max(fuzz.token_sort_ratio(a, b), _containment(a, b)) >= self.config.threshold

    def _match(self, key: str, seeds: list[str]) -> str | None:
        """The first seed (in seeding order among the best scored) that measures what `key` does."""
        if not seeds:
            return None
        # near-identical keys first, then keys containing or contained in it (token_set_ratio 100)
        for scorer, cutoff in ((fuzz.token_sort_ratio, self.config.threshold), (fuzz.token_set_ratio, 100)):
            for cand, _score, _i in process.extract(key, seeds, scorer=scorer, score_cutoff=cutoff, limit=5):
                if self.same(key, cand):
                    return cand
        return None

    def fit(self, subjects: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], str]:
        """Group names for every (subject, unit) with its claim count; empty subjects get ''.

        Deterministic: frequent phrasings seed groups first, ties broken by text.
        """
        by_key: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for (subject, unit), n in subjects.items():
            if subject and subject.strip():
                by_key[(self.key(subject), unit)][subject] += n
        # group keys per unit: seeds (pins first), then frequent keys
        seeds: dict[str, list[str]] = defaultdict(list)  # unit -> group keys
        names: dict[tuple[str, str], str] = {}  # (group key, unit) -> pinned name
        members: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (group key, unit) -> printed subjects
        units = sorted({u for _, u in by_key})
        for pin in self.config.groups:
            for unit in [pin.unit] if pin.unit else units:
                for subject in pin.subjects:
                    gkey = (self.key(subject), unit)
                    if gkey[0] and gkey not in names:
                        names[gkey] = pin.name
                        seeds[unit].append(gkey[0])
        assigned: dict[tuple[str, str], tuple[str, str]] = {}
        order = sorted(by_key, key=lambda k: (-sum(by_key[k].values()), k))
        for key, unit in order:
            if not key:
                continue
            match = self._match(key, seeds[unit])
            gkey = (match, unit) if match else (key, unit)
            if not match:
                seeds[unit].append(key)
            assigned[(key, unit)] = gkey
            members[gkey].update(by_key[(key, unit)])
        label: dict[tuple[str, str], str] = {}
        for gkey, printed in members.items():
            name = names.get(gkey) or min(printed.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
            label[gkey] = self.config.rename.get(name.lower(), name)
        out: dict[tuple[str, str], str] = {}
        for (subject, unit) in subjects:
            k = (self.key(subject), unit) if subject and subject.strip() else None
            out[(subject, unit)] = label[assigned[k]] if k in assigned else ""
        return out
