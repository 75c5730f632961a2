"""Aggregations behind `monitor export`: counts, stance and claims over time.

The store counts (monitor.store.trends, in SQL, so a million stored claims
never sit in Python memory) and streams row tables (figures, quotes) in time
order; this module shapes them. Periods are local (WIB) calendar days, ISO
weeks or months, and the grid of periods is filled with zero rows so charts
and pivots have no gaps.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Iterator

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from monitor.export import dictionary
from monitor.export.dictionary import ASSESSMENTS, STANCES, Column
from monitor.store import speakers as records
from monitor.store import trends as store
from monitor.store.trends import LOCAL_TZ, local_midnight_utc  # noqa: F401  (charts and tests use them from here)
from monitor.types import PERIODS, ExportQuery  # noqa: F401  (part of this API)


@dataclass
class Table:
    """An export as columns plus a stream of tuples in column order."""

    kind: str
    columns: list[Column]
    rows: Iterable[tuple]
    total: int | None = None  # number of rows when known ahead (progress bars)
    meta: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- periods

def period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")


def next_period(start: date, by: str) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def periods(since: date, until: date, by: str) -> list[date]:
    """Starts of every period touching [since, until]."""
    out, cur = [], period_start(since, by)
    while cur <= until:
        out.append(cur)
        cur = next_period(cur, by)
    return out


def to_wib(ts: datetime) -> date:
    return ts.astimezone(LOCAL_TZ).date()


def _period_cols(start: date, by: str) -> tuple[date, date, datetime]:
    return start, next_period(start, by) - timedelta(days=1), local_midnight_utc(start)


def _resolve_range(conn: Connection, q: ExportQuery) -> ExportQuery:
    """Fill a missing --since/--until from the stored articles' dates."""
    if q.since is not None and q.until is not None:
        return q
    lo, hi = store.stored_range(conn)
    if lo is None:
        return q
    since = q.since or to_wib(lo)
    until = q.until or max(to_wib(hi), since)
    return ExportQuery(since=since, until=until, by=q.by, topic=q.topic, outlet=q.outlet)


class _Stamps:
    """Stored timestamp → (UTC datetime, WIB date), remembering the last one: rows come grouped by article."""

    def __init__(self):
        self.raw, self.value = object(), (None, None)

    def __call__(self, raw):
        if raw != self.raw:
            ts = store.read_ts(raw)
            self.raw, self.value = raw, (ts, to_wib(ts))
        return self.value


def _order(value: str, known: tuple[str, ...]) -> tuple[int, str]:
    return (known.index(value) if value in known else len(known), value)


# ---------------------------------------------------------------- mentions

def mentions(bind: Session | Engine | Connection, q: ExportQuery, articles_only: bool = False) -> Table:
    """Per period × topic × stance × assessment: articles, quotes, outlets, speakers (zero-filled).
    articles_only: only `articles` is counted, the rest is 0 (charts of articles; never an export)."""
    conn = store.connect(bind)
    q = _resolve_range(conn, q)
    counts = store.mention_counts(conn, q, articles_only)
    topics = {q.topic} if q.topic else {k[1] for k in counts} | store.stance_topics(conn)
    stances = sorted({*STANCES, *(k[2] for k in counts)}, key=lambda v: _order(v, STANCES))
    assessments = sorted({*ASSESSMENTS, *(k[3] for k in counts)}, key=lambda v: _order(v, ASSESSMENTS))
    grid = periods(q.since, q.until, q.by) if q.since else []

    def rows() -> Iterator[tuple]:
        for p in grid:
            for t in sorted(topics):
                for s in stances:
                    for a in assessments:
                        yield (*_period_cols(p, q.by), t, s, a, *counts.get((p, t, s, a), (0, 0, 0, 0)))

    total = len(grid) * len(topics) * len(stances) * len(assessments)
    return Table("mentions", dictionary.columns("mentions"), rows(), total, {"query": q})


# ---------------------------------------------------------------- entities

def entities(bind: Session | Engine | Connection, q: ExportQuery) -> Table:
    """Per period × entity: mentions, articles, and quotes as speaker by stance (zero-filled). The quote
    columns are the speaker record's: an entity named "Teten" or "Teten Masduki" shows every quote of the one
    speaker both names belong to (monitor.store.speakers decides, merges and splits applied)."""
    conn = store.connect(bind)
    q = _resolve_range(conn, q)
    counts, speaker = store.entity_counts(conn, q)
    canon = records.speaker_map(conn)
    names = sorted({(name, label) for _, name, label in counts})
    grid = periods(q.since, q.until, q.by) if q.since else []

    def rows() -> Iterator[tuple]:
        for p in grid:
            for name, label in names:
                m, n = counts.get((p, name, label), (0, 0))
                quoted = speaker.get((p, canon.get(name, name)), (0, 0, 0, 0))
                yield (*_period_cols(p, q.by), name, label, m, n, *quoted)

    return Table("entities", dictionary.columns("entities"), rows(), len(grid) * len(names), {"query": q})


