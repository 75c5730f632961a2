"""The SQL behind trend exports: counts per period, topic, stance, entity and measure, and time-ordered
streams of quotes and figures. Counting happens in the database (SQLite or PostgreSQL), so a million
stored claims never sit in Python memory. monitor.export.trends fills the period grid and shapes rows.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterator, Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from monitor.store.speakers import speaker_map
from monitor.types import PERIODS, STANCES, ExportQuery

LOCAL_TZ = ZoneInfo("Asia/Jakarta")  # WIB: the news day of the outlets monitored
TS = "COALESCE(a.published, a.fetched_at)"


def local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ).astimezone(timezone.utc)


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


def read_ts(value: Any) -> datetime | None:
    """A stored timestamp (SQLite text or a driver datetime) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def connect(bind: Session | Engine | Connection) -> Connection:
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
    if q.outlet:  # the outlet's own articles, and those a feed entry of it links to (the carriers, by index)
        params["outlet"] = q.outlet.lower()
        outlet = "(SELECT s.id FROM source s WHERE lower(s.id) = :outlet OR lower(s.name) = :outlet)"
        where.append(f"(a.source_id IN {outlet} OR a.id IN (SELECT e.article_id FROM feed_entry e "
                     f"WHERE e.source_id IN {outlet} AND e.article_id IS NOT NULL))")
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


def stored_range(conn: Connection) -> tuple[datetime | None, datetime | None]:
    """The first and last article date (published, else fetched), UTC."""
    lo, hi = conn.execute(text(f"SELECT MIN({TS}), MAX({TS}) FROM article a")).one()
    return read_ts(lo), read_ts(hi)


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


# ---------------------------------------------------------------- counts

def set_speaker_records(conn: Connection) -> None:
    """Printed speaker name → its record's canonical name (where they differ), in a temporary table of this
    connection so counts of distinct speakers join on it (monitor.store.speakers decides)."""
    conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS export_speaker "
                         "(name TEXT PRIMARY KEY, canonical TEXT NOT NULL)")
    conn.exec_driver_sql("DELETE FROM export_speaker")
    rows = [{"n": n, "c": c} for n, c in speaker_map(conn).items() if n != c]
    if rows:
        conn.execute(text("INSERT INTO export_speaker (name, canonical) VALUES (:n, :c)"), rows)


def mention_counts(conn: Connection, q: ExportQuery,
                   articles_only: bool = False) -> dict[tuple[date, str, str, str], tuple[int, ...]]:
    """(period start, topic, stance, assessment) → (articles, quotes, outlets, speakers by record).

    articles_only: the other three are 0 (the charts draw articles): counting from the article labels
    alone skips every quote's labels, 5-8x faster on a million claims."""
    sql = _Sql(conn)
    params: dict = {}
    if articles_only:
        stmt = (f"WITH {_art_cte(sql, q, params)} SELECT art.period, s.topic, s.stance, s.assessment, "
                "COUNT(DISTINCT art.article_id) FROM article_stance s JOIN art ON art.article_id = s.article_id"
                + (" WHERE s.topic = :topic" if q.topic else "") + " GROUP BY 1, 2, 3, 4")
        return {(date.fromisoformat(str(p)), t, s, a): (n, 0, 0, 0)
                for p, t, s, a, n in conn.execute(text(stmt), params) if t}
    set_speaker_records(conn)
    join, f = sql.labels("q", "j")
    topic_filter = "WHERE l.topic = :topic" if q.topic else ""
    stmt = (
        f"WITH {_art_cte(sql, q, params)}, "
        "labels AS ("
        " SELECT art.period, s.topic, s.stance, s.assessment, art.article_id, NULL AS quote_id, NULL AS speaker"
        " FROM article_stance s JOIN art ON art.article_id = s.article_id"
        " UNION ALL"
        f" SELECT art.period, {f.format('topic')}, {f.format('stance')}, {f.format('assessment')},"
        " art.article_id, q.id, COALESCE(sp.canonical, q.speaker)"
        f" FROM art JOIN quote q ON q.article_id = art.article_id{join}"
        " LEFT JOIN export_speaker sp ON sp.name = q.speaker), "
        "art_carriers AS (SELECT c.article_id, c.source_id FROM carriers c JOIN art ON art.article_id = c.article_id) "
        "SELECT l.period, l.topic, l.stance, l.assessment,"
        " COUNT(DISTINCT CASE WHEN l.quote_id IS NULL THEN l.article_id END),"
        " COUNT(DISTINCT l.quote_id),"
        " COUNT(DISTINCT CASE WHEN l.quote_id IS NULL THEN ac.source_id END),"
        " COUNT(DISTINCT l.speaker)"
        " FROM labels l LEFT JOIN art_carriers ac ON ac.article_id = l.article_id AND l.quote_id IS NULL"
        f" {topic_filter} GROUP BY l.period, l.topic, l.stance, l.assessment")
    return {(date.fromisoformat(p), t, s, a): tuple(n) for p, t, s, a, *n in conn.execute(text(stmt), params) if t}


