"""Records that cross stage boundaries.

Each pipeline stage takes one of these and returns the next; nothing passes
dicts between stages. Offsets are character offsets into Article.text, end
exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedSource:
    id: str
    name: str
    url: str
    tags: tuple[str, ...] = ()
    interval: int | None = None  # seconds; None = settings default
    fetch_article: bool = True
    timezone: str | None = None
    language: str = "id"


@dataclass(frozen=True)
class FeedEntry:
    source_id: str
    url: str | None
    guid: str | None
    title: str
    summary: str
    published: datetime | None  # UTC, timezone-aware


@dataclass(frozen=True)
class RawPage:
    url: str  # requested
    final_url: str
    status: int
    body: bytes
    encoding: str | None
    headers: dict[str, str]
    fetched_at: datetime


@dataclass(frozen=True)
class ExtractedArticle:
    url: str
    title: str
    text: str
    author: str | None
    published: datetime | None  # UTC, timezone-aware
    lang: str | None


@dataclass(frozen=True)
class Entity:
    text: str  # fullest form in the article
    label: str  # PER, ORG, LOC
    mentions: tuple[tuple[int, int], ...]
    alias_of: str | None = None  # an acronym's expansion
    role: str | None = None  # title/role printed before a person's name


@dataclass(frozen=True)
class Figure:
    text: str
    value: float
    unit: str  # percent, IDR, USD, count, other
    start: int
    end: int
    qualifier: str | None = None  # sekitar, lebih dari, hampir …
    subject: str | None = None
    sentence: str | None = None
    speaker: str | None = None
    unit_word: str | None = None  # the printed unit ("unit usaha", "ton")
    change_group: int | None = None  # figures of one "naik dari X menjadi Y"
    range_group: int | None = None  # the two ends of one range
    previous: float | None = None  # on the later figure of a stated change: the earlier value (same unit)
    range_low: float | None = None  # on both ends of a range ("Rp1-2 triliun"): its low and high values
    range_high: float | None = None


@dataclass(frozen=True)
class TopicLabel:
    topic: str
    score: float
    stance: str  # pro, contra, neutral
    assessment: str  # positive, negative, neutral
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str
    kind: str  # direct, indirect
    start: int
    end: int
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_org: str | None = None
    cue: str | None = None
    topics: tuple[TopicLabel, ...] = ()


@dataclass(frozen=True)
class Analysis:
    model_version: str
    entities: tuple[Entity, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    topics: tuple[TopicLabel, ...] = ()  # article level
    lang: str | None = None
    skipped: str | None = None  # reason the article was not analysed
