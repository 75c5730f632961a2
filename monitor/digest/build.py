"""What goes into one subscriber's digest for one day: no side effects, reads through monitor.store.digest.

The period is a calendar day in the subscriber's time zone. Quotes are ranked
by speaker prominence (role and recent coverage), novelty against what the
same speaker said in the previous days, and how many outlets carried the
story; figures are grouped by what they measure (the same grouper as the trend
exports) and compared with other outlets' claims for the same measure and
period, so contradictions stand out.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlmodel import Session

from monitor import display
from monitor.digest.subscribers import Subscriber
from monitor.export.measures import default_grouper, period_of
from monitor.store.digest import DigestArticle as _Art, entities_of, figures_of, quotes_of, window_articles
from monitor.store.models import FigureRow, QuoteRow

TREND_DAYS = 14
BASELINE_DAYS = 7
HISTORY_DAYS = 30  # prominence, novelty and speaker stance look this far back
FIGURE_HISTORY_DAYS = 90  # earlier claims a new figure is compared with
MAX_QUOTES = 8
MAX_QUOTES_PER_SPEAKER = 2
MAX_FIGURE_GROUPS = 8
SAME_QUOTE = 88  # rapidfuzz ratio above which two quotes are one statement
def topic_query(topic: str) -> str:
    """The search that finds a topic's claims: its filter, not its label's words ("kemitraan UMKM" as words
    found 2 of the 71 claims the demo's day has on the topic)."""
    return f"topic:{topic}"

_ROLE_WEIGHTS = (  # checked in order: the first match wins
    (re.compile(r"\b(presiden|wakil presiden|menteri|wamen|wakil menteri|gubernur)\b", re.I), 1.0),
    (re.compile(r"\b(ketua dewan komisioner|kepala|direktur utama|dirut|ketua umum|deputi|dirjen|direktur jenderal|sekretaris jenderal)\b", re.I), 0.75),
    (re.compile(r"\b(ketua|direktur|komisaris|anggota|bupati|wali ?kota|ekonom|kepala ekonom)\b", re.I), 0.5),
)
@dataclass(frozen=True)
class Period:
    day: date  # the local calendar day covered
    timezone: str
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive

    @classmethod
    def of(cls, day: date, tz_name: str) -> "Period":
        tz = ZoneInfo(tz_name)
        start = datetime.combine(day, time(0), tz).astimezone(timezone.utc)
        end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(timezone.utc)
        return cls(day=day, timezone=tz_name, start=start, end=end)


def default_day(now: datetime, tz_name: str) -> date:
    """The previous calendar day in the given time zone."""
    return now.astimezone(ZoneInfo(tz_name)).date() - timedelta(days=1)


@dataclass(frozen=True)
class TopicCount:
    topic: str
    articles: int
    quotes: int
    baseline: float  # mean articles per day over the trailing BASELINE_DAYS
    daily: tuple[tuple[date, int], ...]  # articles per local day, TREND_DAYS ending with the period
    search_url: str

    @property
    def change(self) -> float | None:
        """Relative change against the baseline (None when there is no baseline)."""
        return None if self.baseline <= 0 else self.articles / self.baseline - 1.0


@dataclass(frozen=True)
class QuoteStance:
    topic: str
    stance: str
    assessment: str


@dataclass(frozen=True)
class DigestQuote:
    text: str
    kind: str
    speaker: str | None
    role: str | None
    organisation: str | None
    outlet: str
    url: str
    title: str
    published: datetime | None
    stances: tuple[QuoteStance, ...]
    outlets: tuple[str, ...]  # every outlet that carried it
    prominence: float
    novelty: float
    score: float
    search_url: str


@dataclass(frozen=True)
class DigestFigure:
    text: str
    value: float
    unit: str
    subject: str
    outlet: str
    url: str
    published: datetime | None
    speaker: str | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class FigureGroup:
    measure: str
    unit: str
    figures: tuple[DigestFigure, ...]
    conflicts: tuple[tuple[DigestFigure, DigestFigure], ...] = ()  # (new, earlier or same-day) with different values


@dataclass(frozen=True)
class StanceShift:
    """Coverage shift (speaker None): the share of articles with `label` moved from before to after (0..1).
    Speaker shift: the speaker's stance moved from label `before_label` to `label`."""

    topic: str
    label: str  # pro, contra, neutral (stance) or positive, negative (assessment)
    speaker: str | None = None
    before_label: str | None = None
    before: float | None = None
    after: float | None = None
    url: str | None = None


@dataclass(frozen=True)
class Digest:
    subscriber: Subscriber
    period: Period
    generated_at: datetime
    topics: tuple[TopicCount, ...]
    quotes: tuple[DigestQuote, ...] = ()
    figure_groups: tuple[FigureGroup, ...] = ()
    shifts: tuple[StanceShift, ...] = ()
    article_count: int = 0
    search_url: str = ""

    @property
    def empty(self) -> bool:
        return self.article_count == 0 and not self.quotes


# ---------------------------------------------------------------- helpers

def search_url(base_url: str, query: str) -> str:
    return f"{base_url.rstrip('/')}/?q={quote_plus(query)}"


def _fold(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def _matches(value: str | None, wanted: tuple[str, ...]) -> bool:
    """Case-insensitive match of a name against a filter list ("OJK" matches "Otoritas Jasa Keuangan (OJK)")."""
    v = _fold(value)
    if not v:
        return False
    for w in map(_fold, wanted):
        if w == v or re.search(rf"(?<!\w){re.escape(w)}(?!\w)", v) or re.search(rf"(?<!\w){re.escape(v)}(?!\w)", w):
            return True
    return False


def role_weight(role: str | None) -> float:
    if not role:
        return 0.0
    for pattern, weight in _ROLE_WEIGHTS:
        if pattern.search(role):
            return weight
    return 0.25


def _quote_topics(q: QuoteRow) -> dict[str, dict]:
    return {t["topic"]: t for t in (q.topics or []) if isinstance(t, dict) and "topic" in t}


# ---------------------------------------------------------------- the digest

def build_digest(session: Session, subscriber: Subscriber, day: date, base_url: str, now: datetime | None = None) -> Digest:
    """Everything one subscriber's digest shows for one local day."""
    now = now or datetime.now(timezone.utc)
    period = Period.of(day, subscriber.timezone)
    tz = subscriber.tz
    topics = subscriber.topics
    lookback = period.start - timedelta(days=FIGURE_HISTORY_DAYS)
    arts = window_articles(session, lookback, period.end)

    def local_day(a: _Art) -> date:
        return a.when.astimezone(tz).date()

    # article filters: outlet, and a named speaker/organisation when the subscriber chose some
    names = subscriber.speakers + subscriber.organisations
    history_start = period.start - timedelta(days=HISTORY_DAYS)
    ids = [i for i, a in arts.items() if a.when >= history_start]  # older articles only matter for figures
    quotes = quotes_of(session, ids)
    quotes_by_art: dict[int, list[QuoteRow]] = defaultdict(list)
    for q in quotes:
        quotes_by_art[q.article_id].append(q)

    def quote_wanted(q: QuoteRow) -> bool:
        if not names:
            return True
        return _matches(q.speaker, subscriber.speakers + subscriber.organisations) or _matches(q.speaker_org, subscriber.organisations)

    named_articles: set[int] = set()
    if names:
        for e in entities_of(session, ids):
            if _matches(e.text, names) or _matches(e.alias_of, names):
                named_articles.add(e.article_id)
        named_articles |= {q.article_id for q in quotes if quote_wanted(q)}

    def article_wanted(a: _Art) -> bool:
        if subscriber.outlets and not any(_matches(o, subscriber.outlets) for o in a.outlets):
            return False
        if names and a.id not in named_articles and a.when >= history_start:
            return False
        return any(t in a.topics for t in topics) or any(set(_quote_topics(q)) & set(topics) for q in quotes_by_art[a.id])

    kept = {i: a for i, a in arts.items() if article_wanted(a)}
    in_period = {i: a for i, a in kept.items() if period.start <= a.when < period.end}
    before = {i: a for i, a in kept.items() if history_start <= a.when < period.start}

    counts = _topic_counts(period, kept, quotes_by_art, topics, local_day, base_url)
    top_quotes = _rank_quotes(period, in_period, before, arts, quotes_by_art, quote_wanted, topics, base_url)
    figure_groups = _figures(session, in_period, {i: a for i, a in kept.items() if a.when < period.start})
    shifts = _shifts(period, in_period, before, quotes_by_art, topics, local_day)
    return Digest(subscriber=subscriber, period=period, generated_at=now, topics=counts, quotes=top_quotes,
                  figure_groups=figure_groups, shifts=shifts, article_count=len(in_period),
                  search_url=search_url(base_url, " OR ".join(topic_query(t) for t in topics)))


def _topic_counts(period: Period, kept: dict[int, _Art], quotes_by_art, topics, local_day, base_url) -> tuple[TopicCount, ...]:  # noqa: ANN001
    days = [period.day - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    out = []
    for topic in topics:
        per_day: Counter[date] = Counter()
        quotes = 0
        for a in kept.values():
            quote_hits = [q for q in quotes_by_art[a.id] if topic in _quote_topics(q)]
            if topic in a.topics or quote_hits:
                d = local_day(a)
                per_day[d] += 1
                if d == period.day:
                    quotes += len(quote_hits)
        baseline = sum(per_day[period.day - timedelta(days=n)] for n in range(1, BASELINE_DAYS + 1)) / BASELINE_DAYS
        out.append(TopicCount(topic=topic, articles=per_day[period.day], quotes=quotes, baseline=baseline,
                              daily=tuple((d, per_day[d]) for d in days),
                              search_url=search_url(base_url, topic_query(topic))))
    return tuple(out)


def _rank_quotes(period, in_period, before, arts, quotes_by_art, quote_wanted, topics, base_url) -> tuple[DigestQuote, ...]:  # noqa: ANN001
    # coverage of each speaker over the history window: how often the press turns to them
    coverage: Counter[str] = Counter()
    earlier: dict[str, list[str]] = defaultdict(list)
    novelty_start = period.start - timedelta(days=BASELINE_DAYS)
    for a in list(before.values()) + list(in_period.values()):
        for sp in {_fold(q.speaker) for q in quotes_by_art[a.id] if q.speaker}:
            coverage[sp] += 1
    for a in before.values():
        if a.when >= novelty_start:
            for q in quotes_by_art[a.id]:
                if q.speaker:
                    earlier[_fold(q.speaker)].append(q.text)
    top_coverage = max(coverage.values(), default=1)

    # one statement carried by several articles counts once, with all its outlets
    groups: list[dict] = []
    for a in sorted(in_period.values(), key=lambda a: (a.when, a.id)):
        for q in quotes_by_art[a.id]:
            if not quote_wanted(q) or len(q.text.strip()) < 20:
                continue
            qt = _quote_topics(q)
            if qt and not set(qt) & set(topics):
                continue
            for g in groups:
                if _fold(g["q"].speaker) == _fold(q.speaker) and fuzz.ratio(_fold(g["q"].text), _fold(q.text)) >= SAME_QUOTE:
                    g["outlets"] |= a.outlets
                    break
            else:
                groups.append({"q": q, "a": a, "outlets": set(a.outlets)})

    ranked = []
    for g in groups:
        q, a = g["q"], g["a"]
        sp = _fold(q.speaker)
        prominence = 0.5 * role_weight(q.speaker_role) + 0.5 * (math.log1p(coverage[sp]) / math.log1p(top_coverage) if sp else 0.0)
        # below half similar is a different statement; above, the closer to a repeat the less novel
        seen = [fuzz.token_sort_ratio(_fold(q.text), _fold(t)) / 100 for t in earlier.get(sp, [])]
        novelty = 1.0 - max(0.0, (max(seen, default=0.0) - 0.5) / 0.5)
        reach = min(1.0, math.log(len(g["outlets"])) / math.log(8)) if g["outlets"] else 0.0
        qt = _quote_topics(q)
        score = 0.4 * prominence + 0.3 * novelty + 0.3 * reach + (0.1 if set(qt) & set(topics) else 0.0) \
            + (0.05 if q.kind == "direct" else 0.0) - (0.3 if not q.speaker else 0.0)
        stances = tuple(QuoteStance(t, v.get("stance", "neutral"), v.get("assessment", "neutral")) for t, v in qt.items() if t in topics)
        ranked.append(DigestQuote(
            # "…kecil," kata Teten: the trailing comma belongs to the reporting sentence
            text=display.quote(q.text), kind=q.kind,
            speaker=q.speaker, role=q.speaker_role, organisation=q.speaker_org,
            outlet=a.outlet, url=a.url, title=a.title, published=a.when, stances=stances,
            outlets=tuple(sorted(g["outlets"], key=str.casefold)), prominence=round(prominence, 3),
            novelty=round(novelty, 3), score=round(score, 4),
            search_url=search_url(base_url, f'"{q.speaker}"' if q.speaker else q.text[:60])))
    ranked.sort(key=lambda d: (-d.score, d.published or period.start))  # stable: ties keep article order
    out: list[DigestQuote] = []
    per_speaker: Counter[str] = Counter()
    for d in ranked:
        if per_speaker[_fold(d.speaker)] >= MAX_QUOTES_PER_SPEAKER:
            continue
        per_speaker[_fold(d.speaker)] += 1
        out.append(d)
        if len(out) == MAX_QUOTES:
            break
    return tuple(out)


def _differs(a: float, b: float) -> bool:
    return not math.isclose(a, b, rel_tol=0.005, abs_tol=1e-9)


def linked(f: FigureRow) -> bool:
    """A figure the analysis linked to another one (the two ends of a range, the before and after of a
    change): its values differ from its partner's by design, so it is never a disagreement. The hook for
    further link kinds: add their columns here."""
    return (f.change_group is not None or f.range_group is not None or f.previous is not None
            or f.range_low is not None)


def disagree(a: DigestFigure, b: DigestFigure) -> bool:
    """Different values of one measure (the caller has grouped them) for the same period, from different outlets."""
    return a.outlet != b.outlet and period_of(a.subject) == period_of(b.subject) and _differs(a.value, b.value)


def _figures(session: Session, in_period: dict[int, _Art], earlier_arts: dict[int, _Art]) -> tuple[FigureGroup, ...]:
    def record(f: FigureRow, a: _Art) -> DigestFigure:
        return DigestFigure(text=f.text, value=f.value, unit=f.unit, subject=(f.subject or "").strip(), outlet=a.outlet,
                            url=a.url, published=a.when, speaker=f.speaker, sentence=f.sentence)

    today = sorted((f for f in figures_of(session, list(in_period)) if (f.subject or "").strip()),
                   key=lambda f: (in_period[f.article_id].when, f.start))
    if not today:
        return ()
    before = [f for f in figures_of(session, list(earlier_arts)) if (f.subject or "").strip() and not linked(f)]
    # one decision of "same measure" for the digest and the exports (monitor.export.measures)
    names = default_grouper().fit(Counter(((f.subject or "").strip(), f.unit) for f in today + before))

    def group_of(f: FigureRow) -> tuple[str, str]:
        return names[((f.subject or "").strip(), f.unit)], f.unit

    groups: dict[tuple[str, str], dict] = {}
    for f in today:
        g = groups.setdefault(group_of(f), {"figs": [], "rows": []})
        fig = record(f, in_period[f.article_id])
        if not any(x.value == fig.value and x.url == fig.url for x in g["figs"]):
            g["figs"].append(fig)
            g["rows"].append(f)
    prior_of: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for f in before:
        if group_of(f) in groups:
            prior_of[group_of(f)].append(f)
    out = []
    for (measure, unit), g in groups.items():
        comparable = [fig for fig, row in zip(g["figs"], g["rows"]) if not linked(row)]
        conflicts: list[tuple[DigestFigure, DigestFigure]] = []
        for i, fig in enumerate(comparable):  # the same day, two values
            for other in comparable[:i]:
                if disagree(fig, other):
                    conflicts.append((fig, other))
                    break
        prior = sorted((record(f, earlier_arts[f.article_id]) for f in prior_of[(measure, unit)]),
                       key=lambda d: d.published, reverse=True)
        for fig in comparable:  # against the latest earlier claim for the measure and period from another outlet
            latest = next((p for p in prior if p.outlet != fig.outlet and period_of(p.subject) == period_of(fig.subject)), None)
            if latest is not None and disagree(fig, latest):
                conflicts.append((fig, latest))
        out.append(FigureGroup(measure=measure, unit=unit, figures=tuple(g["figs"]), conflicts=tuple(conflicts)))
    out.sort(key=lambda g: (not g.conflicts, -len(g.figures), g.measure.casefold()))
    return tuple(out[:MAX_FIGURE_GROUPS])


def _shifts(period, in_period, before, quotes_by_art, topics, local_day) -> tuple[StanceShift, ...]:  # noqa: ANN001
    out: list[StanceShift] = []
    base_start = period.start - timedelta(days=BASELINE_DAYS)
    for topic in topics:
        now_rows = [a.topics[topic] for a in in_period.values() if topic in a.topics]
        old_rows = [a.topics[topic] for a in before.values() if topic in a.topics and a.when >= base_start]
        if len(now_rows) >= 2 and len(old_rows) >= 3:
            def share(rows, field, value):  # noqa: ANN001, ANN202
                return sum(getattr(r, field) == value for r in rows) / len(rows)
            for field_name, value in (("stance", "contra"), ("assessment", "negative"), ("assessment", "positive")):
                a, b = share(old_rows, field_name, value), share(now_rows, field_name, value)
                if abs(b - a) >= 0.3:
                    out.append(StanceShift(topic=topic, label=value, before=round(a, 3), after=round(b, 3)))
        # speakers whose stance on the topic changed since they last spoke about it
        last: dict[str, tuple[datetime, str]] = {}
        for a in before.values():
            for q in quotes_by_art[a.id]:
                t = _quote_topics(q).get(topic)
                if q.speaker and t and (_fold(q.speaker) not in last or last[_fold(q.speaker)][0] < a.when):
                    last[_fold(q.speaker)] = (a.when, t.get("stance", "neutral"))
        today: dict[str, tuple[str, str, str]] = {}
        for a in sorted(in_period.values(), key=lambda a: a.when):
            for q in quotes_by_art[a.id]:
                t = _quote_topics(q).get(topic)
                if q.speaker and t:
                    today[_fold(q.speaker)] = (q.speaker, t.get("stance", "neutral"), a.url)
        for key, (name, stance, url) in today.items():
            if key in last and last[key][1] != stance:
                out.append(StanceShift(topic=topic, label=stance, speaker=name, before_label=last[key][1], url=url))
    return tuple(out)
