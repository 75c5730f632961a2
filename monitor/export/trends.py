"""Aggregations behind `monitor export`: counts, stance and claims over time.

Counting happens in SQL (SQLite or PostgreSQL), so a million stored claims
never sit in Python memory; row tables (figures, quotes) stream in time
order. Periods are local (WIB) calendar days, ISO weeks or months, and the
grid of periods is filled with zero rows so charts and pivots have no gaps.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from monitor.export import dictionary
from monitor.export.dictionary import ASSESSMENTS, STANCES, Column

LOCAL_TZ = ZoneInfo("Asia/Jakarta")  # WIB: the news day of the outlets monitored
PERIODS = ("day", "week", "month")
TS = "COALESCE(a.published, a.fetched_at)"


@dataclass(frozen=True)
class ExportQuery:
    """What an analyst asked for; dates are WIB local dates, both inclusive."""

    since: date | None = None
    until: date | None = None
    by: str = "day"
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


EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
MAX_PERIODS = 40_000  # a century and more of days


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


def local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ).astimezone(timezone.utc)


def to_wib(ts: datetime) -> date:
    return ts.astimezone(LOCAL_TZ).date()


def _period_cols(start: date, by: str) -> tuple[date, date, datetime]:
    return start, next_period(start, by) - timedelta(days=1), local_midnight_utc(start)


# ---------------------------------------------------------------- SQL dialect bits

class _Sql:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, conn: Connection):
        self.sqlite = conn.dialect.name == "sqlite"

    def period(self, by: str, ts: str = TS) -> str:
        if by not in PERIODS:
            raise ValueError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
        if self.sqlite:
            minutes = int(datetime.now(LOCAL_TZ).utcoffset().total_seconds() // 60)
            shift = f"'{minutes:+d} minutes'"
            return {"day": f"date({ts}, {shift})",
                    "week": f"date({ts}, {shift}, '-6 days', 'weekday 1')",
                    "month": f"strftime('%Y-%m-01', {ts}, {shift})"}[by]
        return f"to_char(date_trunc('{by}', {ts} AT TIME ZONE '{LOCAL_TZ.key}'), 'YYYY-MM-DD')"

    def labels(self, quote: str, alias: str, outer: bool = False) -> tuple[str, str]:
        """(FROM-clause addition, field accessor format) unnesting quote.topics; outer keeps unlabelled quotes."""
        if self.sqlite:
            join = f" LEFT JOIN json_each({quote}.topics) {alias}" if outer else f", json_each({quote}.topics) {alias}"
            return join, f"json_extract({alias}.value, '$.{{}}')"
        fn = f"json_array_elements(CAST({quote}.topics AS json)) {alias}(value)"
        join = f" LEFT JOIN LATERAL {fn} ON true" if outer else f" CROSS JOIN LATERAL {fn}"
        return join, f"({alias}.value ->> '{{}}')"

    def bound(self, ts: datetime) -> Any:
        """A UTC instant as the store compares it (SQLite keeps naive UTC text)."""
        if self.sqlite:
            return ts.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        return ts

    def ts(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _connect(bind: Session | Engine | Connection) -> Connection:
    """Pass a Connection (or Session) to control its life; an Engine's connection lives as long as the table."""
    if isinstance(bind, Session):
        return bind.connection()
    if isinstance(bind, Engine):
        return bind.connect()
    return bind


