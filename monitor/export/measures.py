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

import yaml
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
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return Lexicon(acronyms={k.lower(): v.lower() for k, v in (data.get("acronyms") or {}).items()},
                   synonyms={k.lower(): v.lower() for k, v in (data.get("synonyms") or {}).items()},
                   stopwords=frozenset(w.lower() for w in data.get("stopwords") or ()))


def load_groups(path: Path | None = GROUPS_FILE) -> GroupConfig:
    """Pins and renames; a missing path means no pins."""
    if path is None:
        return GroupConfig()
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
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


def _numbers(key: str) -> frozenset[str]:
    """Numbers in a subject other than years: 'wilayah 3' and 'wilayah 4' are different measures."""
    return frozenset(w for w in key.split() if w.isdigit() and not (len(w) == 4 and w[:2] in ("19", "20")))


class MeasureGrouper:
    """Assigns (subject, unit) pairs to named measure groups."""

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
            candidates = process.extract(key, seeds[unit], scorer=fuzz.token_sort_ratio,
                                         score_cutoff=self.config.threshold, limit=5) if seeds[unit] else []
            match = next((c for c in candidates if _numbers(c[0]) == _numbers(key)), None)
            gkey = (match[0], unit) if match else (key, unit)
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
