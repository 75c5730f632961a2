"""Shared by the storage fault tests: a comparable picture of a SQLite store."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def snapshot(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        return {
            "entries": con.execute("SELECT count(*) FROM feed_entry").fetchone()[0],
            "articles": con.execute("SELECT count(*) FROM article").fetchone()[0],
            "urls": sorted(r[0] for r in con.execute("SELECT canonical_url FROM article")),
            "links": sorted(map(repr, con.execute("SELECT f.entry_key, f.status, f.duplicate, f.skip_reason, a.canonical_url "
                                        "FROM feed_entry f LEFT JOIN article a ON a.id = f.article_id").fetchall())),
        }
    finally:
        con.close()
