"""Writes that more than one stage needs. Each function runs inside the caller's transaction."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone

from sqlmodel import Session, delete, select

from monitor.store import fts
from monitor.store.models import Article, EntityRow, FigureRow, QuoteRow, StanceRow
from monitor.types import Analysis, TopicLabel


def _topic_json(labels: tuple[TopicLabel, ...]) -> list[dict]:
    return [{"topic": t.topic, "score": t.score, "stance": t.stance, "assessment": t.assessment,
             "evidence": list(t.evidence)} for t in labels]


def clear_analysis(session: Session, article_id: int) -> None:
    fts.delete_article(session, article_id)
    for table in (EntityRow, QuoteRow, FigureRow, StanceRow):
        session.exec(delete(table).where(table.article_id == article_id))


def save_analysis(session: Session, article_id: int, analysis: Analysis) -> None:
    """Replace an article's NLP rows with this analysis (idempotent) and re-index it.

    The article row is locked first (FOR UPDATE on PostgreSQL; SQLite has one writer anyway), so
    two workers re-analysing one article cannot interleave their deletes and inserts."""
    session.exec(select(Article.id).where(Article.id == article_id).with_for_update()).first()
    before = fts.claim_ids(session, article_id)  # unchanged claims keep their index ids
    clear_analysis(session, article_id)
    version = analysis.model_version
    for e in analysis.entities:
        session.add(EntityRow(article_id=article_id, text=e.text, label=e.label, mentions=[list(m) for m in e.mentions],
                              alias_of=e.alias_of, role=e.role, model_version=version))
    for q in analysis.quotes:
        session.add(QuoteRow(article_id=article_id, text=q.text, kind=q.kind, start=q.start, end=q.end, speaker=q.speaker,
                             speaker_role=q.speaker_role, speaker_org=q.speaker_org, cue=q.cue,
                             topics=_topic_json(q.topics), model_version=version))
    for f in analysis.figures:
        session.add(FigureRow(article_id=article_id, model_version=version, **asdict(f)))
    for t in analysis.topics:
        session.add(StanceRow(article_id=article_id, topic=t.topic, score=t.score, stance=t.stance,
                              assessment=t.assessment, evidence=list(t.evidence), model_version=version))
    article = session.get(Article, article_id)
    if article is not None:
        article.analysed_at = datetime.now(timezone.utc)
        article.model_version = version
        article.analysis_skipped = analysis.skipped
        session.add(article)
    session.flush()
    fts.reindex_article(session, article_id, before)
