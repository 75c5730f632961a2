"""Reads behind the analyst's pages: one article with the outlets that carried it, everything one speaker
or organisation said, measure groups with their sources, and the top speakers of a period.

A speaker page is one speaker record (monitor.store.speakers: canonical name, aliases, merges and splits
applied), addressed by `speaker_key` of its canonical name; organisations still group by `speaker_key`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from monitor.store import speakers as records
from monitor.store.stamp import change_stamp
from monitor.store.trends import TS, _Sql, read_ts
from monitor.text import fold, words

QUOTE_LIMIT = 100  # quotes per page of a speaker or organisation (newest first; pages go further back)
# topic labels are JSON: counting them is ~1.5 µs a quote, so above this many quotes the page counts those of the
# newest TOPIC_WINDOW only (and says so) — an organisation of ~100k quotes would otherwise cost ~150 ms a view
TOPIC_WINDOW = 5000


def speaker_key(name: str | None) -> str:
    """The grouping key of a person's or organisation's name: folded words joined by '-' (a URL segment)."""
    return "-".join(words(fold(name or "")))


@dataclass
class Carrier:
    outlet: str
    url: str
    how: str  # original, url, content or near: how the copy was linked to this article


@dataclass
class ArticleView:
    id: int
    title: str
    url: str
    outlet: str
    published: datetime | None
    author: str | None
    text: str
    carriers: list[Carrier]
    entities: list[dict]
    quotes: list[dict]
    figures: list[dict]
    stance: list[dict]


_ARTICLE = text("SELECT a.id, a.title, a.url, COALESCE(s.name, a.source_id), COALESCE(a.published, a.fetched_at), "
                "a.author, a.text FROM article a LEFT JOIN source s ON s.id = a.source_id WHERE a.id = :id")
_CARRIERS = text("SELECT COALESCE(s.name, e.source_id), COALESCE(e.url, e.canonical_url, ''), e.duplicate "
                 "FROM feed_entry e LEFT JOIN source s ON s.id = e.source_id "
                 "WHERE e.article_id = :id AND e.duplicate IS NOT NULL ORDER BY e.first_seen, e.id")


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else (value or [])


def article_view(engine: Engine, article_id: int) -> ArticleView | None:
    """One article with its claims and every outlet whose feed carried it; None if absent (5 indexed reads)."""
    with engine.connect() as conn:
        row = conn.execute(_ARTICLE, {"id": article_id}).first()
        if row is None:
            return None
        carriers = [Carrier(row[3], row[2], "original")]
        seen = {(row[3], row[2])}
        for outlet, url, how in conn.execute(_CARRIERS, {"id": article_id}):
            if (outlet, url) not in seen:
                seen.add((outlet, url))
                carriers.append(Carrier(outlet, url, how))
        p = {"id": article_id}
        entities = [{"text": t, "label": lb, "mentions": _json(m), "alias_of": al, "role": ro} for t, lb, m, al, ro in
                    conn.execute(text("SELECT text, label, mentions, alias_of, role FROM entity WHERE article_id = :id "
                                      "ORDER BY id"), p)]
        # a link only where a speaker or organisation page has quotes to show (two cached lookups per page)
        pages = {"speakers": _speaker_index(conn) if any(e["label"] in ("PER", "PERSON") for e in entities) else {},
                 "orgs": _org_index(conn) if any(e["label"] == "ORG" for e in entities) else {}}
        for e in entities:
            kind = {"PER": "speakers", "PERSON": "speakers", "ORG": "orgs"}.get(e["label"])
            key = speaker_key(e["alias_of"] or e["text"]) if kind else ""
            e["page"] = f"/{kind}/{key}" if key and key in pages[kind] else None
        quotes = [{"id": i, "text": t, "start": s, "end": e, "speaker": sp, "speaker_role": r, "speaker_org": o,
                   "cue": c, "topics": _json(tp)} for i, t, s, e, sp, r, o, c, tp in
                  conn.execute(text('SELECT id, text, start, "end", speaker, speaker_role, speaker_org, cue, topics '
                                    "FROM quote WHERE article_id = :id ORDER BY start, id"), p)]
        figures = [{"id": i, "text": t, "value": v, "unit": u, "unit_word": uw, "start": s, "end": e, "qualifier": q,
                    "subject": sb, "speaker": sp, "change_group": cg, "range_group": rg} for
                   i, t, v, u, uw, s, e, q, sb, sp, cg, rg in
                   conn.execute(text('SELECT id, text, value, unit, unit_word, start, "end", qualifier, subject, speaker, '
                                     "change_group, range_group FROM figure WHERE article_id = :id ORDER BY start, id"), p)]
        stance = [{"topic": t, "score": sc, "stance": st, "assessment": a, "evidence": _json(ev)} for t, sc, st, a, ev in
                  conn.execute(text("SELECT topic, score, stance, assessment, evidence FROM article_stance "
                                    "WHERE article_id = :id ORDER BY score DESC"), p)]
    return ArticleView(row[0], row[1] or "", row[2], row[3], read_ts(row[4]), row[5], row[6], carriers, entities,
                       quotes, figures, stance)


# ------------------------------------------------------------------ speakers and organisations

_NAMES: dict[str, tuple[int | None, dict[str, list[str]]]] = {}
_BY_KEY: dict[int, tuple[dict[str, str], dict[str, set[str]]]] = {}  # speaker map → speaker_key → canonical names


def speaker_names(conn: Connection, key: str, column: str = "speaker") -> list[str]:
    """Every stored spelling of the speaker (column speaker: every printed name of the speaker records that
    a name with this speaker_key belongs to) or organisation (column speaker_org: the spellings whose
    speaker_key is `key`). Maps are kept per process and rebuilt when quotes change (their newest id)."""
    if column not in ("speaker", "speaker_org"):
        raise ValueError(column)
    if column == "speaker":
        heads = _speaker_index(conn).get(key, set())
        return records.members(conn, heads)
    return list(_org_index(conn).get(key, ()))


def _speaker_index(conn: Connection) -> dict[str, set[str]]:
    """speaker_key → canonical names of the speaker records (kept while the records' map is the same)."""
    canon = records.speaker_map(conn)
    by_key = _BY_KEY.get(id(canon))
    if by_key is None or by_key[0] is not canon:  # the records' map was rebuilt: index it by key once
        index: dict[str, set[str]] = {}
        for n, c in canon.items():
            index.setdefault(speaker_key(n), set()).add(c)
        _BY_KEY.clear()
        by_key = _BY_KEY[id(canon)] = (canon, index)
    return by_key[1]


def _org_index(conn: Connection) -> dict[str, list[str]]:
    """speaker_key → printed spellings of the organisations quotes name (kept until quotes change)."""
    stamp = conn.execute(text("SELECT MAX(id) FROM quote")).scalar()  # O(1); re-analysis re-inserts, raising it
    cache_key = str(conn.engine.url)
    cached = _NAMES.get(cache_key)
    if cached is None or cached[0] != stamp:
        names: dict[str, list[str]] = {}
        for n in conn.execute(text("SELECT DISTINCT speaker_org FROM quote WHERE speaker_org IS NOT NULL")).scalars():
            names.setdefault(speaker_key(n), []).append(n)
        cached = _NAMES[cache_key] = (stamp, {k: sorted(v) for k, v in names.items()})
    return cached[1]


@dataclass
class QuoteLine:
    id: int
    text: str
    speaker: str
    role: str | None
    org: str | None
    topics: list[dict]
    article_id: int
    title: str
    outlet: str
    when: datetime


@dataclass
class Profile:
    """Everything one speaker (or the speakers of one organisation) said, newest first."""

    key: str
    names: list[str]
    name: str | None = None  # the speaker record's canonical name (column speaker)
    quotes: list[QuoteLine] = field(default_factory=list)
    total: int = 0
    roles: Counter = field(default_factory=Counter)
    orgs: Counter = field(default_factory=Counter)
    speakers: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)  # (topic, stance) → quotes
    topics_of: int = 0  # how many of the newest quotes `topics` counts (== total unless above TOPIC_WINDOW)


