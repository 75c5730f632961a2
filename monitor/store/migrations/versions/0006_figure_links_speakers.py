"""figure links (the earlier value of a stated change, the bounds of a range) and speaker corrections

Revision ID: 0006
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("figure") as batch:
        batch.add_column(sa.Column("previous", sa.Float(), nullable=True))
        batch.add_column(sa.Column("range_low", sa.Float(), nullable=True))
        batch.add_column(sa.Column("range_high", sa.Float(), nullable=True))
    op.create_table(
        "speaker_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("other", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("speaker_correction")
    with op.batch_alter_table("figure") as batch:
        batch.drop_column("range_high")
        batch.drop_column("range_low")
        batch.drop_column("previous")
