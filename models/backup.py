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
from contextlib import closing
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
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
                _copy_rows(read, write, table, select(table))
            _reset_sequences(write)
    finally:
        source.dispose()
        target.dispose()


def _copy_rows(read: Connection, write: Connection, table, query) -> None:
    """Insert into ``table`` on ``write`` the rows ``query`` selects on ``read``,
    :data:`CHUNK` rows per INSERT (never the whole table in memory)."""
    batch: list[dict] = []
    for row in read.execute(query).mappings():
        batch.append(dict(row))
        if len(batch) == CHUNK:
            write.execute(insert(table), batch)
            batch = []
    if batch:
        write.execute(insert(table), batch)


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
        _forget_running_processes(target)
        return target
    copy_database(url, f"sqlite:///{target}")
    _forget_running_processes(target)
    return target


def _forget_running_processes(target: Path) -> None:
    """Empty the ``presence`` table of a new backup: its rows are the heartbeats
    of the processes that had the original open, not part of the record; kept,
    a copy opened at once would warn of another chair's screen that is not on
    it (``models.presence``)."""
    with closing(sqlite3.connect(target)) as conn, conn:
        conn.execute("DELETE FROM presence")


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


class CopyRefused(BackupError):
    """``floor copy`` would overwrite meetings in the target (without ``replace``);
    nothing was changed."""


def _belongs(table, meeting_ids: list[str]):
    """The condition "this row of ``table`` belongs to one of ``meeting_ids``"."""
    from models.tables import AgendaItem

    if table.name == "meeting":
        return table.c.id.in_(meeting_ids)
    if "meeting_id" in table.c:
        return table.c.meeting_id.in_(meeting_ids)
    if "item_id" in table.c:  # an intervention: by its item's meeting
        return table.c.item_id.in_(select(AgendaItem.id).where(AgendaItem.meeting_id.in_(meeting_ids)))
    raise AssertionError(f"table {table.name} has no way to its meeting")  # a new table: say how here


#: Tables of a series, not of a meeting: copied with the first meeting of their series, never deleted with one.
_OF_A_SERIES = ("series", "serieslogentry")


def copy_meetings(source_url: str, target_url: str, meeting_id: str | None = None, replace: bool = False) -> list[str]:
    """Copy one meeting (``meeting_id``) or every meeting from the database at
    ``source_url`` into the one at ``target_url`` (``floor copy``), between
    any two engines (SQLite, PostgreSQL), every row of every table with its
    own id, so the log's undo records and every cross-reference stay true.

    The source is opened read-only and never changed (one consistent
    snapshot is read). The target is created if it is a new SQLite file (a
    PostgreSQL database must exist; its tables are made). A target that
    already holds meetings is refused unless ``replace``: then the meetings
    copied replace those with the same id there, and (whole-database copy)
    the target's other meetings are removed too. Ids are kept, so a meeting
    copied into a database where another meeting has taken its ids is
    refused. All in one transaction on the target: on any failure it is as
    it was.

    Returns:
        The ids of the meetings copied, oldest import first.

    Raises:
        CopyRefused: the target holds meetings and ``replace`` is False.
        BackupError: no such meeting in the source, or the copy failed (an id
            taken by another meeting in the target, a full disk, …).
        models.store.StoreError, models.schema.SchemaError: a database cannot be
            opened (the source must be a Floor database of this revision).
    """
    from models.store import Store
    from models.tables import Meeting

    source = Store(source_url, read_only=True)
    try:
        target = Store(target_url)
    except BaseException:
        source.dispose()
        raise
    tables = SQLModel.metadata.sorted_tables
    try:
        reader = source.read_engine.connect()
        if reader.dialect.name == "postgresql":  # one snapshot for every table
            reader = reader.execution_options(isolation_level="REPEATABLE READ")
        with reader as read, target.engine.begin() as write:  # (SQLite: one deferred BEGIN, a snapshot)
            meeting_table = Meeting.__table__
            chosen = read.execute(select(meeting_table.c.id).order_by(meeting_table.c.imported_at)).scalars().all()
            if meeting_id is not None:
                if meeting_id not in chosen:
                    raise BackupError(f"no meeting '{meeting_id}' in {source.name}")
                chosen = [meeting_id]
            present = write.execute(select(meeting_table.c.id)).scalars().all()
            if present and not replace:
                raise CopyRefused(f"{target.name} already holds {len(present)} meeting(s) "
                                  f"({', '.join(sorted(present)[:3])}{'…' if len(present) > 3 else ''}); "
                                  "nothing was copied — give --force to replace "
                                  + ("them" if meeting_id is None else f"'{meeting_id}' there"))
            doomed = present if meeting_id is None else [m for m in present if m in chosen]
            for table in reversed(tables):
                if doomed and table.name not in _OF_A_SERIES:  # a series outlives its meetings (others may share it)
                    write.execute(delete(table).where(_belongs(table, doomed)))
            wanted = read.execute(select(meeting_table.c.series_id).where(
                meeting_table.c.id.in_(chosen), meeting_table.c.series_id.is_not(None))).scalars().all()
            series_table = SQLModel.metadata.tables["series"]
            new_series = sorted(set(wanted) - set(write.execute(select(series_table.c.id)).scalars().all()))
            for table in tables:
                if table.name == "presence":  # heartbeats of the source's processes, not the meeting's record
                    continue
                if table.name in _OF_A_SERIES:  # the series of the meetings copied (and their log), unless the target has them
                    column = table.c.id if table.name == "series" else table.c.series_id
                    _copy_rows(read, write, table, select(table).where(column.in_(new_series)).order_by(table.c.id))
                    continue
                key = list(table.primary_key.columns)
                _copy_rows(read, write, table, select(table).where(_belongs(table, chosen)).order_by(*key))
            _reset_sequences(write)
            read.rollback()
        return list(chosen)
    except IntegrityError as exc:  # a row's id is another meeting's in the target
        raise BackupError(f"could not copy to {target.name}: the ids of the rows copied are taken by another meeting "
                          "there; nothing was changed — copy into a new database (or one holding only this "
                          "meeting)") from exc
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise BackupError(f"could not copy to {target.name}: {detail}; nothing was changed there") from exc
    finally:
        source.dispose()
        target.dispose()

