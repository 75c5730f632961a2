"""Reads of the claim search index (search_doc with SQLite FTS5 or a PostgreSQL tsvector; written by
monitor.store.fts). monitor.search.engine compiles the query and ranks; these run the SQL."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monitor.errors import MonitorError
from monitor.types import RecordFilters

DOC_COLS = ("d.id, d.article_id, d.kind, d.ref_id, d.text, d.speaker, d.speaker_role, d.speaker_org, d.source_id, "
            "d.published, d.value, d.unit, d.unit_word, d.subject, d.topics, d.group_key")
_OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "=": "="}
# the claim's words count most, speaker and organisation less, facet tags not at all
BM25 = "bm25(search_fts, 1.0, 0.6, 0.4, 0.0)"
_FLOOR = sa.text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m ORDER BY rowid DESC LIMIT 1 OFFSET :w")
_MEMBERS = sa.text("SELECT d.group_key, a.id, a.title, a.url, a.source_id, a.kind FROM search_doc d JOIN article a ON a.id = d.article_id "
                   "WHERE d.group_key IN :keys").bindparams(sa.bindparam("keys", expanding=True))
_CARRIERS = sa.text("SELECT article_id, source_id FROM feed_entry WHERE article_id IN :ids AND duplicate IS NOT NULL") \
    .bindparams(sa.bindparam("ids", expanding=True))


class IndexRefused(MonitorError):
    """The full-text index rejected a match expression (the caller reports it as a query problem)."""


def outlet_names(conn: Connection) -> dict[str, str]:
    """Source id → outlet name."""
    return dict(conn.execute(sa.text("SELECT id, name FROM source")).all())


def filter_sql(f: RecordFilters, source_ids: list[str] | None) -> tuple[str, dict]:
    """SQL conditions on search_doc d for the record filters; source_ids: the outlets' ids (None: no outlet filter)."""
    conds, params = ["1=1"], {}
    if f.kinds:
        conds.append("d.kind IN (" + ", ".join(f":kind{i}" for i in range(len(f.kinds))) + ")")
        params |= {f"kind{i}": k for i, k in enumerate(sorted(f.kinds))}
    if f.units:
        ph = ", ".join(f":unit{i}" for i in range(len(f.units)))
        conds.append(f"(d.unit IN ({ph}) OR d.unit_word IN ({ph}))")
        params |= {f"unit{i}": u for i, u in enumerate(sorted(f.units))}
    for i, (op, v) in enumerate(f.values):
        conds.append(f"d.value {_OPS[op]} :value{i}")
        params[f"value{i}"] = v
    if f.since:
        conds.append("d.published >= :since")
        params["since"] = int(f.since.timestamp())
    if f.until:
        conds.append("d.published < :until")
        params["until"] = int(f.until.timestamp())
    if f.after_id:
        conds.append("d.id > :after_id")
        params["after_id"] = int(f.after_id)
    if source_ids:
        ph = ", ".join(f":src{i}" for i in range(len(source_ids)))
        conds.append(f"(d.source_id IN ({ph}) OR d.article_id IN "
                     f"(SELECT fe.article_id FROM feed_entry fe WHERE fe.source_id IN ({ph}) AND fe.article_id IS NOT NULL))")
        params |= {f"src{i}": s for i, s in enumerate(source_ids)}
    return " AND ".join(conds), params


def candidates(conn: Connection, match: str | None, exclude: str | None, where: str, params: dict, k: int,
               rank_window: int | None) -> list[Any]:
    """The best k index rows: ranked by relevance then recency (by recency alone without a match).

    On SQLite, with rank_window set, a match of more rows than that is ranked among its most recently
    indexed rank_window rows (widened while the filters leave fewer than k). Raises IndexRefused when
    the index rejects the match expression."""
    pg = conn.dialect.name == "postgresql"
    p = params | {"k": k}
    if match is None:
        if exclude is not None:
            where += " AND d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :ex)"
            p["ex"] = exclude
        sql = f"SELECT {DOC_COLS}, 0.0 AS score FROM search_doc d WHERE {where} ORDER BY d.published DESC, d.id DESC LIMIT :k"
        return conn.execute(sa.text(sql), p).all()
    p["m"] = match
    if pg:
        sql = (f"SELECT {DOC_COLS}, ts_rank_cd(d.tsv, query) AS score FROM search_doc d, to_tsquery('simple', :m) query "
               f"WHERE d.tsv @@ query AND {where} ORDER BY round(ts_rank_cd(d.tsv, query)::numeric, 2) DESC, "
               "d.published DESC, d.id DESC LIMIT :k")
    elif where == "1=1":
        # no record filter: let FTS5 pick the best k, then break near-ties by recency
        sql = (f"SELECT {DOC_COLS}, m.score FROM (SELECT rowid AS id, {BM25} AS score FROM search_fts "
               "WHERE search_fts MATCH :m{window} ORDER BY score LIMIT :k) m JOIN search_doc d ON d.id = m.id "
               "ORDER BY round(m.score, 1), d.published DESC, d.id DESC")
    else:
        sql = (f"SELECT {DOC_COLS}, {BM25} AS score FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid "
               f"WHERE search_fts MATCH :m{{window}} AND {where} ORDER BY round(score, 1), d.published DESC, d.id DESC LIMIT :k")
    if not pg and "after_id" in p:  # only claims newer than a saved search's mark: let FTS5 seek by rowid
        sql = sql.replace("WHERE search_fts MATCH :m", "WHERE search_fts MATCH :m AND search_fts.rowid > :after_id")
    try:
        if pg:
            return conn.execute(sa.text(sql), p).all()
        window = rank_window
        while window:
            # many matches: rank the most recent `window` of them; widen while filters leave too few candidates
            floor = conn.execute(_FLOOR, {"m": match, "w": window}).scalar()
            if floor is None:
                break
            rows = conn.execute(sa.text(sql.replace("{window}", " AND search_fts.rowid >= :floor")),
                                p | {"floor": floor}).all()
            if len(rows) >= k:
                return rows
            window *= 4
        return conn.execute(sa.text(sql.replace("{window}", "")), p).all()
    except sa.exc.DBAPIError as e:  # an expression the index refuses: our bug, but never an SQL trace for the user
        if "fts5" not in str(e.orig).lower() and "tsquery" not in str(e.orig).lower():
            raise
        conn.rollback()
        raise IndexRefused(str(e.orig)) from None


def claim_members(conn: Connection, group_keys: list[str]) -> list[Any]:
    """(group_key, id, title, url, source_id) of every article printing one of these claims."""
    return conn.execute(_MEMBERS, {"keys": group_keys}).all()


def carriers(conn: Connection, article_ids: list[int]) -> dict[int, set[str]]:
    """Article id → the other outlets whose feed entries were linked to it as duplicates."""
    out: dict[int, set[str]] = {}
    for aid, sid in conn.execute(_CARRIERS, {"ids": article_ids}):
        out.setdefault(aid, set()).add(sid)
    return out
