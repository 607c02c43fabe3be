"""Shared fixtures: a store on a temporary file, a fake clock, the sample meeting."""

from __future__ import annotations

import pytest

from models.agenda import import_agenda, load_agenda
from models.clock import FakeClock
from models.store import Store
from tests.replay import SAMPLE_AGENDA, facts, local


@pytest.fixture
def db_path(tmp_path):
    """Path of a fresh SQLite file."""
    return tmp_path / "floor.db"


@pytest.fixture
def store(db_path):
    """A store on a fresh SQLite file."""
    s = Store(db_path)
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
def pg_url():
    """A URL to a fresh, empty PostgreSQL database on the machine's server
    (127.0.0.1:5432, trust authentication); dropped afterwards. Skips where
    no server runs (every CI machine has one)."""
    import uuid

    psycopg = pytest.importorskip("psycopg")
    name = f"floor_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server at 127.0.0.1:5432: {exc}")
    admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()
