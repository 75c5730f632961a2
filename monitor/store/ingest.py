"""Store writes of the ingestion stages, each idempotent by its identity key. The stages decide
(entry identity, schedule, duplicates); these functions only read and write rows."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from monitor.store.models import Article, Entry, Source
from monitor.types import FeedSource, FeedState, PollResult


def insert_stmt(session: Session, table):  # noqa: ANN001
    """The dialect's INSERT, which has on_conflict_do_nothing on both SQLite and PostgreSQL."""
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(table)


def sync_sources(session: Session, feeds: list[FeedSource], now: datetime) -> None:
    """Make the source table match the feeds list, keeping each feed's history."""
    known = {s.id: s for s in session.exec(select(Source)).all()}
    wanted = {f.id for f in feeds}
    for f in feeds:
        s = known.get(f.id)
        if s is None:
            s = Source(id=f.id, name=f.name, url=f.url, config_url=f.url, next_poll=now)
        elif s.config_url != f.url:
            s.url, s.config_url, s.etag, s.last_modified, s.body_hash = f.url, f.url, None, None, None
        s.name, s.tags, s.interval, s.fetch_article, s.active = f.name, list(f.tags), f.interval, f.fetch_article, True
        session.add(s)
    for sid, s in known.items():
        if sid not in wanted and s.active:
            s.active = False
            session.add(s)


def feed_state(s: Source) -> FeedState:
    return FeedState(url=s.url, etag=s.etag, last_modified=s.last_modified, body_hash=s.body_hash,
                     validators_trusted=s.validators_trusted, polls=s.polls)


def insert_entries(session: Session, rows: list[dict]) -> int:
    """Insert feed entries (dicts of Entry columns), skipping those whose (source, entry_key) is stored; returns new."""
    if not rows:
        return 0
    # executemany of one cached statement (SQLAlchemy batches it with RETURNING)
    stmt = (insert_stmt(session, Entry.__table__).on_conflict_do_nothing(index_elements=["source_id", "entry_key"])
            .returning(Entry.__table__.c.id))
    return len(session.connection().execute(stmt, rows).all())


def record_poll(session: Session, source_id: str, result: PollResult, new: int, now: datetime) -> Source:
    """Update the feed's HTTP state and health after a poll that brought `new` entries; returns its row."""
    s = session.get(Source, source_id)
    s.polls += 1
    s.last_attempt = now
    s.last_status = result.status if result.status != "error" else (result.error_kind or "error")
    if result.status == "error":
        s.consecutive_failures += 1
        s.last_error = (result.error or "")[:500]
    else:
        s.consecutive_failures = 0
        s.last_success = now
        s.last_error = result.bozo[:500] if result.bozo else None
        s.etag, s.last_modified, s.body_hash = result.etag, result.last_modified, result.body_hash
        s.validators_trusted = result.validators_trusted
        if result.new_url:
            s.url = result.new_url
        s.items_seen += new
        if new:
            s.last_new_item = now
    session.add(s)
    return s


def schedule_next_poll(session: Session, source: Source, interval: int, reason: str, now: datetime) -> None:
    source.current_interval, source.interval_reason = interval, reason
    source.next_poll = now + timedelta(seconds=interval)
    session.add(source)


def lease_due_sources(session: Session, now: datetime, until: datetime, force: bool = False) -> list[str]:
    """Ids of the due feeds, each with its next poll moved to `until` so it is not handed out twice."""
    sources = due_sources(session, now, force=force)
    for src in sources:
        src.next_poll = until
        session.add(src)
    return [src.id for src in sources]


def active_source(session: Session, source_id: str) -> Source | None:
    src = session.get(Source, source_id)
    return src if src is not None and src.active else None


def entry_outcome(session: Session, entry_id: int) -> tuple[str, int | None]:
    """(status, article id) of one entry."""
    entry = session.get(Entry, entry_id)
    return entry.status, entry.article_id


def due_sources(session: Session, now: datetime, feed_id: str | None = None, force: bool = False) -> list[Source]:
    q = select(Source).where(Source.active.is_(True))
    if feed_id:
        q = q.where(Source.id == feed_id)
    elif not force:
        q = q.where((Source.next_poll.is_(None)) | (Source.next_poll <= now))
    return list(session.exec(q).all())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------- storing one fetched entry

def lock_pending_entry(session: Session, entry_id: int) -> Entry | None:
    """The entry, row-locked (FOR UPDATE on PostgreSQL) with its attempt counted, if it is still pending:
    two workers finishing the same entry cannot both store it."""
    entry = session.exec(select(Entry).where(Entry.id == entry_id).with_for_update()).first()
    if entry is None or entry.status != "pending":
        return None
    entry.attempts += 1
    session.add(entry)
    return entry


def entry_failed(session: Session, entry: Entry, error: str, give_up: bool) -> None:
    entry.error = error[:500]
    if give_up:
        entry.status = "failed"
    session.add(entry)


def entry_skipped(session: Session, entry: Entry, reason: str) -> None:
    entry.status, entry.skip_reason = "skipped", reason
    session.add(entry)


def link_entry(session: Session, entry: Entry, article_id: int, duplicate: str | None = None) -> None:
    """The entry is done: it carries this article (a duplicate of kind url/content/near, or its own)."""
    entry.status, entry.article_id = "done", article_id
    if duplicate is not None:
        entry.duplicate = duplicate
    session.add(entry)


def stored_copy(session: Session, canon: str, entry_canon: str | None, chash: str) -> tuple[int, str] | None:
    """(article id, duplicate kind) of a stored article with this canonical URL (the page's or the
    entry's) or this content hash."""
    for url in dict.fromkeys(u for u in (canon, entry_canon) if u):
        found = session.exec(select(Article.id).where(Article.canonical_url == url)).first()
        if found is not None:
            return found, "url"
    found = session.exec(select(Article.id).where(Article.content_hash == chash)).first()
    return (found, "content") if found is not None else None


def insert_article(session: Session, values: dict) -> tuple[int, bool]:
    """(article id, True) for a new article; (id of the one already there, False) when another writer
    stored the same canonical URL first (INSERT … ON CONFLICT DO NOTHING, so they cannot both create it)."""
    new_id = session.connection().execute(
        insert_stmt(session, Article.__table__).values(**values)
        .on_conflict_do_nothing(index_elements=["canonical_url"]).returning(Article.__table__.c.id)).scalar()
    if new_id is not None:
        return new_id, True
    return session.exec(select(Article.id).where(Article.canonical_url == values["canonical_url"])).one(), False
