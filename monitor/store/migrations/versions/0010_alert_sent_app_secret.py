"""alerts remember claims by identity (alert_sent); a stored session-signing key (app_secret)

Revision ID: 0010
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_sent",
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("claim_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["search_id"], ["saved_search.id"]),
        sa.PrimaryKeyConstraint("search_id", "claim_key"),
    )
    op.create_table(
        "app_secret",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("app_secret")
    op.drop_table("alert_sent")