@lru_cache(maxsize=512)
def _counts(engine: Engine, stamp: tuple, names: tuple[str, ...], column: str, window: int) -> tuple:
    """(total, topics_of, speakers, roles, orgs, topics) of these printed names' quotes; kept per process until
    the store changes (`stamp`, part of the key): an organisation of ~100,000 quotes costs ~100 ms to count."""
    total, speakers, roles, orgs, topics = 0, Counter(), Counter(), Counter(), Counter()
    params = {f"n{i}": n for i, n in enumerate(names)}
    where = f"q.{column} IN ({', '.join(':' + k for k in params)})"
    with engine.connect() as conn:
        for sp, role, org, n in conn.execute(text(
                f"SELECT q.speaker, q.speaker_role, q.speaker_org, COUNT(*) FROM quote q WHERE {where} "
                "GROUP BY q.speaker, q.speaker_role, q.speaker_org"), params):
            total += n
            speakers[sp] += n
            if role:
                roles[role] += n
            if org:
                orgs[org] += n
        join, f = _Sql(conn).labels("q", "j")
        if total > window:  # the newest stored quotes only (id order, from the covering index)
            topics_of = window
            scope = f"(SELECT q.topics FROM quote q WHERE {where} ORDER BY q.id DESC LIMIT {window}) q"
        else:
            topics_of = total
            scope = f"quote q{join} WHERE {where}"
            join = ""
        for topic, stance, n in conn.execute(text(  # counted in SQL: decoding 5,000 labels in Python took ~40 ms
                f"SELECT {f.format('topic')}, {f.format('stance')}, COUNT(*) FROM {scope}{join} GROUP BY 1, 2"), params):
            topics[(topic, stance)] += n
    return total, topics_of, speakers, roles, orgs, topics


