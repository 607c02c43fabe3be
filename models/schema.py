"""The schema of a Floor database: create it, check it, upgrade it.

Revisions are Alembic migrations in ``models/migrations/versions`` (batch
mode on SQLite). Opening a database (:func:`prepare`, called by
``models.store.Store``):

- an empty database gets today's tables and is stamped :data:`SCHEMA_REVISION`;
- a database at :data:`SCHEMA_REVISION` is checked for missing columns;
- a database at an older revision is backed up next to itself (SQLite,
  ``models.backup_paths``), then upgraded in one transaction;
- a database from before revisions existed is taken as the baseline if it
  has every baseline column, then upgraded;
- a database from a newer Floor, or one that lacks a column, is refused with
  :class:`SchemaError` and never modified.

Alembic is imported only to upgrade, so opening an up-to-date database costs
one query per table.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, MetaData, String, Table, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from models import tables  # noqa: F401  (registers the tables)

#: The newest schema revision this Floor knows (Alembic's head; a test checks).
SCHEMA_REVISION = "0009_participation"

#: Where the revisions live (Alembic's ``script_location``).
MIGRATIONS = Path(__file__).with_name("migrations")

_version_metadata = MetaData()
#: Alembic's own bookkeeping table, declared here so a new database is
#: stamped without importing Alembic.
alembic_version = Table(
    "alembic_version",
    _version_metadata,
    Column("version_num", String(32), primary_key=True, nullable=False),
)


class SchemaError(Exception):
    """The database cannot be used by this Floor; it was not modified.

    ``str(error)`` says what is wrong and what to do.
    """


def prepare(
    engine: Engine, read_engine: Engine | None = None, *, writable: bool = True, label: str = "the database"
) -> None:
    """Make the database at ``engine`` ready for this Floor, or refuse it.

    Args:
        engine: the store's write engine (SQLite or PostgreSQL).
        read_engine: an engine whose transactions take no write lock (the
            check of an up-to-date database runs there); default ``engine``.
        writable: False when the database may only be read (then a database
            that needs creating or upgrading is refused instead).
        label: how messages name the database (its path or URL).

    Raises:
        SchemaError: a newer Floor's database, a missing column, or a
            database that needs upgrading but cannot be written.
    """
    with (read_engine or engine).connect() as conn:
        revision = _revision(conn, label)
        if revision == SCHEMA_REVISION:
            _check_columns(conn, SQLModel.metadata, label)
            return
    if not writable and revision is None:
        raise SchemaError(f"{label} is empty: not a Floor database (yet); nothing was changed")
    if not writable:
        raise SchemaError(
            f"{label} is at schema revision {revision or 'none'}, this Floor needs "
            f"{SCHEMA_REVISION}; open it once where it can be written to upgrade it"
        )
    if revision is not None and engine.dialect.name == "sqlite":
        if revision and revision not in _known_revisions():
            raise SchemaError(_newer(label, revision))
        from models.backup_paths import backup_before_upgrade

        backup_before_upgrade(str(engine.url), revision or "unversioned")
    with engine.connect() as conn:
        _upgrade(conn, label)


def check_openable(url: str, label: str) -> None:
    """Refuse, without writing, a database this Floor could not open: not a
    Floor database (empty, or another program's tables) or from a newer Floor.
    An older revision passes (opening it upgrades it).

    Raises:
        SchemaError: what is wrong, naming ``label``.
    """
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            revision = _revision(conn, label)
    finally:
        engine.dispose()
    if revision is None:
        raise SchemaError(f"{label} is empty: not a Floor database; nothing was changed")
    if revision and revision != SCHEMA_REVISION and revision not in _known_revisions():
        raise SchemaError(_newer(label, revision))


def _revision(conn: Connection, label: str = "the database") -> str | None:
    """The stamped revision, "" for a database with Floor tables but no
    stamp, None for an empty database.

    Raises:
        SchemaError: tables, none of them Floor's (another program's database).
    """
    names = set(inspect(conn).get_table_names())
    if "alembic_version" in names:
        return conn.execute(select(alembic_version.c.version_num)).scalar() or ""
    if names & set(SQLModel.metadata.tables):
        return ""
    if names:
        raise SchemaError(f"{label} holds other tables ({', '.join(sorted(names)[:5])}): "
                          "it is not a Floor database; nothing was changed — choose another --db")
    return None


def _newer(label: str, revision: str) -> str:
    return (
        f"{label} was written by a newer Floor (schema revision {revision}); "
        "install that version of Floor to open it; nothing was changed"
    )


def _known_revisions() -> list[str]:
    """Every revision shipped with this Floor, oldest first."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def _check_columns(conn: Connection, metadata: MetaData, label: str) -> None:
    """Refuse a database that lacks a table or column of ``metadata``."""
    inspector = inspect(conn)
    present = set(inspector.get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in present:
            raise SchemaError(f"{label} has no table {table.name!r}: it is damaged or not a Floor database; nothing was changed")
        have = {c["name"] for c in inspector.get_columns(table.name)}
        missing = [c.name for c in table.columns if c.name not in have]
        if missing:
            raise SchemaError(
                f"{label}: table {table.name!r} lacks column {missing[0]!r}: it is damaged or was "
                "changed by hand; nothing was changed (restore a backup: floor restore)"
            )


def _baseline_metadata() -> MetaData:
    """The tables of the first revision, reflected from a scratch in-memory database."""
    from sqlalchemy import create_engine

    scratch = create_engine("sqlite://")
    with scratch.begin() as conn:
        _alembic(conn, "upgrade", _known_revisions()[0])
    reflected = MetaData()
    reflected.reflect(scratch)
    reflected.remove(reflected.tables["alembic_version"])
    scratch.dispose()
    return reflected


def _alembic(conn: Connection, command_name: str, revision: str) -> None:
    """Run ``alembic upgrade|stamp revision`` on ``conn`` (inside its transaction)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    getattr(command, command_name)(config, revision)


def _upgrade(conn: Connection, label: str) -> None:
    """Create, stamp or upgrade under the write lock, in one transaction."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # batch mode copies tables: foreign keys must be off, outside a transaction
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        with conn.begin():
            revision = _revision(conn, label)  # again, now under the write lock
            if revision is None:
                SQLModel.metadata.create_all(conn)
                from models.search_index import create_index

                create_index(conn)  # the full-text index: not a table of the models
                _version_metadata.create_all(conn)
                conn.execute(alembic_version.insert().values(version_num=SCHEMA_REVISION))
                return
            if revision == SCHEMA_REVISION:
                _check_columns(conn, SQLModel.metadata, label)
                return
            known = _known_revisions()
            if revision == "":
                _check_columns(conn, _baseline_metadata(), label)
            elif revision not in known:
                raise SchemaError(_newer(label, revision))
            if revision == "":
                _alembic(conn, "stamp", known[0])
            _alembic(conn, "upgrade", SCHEMA_REVISION)
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise SchemaError(f"{label}: the upgrade broke {len(broken)} references; nothing was changed")
            _check_columns(conn, SQLModel.metadata, label)
    finally:
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
