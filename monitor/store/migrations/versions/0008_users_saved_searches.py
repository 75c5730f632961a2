"""web users and their saved searches (alerts by e-mail); indexes for the figures and organisation pages

Revision ID: 0008
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("seen_id", sa.Integer(), nullable=False),
        sa.Column("alerted_id", sa.Integer(), nullable=False),
        sa.Column("last_alert_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_saved_search_user_id", "saved_search", ["user_id"])
    op.create_index("ix_figure_subject_unit", "figure", ["subject", "unit"])  # the figures page's lookups
    # covering indexes of the speaker, organisation and dashboard pages (no quote-row reads for their counts);
    # PostgreSQL cannot put a json column in a btree key, so there it is an INCLUDEd column
    pg = op.get_bind().dialect.name == "postgresql"
    for name, keys in (("ix_quote_speaker_cover", ["speaker", "speaker_role", "speaker_org"]),
                       ("ix_quote_org_cover", ["speaker_org", "speaker", "speaker_role"])):
        if pg:
            op.create_index(name, "quote", keys, postgresql_include=["topics", "article_id"])
        else:
            op.create_index(name, "quote", keys + ["topics", "article_id"])
    op.create_index("ix_quote_article_speaker", "quote", ["article_id", "speaker", "speaker_org"])


def downgrade() -> None:
    for name in ("ix_quote_article_speaker", "ix_quote_org_cover", "ix_quote_speaker_cover"):
        op.drop_index(name, table_name="quote")
    op.drop_index("ix_figure_subject_unit", table_name="figure")
    op.drop_index("ix_saved_search_user_id", table_name="saved_search")
    op.drop_table("saved_search")
    op.drop_table("app_user")