def profile(engine: Engine, key: str, column: str = "speaker", limit: int = QUOTE_LIMIT, offset: int = 0) -> Profile:
    """The speaker's (column='speaker') or organisation's (column='speaker_org') quotes and who/what they were."""
    with engine.connect() as conn:
        names = speaker_names(conn, key, column)
        out = Profile(key, names)
        if not names:
            return out
        if column == "speaker":
            canon = records.speaker_map(conn)
            heads = Counter(canon.get(n, n) for n in names)
            out.name = min(heads, key=lambda c: (-heads[c], c))
        params = {f"n{i}": n for i, n in enumerate(names)}
        where = f"q.{column} IN ({', '.join(':' + k for k in params)})"
        counts = _counts(engine, change_stamp(conn), tuple(names), column, TOPIC_WINDOW)
        out.total, out.topics_of = counts[0], counts[1]
        for target, source in zip((out.speakers, out.roles, out.orgs, out.topics), counts[2:]):
            target.update(source)
        # newest first: ids and times from the covering index and the article key, then the rows shown
        if out.total > 4 * (limit + offset):
            # many quotes: walk articles newest first on the published index and stop after `limit` of theirs
            # (CROSS JOIN keeps SQLite's join order; ix_quote_article_speaker answers each article) instead of
            # sorting them all; articles without a published date (rare) come after the dated ones
            newest = conn.execute(text(
                f"SELECT q.id, a.published FROM article a CROSS JOIN quote q WHERE q.article_id = a.id AND {where} "
                f"ORDER BY a.published DESC, q.id DESC LIMIT :lim OFFSET :off"), params | {"lim": limit, "off": offset}).all()
        else:
            newest = conn.execute(text(
                f"SELECT q.id, COALESCE(a.published, a.fetched_at) AS ts FROM quote q JOIN article a ON a.id = q.article_id "
                f"WHERE {where} ORDER BY ts DESC, q.id DESC LIMIT :lim OFFSET :off"), params | {"lim": limit, "off": offset}).all()
        ids = {f"i{k}": qid for k, (qid, _) in enumerate(newest)}
        rows = conn.execute(text(
            f"SELECT q.id, q.text, q.speaker, q.speaker_role, q.speaker_org, q.topics, a.id, a.title, "
            f"COALESCE(s.name, a.source_id), COALESCE(a.published, a.fetched_at) FROM quote q "
            f"JOIN article a ON a.id = q.article_id LEFT JOIN source s ON s.id = a.source_id "
            f"WHERE q.id IN ({', '.join(':' + k for k in ids) or 'NULL'})"), ids).all() if ids else []
        order = {qid: k for k, (qid, _) in enumerate(newest)}
        out.quotes = sorted((QuoteLine(i, t, sp, r, o, _json(tp), aid, title or "", outlet, read_ts(ts))
                             for i, t, sp, r, o, tp, aid, title, outlet, ts in rows), key=lambda x: order[x.id])
    return out


def stance_days(engine: Engine, key: str, column: str = "speaker") -> list[tuple[date, str, int]]:
    """(WIB day, stance, topic labels) on the speaker's or organisation's quotes, oldest first (the chart's
    data). Counted in SQL: an organisation has up to ~100,000 quotes, too many to decode in Python per view."""
    with engine.connect() as conn:
        names = speaker_names(conn, key, column)
        if not names:
            return []
        sql = _Sql(conn)
        join, f = sql.labels("q", "j")
        params = {f"n{i}": n for i, n in enumerate(names)}
        rows = conn.execute(text(
            f"SELECT {sql.period('day', TS)} AS d, {f.format('stance')}, COUNT(*) FROM quote q{join} "
            f"JOIN article a ON a.id = q.article_id WHERE q.{column} IN ({', '.join(':' + k for k in params)}) "
            "GROUP BY 1, 2 ORDER BY 1"), params)
        return [(date.fromisoformat(str(d)), stance, n) for d, stance, n in rows]


