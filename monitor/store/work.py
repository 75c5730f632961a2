"""Reads and writes that move pipeline work along: what is pending, what is stale, dead letters,
the feed health listing and the counts of `monitor stats`. The stages decide; these only ask the store."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.store.models import Article, DeadLetter, EntityRow, Entry, FigureRow, QuoteRow, Source


# ---------------------------------------------------------------- entries and articles waiting for a stage

def pending_entries(session: Session, *, feed_id: str | None = None, limit: int = 5000) -> list[tuple[Entry, bool]]:
    """Entries still to fetch, with their feed's fetch_article flag, earliest published first."""
    q = (select(Entry, Source.fetch_article).join(Source, Source.id == Entry.source_id)
         .where(Entry.status == "pending").where(Source.active.is_(True))
         .order_by(Entry.published.is_(None), Entry.published, Entry.id).limit(limit))
    if feed_id:
        q = q.where(Entry.source_id == feed_id)
    return list(session.exec(q).all())


def pending_entry_ids(session: Session, source_id: str) -> list[int]:
    return list(session.exec(select(Entry.id).where(Entry.source_id == source_id)
                             .where(Entry.status == "pending").order_by(Entry.id)).all())


def entry_with_flag(session: Session, entry_id: int) -> tuple[Entry, bool] | None:
    """One entry and its feed's fetch_article flag."""
    return session.exec(select(Entry, Source.fetch_article).join(Source, Source.id == Entry.source_id)
                        .where(Entry.id == entry_id)).first()


def is_unanalysed(session: Session, article_id: int) -> bool:
    art = session.get(Article, article_id)
    return art is not None and art.analysed_at is None


def texts_to_analyse(session: Session, *, reanalyse: bool = False,
                     limit: int | None = None) -> list[tuple[int, str, str]]:
    """(id, text, headline) of stored articles not yet analysed (every article with reanalyse), by id."""
    q = select(Article.id, Article.text, Article.title).where(Article.kind == "article").order_by(Article.id)
    if not reanalyse:
        q = q.where(Article.analysed_at.is_(None))
    if limit:
        q = q.limit(limit)
    return [(aid, text, title or "") for aid, text, title in session.exec(q).all()]


def texts_of(session: Session, article_ids: list[int], *, reanalyse: bool = False) -> list[tuple[int, str, str]]:
    """(id, text, headline) of the given articles, skipping analysed ones unless reanalyse."""
    rows = session.exec(select(Article.id, Article.text, Article.title, Article.analysed_at)
                        .where(Article.id.in_(article_ids)).where(Article.kind == "article")
                        .order_by(Article.id)).all()
    return [(aid, text, title or "") for aid, text, title, done in rows if reanalyse or done is None]


def recent_minhashes(session: Session, since: datetime, after_id: int = 0) -> list[tuple[int, bytes]]:
    """(id, MinHash bytes) of articles fetched since `since` (and with id above after_id)."""
    q = select(Article.id, Article.minhash).where(Article.fetched_at >= since).where(Article.minhash.is_not(None))
    if after_id:
        q = q.where(Article.id > after_id)
    return list(session.exec(q).all())


def stale_work(session: Session, cutoff: datetime, limit: int = 5000) -> tuple[list[int], list[int]]:
    """(entry ids still pending, article ids still unanalysed) from before the cutoff."""
    entries = session.exec(select(Entry.id).where(Entry.status == "pending").where(Entry.first_seen < cutoff)
                           .order_by(Entry.id).limit(limit)).all()
    articles = session.exec(select(Article.id).where(Article.analysed_at.is_(None)).where(Article.fetched_at < cutoff)
                            .order_by(Article.id).limit(limit)).all()
    return list(entries), list(articles)


def article_ids_since(session: Session, since: datetime, feed_id: str | None = None) -> list[int]:
    """Articles (prose, not teasers or photo pages) published (else fetched) since `since`, optionally of
    one feed or carried by it."""
    q = select(Article.id).where(Article.kind == "article").where(
        (Article.published >= since) | (Article.published.is_(None) & (Article.fetched_at >= since)))
    if feed_id:
        ids_via_entries = select(Entry.article_id).where(Entry.source_id == feed_id)
        q = q.where((Article.source_id == feed_id) | Article.id.in_(ids_via_entries))
    return list(session.exec(q.order_by(Article.id)).all())


