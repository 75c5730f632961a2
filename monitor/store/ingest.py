"""Store writes of the ingestion stages, each idempotent by its identity key."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from monitor.extract.dedupe import canonical_url, clean_link
from monitor.feeds.poll import FeedState, PollResult
from monitor.feeds.schedule import next_interval
from monitor.settings import Settings
from monitor.store.models import Entry, Source
from monitor.types import FeedEntry, FeedSource


def insert_stmt(session: Session, table):  # noqa: ANN001
    """The dialect's INSERT, which has on_conflict_do_nothing on both SQLite and PostgreSQL."""
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(table)


def entry_key(e: FeedEntry) -> str:
    """A feed entry's identity within its feed: the canonical link, else GUID plus title
    (feeds that reuse GUIDs daily would otherwise hide new items)."""
    if e.url:
        return canonical_url(e.url)
    basis = f"{e.guid or ''}|{e.title}|{e.summary[:200]}"
    return "nolink:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


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


def store_poll(session: Session, source_id: str, result: PollResult, now: datetime, settings: Settings) -> int:
    """Insert the poll's new entries and update the feed's health and schedule; returns new entries."""
    s = session.get(Source, source_id)
    rows: dict[str, dict] = {}
    for e in result.entries:
        key = entry_key(e)
        rows.setdefault(key, dict(source_id=source_id, entry_key=key, guid=e.guid, url=clean_link(e.url) if e.url else None,
                                  canonical_url=canonical_url(e.url) if e.url else None, title=e.title[:1000],
                                  summary=e.summary, published=e.published, first_seen=now, status="pending",
                                  attempts=0))
    new = 0
    if rows:
        # executemany of one cached statement (SQLAlchemy batches it with RETURNING)
        stmt = (insert_stmt(session, Entry.__table__).on_conflict_do_nothing(index_elements=["source_id", "entry_key"])
                .returning(Entry.__table__.c.id))
        new = len(session.connection().execute(stmt, list(rows.values())).all())
    s.polls += 1
    s.last_attempt = now
    s.last_status = result.status if result.status != "error" else (result.error_kind or "error")
    base = s.interval or settings.poll_interval
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
    interval, reason = next_interval(s.current_interval, base, new, s.consecutive_failures,
                                     settings.min_poll_interval, max(settings.max_poll_interval, base),
                                     result.retry_after)
    s.current_interval, s.interval_reason = interval, reason
    s.next_poll = now + timedelta(seconds=interval)
    session.add(s)
    return new


def due_sources(session: Session, now: datetime, feed_id: str | None = None, force: bool = False) -> list[Source]:
    q = select(Source).where(Source.active.is_(True))
    if feed_id:
        q = q.where(Source.id == feed_id)
    elif not force:
        q = q.where((Source.next_poll.is_(None)) | (Source.next_poll <= now))
    return list(session.exec(q).all())


def count_by(session: Session, column) -> dict[str, int]:  # noqa: ANN001
    return {k or "": v for k, v in session.execute(select(column, func.count()).group_by(column)).all()}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
