"""Alembic environment: runs on the connection handed over by monitor.store.db.migrate."""
from alembic import context
from sqlmodel import SQLModel

import monitor.store.models  # noqa: F401  (registers the tables)
import monitor.store.speakers  # noqa: F401  (speaker_correction)

target_metadata = SQLModel.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine
        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _configure(conn)
        return
    _configure(connection)


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=target_metadata,
                      # the search tables are made by hand in migration 0002; autogenerate must not drop them
                      include_name=lambda name, type_, parent: not (type_ == "table" and (name or "").startswith("search_")),
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()