def top_speakers(engine: Engine, since: datetime | None, until: datetime | None, outlet_ids: list[str] | None,
                 limit: int = 15) -> list[tuple[str, int]]:
    """The most quoted speakers of a window (UTC bounds, outlets by id), most quotes first; the names of one
    speaker record count together, shown by its canonical name."""
    conds, params = ["q.speaker IS NOT NULL"], {}
    with engine.connect() as conn:
        sql = _Sql(conn)
        # the window on published, else fetched, written so the published index serves it
        if since or until:
            lo = "a.{0} >= :lo" if since else "1=1"
            hi = "a.{0} < :hi" if until else "1=1"
            conds.append(f"(({lo.format('published')} AND {hi.format('published')}) OR "
                         f"(a.published IS NULL AND {lo.format('fetched_at')} AND {hi.format('fetched_at')}))")
            if since:
                params["lo"] = sql.bound(since)
            if until:
                params["hi"] = sql.bound(until)
        if outlet_ids:
            ph = ", ".join(f":o{i}" for i in range(len(outlet_ids)))
            conds.append(f"a.source_id IN ({ph})")
            params |= {f"o{i}": o for i, o in enumerate(outlet_ids)}
        rows = conn.execute(text("SELECT q.speaker, COUNT(*) AS n FROM quote q JOIN article a ON a.id = q.article_id "
                                 f"WHERE {' AND '.join(conds)} GROUP BY q.speaker"), params).all()
        canon = records.speaker_map(conn)
    total: Counter = Counter()
    for name, n in rows:
        total[canon.get(name, name)] += n
    return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def top_orgs(engine: Engine, limit: int = 20) -> list[tuple[str, int]]:
    """The organisations with the most quotes (their page key's spellings counted together), most first."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT speaker_org, COUNT(*) FROM quote WHERE speaker_org IS NOT NULL "
                                 "GROUP BY speaker_org")).all()
    total: Counter = Counter()
    for org, n in rows:
        total[speaker_key(org)] += n
    return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def newest(engine: Engine) -> datetime | None:
    """When the newest article was published (the dashboard's default end; an index lookup)."""
    with engine.connect() as conn:
        return read_ts(conn.execute(text("SELECT MAX(published) FROM article")).scalar())


def outlets(engine: Engine) -> list[tuple[str, str]]:
    """(id, name) of every outlet, by name (the dashboard's filter)."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, name FROM source ORDER BY name, id"))]


# ------------------------------------------------------------------ figures

@dataclass
class FigureLine:
    id: int
    text: str
    value: float
    unit: str
    unit_word: str | None
    qualifier: str | None
    subject: str | None
    change_group: int | None
    range_group: int | None
    article_id: int
    outlet: str
    when: datetime


def figure_stamp(engine: Engine) -> tuple:
    """Changes whenever figures are added (newest id; re-analysis re-inserts): when to regroup measures."""
    with engine.connect() as conn:
        return (conn.execute(text("SELECT MAX(id) FROM figure")).scalar(),)


def figures_by_measure(engine: Engine, pairs: list[tuple[str, str]], limit: int = 20) -> list[FigureLine]:
    """The newest figures whose (subject, unit) is among `pairs` (one measure group's members; subjects non-empty)."""
    if not pairs:
        return []
    params: dict = {"lim": limit}
    ors = []
    for i, (subject, unit) in enumerate(pairs):
        ors.append(f"(f.subject = :s{i} AND f.unit = :u{i})")  # ix_figure_subject_unit
        params |= {f"s{i}": subject, f"u{i}": unit}
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT f.id, f.text, f.value, f.unit, f.unit_word, f.qualifier, f.subject, f.change_group, f.range_group, "
            "a.id, COALESCE(s.name, a.source_id), COALESCE(a.published, a.fetched_at) AS ts FROM figure f "
            "JOIN article a ON a.id = f.article_id LEFT JOIN source s ON s.id = a.source_id "
            f"WHERE {' OR '.join(ors)} ORDER BY ts DESC, f.id DESC LIMIT :lim"), params).all()
    return [FigureLine(*r[:11], read_ts(r[11])) for r in rows]
