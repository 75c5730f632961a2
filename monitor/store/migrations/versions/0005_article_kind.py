"""article.kind: article, photo, video or teaser (only articles are analysed)

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="article"))
        batch_op.create_index("ix_article_kind", ["kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.drop_index("ix_article_kind")
        batch_op.drop_column("kind")