def _art_cte(sql: _Sql, q: ExportQuery, params: dict) -> str:
    """CTEs `carriers` (article → every outlet carrying it) and `art` (the articles in scope)."""
    where = []
    if q.since is not None:
        where.append(f"{TS} >= :lo")
        params["lo"] = sql.bound(local_midnight_utc(q.since))
    if q.until is not None:
        where.append(f"{TS} < :hi")
        params["hi"] = sql.bound(local_midnight_utc(q.until + timedelta(days=1)))
    if q.outlet:
        params["outlet"] = q.outlet.lower()
        where.append("a.id IN (SELECT c.article_id FROM carriers c JOIN source s ON s.id = c.source_id "
                     "WHERE lower(s.id) = :outlet OR lower(s.name) = :outlet)")
    if q.topic:
        params["topic"] = q.topic
        join, field_ = sql.labels("q2", "j2")
        where.append("(EXISTS (SELECT 1 FROM article_stance s2 WHERE s2.article_id = a.id AND s2.topic = :topic)"
                     f" OR EXISTS (SELECT 1 FROM quote q2{join} WHERE q2.article_id = a.id"
                     f" AND {field_.format('topic')} = :topic))")
    return ("carriers AS (SELECT a.id AS article_id, a.source_id FROM article a UNION "
            "SELECT e.article_id, e.source_id FROM feed_entry e WHERE e.article_id IS NOT NULL), "
            f"art AS (SELECT a.id AS article_id, a.source_id, a.url, a.title, {TS} AS ts, "
            f"{sql.period(q.by)} AS period FROM article a"
            + (" WHERE " + " AND ".join(where) if where else "") + ")")


def _resolve_range(conn: Connection, sql: _Sql, q: ExportQuery) -> ExportQuery:
    """Fill a missing --since/--until from the stored articles' dates."""
    if q.since is not None and q.until is not None:
        return q
    lo, hi = conn.execute(text(f"SELECT MIN({TS}), MAX({TS}) FROM article a")).one()
    if lo is None:
        return q
    since = q.since or to_wib(sql.ts(lo))
    until = q.until or max(to_wib(sql.ts(hi)), since)
    return ExportQuery(since=since, until=until, by=q.by, topic=q.topic, outlet=q.outlet)


class _Stamps:
    """Stored timestamp → (UTC datetime, WIB date), remembering the last one: rows come grouped by article."""

    def __init__(self, sql: _Sql):
        self.sql, self.raw, self.value = sql, object(), (None, None)

    def __call__(self, raw):
        if raw != self.raw:
            ts = self.sql.ts(raw)
            self.raw, self.value = raw, (ts, to_wib(ts))
        return self.value


def _stream(conn: Connection, sql: _Sql, stmt: str, params: dict, chunk: int) -> Iterator[list[tuple]]:
    """Blocks of plain tuples. SQLite: the DB-API cursor on the same connection (Row objects cost a third of the
    export time); PostgreSQL: a server-side cursor, so memory stays bounded."""
    if sql.sqlite:
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cursor.execute(stmt, params)
            while block := cursor.fetchmany(chunk):
                yield block
        finally:
            cursor.close()
    else:
        yield from conn.execution_options(stream_results=True).execute(text(stmt), params).partitions(chunk)


def _order(value: str, known: tuple[str, ...]) -> tuple[int, str]:
    return (known.index(value) if value in known else len(known), value)


# ---------------------------------------------------------------- mentions

