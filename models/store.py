"""The store: one database, short sessions, one transaction per chair action.

SQLite is the embedded default (one file, WAL, ``BEGIN IMMEDIATE`` for writes
so a second process on the same file waits instead of failing half-way);
the same code runs on PostgreSQL through a ``postgresql://`` URL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from models import tables  # noqa: F401  (registers the tables)
from models.schema import prepare
from models.tables import Meeting

#: How long a writer waits for another process's lock, in milliseconds.
BUSY_TIMEOUT_MS = 5000


def default_db_path() -> Path:
    """Where the database lives unless ``--db`` or ``FLOOR_DB`` say otherwise.

    Returns ``FLOOR_DB`` if set, else ``<user data dir>/floor/floor.db``
    (platformdirs: ``~/.local/share/floor/floor.db`` on Linux).
    """
    env = os.environ.get("FLOOR_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("floor", appauthor=False) / "floor.db"


def _db_url(db: str | Path) -> str:
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(engine: Engine, begin: str = "BEGIN IMMEDIATE") -> None:
    """Set busy_timeout, foreign keys and FULL sync on every connection,
    and make SQLAlchemy's BEGIN the given one (the SQLAlchemy docs'
    "Serializable isolation / Savepoints / Transactional DDL" recipe):
    ``BEGIN IMMEDIATE`` for writes (a second writer waits at the start, never
    half-way), a plain deferred ``BEGIN`` for reads (a reader never takes the
    write lock; WAL gives it a consistent snapshot)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed chair action survives a power cut (about 0.25 ms a
        # commit here; the chair makes a few a minute).
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - trivial
        conn.exec_driver_sql(begin)


class Store:
    """A handle on one Floor database.

    Args:
        db: a file path (SQLite) or a SQLAlchemy URL (e.g. ``postgresql://…``).
            Parent folders of a SQLite file are created.
        writable: False to open for reading only: a database that would
            need creating or upgrading is refused instead.

    Raises:
        models.schema.SchemaError: the database is from a newer Floor, lacks
            a column, or needs an upgrade it cannot get (nothing changed).
    """

    def __init__(self, db: str | Path, *, writable: bool = True) -> None:
        url = _db_url(db)
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            path.parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine = create_engine(url)
        self.read_engine = self.engine
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
            if url not in ("sqlite://", "sqlite:///:memory:"):  # an in-memory database is one connection's
                self.read_engine = create_engine(url)
                _sqlite_pragmas(self.read_engine, begin="BEGIN")
        try:
            prepare(self.engine, self.read_engine, writable=writable, label=str(db))
            if writable and self.read_engine is not self.engine:
                # WAL once the schema is known good (a refused file keeps its
                # header): readers never block the writer; it stays set in the file.
                with self.engine.connect() as conn:
                    conn.connection.driver_connection.execute("PRAGMA journal_mode=WAL")
        except BaseException:
            self.dispose()
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read session (a snapshot; never takes the write lock);
        objects stay usable after it closes."""
        with Session(self.read_engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def meetings(self) -> list[Meeting]:
        """All meetings in the database, oldest import first."""
        with self.read() as s:
            return list(s.exec(select(Meeting).order_by(Meeting.imported_at)))

    def meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting with this id, or None."""
        with self.read() as s:
            return s.get(Meeting, meeting_id)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        self.read_engine.dispose()
