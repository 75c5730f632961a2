"""Full-text index of claims: one search_doc row per quote, figure and title.

Called by crud inside the same transaction as the rows it indexes, so the
index never disagrees with the store. The searchable text is stemmed in
Python (monitor.text) and stored as SQLite FTS5 rows or a PostgreSQL
tsvector; schema in migration 0002.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime, timezone
from typing import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from monitor.text import index_text, stem, tag, words
from monitor.store.models import Article, FigureRow, QuoteRow, StanceRow

_meta = sa.MetaData()
search_doc = sa.Table(
    "search_doc", _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer), sa.Column("kind", sa.String), sa.Column("ref_id", sa.Integer),
    sa.Column("text", sa.Text), sa.Column("speaker", sa.String), sa.Column("speaker_role", sa.String),
    sa.Column("speaker_org", sa.String), sa.Column("source_id", sa.String), sa.Column("published", sa.BigInteger),
    sa.Column("value", sa.Float), sa.Column("unit", sa.String), sa.Column("unit_word", sa.String),
    sa.Column("subject", sa.String), sa.Column("topics", sa.Text), sa.Column("group_key", sa.String),
    sqlite_autoincrement=True,  # ids are never reused (migration 0011): saved-search watermarks compare them
)
DOC_COLUMNS = [c.name for c in search_doc.columns if c.name != "id"]

_PG_INSERT = sa.text(
    f"INSERT INTO search_doc ({', '.join(DOC_COLUMNS)}, tsv) VALUES ({', '.join(':' + c for c in DOC_COLUMNS)}, "
    "setweight(to_tsvector('simple', :body), 'A') || setweight(to_tsvector('simple', :speaker_ix), 'B') || "
    "setweight(to_tsvector('simple', :org_ix), 'C') || setweight(to_tsvector('simple', :tags), 'D'))")
_PG_INSERT_ID = sa.text(
    f"INSERT INTO search_doc (id, {', '.join(DOC_COLUMNS)}, tsv) VALUES (:id, {', '.join(':' + c for c in DOC_COLUMNS)}, "
    "setweight(to_tsvector('simple', :body), 'A') || setweight(to_tsvector('simple', :speaker_ix), 'B') || "
    "setweight(to_tsvector('simple', :org_ix), 'C') || setweight(to_tsvector('simple', :tags), 'D'))")
_SQLITE_NEXT_ID = ("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'search_doc'), 0), "
                   "coalesce((SELECT max(id) FROM search_doc), 0))")
_SQLITE_DOC_INSERT = f"INSERT INTO search_doc (id, {', '.join(DOC_COLUMNS)}) VALUES ({', '.join('?' * (len(DOC_COLUMNS) + 1))})"
_SQLITE_FTS_INSERT = "INSERT INTO search_fts (rowid, body, speaker, org, tags) VALUES (?, ?, ?, ?, ?)"


def _epoch(d: datetime | None) -> int:
    if d is None:
        return 0
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return int(d.timestamp())


def group_key(kind: str, text: str, extra: str = "", toks: list[str] | None = None) -> str:
    """Equal for the same claim printed by several outlets (case, accents and punctuation ignored)."""
    toks = words(text) if toks is None else toks
    return hashlib.sha1(f"{kind}|{' '.join(toks)}|{extra}".encode()).hexdigest()[:16]


def _keyed(kind: str, text: str, extra: str = "") -> tuple[str, str]:
    """(group key, stemmed index text) of a claim text, tokenised once."""
    toks = words(text)
    return group_key(kind, text, extra, toks), " ".join(stem(w) for w in toks)


def topic_tags(labels: Iterable[dict]) -> str:
    """Facet tokens: topic, stance, assessment, and stance/assessment joined to topic (stance:pro topic:kur)."""
    out: list[str] = []
    for t in labels:
        topic, stance, assessment = t.get("topic") or "", t.get("stance") or "", t.get("assessment") or ""
        out += [tag("zt", topic), tag("zs", stance), tag("za", assessment),
                tag("zx" + stance, topic), tag("zy" + assessment, topic)]
    return " ".join(out)


def article_docs(article, quotes, figures, stances) -> list[dict]:
    """The index rows of one article, from its store rows (ORM objects or Core rows)."""
    published = _epoch(article.published or article.fetched_at)
    art_topics = [{"topic": s.topic, "score": s.score, "stance": s.stance, "assessment": s.assessment} for s in stances]
    art_tags = topic_tags(art_topics)
    roles: dict[str, tuple[str | None, str | None]] = {}
    base = {"article_id": article.id, "source_id": article.source_id, "published": published, "value": None,
            "unit": None, "unit_word": None, "subject": None, "speaker": None, "speaker_role": None,
            "speaker_org": None, "speaker_ix": "", "org_ix": ""}
    docs = []
    for q in quotes:
        if q.speaker:
            roles.setdefault(q.speaker, (q.speaker_role, q.speaker_org))
        labels = q.topics if isinstance(q.topics, list) else json.loads(q.topics or "[]")
        key, body = _keyed("quote", q.text)
        docs.append(base | {
            "kind": "quote", "ref_id": q.id, "text": q.text, "speaker": q.speaker, "speaker_role": q.speaker_role,
            "speaker_org": q.speaker_org, "topics": json.dumps(labels, ensure_ascii=False),
            "group_key": key, "body": body, "speaker_ix": index_text(q.speaker),
            "org_ix": index_text(" ".join(filter(None, (q.speaker_org, q.speaker_role)))), "tags": topic_tags(labels)})
    for f in figures:
        sentence = f.sentence or f.text
        role, org = roles.get(f.speaker or "", (None, None))
        key, body = _keyed("figure", sentence, f"{f.text}|{f.value}")
        if f.subject and f.subject.casefold() not in sentence.casefold():
            body = f"{body} {index_text(f.subject)}"
        docs.append(base | {
            "kind": "figure", "ref_id": f.id, "text": sentence, "speaker": f.speaker, "speaker_role": role,
            "speaker_org": org, "value": f.value, "unit": (f.unit or "").casefold() or None,
            "unit_word": " ".join(words(f.unit_word)) if f.unit_word else None, "subject": f.subject,
            "topics": json.dumps(art_topics, ensure_ascii=False),
            "group_key": key, "body": body,
            "speaker_ix": index_text(f.speaker), "org_ix": index_text(" ".join(filter(None, (org, role)))),
            "tags": art_tags})
    if article.title:
        docs.append(base | {"kind": "title", "ref_id": article.id, "text": article.title,
                            "topics": json.dumps(art_topics, ensure_ascii=False),
                            "group_key": group_key("title", article.title), "body": index_text(article.title),
                            "tags": art_tags})
    return docs


def write_docs(conn: Connection, docs: list[dict]) -> None:
    """Insert index rows; a doc with an "id" keeps it (rebuild), the others get ids never issued before."""
    if not docs:
        return
    if conn.dialect.name == "postgresql":
        kept = [d for d in docs if d.get("id") is not None]
        if kept:
            conn.execute(_PG_INSERT_ID, kept)
        fresh = [d for d in docs if d.get("id") is None]
        if fresh:
            conn.execute(_PG_INSERT, fresh)
        return
    # SQLite has one writer at a time and the caller's transaction holds the lock (a racing writer would
    # fail on the primary key, never share ids), so ids can be numbered here and both tables bulk-inserted.
    # Numbering starts above the AUTOINCREMENT high-water mark, not max(id): the newest article's
    # re-analysis deletes the highest ids, and they must not come back. Explicit ids raise the mark.
    nxt = conn.exec_driver_sql(_SQLITE_NEXT_ID).scalar_one() + 1
    ids = []
    for d in docs:
        if d.get("id") is None:
            ids.append(nxt)
            nxt += 1
        else:
            ids.append(d["id"])
    conn.exec_driver_sql(_SQLITE_DOC_INSERT, [(i, *(d[c] for c in DOC_COLUMNS)) for i, d in zip(ids, docs)])
    conn.exec_driver_sql(_SQLITE_FTS_INSERT, [(i, d["body"], d["speaker_ix"], d["org_ix"], d["tags"])
                                              for i, d in zip(ids, docs)])


def _delete(conn: Connection, article_ids: list[int]) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE article_id IN :ids)")
                     .bindparams(sa.bindparam("ids", expanding=True)), {"ids": article_ids})
    conn.execute(search_doc.delete().where(search_doc.c.article_id.in_(article_ids)))


def claim_ids(session: Session, article_id: int) -> dict[tuple[str, str], list[int]]:
    """The article's indexed claims, (kind, group key) → ids: read before a re-analysis clears them."""
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind, key, id_ in session.connection().execute(
            sa.select(search_doc.c.kind, search_doc.c.group_key, search_doc.c.id)
            .where(search_doc.c.article_id == article_id).order_by(search_doc.c.id)):
        out[(kind, key)].append(id_)
    return out