def mentions(bind: Session | Engine | Connection, q: ExportQuery) -> Table:
    """Per period × topic × stance × assessment: articles, quotes, outlets, speakers (zero-filled)."""
    conn = _connect(bind)
    sql = _Sql(conn)
    q = _resolve_range(conn, sql, q)
    params: dict = {}
    join, f = sql.labels("q", "j")
    topic_filter = "WHERE l.topic = :topic" if q.topic else ""
    stmt = (
        f"WITH {_art_cte(sql, q, params)}, "
        "labels AS ("
        " SELECT art.period, s.topic, s.stance, s.assessment, art.article_id, NULL AS quote_id, NULL AS speaker"
        " FROM article_stance s JOIN art ON art.article_id = s.article_id"
        " UNION ALL"
        f" SELECT art.period, {f.format('topic')}, {f.format('stance')}, {f.format('assessment')},"
        " art.article_id, q.id, q.speaker"
        f" FROM art JOIN quote q ON q.article_id = art.article_id{join}), "
        "art_carriers AS (SELECT c.article_id, c.source_id FROM carriers c JOIN art ON art.article_id = c.article_id) "
        "SELECT l.period, l.topic, l.stance, l.assessment,"
        " COUNT(DISTINCT CASE WHEN l.quote_id IS NULL THEN l.article_id END),"
        " COUNT(DISTINCT l.quote_id),"
        " COUNT(DISTINCT CASE WHEN l.quote_id IS NULL THEN ac.source_id END),"
        " COUNT(DISTINCT l.speaker)"
        " FROM labels l LEFT JOIN art_carriers ac ON ac.article_id = l.article_id AND l.quote_id IS NULL"
        f" {topic_filter} GROUP BY l.period, l.topic, l.stance, l.assessment")
    counts = {(date.fromisoformat(p), t, s, a): tuple(n)
              for p, t, s, a, *n in conn.execute(text(stmt), params) if t}
    topics = {q.topic} if q.topic else {k[1] for k in counts} | set(
        conn.execute(text("SELECT DISTINCT topic FROM article_stance")).scalars())
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
    """Per period × entity: mentions, articles, and quotes as speaker by stance (zero-filled)."""
    conn = _connect(bind)
    sql = _Sql(conn)
    q = _resolve_range(conn, sql, q)
    params: dict = {}
    cte = _art_cte(sql, q, params)
    length = "json_array_length(e.mentions)" if sql.sqlite else "json_array_length(CAST(e.mentions AS json))"
    ent = conn.execute(text(
        f"WITH {cte} SELECT art.period, COALESCE(e.alias_of, e.text) AS name, e.label,"
        f" SUM({length}), COUNT(DISTINCT e.article_id)"
        " FROM entity e JOIN art ON art.article_id = e.article_id GROUP BY 1, 2, 3"), params).all()
    join, f = sql.labels("q", "j", outer=True)
    spk = conn.execute(text(
        f"WITH {cte} SELECT art.period, q.speaker, COUNT(DISTINCT q.id),"
        + ", ".join(f" COUNT(DISTINCT CASE WHEN {f.format('stance')} = '{s}' THEN q.id END)" for s in STANCES)
        + f" FROM art JOIN quote q ON q.article_id = art.article_id{join}"
        " WHERE q.speaker IS NOT NULL GROUP BY 1, 2"), params).all()
    speaker = {(date.fromisoformat(p), name): tuple(n) for p, name, *n in spk}
    counts = {(date.fromisoformat(p), name, label): (int(m or 0), n) for p, name, label, m, n in ent}
    names = sorted({(name, label) for _, name, label in counts})
    grid = periods(q.since, q.until, q.by) if q.since else []

    def rows() -> Iterator[tuple]:
        for p in grid:
            for name, label in names:
                m, n = counts.get((p, name, label), (0, 0))
                yield (*_period_cols(p, q.by), name, label, m, n, *speaker.get((p, name), (0, 0, 0, 0)))

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
    conn = _connect(bind)
    sql = _Sql(conn)
    params: dict = {}
    result = conn.execute(text(
        f"WITH {_art_cte(sql, q, params)} SELECT q.speaker, q.speaker_role, q.speaker_org, q.topics,"
        " art.article_id, art.source_id, art.ts FROM art JOIN quote q ON q.article_id = art.article_id"
        " WHERE q.speaker IS NOT NULL"), params)
    people: dict[str, _Speaker] = defaultdict(_Speaker)
    topics: set[str] = set()
    for name, role, org, labels, article_id, source_id, ts in result:
        sp = people[name]
        if role:
            sp.roles[role] += 1
        if org:
            sp.orgs[org] += 1
        sp.quotes += 1
        sp.articles.add(article_id)
        sp.outlets.add(source_id)
        ts = sql.ts(ts)
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


# ---------------------------------------------------------------- quotes

def _labels_text(labels: list[dict]) -> str:
    return "; ".join(f"{t['topic']}:{t['stance']}/{t['assessment']}" for t in labels)