# ---------------------------------------------------------------- speakers

@dataclass
class _Speaker:
    roles: Counter = field(default_factory=Counter)
    orgs: Counter = field(default_factory=Counter)
    quotes: int = 0
    articles: set = field(default_factory=set)
    outlets: set = field(default_factory=set)
    first: datetime | None = None
    last: datetime | None = None
    labels: Counter = field(default_factory=Counter)


def _top(counter: Counter) -> str | None:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else None


def speakers(bind: Session | Engine | Connection, q: ExportQuery) -> Table:
    """One row per speaker: role, organisation, quotes by topic and stance, first and last seen."""
    conn = store.connect(bind)
    result = store.speaker_quotes(conn, q)
    canon = records.speaker_map(conn)
    people: dict[str, _Speaker] = defaultdict(_Speaker)
    topics: set[str] = set()
    for name, role, org, labels, article_id, source_id, ts in result:
        sp = people[canon.get(name, name)]
        if role:
            sp.roles[role] += 1
        if org:
            sp.orgs[org] += 1
        sp.quotes += 1
        sp.articles.add(article_id)
        sp.outlets.add(source_id)
        ts = store.read_ts(ts)
        sp.first = ts if sp.first is None or ts < sp.first else sp.first
        sp.last = ts if sp.last is None or ts > sp.last else sp.last
        for label in (json.loads(labels) if isinstance(labels, str) else labels) or []:
            if q.topic and label["topic"] != q.topic:
                continue
            topics.add(label["topic"])
            sp.labels[(label["topic"], label["stance"])] += 1
    if q.topic:
        topics.add(q.topic)
    cols = dictionary.columns("speakers", sorted(topics))
    keys = [(t, s) for t in sorted(topics) for s in STANCES]

    def rows() -> Iterator[tuple]:
        for name in sorted(people):
            sp = people[name]
            yield (name, _top(sp.roles), _top(sp.orgs), sp.quotes, len(sp.articles), len(sp.outlets),
                   sp.first, to_wib(sp.first), sp.last, to_wib(sp.last), *(sp.labels[k] for k in keys))

    return Table("speakers", cols, rows(), len(people), {"query": q})


def speaker_totals(bind: Session | Engine | Connection, q: ExportQuery,
                   top: int | None = None) -> list[tuple[str, int, dict[str, int]]]:
    """(speaker record, quotes, topic labels per stance) per speaker: the same counts as the speakers export's
    quotes and quotes_<topic>_<stance> columns, counted in the database (the speakers chart). top: only the
    `top` most quoted records (most first, then by name), whose labels alone are read."""
    conn = store.connect(bind)
    try:
        canon = records.speaker_map(conn)
        names = None
        if top is not None:
            quotes: Counter = Counter()
            printed: dict[str, list[str]] = defaultdict(list)
            for name, n in store.speaker_label_counts(conn, q, labels=False):
                quotes[canon.get(name, name)] += n
                printed[canon.get(name, name)].append(name)
            chosen = sorted(quotes, key=lambda k: (-quotes[k], k))[:top]
            names = sorted(n for k in chosen for n in printed[k])
        totals: dict[str, tuple[int, dict[str, int]]] = {}
        for name, n, *per in store.speaker_label_counts(conn, q, names=names):
            key = canon.get(name, name)
            had, by = totals.get(key, (0, dict.fromkeys(STANCES, 0)))
            totals[key] = (had + n, {s: by[s] + int(v or 0) for s, v in zip(STANCES, per)})
        out = [(name, n, by) for name, (n, by) in totals.items()]
        return sorted(out, key=lambda r: (-r[1], r[0])) if top is not None else out
    finally:
        if isinstance(bind, Engine):
            conn.close()


# ---------------------------------------------------------------- quotes

def _labels_text(labels: list[dict]) -> str:
    return "; ".join(f"{t['topic']}:{t['stance']}/{t['assessment']}" for t in labels)


def quotes(bind: Session | Engine | Connection, q: ExportQuery, chunk: int = 5000) -> Table:
    """Every quote with all attributes, streamed in time order."""
    conn = store.connect(bind)
    total = store.count_quotes(conn, q)
    canon = records.speaker_map(conn)

    def rows() -> Iterator[tuple]:
        stamp = _Stamps()
        for part in store.quote_blocks(conn, q, chunk):
            for qid, aid, ts, outlet, url, title, spk, role, org, kind, cue, body, start, end, labels, version in part:
                labels = json.loads(labels) if isinstance(labels, str) else (labels or [])
                ts, wib = stamp(ts)
                yield (qid, aid, ts, wib, outlet, url, title, spk, role, org, kind, cue, body, start, end,
                       _labels_text(labels), json.dumps(labels, ensure_ascii=False, sort_keys=True), version,
                       canon.get(spk, spk) if spk else None)

    return Table("quotes", dictionary.columns("quotes"), rows(), total, {"query": q})


