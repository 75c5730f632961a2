"""Reads behind the daily digest: the articles of a time window with their outlets and stance rows,
and the claim rows of a set of articles. The digest itself (monitor.digest.build) ranks and groups."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func
from sqlmodel import Session, select

from monitor.store.models import Article, EntityRow, Entry, FigureRow, QuoteRow, Source, StanceRow
from monitor.store.speakers import speaker_map

_CHUNK = 500  # ids per IN (...) list: well under every backend's bound-parameter limit


@dataclass
class DigestArticle:
    """One stored article as the digest sees it: its outlet, every outlet that carried it, its stance rows."""

    id: int
    outlet: str
    url: str
    title: str
    when: datetime  # UTC: published, else fetched
    outlets: set[str] = field(default_factory=set)
    topics: dict[str, StanceRow] = field(default_factory=dict)


def _aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt


def _chunks(ids: list[int]):  # noqa: ANN202
    return (ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK))


def window_articles(session: Session, start: datetime, end: datetime) -> dict[int, DigestArticle]:
    """Articles published (else fetched) in [start, end), by id."""
    when = func.coalesce(Article.published, Article.fetched_at)
    rows = session.exec(select(Article.id, Article.url, Article.title, Article.published, Article.fetched_at, Source.name)
                        .join(Source, Source.id == Article.source_id)
                        .where(when >= start, when < end)).all()
    arts = {r[0]: DigestArticle(id=r[0], url=r[1], title=r[2] or "", when=_aware(r[3] or r[4]), outlet=r[5],
                                outlets={r[5]})
            for r in rows}
    for chunk in _chunks(list(arts)):
        for art_id, name in session.exec(select(Entry.article_id, Source.name).join(Source, Source.id == Entry.source_id)
                                         .where(Entry.article_id.in_(chunk), Entry.duplicate.is_not(None))).all():
            arts[art_id].outlets.add(name)
        for row in session.exec(select(StanceRow).where(StanceRow.article_id.in_(chunk))).all():
            arts[row.article_id].topics[row.topic] = row
    return arts


def _rows(session: Session, table, ids: list[int]) -> list:  # noqa: ANN001
    out: list = []
    for chunk in _chunks(ids):
        out.extend(session.exec(select(table).where(table.article_id.in_(chunk))).all())
    return out


def quotes_of(session: Session, ids: list[int]) -> list[QuoteRow]:
    """The articles' quotes, each with its speaker record's canonical name as `speaker` (detached rows, so the
    digest groups, ranks and prints one speaker however the articles named them; nothing is written back)."""
    rows = _rows(session, QuoteRow, ids)
    canon = speaker_map(session.connection())
    for q in rows:
        session.expunge(q)
        if q.speaker:
            q.speaker = canon.get(q.speaker, q.speaker)
    return rows


def entities_of(session: Session, ids: list[int]) -> list[EntityRow]:
    return _rows(session, EntityRow, ids)


def figures_of(session: Session, ids: list[int]) -> list[FigureRow]:
    return _rows(session, FigureRow, ids)