def quotes(bind: Session | Engine | Connection, q: ExportQuery, chunk: int = 5000) -> Table:
    """Every quote with all attributes, streamed in time order."""
    conn = _connect(bind)
    sql = _Sql(conn)
    params: dict = {}
    cte = _art_cte(sql, q, params)
    total = conn.execute(text(f"WITH {cte} SELECT COUNT(*) FROM art JOIN quote q ON q.article_id = art.article_id"),
                         params).scalar_one()

    def rows() -> Iterator[tuple]:
        stmt = (f"WITH {cte} SELECT q.id, q.article_id, art.ts, s.name, art.url, art.title, q.speaker,"
                " q.speaker_role, q.speaker_org, q.kind, q.cue, q.text, q.start, q.\"end\", q.topics, q.model_version"
                " FROM art JOIN quote q ON q.article_id = art.article_id JOIN source s ON s.id = art.source_id"
                " ORDER BY art.ts, q.id")
        stamp = _Stamps(sql)
        for part in _stream(conn, sql, stmt, params, chunk):
            for qid, aid, ts, outlet, url, title, spk, role, org, kind, cue, body, start, end, labels, version in part:
                labels = json.loads(labels) if isinstance(labels, str) else (labels or [])
                ts, wib = stamp(ts)
                yield (qid, aid, ts, wib, outlet, url, title, spk, role, org, kind, cue, body, start, end,
                       _labels_text(labels), json.dumps(labels, ensure_ascii=False, sort_keys=True), version)

    return Table("quotes", dictionary.columns("quotes"), rows(), total, {"query": q})


# ---------------------------------------------------------------- figures

def figures(bind: Session | Engine | Connection, q: ExportQuery, grouper=None, chunk: int = 5000) -> Table:
    """Every claimed figure with its measure group, streamed in time order.

    The distinct (subject, unit) pairs are grouped in Python (few thousand);
    the mapping goes into a temporary table so the spread of each group is
    counted in SQL and the figures stream with their group joined on.
    """
    from monitor.export.measures import MeasureGrouper

    conn = _connect(bind)
    sql = _Sql(conn)
    params: dict = {}
    cte = _art_cte(sql, q, params)
    # without filters every figure is in scope: skip the join for the two counting passes
    scope = (f"WITH {cte} SELECT {{}} FROM art JOIN figure f ON f.article_id = art.article_id" if params
             else "SELECT {} FROM figure f")
    pairs = conn.execute(text(scope.format("COALESCE(f.subject, ''), f.unit, COUNT(*)")
                              + " GROUP BY COALESCE(f.subject, ''), f.unit"), params).all()
    grouper = grouper or MeasureGrouper.default()
    groups = grouper.fit({(subject, unit): n for subject, unit, n in pairs})  # (subject, unit) -> group name
    total = sum(n for *_, n in pairs)
    conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS export_measure_group "
                         "(subject TEXT NOT NULL, unit TEXT NOT NULL, grp TEXT NOT NULL)")
    conn.exec_driver_sql("DELETE FROM export_measure_group")
    if groups:
        conn.execute(text("INSERT INTO export_measure_group (subject, unit, grp) VALUES (:s, :u, :g)"),
                     [{"s": s_, "u": u, "g": g} for (s_, u), g in groups.items()])
    join = ("JOIN export_measure_group g ON g.subject = COALESCE(f.subject, '') AND g.unit = f.unit")
    stats = {(grp, unit): (n, nv, lo, hi) for grp, unit, n, nv, lo, hi in conn.execute(text(
        scope.format("g.grp, f.unit, COUNT(*), COUNT(DISTINCT f.value), MIN(f.value), MAX(f.value)")
        + f" {join} WHERE g.grp <> '' GROUP BY g.grp, f.unit"), params)}

    def rows() -> Iterator[tuple]:
        previous: dict[tuple[str, str], float] = {}
        stmt = (f"WITH {cte} SELECT f.id, f.article_id, art.ts, g.grp, f.value, f.unit, f.unit_word, f.qualifier,"
                f" f.text, f.subject, f.speaker, s.name, art.url FROM art JOIN figure f ON f.article_id = art.article_id"
                f" {join} JOIN source s ON s.id = art.source_id ORDER BY art.ts, f.id")
        last_raw, ts, wib = object(), None, None  # rows come grouped by article: convert each date once
        for part in _stream(conn, sql, stmt, params, chunk):
            for fid, aid, raw, group, value, unit, unit_word, qualifier, body, subject, spk, outlet, url in part:
                if raw != last_raw:
                    last_raw, ts = raw, sql.ts(raw)
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