def stance_topics(conn: Connection) -> set[str]:
    """Every topic with an article-level stance row."""
    return set(conn.execute(text("SELECT DISTINCT topic FROM article_stance")).scalars())


def entity_counts(conn: Connection, q: ExportQuery) -> tuple[dict[tuple[date, str, str], tuple[int, int]],
                                                             dict[tuple[date, str], tuple[int, ...]]]:
    """((period, name, label) → (mentions, articles), (period, speaker) → (quotes, quotes per stance…)); quotes
    count under their speaker record's canonical name (a short or merged printed name with its speaker)."""
    set_speaker_records(conn)
    sql = _Sql(conn)
    params: dict = {}
    cte = _art_cte(sql, q, params)
    length = "json_array_length(e.mentions)" if sql.sqlite else "json_array_length(CAST(e.mentions AS json))"
    ent = conn.execute(text(
        f"WITH {cte} SELECT art.period, COALESCE(e.alias_of, e.text) AS name, e.label,"
        f" SUM({length}), COUNT(DISTINCT e.article_id)"
        " FROM entity e JOIN art ON art.article_id = e.article_id GROUP BY 1, 2, 3"), params).all()
    join, f = sql.labels("q", "j", outer=True)
    spk = conn.execute(text(
        f"WITH {cte} SELECT art.period, COALESCE(sp.canonical, q.speaker), COUNT(DISTINCT q.id),"
        + ", ".join(f" COUNT(DISTINCT CASE WHEN {f.format('stance')} = '{s}' THEN q.id END)" for s in STANCES)
        + f" FROM art JOIN quote q ON q.article_id = art.article_id{join}"
        " LEFT JOIN export_speaker sp ON sp.name = q.speaker"
        " WHERE q.speaker IS NOT NULL GROUP BY 1, 2"), params).all()
    counts = {(date.fromisoformat(p), name, label): (int(m or 0), n) for p, name, label, m, n in ent}
    speaker = {(date.fromisoformat(p), name): tuple(n) for p, name, *n in spk}
    return counts, speaker


def speaker_quotes(conn: Connection, q: ExportQuery) -> Iterator[tuple]:
    """(speaker, role, organisation, topic labels, article id, source id, raw timestamp) of every attributed quote."""
    sql = _Sql(conn)
    params: dict = {}
    return iter(conn.execute(text(
        f"WITH {_art_cte(sql, q, params)} SELECT q.speaker, q.speaker_role, q.speaker_org, q.topics,"
        " art.article_id, art.source_id, art.ts FROM art JOIN quote q ON q.article_id = art.article_id"
        " WHERE q.speaker IS NOT NULL"), params))


def speaker_label_counts(conn: Connection, q: ExportQuery, names: list[str] | None = None,
                         labels: bool = True) -> list[tuple]:
    """(printed speaker, quotes, topic labels per stance in STANCES order) over the attributed quotes in scope,
    counted in SQL (with q.topic only that topic's labels): the speakers chart's data, which the speakers
    export gathers quote by quote (a second per 60,000 quotes). names: only these printed speakers;
    labels=False: (speaker, quotes) only, without reading any quote's labels (a third of the time)."""
    sql = _Sql(conn)
    params: dict = {}
    cte = _art_cte(sql, q, params)
    only = ""
    if names is not None:
        if not names:
            return []
        params |= {f"sp{i}": n for i, n in enumerate(names)}
        only = f" AND q.speaker IN ({', '.join(f':sp{i}' for i in range(len(names)))})"
    # CROSS JOIN keeps SQLite on the articles in scope first (else it walks every quote in speaker order
    # and looks up each one's article: 0.6 s against 0.1 s for 90 days of a million claims)
    where = f" WHERE q.article_id = art.article_id AND q.speaker IS NOT NULL{only} GROUP BY q.speaker"
    if not labels:
        return [tuple(r) for r in conn.execute(text(
            f"WITH {cte} SELECT q.speaker, COUNT(*) FROM art CROSS JOIN quote q{where}"), params)]
    join, f = sql.labels("q", "j", outer=True)
    topic = ""
    if q.topic:
        params["topic"] = q.topic
        topic = f" AND {f.format('topic')} = :topic"
    per = ", ".join(f"SUM(CASE WHEN {f.format('stance')} = '{s}'{topic} THEN 1 ELSE 0 END)" for s in STANCES)
    return [tuple(r) for r in conn.execute(text(
        f"WITH {cte} SELECT q.speaker, COUNT(DISTINCT q.id), {per} FROM art CROSS JOIN quote q{join}{where}"), params)]


