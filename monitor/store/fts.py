"""Full-text index of claims (stub: the search issue fills this in).

Called by crud inside the same transaction as the rows it indexes, so the
index never disagrees with the store.
"""
from __future__ import annotations

from sqlmodel import Session


def reindex_article(session: Session, article_id: int) -> None:
    """Replace the index entries of one article's quotes, figures and title."""


def delete_article(session: Session, article_id: int) -> None:
    """Remove one article's index entries."""
