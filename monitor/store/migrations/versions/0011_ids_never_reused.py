"""claim ids are never reused: SQLite AUTOINCREMENT on search_doc, quote and figure

Saved-search watermarks ("new since your last visit", alerts) compare search_doc ids, and the speaker-map
and measure-group caches are stamped with the newest quote and figure id; all assume an id once issued
is never issued again. A plain SQLite INTEGER PRIMARY KEY hands out max(id)+1, so re-analysing the
newest article (its rows deleted, then inserted again) reissued its ids. SQLite can only add
AUTOINCREMENT by rebuilding the table: copy into a new table with the same columns, ids and indexes,
drop the old one, rename. The ids are kept, so the FTS5 index (search_fts, rowid = search_doc.id) stays
valid untouched. All of it runs in the migration's one transaction (monitor.store.db emits BEGIN for
DDL). PostgreSQL sequences never hand out a number twice: nothing to do there.

Also an index on article.analysed_at, so the store's change marker (monitor.store.stamp: newest ids and
newest analysis time, what cached chart images are keyed by) is a few index lookups on both databases.

Revision ID: 0011
Revises: 0010
"""
import re

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("search_doc", "quote", "figure")
_PLAIN = re.compile(r"(\n\s*\"?id\"? INTEGER NOT NULL)( PRIMARY KEY)?,")
_PK = re.compile(r",\s*PRIMARY KEY \(id\)")
_AUTO = re.compile(r"(\n\s*\"?id\"? INTEGER NOT NULL) PRIMARY KEY AUTOINCREMENT,")


def _rebuild(table: str, new_sql: str) -> None:
    """Recreate `table` from its CREATE statement `new_sql` (named `<table>__rebuild`), rows, ids and indexes kept."""
    conn = op.get_bind()
    indexes = [sql for (sql,) in conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))]
    tmp = f"{table}__rebuild"
    conn.exec_driver_sql(new_sql)
    conn.exec_driver_sql(f"INSERT INTO {tmp} SELECT * FROM {table}")  # same columns in the same order
    conn.exec_driver_sql(f"DROP TABLE {table}")
    conn.exec_driver_sql(f"ALTER TABLE {tmp} RENAME TO {table}")  # also renames its sqlite_sequence row
    for sql in indexes:
        conn.exec_driver_sql(sql)


def _create_sql(table: str) -> str:
    return op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()


def _renamed(sql: str, table: str) -> str:
    new, n = re.subn(rf"^CREATE TABLE \"?{table}\"? \(", f"CREATE TABLE {table}__rebuild (", sql)
    if n != 1:
        raise RuntimeError(f"unexpected definition of table {table}: {sql[:80]}")
    return new


def upgrade() -> None:
    op.create_index("ix_article_analysed_at", "article", ["analysed_at"])
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        sql = _create_sql(table)
        if "AUTOINCREMENT" in sql.upper():  # made so by a newer definition already
            continue
        m = _PLAIN.search(sql)
        new = _PLAIN.sub(r"\1 PRIMARY KEY AUTOINCREMENT,", sql, count=1)
        new, n = _PK.subn("", new, count=1)  # the key is a table constraint (0001, 0002) or, inline, already gone
        if m is None or n != (0 if m.group(2) else 1):
            raise RuntimeError(f"unexpected definition of table {table}: {sql[:80]}")
        _rebuild(table, _renamed(new, table))


def downgrade() -> None:
    op.drop_index("ix_article_analysed_at", table_name="article")
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        sql = _create_sql(table)
        new, n = _AUTO.subn(r"\1,", sql, count=1)
        if n != 1:
            continue
        # the table-level key again, as 0001 and 0002 wrote it (before the foreign keys, else last)
        at = new.find(", \n\tFOREIGN KEY")
        at = at if at >= 0 else new.rindex("\n)")
        new = new[:at] + ", \n\tPRIMARY KEY (id)" + new[at:]
        _rebuild(table, _renamed(new, table))
        op.get_bind().exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