def reindex_article(session: Session, article_id: int, keep: dict[tuple[str, str], list[int]] | None = None) -> None:
    """Replace the index entries of one article's quotes, figures and title.

    A claim the article had before (same kind and words: `keep`, from claim_ids, else what is indexed now)
    keeps its id, so re-analysis does not make old claims "new" to saved searches; other claims get ids
    never issued before."""
    keep = {k: list(v) for k, v in (claim_ids(session, article_id) if keep is None else keep).items()}
    conn = session.connection()
    _delete(conn, [article_id])
    article = session.get(Article, article_id)
    if article is None:
        return
    quotes = session.exec(select(QuoteRow).where(QuoteRow.article_id == article_id).order_by(QuoteRow.id)).all()
    figures = session.exec(select(FigureRow).where(FigureRow.article_id == article_id).order_by(FigureRow.id)).all()
    stances = session.exec(select(StanceRow).where(StanceRow.article_id == article_id)).all()
    docs = article_docs(article, quotes, figures, stances)
    for d in docs:
        ids = keep.get((d["kind"], d["group_key"]))
        d["id"] = ids.pop(0) if ids else None
    write_docs(conn, docs)


def delete_article(session: Session, article_id: int) -> None:
    """Remove one article's index entries."""
    _delete(session.connection(), [article_id])


