"""The store's latest-change marker, which caches of derived views (chart images) are keyed by.

It changes whenever an article is stored or (re-)analysed or a speaker correction is added, and costs a few
index lookups: maxima of ids that are never reused (migration 0011) and of article.analysed_at (indexed
there too), so a cache can ask it on every request.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

_STAMP = text("SELECT (SELECT MAX(id) FROM article), (SELECT MAX(analysed_at) FROM article), (SELECT MAX(id) FROM quote), "
              "(SELECT MAX(id) FROM figure), (SELECT MAX(id) FROM speaker_correction)")


def change_stamp(conn: Connection) -> tuple:
    """Equal on two calls only if nothing shown by the pages changed in between (re-analysis sets analysed_at)."""
    return tuple(str(v) for v in conn.execute(_STAMP).one())