# ---------------------------------------------------------------- streams

def count_quotes(conn: Connection, q: ExportQuery) -> int:
    sql = _Sql(conn)
    params: dict = {}
    return conn.execute(text(f"WITH {_art_cte(sql, q, params)} SELECT COUNT(*) FROM art JOIN quote q "
                             "ON q.article_id = art.article_id"), params).scalar_one()


def quote_blocks(conn: Connection, q: ExportQuery, chunk: int) -> Iterator[list[tuple]]:
    """Blocks of (id, article id, raw timestamp, outlet, url, title, speaker, role, organisation, kind, cue, text,
    start, end, topic labels, model version), in time order; read_ts converts the timestamps."""
    sql = _Sql(conn)
    params: dict = {}
    stmt = (f"WITH {_art_cte(sql, q, params)} SELECT q.id, q.article_id, art.ts, s.name, art.url, art.title, q.speaker,"
            " q.speaker_role, q.speaker_org, q.kind, q.cue, q.text, q.start, q.\"end\", q.topics, q.model_version"
            " FROM art JOIN quote q ON q.article_id = art.article_id JOIN source s ON s.id = art.source_id"
            " ORDER BY art.ts, q.id")
    return _stream(conn, sql, stmt, params, chunk)


_GROUP_JOIN = "JOIN export_measure_group g ON g.subject = COALESCE(f.subject, '') AND g.unit = f.unit"


def _figure_scope(sql: _Sql, q: ExportQuery, params: dict) -> str:
    # without filters every figure is in scope: skip the join for the counting passes
    cte = _art_cte(sql, q, params)
    return (f"WITH {cte} SELECT {{}} FROM art JOIN figure f ON f.article_id = art.article_id" if params
            else "SELECT {} FROM figure f")


def figure_measures(conn: Connection, q: ExportQuery, top: int | None = None) -> list[tuple[str, str, int]]:
    """(subject or '', unit, figures) of every distinct measure in scope; with `top`, only the `top` most
    claimed (ties by subject, unit), chosen in SQL: a million claims can hold ~250,000 distinct subjects."""
    params: dict = {}
    scope = _figure_scope(_Sql(conn), q, params)
    order = ""
    if top is not None:
        order, params["top"] = " ORDER BY 3 DESC, 1, 2 LIMIT :top", top
    return [tuple(r) for r in conn.execute(text(scope.format("COALESCE(f.subject, ''), f.unit, COUNT(*)")
                                                + " GROUP BY COALESCE(f.subject, ''), f.unit" + order), params).all()]


def set_measure_groups(conn: Connection, groups: Mapping[tuple[str, str], str]) -> None:
    """(subject, unit) → group name, in a temporary table of this connection so SQL can join on it."""
    conn.exec_driver_sql("CREATE TEMPORARY TABLE IF NOT EXISTS export_measure_group "
                         "(subject TEXT NOT NULL, unit TEXT NOT NULL, grp TEXT NOT NULL)")
    conn.exec_driver_sql("DELETE FROM export_measure_group")
    if groups:
        conn.execute(text("INSERT INTO export_measure_group (subject, unit, grp) VALUES (:s, :u, :g)"),
                     [{"s": s_, "u": u, "g": g} for (s_, u), g in groups.items()])


def measure_group_stats(conn: Connection, q: ExportQuery) -> dict[tuple[str, str], tuple]:
    """(group, unit) → (figures, distinct values, lowest, highest), after set_measure_groups."""
    params: dict = {}
    scope = _figure_scope(_Sql(conn), q, params)
    return {(grp, unit): (n, nv, lo, hi) for grp, unit, n, nv, lo, hi in conn.execute(text(
        scope.format("g.grp, f.unit, COUNT(*), COUNT(DISTINCT f.value), MIN(f.value), MAX(f.value)")
        + f" {_GROUP_JOIN} WHERE g.grp <> '' GROUP BY g.grp, f.unit"), params)}


def figure_blocks(conn: Connection, q: ExportQuery, chunk: int) -> Iterator[list[tuple]]:
    """Blocks of (id, article id, raw timestamp, group, value, unit, unit word, qualifier, text, subject, speaker,
    outlet, url), in time order, after set_measure_groups."""
    sql = _Sql(conn)
    params: dict = {}
    stmt = (f"WITH {_art_cte(sql, q, params)} SELECT f.id, f.article_id, art.ts, g.grp, f.value, f.unit, f.unit_word,"
            f" f.qualifier, f.text, f.subject, f.speaker, s.name, art.url FROM art JOIN figure f ON f.article_id = art.article_id"
            f" {_GROUP_JOIN} JOIN source s ON s.id = art.source_id ORDER BY art.ts, f.id")
    return _stream(conn, sql, stmt, params, chunk)


