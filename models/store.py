"""The store: one database, short sessions, one transaction per chair action.

SQLite is the embedded default (one file, WAL, ``BEGIN IMMEDIATE`` for writes
so a second process on the same file waits instead of failing half-way);
the same code runs on PostgreSQL through a ``postgresql+psycopg://`` URL
(an organisation's server: several machines on one meeting).

On PostgreSQL every write transaction that touches a meeting sends a
notification (``pg_notify``) on that meeting's channel as part of the same
transaction, so followers (:meth:`Store.wait_for_change`) hear of a chair
action or a note the moment it is committed. A URL with a password in it is
refused (:func:`refuse_password`): the password belongs in ``PGPASSWORD``, a
``.pgpass`` or a service file, where libpq reads it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlmodel import Session, create_engine, select

from models import tables  # noqa: F401  (registers the tables)
from models.schema import prepare
from models.tables import Meeting, Presence

#: How long a writer waits for another process's lock, in milliseconds.
BUSY_TIMEOUT_MS = 5000


def default_db_path() -> Path | str:
    """Where the database lives unless ``--db`` or ``FLOOR_DB`` say otherwise.

    Returns ``FLOOR_DB`` if set (a path, or a URL such as
    ``postgresql+psycopg:///floor`` kept as text), else
    ``<user data dir>/floor/floor.db`` (platformdirs:
    ``~/.local/share/floor/floor.db`` on Linux).
    """
    env = os.environ.get("FLOOR_DB")
    if env:
        return env if "://" in env else Path(env)
    from platformdirs import user_data_path

    return user_data_path("floor", appauthor=False) / "floor.db"


def _db_url(db: str | Path) -> str:
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


class PasswordInUrl(ValueError):
    """A database URL carries a password (``user:secret@host`` or
    ``?password=``). ``str(error)`` says where the password belongs instead
    and never repeats the URL."""


def refuse_password(db: str | Path) -> None:
    """Refuse a database URL that carries a password: on a command line it
    lands in the shell's history and in ``ps``; in Floor's messages and logs
    it would be shown to the room.

    Raises:
        PasswordInUrl: the URL has a password in its user part or its query.
    """
    text = str(db)
    if "://" not in text:
        return
    try:
        url = make_url(text)
    except Exception:  # not a URL Floor can read: Store says so
        return
    if url.password is not None or any(key.lower() == "password" for key in url.query):
        raise PasswordInUrl(
            "a database URL must not contain a password (it would be seen in the shell's history, "
            "in the process list and in Floor's messages); give the URL without it and put the password "
            "in PGPASSWORD, in ~/.pgpass or in a service file (PGSERVICEFILE, postgresql+psycopg:///?service=NAME)")


def safe_url(db: str | Path) -> str:
    """``db`` as it may be shown: a URL with its password masked (``***``)."""
    text = str(db)
    if "://" not in text:
        return text
    try:
        url = make_url(text)
    except Exception:
        return text
    keys = [key for key in url.query if key.lower() == "password"]
    if url.password is None and not keys:
        return text
    return url.difference_update_query(keys).render_as_string(hide_password=True)


def change_channel(meeting_id: str) -> str:
    """The PostgreSQL notification channel of a meeting: ``floor_`` and 24 hex
    digits of the SHA-256 of its id (a channel name has at most 63 bytes, a
    meeting id up to 80 characters)."""
    return "floor_" + hashlib.sha256(meeting_id.encode()).hexdigest()[:24]


#: What to do, by kind of fault (the second half of every message).
_ADVICE = {
    "disk_full": "free some space on that disk",
    "read_only": "check the permissions of the file and of its folder (or use another --db)",
    "locked": "another Floor process holds the database: wait for it or close it",
    "damaged": "restore it from a backup (floor restore)",
    "cannot_open": "check that the file and its folder exist and can be read and written",
    "refused": "nothing was saved; try again, and report it if it happens again",
    "failed": "check the disk and the database, then try again",
    "unreachable": "check the database URL (host, port, user, database name) and that the server runs",
    "gone": "quit now and restore the newest backup (floor backup --list, floor restore): what is done from now on is not kept",
}
_WHAT = {
    "disk_full": "the disk is full",
    "read_only": "the database cannot be written (read-only file, folder or disk)",
    "locked": "the database is locked",
    "damaged": "the database is damaged",
    "cannot_open": "the database cannot be opened",
    "refused": "the database refused the change",
    "failed": "the database failed",
    "unreachable": "the database server cannot be reached or refused the connection",
    "gone": "the database file was deleted or moved while Floor had it open",
}
#: SQLite result codes (``sqlite3.Error.sqlite_errorname``) by kind of fault.
_SQLITE_KINDS = {
    "SQLITE_FULL": "disk_full", "SQLITE_READONLY": "read_only", "SQLITE_PERM": "read_only",
    "SQLITE_BUSY": "locked", "SQLITE_LOCKED": "locked", "SQLITE_CORRUPT": "damaged",
    "SQLITE_NOTADB": "damaged", "SQLITE_CANTOPEN": "cannot_open", "SQLITE_CONSTRAINT": "refused",
}
_ERRNO_KINDS = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EACCES: "read_only",
                errno.EPERM: "read_only", errno.EROFS: "read_only"}


#: What a server's driver (psycopg) says when the database cannot be reached at all.
_UNREACHABLE = ("connection refused", "could not connect", "connection failed", "could not translate host",
                "name or service not known", "password authentication failed", "no password supplied",
                "role \"", "database \"", "timeout expired", "server closed the connection")


class StoreError(Exception):
    """A database fault, said for the user: what happened and what to do.

    Attributes:
        kind: "disk_full", "read_only", "locked", "damaged", "cannot_open",
            "unreachable" (a database server: wrong URL, server down, login
            refused), "refused" (a constraint) or "failed" (anything else).
        db: the database (a path or URL) as the user named it.
        detail: the driver's own words (first line), or "".
        doing: what failed, said before the database's name (e.g. "cannot
            open the database"), or "".
        exit_status: for the ``floor`` command: 2 when the database given is
            unusable as it is (read-only, damaged, not a database, a server
            that cannot be reached), 1 for a
            failure of the environment (disk full, locked, anything else).
    """

    def __init__(self, kind: str, db: str, detail: str = "", doing: str = "") -> None:
        self.kind, self.db, self.detail, self.doing = kind, db, detail, doing
        self.exit_status = 2 if kind in ("read_only", "damaged", "cannot_open", "unreachable") else 1
        super().__init__(self.message)

    @property
    def what(self) -> str:
        """What happened, e.g. "the disk is full"."""
        return _WHAT[self.kind]

    @property
    def advice(self) -> str:
        """What to do, e.g. "free some space on that disk"."""
        return _ADVICE[self.kind]

    @property
    def reason(self) -> str:
        """What happened (with the driver's words) and what to do, without the database's name."""
        detail = f" ({self.detail})" if self.detail and self.detail.lower() not in self.what else ""
        return f"{self.what}{detail} — {self.advice}."

    @property
    def message(self) -> str:
        """One line: the database, what happened (with the driver's words), what to do."""
        return f"{self.doing + ' ' if self.doing else ''}{self.db}: {self.reason}"


#: The exceptions that mean "the database failed" (rather than a rule or a bug):
#: SQLAlchemy's (OperationalError, DatabaseError, IntegrityError, …), the
#: sqlite3 driver's, the operating system's (a full disk, a permission) and
#: :class:`StoreError` itself.
DB_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, sqlite3.Error, OSError, StoreError)


def database_fault(exc: BaseException, db: str, doing: str = "") -> StoreError:
    """Classify a database exception (SQLAlchemy, sqlite3, OSError, or already
    a :class:`StoreError`) as a :class:`StoreError` naming ``db``.

    SQLite's result code decides when the driver gives one (a full disk is
    ``SQLITE_FULL``, "database is locked" is ``SQLITE_BUSY`` after the busy
    timeout, a damaged page ``SQLITE_CORRUPT``); an ``OSError`` by its errno;
    an ``IntegrityError`` is "refused"; PostgreSQL and anything else "failed".
    """
    if isinstance(exc, StoreError):
        return exc if not doing or exc.doing else StoreError(exc.kind, exc.db, exc.detail, doing)
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    kind = None
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        kind = next((k for prefix, k in _SQLITE_KINDS.items() if name == prefix or name.startswith(prefix + "_")), None)
    if kind is None and isinstance(orig, OSError):
        kind = _ERRNO_KINDS.get(orig.errno or 0)
        detail = orig.strerror or detail
    if kind is None:
        text = detail.lower()
        kind = ("unreachable" if any(words in text for words in _UNREACHABLE) else
                "disk_full" if "disk is full" in text or "no space" in text else
                "read_only" if "readonly" in text or "read-only" in text or "permission denied" in text else
                "locked" if "locked" in text else
                "damaged" if "malformed" in text or "not a database" in text else
                "refused" if isinstance(exc, IntegrityError) else "failed")
    return StoreError(kind, db, detail, doing)


def _writable(path: Path) -> bool:
    """True if this process may write ``path`` (a file or a folder)."""
    return os.access(path, os.W_OK)


def _sqlite_pragmas(engine: Engine, begin: str = "BEGIN IMMEDIATE", busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                    read_only: bool = False) -> None:
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
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        if not read_only:
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
        read_only: open a SQLite file read-only (``mode=ro``): reads work,
            every write fails; on PostgreSQL, every transaction of the
            connection is read-only (``default_transaction_read_only``: the
            server refuses any write; a database needing an upgrade is
            refused). None (the default): read-only exactly when the
            file exists and this process may not write it or its folder
            (SQLite's WAL files live beside it), so reading commands still
            work on a database the user cannot write.
        busy_timeout_ms: how long a write waits for another process's lock
            before failing with "database is locked" (milliseconds).

    Raises:
        PasswordInUrl: a URL with a password in it (nothing opened).
        StoreError: the file cannot be opened, or is not a (readable) database.
        models.schema.SchemaError: the database is from a newer Floor, lacks
            a column, or needs an upgrade it cannot get (nothing changed).
    """

    #: The role this process acts in (a ``models.roles.Role`` value): the
    #: command that opens the store sets it, the model checks it at each write.
    role: str = "chair"
    #: The chair's claim of this process (``models.procedure.chair_claim.Claim``),
    #: once its screen is open; None: no claim is checked (scripts, tests).
    claim: object | None = None

    def __init__(self, db: str | Path, read_only: bool | None = None, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        refuse_password(db)
        url = _db_url(db)
        self.name = str(db)
        self._listener = None  # wait_for_change: the LISTENing connection, or SQLite's data_version probe
        self._listening: str | None = None  # the meeting it listens for
        self._seen_version: int | None = None
        self.path: Path | None = None
        self._opened_inode: tuple[int, int] | None = None  # (device, inode) of the file opened
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            self.path = Path(url.removeprefix("sqlite:///"))
        if read_only is None:
            read_only = self.path is not None and self.path.exists() and not (
                _writable(self.path) and _writable(self.path.parent))
        server_read_only = bool(read_only) and url.startswith("postgresql")
        self.read_only = bool(read_only) and (self.path is not None or server_read_only)
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        try:
            if self.path is not None and not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            connect_url = self._read_only_url() if self.read_only and self.path is not None else url
            options = {}
            if server_read_only:  # the URL's own options (e.g. a search_path) stay
                given = make_url(url).query.get("options", "")
                given = given if isinstance(given, str) else " ".join(given)
                options = {"connect_args": {"options": f"{given} -c default_transaction_read_only=on".strip()}}
            self.engine = create_engine(connect_url, **options)
            self.read_engine = self.engine
            if self.engine.dialect.name == "sqlite":
                _sqlite_pragmas(self.engine, busy_timeout_ms=busy_timeout_ms, read_only=self.read_only)
                if url not in ("sqlite://", "sqlite:///:memory:"):  # an in-memory database is one connection's
                    self.read_engine = create_engine(connect_url)
                    _sqlite_pragmas(self.read_engine, begin="BEGIN", busy_timeout_ms=busy_timeout_ms,
                                    read_only=self.read_only)
            prepare(self.engine, self.read_engine, writable=not self.read_only, label=self.name)
            if self.path is not None:  # which file was opened (check_present tells a replaced one)
                opened = self.path.stat()
                self._opened_inode = (opened.st_dev, opened.st_ino)
            if not self.read_only and self.read_engine is not self.engine:
                # WAL once the schema is known good (a refused file keeps its
                # header): readers never block the writer; it stays set in the file.
                with self.engine.connect() as conn:
                    conn.connection.driver_connection.execute("PRAGMA journal_mode=WAL")
        except NoSuchModuleError:  # not a database fault: a URL of a kind Floor has no driver for
            self.dispose()
            raise
        except DB_ERRORS as exc:
            self.dispose()
            raise database_fault(exc, self.name, "cannot open the database") from exc
        except BaseException:
            self.dispose()
            raise

    @staticmethod
    def url_for(db: str | Path) -> str:
        """The SQLAlchemy URL Floor uses for ``db`` (a path or a URL)."""
        return _db_url(db)

    def _read_only_url(self) -> str:
        """``mode=ro``; in a folder this process cannot write, with no WAL files
        beside the database (so no writer has it open), also ``immutable=1``:
        SQLite cannot make the shared-memory file a WAL reader needs there."""
        assert self.path is not None
        params = "mode=ro"
        wal_files = [self.path.with_name(self.path.name + ext) for ext in ("-wal", "-shm")]
        if not _writable(self.path.parent) and not any(f.exists() for f in wal_files):
            params += "&immutable=1"
        return f"sqlite:///file:{quote(str(self.path))}?{params}&uri=true"

    def check_present(self) -> None:
        """Make sure the SQLite file Floor opened is still there: a file deleted
        or moved under a running screen still takes writes (into the unlinked
        file), which are then lost. Does nothing for a server database.

        Raises:
            StoreError: kind "gone".
        """
        if self.path is None:
            return
        try:
            here = self.path.stat()
        except OSError:
            here = None
        opened = self._opened_inode
        if here is None or (opened is not None and (here.st_dev, here.st_ino) != opened):
            raise StoreError("gone", self.name)

    def check_writable(self) -> None:
        """Make sure a chair action could be committed now: the file and its
        folder may be written, and a write transaction (a table created, then
        rolled back: nothing changes) gets the write lock and is accepted.

        Raises:
            StoreError: read-only ("read_only"), another process holds the lock
                past the busy timeout ("locked"), damaged, or any other fault.
        """
        if self.path is not None:
            for place in (self.path, self.path.parent):
                if place.exists() and not _writable(place):
                    raise StoreError("read_only", self.name, f"no permission to write {place}")
        if self.read_only:
            raise StoreError("read_only", self.name, "opened read-only")
        try:
            with self.engine.connect() as conn:
                with conn.begin() as tx:  # BEGIN IMMEDIATE on SQLite: takes the write lock
                    conn.exec_driver_sql("CREATE TABLE floor_write_probe (x INTEGER)")
                    tx.rollback()
        except DB_ERRORS as exc:
            raise database_fault(exc, self.name) from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read session (a snapshot; never takes the write lock);
        objects stay usable after it closes."""
        with Session(self.read_engine, expire_on_commit=False) as session:
            yield session

    @property
    def is_server(self) -> bool:
        """True on a database server (PostgreSQL), False on SQLite."""
        return self.engine.dialect.name != "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back on any error.

        On PostgreSQL, each meeting whose rows the transaction wrote (a row
        with that ``meeting_id``, or the meeting itself; a screen's presence
        heartbeat does not count) is notified on its :func:`change_channel`
        within the transaction: followers hear of it when, and only if, it
        commits.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            if self.is_server:
                session.info["floor_changed"] = set()
                event.listen(session, "after_flush", _note_changed_meetings)
            with session.begin():
                yield session
                if self.is_server:
                    session.flush()
                    for meeting_id in sorted(session.info["floor_changed"]):
                        session.execute(text("SELECT pg_notify(:channel, :meeting)"),
                                        {"channel": change_channel(meeting_id), "meeting": meeting_id})

    def wait_for_change(self, meeting_id: str, timeout_s: float) -> bool:
        """Wait until another connection commits a change to the meeting, at
        most ``timeout_s`` seconds. Returns True on a change, False on the
        timeout. A change committed since the previous call (on the same
        meeting) returns at once; the first call only starts listening.

        PostgreSQL: ``LISTEN`` on the meeting's :func:`change_channel` on a
        connection of its own (kept until :meth:`dispose`); a notification
        arrives as the writer commits. SQLite (no notifications): the file's
        ``PRAGMA data_version`` (moves when any other connection commits,
        to any meeting) is looked at every 20 ms.

        Raises:
            StoreError: the database cannot be reached.
        """
        try:
            if self.is_server:
                return self._wait_notified(meeting_id, timeout_s)
            return self._wait_data_version(timeout_s)
        except Exception as exc:  # the driver's own errors too (the listener is used below SQLAlchemy)
            if not isinstance(exc, DB_ERRORS) and not type(exc).__module__.startswith("psycopg"):
                raise
            self._drop_listener()
            raise database_fault(exc, self.name, "cannot follow the meeting") from exc

    def _wait_notified(self, meeting_id: str, timeout_s: float) -> bool:
        if self._listener is None or self._listening != meeting_id:
            self._drop_listener()
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._listener, self._listening = conn, meeting_id
            conn.exec_driver_sql(f'LISTEN "{change_channel(meeting_id)}"')
        driver = self._listener.connection.driver_connection
        heard = False
        for _ in driver.notifies(timeout=max(0.0, timeout_s), stop_after=1):
            heard = True
        if heard:  # several commits heard as one: take what else is queued already
            for _ in driver.notifies(timeout=0.0):
                pass
        return heard

    def _wait_data_version(self, timeout_s: float) -> bool:
        if self._listener is None:
            self._listener = self.read_engine.connect()
        probe = self._listener.connection.driver_connection

        def version() -> int:
            return probe.execute("PRAGMA data_version").fetchone()[0]

        if self._seen_version is None:
            self._seen_version = version()
        deadline = time.monotonic() + max(0.0, timeout_s)
        while True:
            now = version()
            if now != self._seen_version:
                self._seen_version = now
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(0.02, left))

    def _drop_listener(self) -> None:
        listener, self._listener, self._listening, self._seen_version = self._listener, None, None, None
        if listener is not None:
            try:
                listener.close()
            except DB_ERRORS:
                pass

    def clock_offset(self, samples: int = 3) -> float | None:
        """How far the database server's clock is ahead of this machine's, in
        seconds (negative: behind), or None on SQLite (no server: this
        machine's clock is the only one).

        ``SELECT clock_timestamp()`` is read ``samples`` times; each reading
        is compared with the middle of its round trip, and the reading with
        the shortest round trip is kept (its error is at most half of it).

        Raises:
            StoreError: the server cannot be reached.
        """
        if not self.is_server:
            return None
        best: tuple[float, float] | None = None
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")  # the connection is made before timing
                for _ in range(max(1, samples)):
                    sent = time.time()
                    server = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
                    back = time.time()
                    trip, offset = back - sent, server.timestamp() - (sent + back) / 2
                    if best is None or trip < best[0]:
                        best = (trip, offset)
                conn.rollback()
        except DB_ERRORS as exc:
            raise database_fault(exc, self.name, "cannot read the server's clock") from exc
        assert best is not None
        return best[1]

    def meetings(self) -> list[Meeting]:
        """All meetings in the database, oldest import first."""
        with self.read() as s:
            return list(s.exec(select(Meeting).order_by(Meeting.imported_at)))

    def meeting(self, meeting_id: str) -> Meeting | None:
        """The meeting with this id, or None."""
        with self.read() as s:
            return s.get(Meeting, meeting_id)

    def dispose(self) -> None:
        """Close every pooled connection (and the listener of :meth:`wait_for_change`)."""
        self._drop_listener()
        for engine in {getattr(self, "engine", None), getattr(self, "read_engine", None)} - {None}:
            engine.dispose()


def _note_changed_meetings(session: Session, _context) -> None:
    """``after_flush``: remember the meetings whose rows this flush wrote
    (read by :meth:`Store.transaction` to notify them)."""
    changed = session.info.setdefault("floor_changed", set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Presence):
            continue
        meeting_id = obj.id if isinstance(obj, Meeting) else getattr(obj, "meeting_id", None)
        if isinstance(meeting_id, str):
            changed.add(meeting_id)