# ---------------------------------------------------------------- figures

def figures(bind: Session | Engine | Connection, q: ExportQuery, grouper=None, chunk: int = 5000,
            group: str | None = None) -> Table:
    """Every claimed figure with its measure group, streamed in time order (with `group`: that measure
    group's figures only, case ignored, selected in SQL: a chart of one group must not read them all).

    The distinct (subject, unit) pairs are grouped in Python (few thousand);
    the mapping goes into a temporary table so the spread of each group is
    counted in SQL and the figures stream with their group joined on.
    """
    from monitor.export.measures import MeasureGrouper

    conn = store.connect(bind)
    pairs = store.figure_measures(conn, q)
    grouper = grouper or MeasureGrouper.default()
    groups = grouper.fit({(subject, unit): n for subject, unit, n in pairs})  # (subject, unit) -> group name
    total = sum(n for *_, n in pairs)
    if group is not None:
        wanted = {k: g for k, g in groups.items() if g.lower() == group.lower()}
        total = sum(n for subject, unit, n in pairs if (subject, unit) in wanted)
    store.set_measure_groups(conn, groups if group is None else wanted)
    stats = store.measure_group_stats(conn, q)

    def rows() -> Iterator[tuple]:
        previous: dict[tuple[str, str], float] = {}
        last_raw, ts, wib = object(), None, None  # rows come grouped by article: convert each date once
        for part in store.figure_blocks(conn, q, chunk):
            for fid, aid, raw, group, value, unit, unit_word, qualifier, body, subject, spk, outlet, url in part:
                if raw != last_raw:
                    last_raw, ts = raw, store.read_ts(raw)
                    wib = to_wib(ts)
                if group:
                    key = (group, unit)
                    n, nv, lo, hi = stats[key]
                    yield (fid, aid, ts, wib, group, value, unit, unit_word, qualifier, body, subject, spk, outlet,
                           url, previous.get(key), n, nv, lo, hi)
                    previous[key] = value
                else:
                    yield (fid, aid, ts, wib, group, value, unit, unit_word, qualifier, body, subject, spk, outlet,
                           url, None, None, None, None, None)

    return Table("figures", dictionary.columns("figures"), rows(), total, {"query": q, "groups": groups})


def _id_number(value: float) -> str:
    """61.9 → '61,9'; 4900000000000.0 → '4.900.000.000.000' (Indonesian separators, as the outlets print)."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def series(bind: Session | Engine | Connection, q: ExportQuery, grouper=None, keep: int = 50) -> Table:
    """One row per measure group: its claims in time order with their outlets (from the figures stream)."""
    table = figures(bind, q, grouper=grouper)
    names = [c.name for c in table.columns]
    at = {n: names.index(n) for n in ("measure_group", "unit", "value", "outlet", "date_wib")}
    groups: dict[tuple[str, str], dict] = {}
    for row in table.rows:
        group, unit, value, outlet, day = (row[at[k]] for k in ("measure_group", "unit", "value", "outlet", "date_wib"))
        if not group:
            continue
        g = groups.setdefault((group, unit), {"n": 0, "values": set(), "outlets": set(), "first": (value, day),
                                              "tail": []})
        g["n"] += 1
        g["values"].add(value)
        g["outlets"].add(outlet)
        g["last"] = (value, day)
        g["tail"].append(f"{_id_number(value)} ({outlet}, {day.isoformat()})")
        if len(g["tail"]) > keep:
            del g["tail"][0]

    def rows() -> Iterator[tuple]:
        for (group, unit), g in sorted(groups.items()):
            yield (group, unit, g["n"], len(g["values"]), len(g["outlets"]), min(g["values"]), max(g["values"]),
                   g["first"][0], g["last"][0], g["first"][1], g["last"][1], " → ".join(g["tail"]))

    return Table("series", dictionary.columns("series"), rows(), len(groups), {"query": q})


EXPORTS = {"mentions": mentions, "entities": entities, "speakers": speakers, "figures": figures, "quotes": quotes,
           "series": series}


def export_table(bind: Session | Engine | Connection, kind: str, q: ExportQuery, **kwargs) -> Table:
    if kind not in EXPORTS:
        raise ValueError(f"unknown export {kind!r}; use one of {', '.join(EXPORTS)}")
    return EXPORTS[kind](bind, q, **kwargs)