def article_text(session: Session, article_id: int) -> tuple[str, str] | None:
    """(text, headline) of one article, the input of its analysis."""
    art = session.get(Article, article_id)
    return None if art is None else (art.text, art.title or "")


# ---------------------------------------------------------------- dead letters

def add_dead_letter(session: Session, task: str, args: list, error: str, traceback: str, attempts: int,
                    at: datetime) -> None:
    session.add(DeadLetter(task=task, args=list(args), error=error[:2000], traceback=traceback[-8000:],
                           attempts=attempts, created_at=at))


def dead_letters(session: Session, letter_id: int | None = None) -> list[DeadLetter]:
    """One dead letter by id, else every one not yet replayed."""
    q = select(DeadLetter).order_by(DeadLetter.id)
    q = q.where(DeadLetter.id == letter_id) if letter_id else q.where(DeadLetter.replayed_at.is_(None))
    return list(session.exec(q).all())


def mark_replayed(session: Session, letter_id: int) -> None:
    row = session.get(DeadLetter, letter_id)
    row.replayed_at = datetime.now(timezone.utc)
    session.add(row)


# ---------------------------------------------------------------- what people look at

def active_sources(session: Session) -> list[Source]:
    return list(session.exec(select(Source).where(Source.active.is_(True)).order_by(Source.id)).all())


def count_by(session: Session, column) -> dict[str, int]:  # noqa: ANN001
    return {k or "": v for k, v in session.execute(select(column, func.count()).group_by(column)).all()}


def stats(engine: Engine) -> dict[str, object]:
    """Counts for `monitor stats`."""
    with Session(engine) as s:
        def n(q) -> int:  # noqa: ANN001
            return int(s.exec(q).one())
        skipped = {k: v for k, v in count_by(s, Entry.skip_reason).items() if k}
        dups = {k: v for k, v in count_by(s, Entry.duplicate).items() if k}
        kinds = {k: v for k, v in count_by(s, Article.kind).items() if k}
        return {
            "sources": n(select(func.count()).select_from(Source).where(Source.active.is_(True))),
            "feed_entries": n(select(func.count()).select_from(Entry)),
            "entries_pending": n(select(func.count()).select_from(Entry).where(Entry.status == "pending")),
            "entries_failed": n(select(func.count()).select_from(Entry).where(Entry.status == "failed")),
            "articles": n(select(func.count()).select_from(Article)),
            "articles_by_kind": kinds,
            "near_duplicates_linked": dups.get("near", 0),
            "duplicates_linked": sum(dups.values()),
            "duplicates_by_kind": dups,
            "skipped": sum(skipped.values()),
            "skipped_by_reason": skipped,
            "analysed_articles": n(select(func.count()).select_from(Article).where(Article.analysed_at.is_not(None))
                                   .where(Article.analysis_skipped.is_(None))),
            "entities": n(select(func.count()).select_from(EntityRow)),
            "quotes": n(select(func.count()).select_from(QuoteRow)),
            "figures": n(select(func.count()).select_from(FigureRow)),
        }


def sample_claims(engine: Engine, n: int = 3) -> tuple[list[tuple[QuoteRow, str]], list[FigureRow]]:
    """A few quotes (with their article's title) and figures, to show after the demo: quotes on a followed
    topic with a named speaker, one per article, newest articles first (else any quotes)."""
    with Session(engine) as session:
        rows = session.exec(select(QuoteRow, Article.title).join(Article).where(QuoteRow.speaker.is_not(None))
                            .order_by(Article.published.desc(), QuoteRow.start).limit(50 * n)).all()
        quotes, seen = [], set()
        for q, title in rows:
            if q.topics and q.article_id not in seen and len(quotes) < n:
                seen.add(q.article_id)
                quotes.append((q, title))
        if not quotes:
            quotes = list(session.exec(select(QuoteRow, Article.title).join(Article).limit(n)).all())
        figures = list(session.exec(select(FigureRow).where(FigureRow.unit.in_(("IDR", "percent")))
                                    .order_by(FigureRow.id).limit(n)).all())
    return quotes, figures
