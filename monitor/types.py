"""Records that cross stage boundaries.

Each pipeline stage takes one of these and returns the next; nothing passes
dicts between stages. Offsets are character offsets into Article.text, end
exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Literal, get_args

from monitor.errors import FetchError, Skip

TextSource = Literal["page", "feed"]  # where an article's text came from
Unit = Literal["percent", "IDR", "USD", "count", "other"]  # what a figure counts in
QuoteKind = Literal["direct", "indirect"]
Stance = Literal["pro", "contra", "neutral"]
Assessment = Literal["positive", "negative", "neutral"]
Topic = Literal["umkm_partnership", "financial_inclusion"]
ClaimKind = Literal["quote", "figure", "title"]  # what a search record is
PeriodName = Literal["day", "week", "month"]
STANCES: tuple[str, ...] = get_args(Stance)
ASSESSMENTS: tuple[str, ...] = get_args(Assessment)
TOPICS: tuple[str, ...] = get_args(Topic)
PERIODS: tuple[str, ...] = get_args(PeriodName)


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
class FeedState:
    """What the store knows about a feed's HTTP history."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    validators_trusted: bool = True
    polls: int = 0


@dataclass
class PollResult:
    """What polling one feed gave: its entries and the HTTP state and health to store."""

    status: Literal["ok", "not_modified", "error"]
    entries: list[FeedEntry] = field(default_factory=list)
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    validators_trusted: bool = True
    new_url: str | None = None
    error_kind: str | None = None
    error: str | None = None
    retry_after: float | None = None
    bozo: str | None = None
    feed_title: str | None = None


@dataclass(frozen=True)
class RawPage:
    """One HTTP answer as monitor.http returns it (feeds, robots.txt and article pages)."""

    url: str  # requested
    final_url: str  # after redirects
    status: int
    body: bytes  # decoded from gzip/deflate, at most max_body_bytes
    headers: dict[str, str]  # lower-cased names
    permanent_url: str | None = None  # where a permanent redirect chain ended
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def encoding(self) -> str | None:
        """The charset named by Content-Type, if any."""
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            k, _, v = part.strip().partition("=")
            if k.lower() == "charset" and v:
                return v.strip('"\' ')
        return None


@dataclass(frozen=True)
class ExtractedArticle:
    url: str
    title: str
    text: str
    authors: tuple[str, ...] = ()
    editor: str | None = None
    published: datetime | None = None  # UTC, timezone-aware
    published_source: str | None = None  # json-ld, meta, byline, feed, url: the rule that decided
    timezone: str = "Asia/Jakarta"  # the outlet's, for showing local time
    lang: str | None = None
    kind: str = "article"  # article, photo, video, teaser, listing
    time_note: str = ""  # why that time was chosen (logged, shown by `monitor extract`)


@dataclass(frozen=True)
class Entity:
    text: str  # fullest form in the article
    label: Literal["PER", "ORG", "LOC"]
    mentions: tuple[tuple[int, int], ...]
    alias_of: str | None = None  # an acronym's expansion
    role: str | None = None  # title/role printed before a person's name


@dataclass(frozen=True)
class Figure:
    text: str
    value: float
    unit: Unit
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
    topic: Topic
    score: float
    stance: Stance
    assessment: Assessment
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str
    kind: QuoteKind
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


@dataclass(frozen=True)
class FetchedEntry:
    """What fetching one feed entry gave: its extracted article (from the page or the feed's own text),
    or why there is none (a Skip to count, or a FetchError to retry)."""

    entry_id: int
    article: ExtractedArticle | None = None
    text_source: TextSource = "page"
    skip: Skip | None = None
    error: FetchError | None = None


@dataclass
class RecordFilters:
    """Conditions on a search record (not its words), parsed by monitor.search.query, run by the store."""

    kinds: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    values: list[tuple[str, float]] = field(default_factory=list)  # (op, number), all must hold
    outlets: list[str] = field(default_factory=list)  # any may match
    since: datetime | None = None  # UTC, inclusive
    until: datetime | None = None  # UTC, exclusive
    after_id: int = 0  # only claims indexed after this search_doc id (saved-search alerts)

    def empty(self) -> bool:
        return not (self.kinds or self.units or self.values or self.outlets or self.since or self.until)


EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
MAX_PERIODS = 40_000  # a century and more of days


@dataclass(frozen=True)
class ExportQuery:
    """What an analyst asked a trend export for; dates are WIB local dates, both inclusive."""

    since: date | None = None
    until: date | None = None
    by: PeriodName = "day"
    topic: str | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        """Bound what one request may ask for: dates a calendar and a chart can hold, and a grid of
        periods that fits in memory (a daily grid from year 1 to 9999 would be 3.6 million rows)."""
        for name in ("since", "until"):
            d = getattr(self, name)
            if d is not None and not (EARLIEST <= d <= LATEST):
                raise ValueError(f"{name} must be between {EARLIEST} and {LATEST}, not {d}")
        if self.since and self.until and self.since <= self.until:
            days = (self.until - self.since).days + 1
            n = days if self.by == "day" else days // 7 + 1 if self.by == "week" else days // 28 + 1
            if n > MAX_PERIODS:
                raise ValueError(f"{self.since}..{self.until} by {self.by} is {n:,} periods (at most {MAX_PERIODS:,}): "
                                 "use a shorter range or by=week / by=month")
