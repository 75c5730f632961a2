"""Reads of one stored article with everything found in it (the API's and web page's article view)."""
from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.store.models import Article, EntityRow, FigureRow, QuoteRow, Source, StanceRow


def article_detail(engine: Engine, article_id: int) -> dict | None:
    """The article, its outlet and its entity, quote, figure and stance rows as plain data; None if absent."""
    with Session(engine) as s:
        a = s.get(Article, article_id)
        if a is None:
            return None
        src = s.get(Source, a.source_id)
        rows = {name: [r.model_dump(exclude={"article_id"}) for r in s.exec(select(t).where(t.article_id == article_id).order_by(t.id))]
                for name, t in (("entities", EntityRow), ("quotes", QuoteRow), ("figures", FigureRow), ("stance", StanceRow))}
        return {"id": a.id, "title": a.title, "url": a.url, "outlet": src.name if src else a.source_id,
                "source_id": a.source_id, "author": a.author,
                "published": a.published.isoformat() if a.published else None, "lang": a.lang,
                "model_version": a.model_version, "text": a.text, **rows}