def rebuild(conn: Connection, batch: int = 2000, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every article from the store tables (after a bulk load or a stemmer change); returns claims indexed.

    A claim indexed before keeps its id, so saved-search watermarks stay true ("new" is still what came
    after the last visit); claims not indexed before get ids never issued."""
    conn.execute(sa.text("CREATE TEMPORARY TABLE rebuild_ids AS SELECT article_id, kind, ref_id, id FROM search_doc"))
    conn.execute(sa.text("CREATE INDEX rebuild_ids_article ON rebuild_ids (article_id)"))
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("DELETE FROM search_fts"))
    conn.execute(search_doc.delete())
    a, q, f, s = Article.__table__, QuoteRow.__table__, FigureRow.__table__, StanceRow.__table__
    total = conn.execute(sa.select(sa.func.count()).select_from(a)).scalar_one()
    done = indexed = 0
    last = 0
    while True:
        arts = conn.execute(sa.select(a.c.id, a.c.source_id, a.c.title, a.c.published, a.c.fetched_at)
                            .where(a.c.id > last).order_by(a.c.id).limit(batch)).all()
        if not arts:
            break
        lo, hi = arts[0].id, arts[-1].id
        by: dict[str, dict[int, list]] = {"q": defaultdict(list), "f": defaultdict(list), "s": defaultdict(list)}
        for key, table in (("q", q), ("f", f), ("s", s)):
            for row in conn.execute(sa.select(table).where(table.c.article_id.between(lo, hi)).order_by(table.c.id)):
                by[key][row.article_id].append(row)
        docs: list[dict] = []
        for art in arts:
            docs += article_docs(art, by["q"][art.id], by["f"][art.id], by["s"][art.id])
        kept = {(k, r): i for k, r, i in conn.execute(
            sa.text("SELECT kind, ref_id, id FROM rebuild_ids WHERE article_id BETWEEN :lo AND :hi"), {"lo": lo, "hi": hi})}
        for d in docs:
            d["id"] = kept.get((d["kind"], d["ref_id"]))
        write_docs(conn, docs)
        indexed += len(docs)
        done += len(arts)
        last = hi
        if progress:
            progress(done, total)
    conn.execute(sa.text("DROP TABLE rebuild_ids"))
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    return indexed
