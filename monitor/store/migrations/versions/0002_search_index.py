"""search index: one row per claim (quote, figure, title) plus the full-text index

SQLite: search_doc + an FTS5 table search_fts (rowid = search_doc.id) holding
the stemmed text. PostgreSQL: search_doc with a tsvector column and a GIN
index. The stemming happens in Python (monitor.search.text) on both, so the
two stores match the same words.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),  # quote, figure, title
        sa.Column("ref_id", sa.Integer(), nullable=False),  # quote.id, figure.id or article.id
        sa.Column("text", sa.Text(), nullable=False),  # what is shown: the quote, the figure's sentence, the title
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("speaker_role", sa.String(), nullable=True),
        sa.Column("speaker_org", sa.String(), nullable=True),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("published", sa.BigInteger(), nullable=False),  # epoch seconds UTC (fetched_at when unknown)
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(), nullable=True),  # lower-cased unit, or the printed unit word
        sa.Column("unit_word", sa.String(), nullable=True),
        sa.Column("subject", sa.String(), nullable=True),
        sa.Column("topics", sa.Text(), nullable=False, server_default="[]"),  # JSON, for display
        sa.Column("group_key", sa.String(32), nullable=False),  # same claim text → same key
    )
    op.create_index("ix_search_doc_article", "search_doc", ["article_id"])
    op.create_index("ix_search_doc_published", "search_doc", ["published"])
    op.create_index("ix_search_doc_group", "search_doc", ["group_key"])
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, speaker, org, tags, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        # ORDER BY rank uses these weights: the claim's words count most, tags (facets) not at all
        op.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(1.0, 0.6, 0.4, 0.0)')")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE search_doc ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector")
        op.execute("CREATE INDEX ix_search_doc_tsv ON search_doc USING gin (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_index("ix_search_doc_group", table_name="search_doc")
    op.drop_index("ix_search_doc_published", table_name="search_doc")
    op.drop_index("ix_search_doc_article", table_name="search_doc")
    op.drop_table("search_doc")
