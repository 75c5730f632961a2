"""figure links: the earlier value of a stated change and the bounds of a range

Revision ID: 0006
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("figure") as batch:
        batch.add_column(sa.Column("previous", sa.Float(), nullable=True))
        batch.add_column(sa.Column("range_low", sa.Float(), nullable=True))
        batch.add_column(sa.Column("range_high", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figure") as batch:
        batch.drop_column("range_high")
        batch.drop_column("range_low")
        batch.drop_column("previous")
