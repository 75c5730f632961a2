"""digest send log (owned by the digest engineer)

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_send_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscriber", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("claimed_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("next_attempt", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subscriber", "period", name="uq_sendlog_subscriber_period"),
    )
    with op.batch_alter_table("digest_send_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_send_log_subscriber"), ["subscriber"], unique=False)
        batch_op.create_index(batch_op.f("ix_digest_send_log_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("digest_send_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_send_log_status"))
        batch_op.drop_index(batch_op.f("ix_digest_send_log_subscriber"))
    op.drop_table("digest_send_log")
