"""Alembic's environment for Floor: always run from ``models.schema`` with a
connection in ``config.attributes["connection"]`` (no alembic.ini, no URL
here). SQLite uses batch mode (copy-and-move tables) for changes ALTER
TABLE cannot make."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from models import tables  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
