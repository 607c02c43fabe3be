"""Backups of a Floor database, and the one copy between databases they use.

:func:`copy_database` is the one path every copy takes — a backup, a
restore, a PostgreSQL meeting copied to a SQLite file: between two SQLite
files it is SQLite's online backup API (a consistent snapshot while the
meeting goes on), otherwise it copies every row of every table through
SQLAlchemy in one transaction on each side.

Automatic backups (:func:`rotating_backup`, at each item change) go into
:func:`backups_dir`, a folder next to a SQLite database
(``floor.db`` → ``floor.db.backups/``; for PostgreSQL, in the user data
folder); the newest :data:`KEEP` are kept.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from models.backup_paths import backup_name, backups_dir, copy_sqlite_file, sqlite_path

#: How many automatic backups are kept per database.
KEEP = 10

#: Rows per INSERT when copying between engines.
CHUNK = 1000


class BackupError(Exception):
    """A backup or restore could not be made; ``str(error)`` says why.
    Nothing was changed at the destination."""


def copy_database(source_url: str, target_url: str) -> None:
    """Copy the whole database at ``source_url`` over the one at ``target_url``.

    Both must be at the same schema revision (open each with
    ``models.store.Store`` first; a new SQLite target is created). Between
    SQLite files: the online backup API, written to a temporary file and
    renamed into place (a new target) or copied page by page under the
    target's write lock (an existing one). Otherwise: every row of every
    table, in foreign-key order, in one transaction on the target whose
    rows are replaced.

    Raises:
        BackupError: the copy failed (disk full, unreadable source, …);
            the target is as it was.
    """
    source, target = sqlite_path(source_url), sqlite_path(target_url)
    try:
        if source is not None and target is not None:
            _sqlite_copy(source, target)
        else:
            _row_copy(source_url, target_url)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"could not copy {source_url} to {target_url}: {exc}") from exc
    except SQLAlchemyError as exc:  # it wraps the driver's error
        raise BackupError(f"could not copy {source_url} to {target_url}: {getattr(exc, 'orig', None) or exc}") from exc


def _sqlite_copy(source: Path, target: Path) -> None:
    if target.exists():  # restore in place: other processes see the new pages at once
        src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=5.0)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return
    verdict = copy_sqlite_file(source, target, check=True)
    if verdict != "ok":  # a damaged database copies as damaged: that is no backup
        raise BackupError(f"{source} is damaged ({verdict}); no backup was written — restore an "
                          "earlier backup (floor backup --list, floor restore)")


def _row_copy(source_url: str, target_url: str) -> None:
    from models.store import Store

    source, target = Store(source_url), Store(target_url)
    try:
        tables = SQLModel.metadata.sorted_tables
        with source.engine.connect() as read, target.engine.begin() as write:
            for table in reversed(tables):
                write.execute(delete(table))
            for table in tables:
                rows, batch = read.execute(select(table)), []
                for row in rows.mappings():
                    batch.append(dict(row))
                    if len(batch) == CHUNK:
                        write.execute(insert(table), batch)
                        batch = []
                if batch:
                    write.execute(insert(table), batch)
            _reset_sequences(write)
    finally:
        source.dispose()
        target.dispose()


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move each serial id's sequence past the copied rows."""
    if conn.dialect.name != "postgresql":
        return
    for table in SQLModel.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].autoincrement is not False and key[0].type.python_type is int:
            top = conn.execute(select(func.max(key[0]))).scalar()
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
                {"t": table.name, "c": key[0].name, "v": top or 1, "called": top is not None},
            )


def backup(url: str, target: Path) -> Path:
    """Write a backup of the database at ``url`` to the SQLite file ``target``
    (must not exist yet). Returns ``target``.

    Raises:
        BackupError: the file exists, or the copy failed.
    """
    if target.exists():
        raise BackupError(f"{target} exists already; choose another file")
    if sqlite_path(url) is None:  # another engine: make an empty SQLite Floor database first
        from models.store import Store

        Store(target).dispose()
        try:
            copy_database(url, f"sqlite:///{target}")
        except BackupError:
            target.unlink(missing_ok=True)
            raise
        return target
    copy_database(url, f"sqlite:///{target}")
    return target


def rotating_backup(url: str, reason: str, now: datetime, keep: int = KEEP) -> Path | None:
    """An automatic backup (e.g. at an item change) into :func:`backups_dir`;
    the newest ``keep`` are kept, older ones deleted. Returns the file, or
    None for an in-memory database.

    Raises:
        BackupError: as :func:`backup`.
    """
    if url in ("sqlite://", "sqlite:///:memory:"):
        return None
    made = backup(url, backups_dir(url) / backup_name(now, reason))
    for old in list_backups(url)[:-keep]:
        old.unlink(missing_ok=True)
    return made


def list_backups(url: str) -> list[Path]:
    """The automatic backups of the database at ``url``, oldest first."""
    folder = backups_dir(url)
    return sorted(folder.glob("floor-*.db")) if folder.is_dir() else []


def restore(url: str, source: Path, now: datetime) -> Path | None:
    """Replace the database at ``url`` with the backup file ``source``.

    The backup is checked first (a readable SQLite Floor database, not from
    a newer Floor); the database being replaced is itself backed up first
    (reason "before-restore"), and that file is returned (None if the
    database did not exist or is in memory).

    Raises:
        BackupError: the backup is missing, damaged or not a Floor database,
            or the copy failed; the database is as it was.
    """
    from models.schema import SchemaError, check_openable
    from models.store import Store

    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            verdict = probe.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            probe.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{source} is not a readable SQLite database: {exc}") from exc
    if verdict != "ok":
        raise BackupError(f"{source} is damaged ({verdict}); choose another backup")
    try:
        check_openable(f"sqlite:///file:{quote(str(source))}?mode=ro&uri=true", str(source))
    except SchemaError as exc:
        raise BackupError(str(exc)) from exc
    path = sqlite_path(url)
    safety = None
    if path is None or path.exists():
        safety = rotating_backup(url, "before-restore", now, keep=KEEP + 1)
    if path is None:  # another engine: its tables must exist before rows arrive
        Store(url).dispose()
    copy_database(f"sqlite:///{source}", url)
    Store(url).dispose()  # an older backup is upgraded now
    return safety
