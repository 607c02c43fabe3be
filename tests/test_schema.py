"""Schema revisions (Alembic): a new database, an old one upgraded row for
row, and the databases Floor must refuse without touching them."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from models.backup import list_backups
from models.exports import export
from models.schema import MIGRATIONS, SCHEMA_REVISION, SchemaError, _alembic
from models.store import Store
from tests.replay import ROOT, local

BASELINE_DUMP = ROOT / "tests" / "data" / "sample-baseline.sql"
GOLDEN = ROOT / "tests" / "golden"
MEETING = "CD-TIPSOM-SAMPLE-01"


def baseline_database(path: Path, stamped: bool = True) -> Path:
    """The sample meeting as a Floor of revision 0001_baseline left it on disk."""
    conn = sqlite3.connect(path)
    conn.executescript(BASELINE_DUMP.read_text(encoding="utf-8"))
    if not stamped:  # a database from before revisions existed
        conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    return path


def rows(path: Path) -> dict[str, dict[tuple, dict]]:
    """Every row of every Floor table, by table and primary key, as {column: value}."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"):
        keys = [r["name"] for r in conn.execute(f'PRAGMA table_info("{table}")') if r["pk"]]
        out[table] = {tuple(r[k] for k in keys): dict(r) for r in conn.execute(f'SELECT * FROM "{table}"')}
    conn.close()
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_newest_revision_floor_knows_is_alembics_head():
    assert SCHEMA_REVISION == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _not_the_search_index(name, type_, parent_names) -> bool:
    return not (name or "").startswith(("note_fts", "summary_fts", "statement_fts", "ix_note_search", "ix_summarypassage_search",
                                             "ix_writtenstatement_search", "search_vector"))


def _differences(url: str) -> list:
    engine = create_engine(url)
    with engine.begin() as conn:
        _alembic(conn, "upgrade", "head")
    with engine.connect() as conn:
        # the full-text index (models.search) is the engine's, not a table of the models
        context = MigrationContext.configure(conn, opts={"include_name": _not_the_search_index})
        found = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    return found


def test_the_migrations_build_exactly_the_tables_floor_declares(tmp_path):
    """A change of models/tables.py without its migration fails here."""
    assert _differences(f"sqlite:///{tmp_path / 'migrated.db'}") == []


def test_the_migrations_build_exactly_the_tables_floor_declares_on_postgresql(pg_url):
    assert _differences(pg_url) == []


@pytest.mark.parametrize("stamped", [True, False], ids=["baseline", "before-revisions"])
def test_a_baseline_database_is_upgraded_and_keeps_every_row(tmp_path, stamped):
    db = baseline_database(tmp_path / "old.db", stamped=stamped)
    before = rows(db)
    assert sum(map(len, before.values())) > 150  # the whole sample meeting
    store = Store(db)
    after = rows(db)
    for table, by_key in before.items():
        for key, old in by_key.items():
            assert key in after[table], f"{table} row {key} lost in the upgrade"
            new = after[table][key]
            assert {c: new[c] for c in old if c in new} == {c: v for c, v in old.items() if c in new}, (table, key)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_REVISION,)
    # The database as it was is kept next to it, row for row.
    [kept] = list_backups(store.url)
    assert "before-upgrade" in kept.name
    assert rows(kept) == before
    # …and the upgraded meeting's minutes are exactly those of today's replay (without what
    # that Floor could not record: attendance taken by hand, a note of a failed call; the UN
    # document head, symbol and "Distr.", comes from an agenda field the baseline's agenda had not),
    # with the notes typed since the baseline was written.
    from tests.test_exports import TAGGED, replay_sample, save_tagged_notes

    save_tagged_notes(store, MEETING, TAGGED, local("18:00"))
    got = export(store, MEETING, "md", tmp_path / "minutes.md", local("18:05")).read_bytes()
    store.dispose()
    today = Store(tmp_path / "today.db")
    replay_sample(today, taken=False)
    expected = export(today, MEETING, "md", tmp_path / "today.md", local("18:05")).read_bytes()
    assert got == expected[expected.index(b"# Conference of the Parties"):]
    today.dispose()


def test_a_database_from_a_newer_floor_is_refused_and_left_alone(tmp_path):
    db = baseline_database(tmp_path / "newer.db")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = digest(db)
    with pytest.raises(SchemaError, match="newer Floor.*9999_from_the_future"):
        Store(db)
    assert digest(db) == before


def test_a_database_missing_a_column_is_refused_and_left_alone(tmp_path):
    store = Store(tmp_path / "floor.db")
    store.dispose()
    db = tmp_path / "floor.db"
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE note DROP COLUMN version")
    conn.close()
    before = digest(db)
    with pytest.raises(SchemaError, match="'note' lacks column 'version'"):
        Store(db)
    assert digest(db) == before


def test_the_command_line_says_what_is_wrong_with_the_schema(tmp_path):
    import subprocess
    import sys

    db = baseline_database(tmp_path / "newer.db")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    done = subprocess.run([sys.executable, "-m", "tui.cli", "--db", str(db), "list"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "newer Floor" in done.stderr
    assert "Traceback" not in done.stderr
