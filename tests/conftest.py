"""Shared fixtures: a store on a fresh database, a fake clock, the sample meeting.

Engines. The ``store`` fixture (and ``db_url``) is on SQLite, and also on
PostgreSQL for the tests marked ``both_engines`` (a module's
``pytestmark``) and every test under tests/procedure: each such test runs
twice, ``[sqlite]`` and ``[postgresql]``. The PostgreSQL server is the
machine's (``FLOOR_TEST_PG``, default ``host=127.0.0.1 port=5432
user=postgres dbname=postgres``); every test gets a database of its own,
a schema of its own (``t_<random>``) in this run's database
``floor_tests_<random>``, both dropped afterwards, so several test runs can
share one server.

Without a server the PostgreSQL cases are skipped with the reason — except
in CI (``CI`` set, as .ci/run does), where they fail: CI never passes
without having run them.
"""

from __future__ import annotations

import os
import uuid

import pytest

from models.agenda import import_agenda, load_agenda
from models.clock import FakeClock
from models.store import Store
from tests.replay import SAMPLE_AGENDA, facts, local

#: libpq connection string of the test server's maintenance database.
PG_ADMIN = os.environ.get("FLOOR_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
ENGINES = ["sqlite", "postgresql"]


def in_ci() -> bool:
    """True when running in CI (``CI`` set to anything but "", "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def pytest_configure(config):
    config.addinivalue_line("markers", "both_engines: run the test on SQLite and on PostgreSQL (the store fixture)")
    config._floor_pg = {"ran": 0, "missing": []}


def pytest_generate_tests(metafunc):
    """Tests marked ``both_engines`` that use a database fixture run on each engine."""
    marked = metafunc.definition.get_closest_marker("both_engines") or metafunc.definition.path.parent.name == "procedure"
    if "engine" in metafunc.fixturenames and marked:
        metafunc.parametrize("engine", ENGINES, indirect=True)


class _Server:
    """The test server: its admin connection (or why there is none), and this
    session's database ``floor_tests_<random>``, in which each test gets a
    schema of its own (``t_<random>``, the URL's ``search_path``): cheaper
    than a database each, as isolated for Floor's tables."""

    def __init__(self) -> None:
        self.admin = None
        self.why_not = ""
        self.database: str | None = None
        self.conn = None  # to the session's database: creates and drops the schemas

    def connect(self):
        if self.admin is None and not self.why_not:
            try:
                import psycopg
            except ImportError as exc:
                self.why_not = f"psycopg is not installed ({exc})"
                return None
            try:
                self.admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
                self.database = f"floor_tests_{uuid.uuid4().hex[:12]}"
                self.admin.execute(f'CREATE DATABASE "{self.database}"')
                self.conn = psycopg.connect(PG_ADMIN, dbname=self.database, autocommit=True, connect_timeout=3)
            except psycopg.OperationalError as exc:
                self.why_not = f"no PostgreSQL server at {PG_ADMIN!r}: {str(exc).strip().splitlines()[0]}"
                self.admin = None
        return self.admin

    def url(self, schema: str) -> str:
        info = self.admin.info
        # synchronous_commit off: a test needs no commit to survive a power cut, and waits for no disk
        return (f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{self.database}"
                f"?options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff")

    def fresh(self, with_schema: bool) -> str:
        """A new, empty schema (with Floor's tables in it if ``with_schema``); returns its name."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.conn.execute(f'CREATE SCHEMA "{name}"')
        if with_schema:
            Store(self.url(name)).dispose()
        return name

    def drop(self, name: str) -> None:
        self.conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.admin is not None:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.admin.close()


@pytest.fixture(scope="session")
def pg_server(request):
    server = _Server()
    yield server
    server.close()


def _pg_database(request, server: _Server, with_schema: bool):
    """Yield the URL of a fresh PostgreSQL database, dropped afterwards; skip
    (fail in CI) without a server."""
    record = request.config._floor_pg
    if server.connect() is None:
        record["missing"].append(request.node.nodeid)
        if in_ci():
            pytest.fail(f"PostgreSQL tests must run in CI: {server.why_not}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {server.why_not} (set FLOOR_TEST_PG to a libpq connection string)")
    name = server.fresh(with_schema)
    record["ran"] += 1
    try:
        yield server.url(name)
    finally:
        server.drop(name)


def database_on(engine: str, request, pg_server, folder):
    """For a fixture of any scope: yield a fresh database on ``engine`` ("sqlite":
    ``folder``/floor.db; "postgresql": a schema with Floor's tables, dropped after)."""
    if engine == "sqlite":
        yield str(folder / "floor.db")
        return
    yield from _pg_database(request, pg_server, with_schema=True)


@pytest.fixture
def engine(request):
    """The engine the test's database is on: "sqlite" unless parametrised (``both_engines``)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_path(tmp_path):
    """Path of a fresh SQLite file."""
    return tmp_path / "floor.db"


@pytest.fixture
def db_url(engine, db_path, request, pg_server):
    """A fresh database on the test's engine: a SQLite file's path (as text), or a
    PostgreSQL URL (a schema of its own with Floor's tables, dropped afterwards)."""
    if engine == "sqlite":
        yield str(db_path)
        return
    yield from _pg_database(request, pg_server, with_schema=True)


@pytest.fixture
def store(db_url):
    """A store on a fresh database (SQLite; also PostgreSQL under ``both_engines``)."""
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def clock():
    """A fake clock at 14:50 local on the sample meeting's day."""
    return FakeClock(local("14:50:00"))


@pytest.fixture
def sample(store, clock):
    """The sample meeting imported into ``store``; returns its id."""
    agenda = load_agenda(SAMPLE_AGENDA)
    with store.transaction() as s:
        import_agenda(s, agenda, clock.now())
    return facts()["meeting"]["id"]


@pytest.fixture
def pg_url(request, pg_server):
    """A URL to a fresh, empty PostgreSQL schema (its own ``search_path``) on the
    machine's server (127.0.0.1:5432, trust authentication); dropped afterwards. Skips where
    no server runs (fails in CI: every CI machine has one)."""
    yield from _pg_database(request, pg_server, with_schema=False)


@pytest.fixture
def pg_floor_url(request, pg_server):
    """Like ``pg_url``, with Floor's schema in the database already."""
    yield from _pg_database(request, pg_server, with_schema=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say how many tests ran on PostgreSQL; in CI, fail a session where any
    PostgreSQL test could not get its database."""
    record = getattr(config, "_floor_pg", None)
    if record is None:
        return
    if record["missing"]:
        terminalreporter.write_line(f"PostgreSQL: {len(record['missing'])} test(s) had no server"
                                    + (" — CI must run them: failing" if in_ci() else " and were skipped"),
                                    yellow=not in_ci(), red=in_ci())
    elif record["ran"]:
        terminalreporter.write_line(f"PostgreSQL: {record['ran']} test(s) ran on PostgreSQL, each in a schema of its own")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    record = getattr(session.config, "_floor_pg", None)
    if record is not None and in_ci() and record["missing"] and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
