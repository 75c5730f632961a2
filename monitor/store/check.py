"""Store health behind `monitor check`: integrity, orphans, and search index in step.

Each check returns a Finding; any finding with problems makes the command
exit non-zero, so it can run from cron or a health probe.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class Finding:
    check: str
    problems: int
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problems == 0


_ORPHANS = {
    "feed entries pointing at a missing article":
        "SELECT count(*) FROM feed_entry e WHERE e.article_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM article a WHERE a.id = e.article_id)",
    "feed entries of a missing source":
        "SELECT count(*) FROM feed_entry e WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.id = e.source_id)",
    "entries marked done without an article":
        "SELECT count(*) FROM feed_entry WHERE status = 'done' AND article_id IS NULL",
    "articles no entry points at":
        "SELECT count(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM feed_entry e WHERE e.article_id = a.id)",
    "entities of a missing article":
        "SELECT count(*) FROM entity x WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = x.article_id)",
    "quotes of a missing article":
        "SELECT count(*) FROM quote x WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = x.article_id)",
    "figures of a missing article":
        "SELECT count(*) FROM figure x WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = x.article_id)",
    "stance rows of a missing article":
        "SELECT count(*) FROM article_stance x WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = x.article_id)",
}

_INDEX = {
    "quotes missing from the search index":
        "SELECT count(*) FROM quote q WHERE NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.kind = 'quote' AND d.ref_id = q.id)",
    "figures missing from the search index":
        "SELECT count(*) FROM figure f WHERE NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.kind = 'figure' AND d.ref_id = f.id)",
    "search entries whose quote is gone":
        "SELECT count(*) FROM search_doc d WHERE d.kind = 'quote' AND NOT EXISTS (SELECT 1 FROM quote q WHERE q.id = d.ref_id)",
    "search entries whose figure is gone":
        "SELECT count(*) FROM search_doc d WHERE d.kind = 'figure' AND NOT EXISTS (SELECT 1 FROM figure f WHERE f.id = d.ref_id)",
    "search entries whose article is gone":
        "SELECT count(*) FROM search_doc d WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = d.article_id)",
}


def check_store(engine: Engine) -> list[Finding]:
    findings: list[Finding] = []
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            findings.append(Finding("sqlite integrity_check", 0 if rows == ["ok"] else len(rows),
                                    "" if rows == ["ok"] else "; ".join(rows[:5])))
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            findings.append(Finding("foreign keys", len(fk), "; ".join(f"{r[0]} row {r[1]} -> {r[2]}" for r in fk[:5])))
            if _has(conn, "search_fts"):
                try:
                    conn.exec_driver_sql("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
                    findings.append(Finding("FTS5 index integrity", 0))
                except sa.exc.DatabaseError as exc:
                    findings.append(Finding("FTS5 index integrity", 1, str(exc.orig)))
                n_doc = conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar_one()
                n_fts = conn.exec_driver_sql("SELECT count(*) FROM search_fts").scalar_one()
                findings.append(Finding("FTS5 rows match search documents", abs(n_doc - n_fts),
                                        f"{n_doc} documents, {n_fts} FTS rows" if n_doc != n_fts else ""))
        else:
            bad = conn.exec_driver_sql("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid").all()
            findings.append(Finding("PostgreSQL indexes valid", len(bad), ", ".join(r[0] for r in bad)))
            conn.exec_driver_sql("SELECT count(*) FROM article").scalar_one()  # every page of the table readable
        for name, sql in _ORPHANS.items():
            findings.append(Finding(name, int(conn.exec_driver_sql(sql).scalar_one())))
        if _has(conn, "search_doc"):
            for name, sql in _INDEX.items():
                findings.append(Finding(name, int(conn.exec_driver_sql(sql).scalar_one())))
        conn.rollback()
    return findings


def _has(conn: sa.Connection, table: str) -> bool:
    return sa.inspect(conn).has_table(table)
