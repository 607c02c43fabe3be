"""Backups and restores: automatic at each item change, `floor backup` and
`floor restore`, and the same copy between PostgreSQL and a SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from models import presence
from models.agenda import import_agenda, load_agenda
from models.backup import (
    KEEP,
    BackupError,
    backup,
    list_backups,
    restore,
    rotating_backup,
)
from models.clock import FakeClock
from models.exports import export
from models.store import Store
from tests.replay import SAMPLE_AGENDA, facts, local, run_full_script
from tui.app import FloorApp
from tui.cli import main

MEETING = facts()["meeting"]["id"]


def record_status(store) -> str:
    return store.meeting(MEETING).record_status


def log_size(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM logentry").fetchone()[0]


def test_floor_backup_then_restore_brings_back_the_meeting_as_it_was(db_path, store, sample, clock, capsys):
    run_full_script(store, sample, clock, until="15:33:00")
    store.dispose()
    assert main(["--db", str(db_path), "backup", "-o", str(db_path.with_name("before.db"))]) == 0
    logged = log_size(db_path)
    assert main(["--db", str(db_path), "correct", MEETING, "1", "speaker", "Someone Else"]) == 0
    assert log_size(db_path) == logged + 1
    assert main(["--db", str(db_path), "restore", str(db_path.with_name("before.db"))]) == 0
    assert log_size(db_path) == logged  # the correction is gone…
    out = capsys.readouterr().out
    assert "restored" in out
    kept = [p for p in list_backups(Store.url_for(db_path)) if "before-restore" in p.name]
    assert len(kept) == 1 and log_size(kept[0]) == logged + 1  # …but kept in the backup of what was replaced
    assert main(["--db", str(db_path), "backup", "--list"]) == 0
    assert kept[0].name in capsys.readouterr().out


def test_restore_refuses_a_damaged_backup_and_leaves_the_database_alone(db_path, store, sample, tmp_path, capsys):
    store.dispose()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = db_path.read_bytes()
    assert main(["--db", str(db_path), "restore", str(bad)]) == 2
    assert "bad.db" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_restore_refuses_while_a_floor_screen_has_the_database_open(db_path, store, sample, capsys):
    from models.clock import SystemClock

    me = presence.enter(store, sample, "rapporteur", SystemClock().now())
    target = backup(store.url, db_path.with_name("b.db"))
    assert main(["--db", str(db_path), "restore", str(target)]) == 2
    assert "rapporteur" in capsys.readouterr().err
    presence.leave(store, me)
    assert main(["--db", str(db_path), "restore", str(target)]) == 0


def test_a_backup_opened_at_once_does_not_think_a_chair_is_on_it(db_path, store, sample, clock):
    """The heartbeats of the processes that had the original open are not copied:
    a copy opened within seconds warns of no other chair's screen."""
    from models.procedure.chair_claim import other_chair

    presence.enter(store, sample, "chair", clock.now(), host="chairs-laptop", pid=4242)
    copy = Store(backup(store.url, db_path.with_name("copy.db")))
    try:
        with sqlite3.connect(db_path.with_name("copy.db")) as conn:
            assert conn.execute("SELECT count(*) FROM presence").fetchone() == (0,)
        assert other_chair(copy, sample, clock.now()) is None
    finally:
        copy.dispose()
    with sqlite3.connect(db_path) as conn:  # the original keeps its own
        assert conn.execute("SELECT count(*) FROM presence").fetchone() == (1,)


def test_automatic_backups_keep_the_newest_ten(store, sample, clock):
    made = [rotating_backup(store.url, "item_opened", clock.now() + timedelta(minutes=i)) for i in range(KEEP + 3)]
    assert list_backups(store.url) == made[-KEEP:]
    with pytest.raises(BackupError, match="exists"):
        backup(store.url, made[-1])


async def test_each_item_change_on_the_chairs_screen_writes_a_backup(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        clock.set(local("15:07:00"))
        await pilot.press("o")  # called to order: item 1 opens
        await pilot.app.workers.wait_for_complete()
        clock.set(local("15:12:00"))
        await pilot.press("right_square_bracket", "y")  # the next item (speakers were waiting)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    app.close_writer()
    found = list_backups(store.url)
    assert [p.name.split("Z-", 1)[-1] for p in found] == ["called_to_order.db", "item_opened.db"]
    with sqlite3.connect(found[-1]) as conn:  # the backup holds the item just opened
        assert conn.execute("SELECT number FROM agendaitem WHERE id = (SELECT current_item_id FROM meeting)"
                            ).fetchone() == ("2",)


def test_a_postgresql_meeting_is_backed_up_to_a_sqlite_file_and_restored(pg_url, tmp_path):
    pg = Store(pg_url)
    clock = FakeClock(local("14:50:00"))
    with pg.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    run_full_script(pg, MEETING, clock, until="16:20:00")
    minutes = export(pg, MEETING, "md", tmp_path / "pg.md", local("18:05")).read_bytes()
    copy = backup(pg.url, tmp_path / "pg-backup.db")
    sqlite = Store(copy)
    assert export(sqlite, MEETING, "md", tmp_path / "sqlite.md", local("18:05")).read_bytes() == minutes
    sqlite.dispose()
    run_full_script(pg, MEETING, clock, after="16:20:00")  # the meeting goes on, then is restored
    restore(pg.url, copy, clock.now())
    assert export(pg, MEETING, "md", tmp_path / "again.md", local("18:05")).read_bytes() == minutes
    run_full_script(pg, MEETING, clock, after="16:20:00")  # new rows get new ids after a restore
    assert pg.meeting(MEETING).state.value == "rose"
    pg.dispose()


def test_a_backup_from_before_an_upgrade_restores_and_is_upgraded(tmp_path):
    """The copy taken before an upgrade is at the older revision: restoring it
    must work (and upgrade it again), not be refused as unopenable."""
    from models.schema import SCHEMA_REVISION
    from tests.test_schema import baseline_database, rows

    db = baseline_database(tmp_path / "old.db")
    old_rows = rows(db)
    Store(db).dispose()  # upgraded; the old one kept
    [kept] = [p for p in list_backups(Store.url_for(db)) if "before-upgrade" in p.name]
    target = tmp_path / "again.db"
    restore(Store.url_for(target), kept, local("18:00"))
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_REVISION,)
    conn.close()
    assert rows(target)["logentry"] == old_rows["logentry"]
