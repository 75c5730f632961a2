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
)
DOC_COLUMNS = [c.name for c in search_doc.columns if c.name != "id"]

_PG_INSERT = sa.text(
    f"INSERT INTO search_doc ({', '.join(DOC_COLUMNS)}, tsv) VALUES ({', '.join(':' + c for c in DOC_COLUMNS)}, "
    "setweight(to_tsvector('simple', :body), 'A') || setweight(to_tsvector('simple', :speaker_ix), 'B') || "
    "setweight(to_tsvector('simple', :org_ix), 'C') || setweight(to_tsvector('simple', :tags), 'D'))")
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
    if not docs:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(_PG_INSERT, docs)
        return
    # SQLite has one writer at a time and the caller's transaction holds the lock (a racing writer would
    # fail on the primary key, never share ids), so ids can be numbered here and both tables bulk-inserted
    first = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM search_doc").scalar_one() + 1
    conn.exec_driver_sql(_SQLITE_DOC_INSERT, [(first + i, *(d[c] for c in DOC_COLUMNS)) for i, d in enumerate(docs)])
    conn.exec_driver_sql(_SQLITE_FTS_INSERT, [(first + i, d["body"], d["speaker_ix"], d["org_ix"], d["tags"])
                                              for i, d in enumerate(docs)])


def _delete(conn: Connection, article_ids: list[int]) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE article_id IN :ids)")
                     .bindparams(sa.bindparam("ids", expanding=True)), {"ids": article_ids})
    conn.execute(search_doc.delete().where(search_doc.c.article_id.in_(article_ids)))


def reindex_article(session: Session, article_id: int) -> None:
    """Replace the index entries of one article's quotes, figures and title."""
    conn = session.connection()
    _delete(conn, [article_id])
    article = session.get(Article, article_id)
    if article is None:
        return
    quotes = session.exec(select(QuoteRow).where(QuoteRow.article_id == article_id).order_by(QuoteRow.id)).all()
    figures = session.exec(select(FigureRow).where(FigureRow.article_id == article_id).order_by(FigureRow.id)).all()
    stances = session.exec(select(StanceRow).where(StanceRow.article_id == article_id)).all()
    write_docs(conn, article_docs(article, quotes, figures, stances))


def delete_article(session: Session, article_id: int) -> None:
    """Remove one article's index entries."""
    _delete(session.connection(), [article_id])


def rebuild(conn: Connection, batch: int = 2000, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every article from the store tables (after a bulk load or a stemmer change); returns claims indexed."""
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
        write_docs(conn, docs)
        indexed += len(docs)
        done += len(arts)
        last = hi
        if progress:
            progress(done, total)
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    return indexed
