"""Database faults as a chair meets them: a full disk, a locked, read-only or
damaged database. Never a traceback; nothing typed is lost; a failed chair
action is retried as of its key press. Real faults (SQLite's own errors), so
they work as root, where file permissions stop nothing."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from models.state import load_state, read_note
from models.store import Store, StoreError, database_fault
from tests.faults import FullDisk, hold_write_lock
from tests.replay import SAMPLE_AGENDA, local
from tests.test_chair_screen import at, chair_screen, countdown, speaker
from tui.app import FloorApp
from tui.cli import main
from tui.faults import DbBanner
from tui.widgets.notes import NotesArea

MEETING = "CD-TIPSOM-SAMPLE-01"


def banner(app) -> str | None:
    """What the red line says on the chair's screen (None: not shown)."""
    b = chair_screen(app).query_one(DbBanner)
    return str(b.render()) if b.has_class("-shown") else None


# --------------------------------------------------------------------------- the store


def test_each_kind_of_fault_says_what_happened_and_what_to_do(store, sample, clock, db_path, tmp_path):
    from models import procedure

    disk = FullDisk(store)
    procedure.ACTIONS["call_to_order"](store, sample, clock.now(), actor="chair")
    procedure.ACTIONS["give_floor"](store, sample, clock.now(), actor="chair")
    disk.fill()
    with pytest.raises(Exception) as full:
        for i in range(40):
            procedure.ACTIONS["pause" if i % 2 == 0 else "resume_countdown"](store, sample, clock.now(), actor="chair")
    fault = database_fault(full.value, "floor.db")
    assert fault.kind == "disk_full" and "free some space" in fault.message and fault.exit_status == 1
    disk.lift()

    impatient = Store(db_path, busy_timeout_ms=50)
    other = hold_write_lock(db_path)
    with pytest.raises(StoreError) as locked:
        impatient.check_writable()
    assert locked.value.kind == "locked" and "another Floor process" in locked.value.message
    other.rollback()
    impatient.check_writable()  # released: writable again
    impatient.dispose()

    readonly = Store(db_path, read_only=True)
    assert readonly.meeting(sample).id == sample  # reads work
    with pytest.raises(StoreError) as ro:
        readonly.check_writable()
    assert ro.value.kind == "read_only" and ro.value.exit_status == 2 and "permissions" in ro.value.message
    with pytest.raises(Exception) as write:
        procedure.ACTIONS["pause"](readonly, sample, clock.now(), actor="chair")
    assert database_fault(write.value, "x").kind == "read_only"
    readonly.dispose()


# --------------------------------------------------------------------------- the floor command


def _sample_copy(tmp_path, clock) -> object:
    from models.agenda import import_agenda, load_agenda

    db = tmp_path / "floor.db"
    store = Store(db)
    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    store.dispose()
    return db


def _damage_page_2(db) -> None:
    """Overwrite the meeting table's first page (page 2 until the series table came first, issue 13)."""
    import sqlite3

    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'meeting'").fetchone()
    (page,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek(page * (root - 1))
        f.write(b"\xde\xad\xbe\xef" * (page // 4))


def _all_commands(tmp_path) -> list[list[str]]:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,delegation,category\nST-XX,Xanadu,state_party\n", encoding="utf-8")
    return [["list"], ["status", MEETING, "--json"], ["export", MEETING, "-o", str(tmp_path / "m.md")],
            ["run", MEETING], ["notes", MEETING], ["finalize", MEETING], ["correct", MEETING, "1", "speaker", "X"],
            ["import-roster", MEETING, str(roster)], ["run", str(SAMPLE_AGENDA)]]


def test_every_command_on_a_damaged_database_says_damaged_and_leaves_it_alone(tmp_path, clock, capsys):
    db = _sample_copy(tmp_path, clock)
    _damage_page_2(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args in _all_commands(tmp_path):
        status = main(["--db", str(db), *args])
        err = capsys.readouterr().err
        assert status == 2, (args, err)
        assert "damaged" in err and "floor restore" in err and "Traceback" not in err, (args, err)
        assert len(err.strip().splitlines()) == 1, (args, err)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "m.md").exists()


def test_a_database_that_cannot_be_written_is_said_before_the_meeting_and_still_read(tmp_path, clock, capsys,
                                                                                    monkeypatch):
    import models.store

    db = _sample_copy(tmp_path, clock)
    monkeypatch.setattr(models.store, "_writable", lambda path: False)  # as for a user without write permission
    for args in (["run", MEETING], ["notes", MEETING], ["run", str(SAMPLE_AGENDA)]):
        assert main(["--db", str(db), *args]) == 2, args
        err = capsys.readouterr().err
        assert "cannot be written" in err and "check the permissions" in err and "Traceback" not in err
    assert main(["--db", str(db), "list"]) == 0
    assert MEETING in capsys.readouterr().out
    assert main(["--db", str(db), "status", MEETING, "--json"]) == 0
    assert main(["--db", str(db), "export", MEETING, "-o", str(tmp_path / "m.md")]) == 0
    assert (tmp_path / "m.md").exists()
    roster = _all_commands(tmp_path)[-2]
    assert main(["--db", str(db), *roster]) == 2  # a write: refused in one line
    assert "cannot be written" in capsys.readouterr().err


# --------------------------------------------------------------------------- the chair's screen


async def test_a_full_disk_while_the_chair_acts_keeps_the_screen_and_the_retry_keeps_the_key_press_time(
        store, sample, clock):
    disk = FullDisk(store)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o", "n")
        first = speaker(app)
        disk.fill()
        # pause / resume until the log's last page is full (a dozen actions here)
        pressed = None
        for i in range(40):
            pressed = local(f"15:08:{i:02d}")
            await at(pilot, clock, f"15:08:{i:02d}", "space")
            if banner(app) is not None:
                break
        text = banner(app)
        assert text is not None and "disk is full" in text and "free some space" in text and "Ctrl+R" in text
        paused = chair_screen(app).state.current.intervention.paused_since
        shown = countdown(app).value
        logged = len(_log(store, sample))

        # the countdown keeps running; nothing on screen pretends the action was taken
        await at(pilot, clock, "15:09:30")
        assert chair_screen(app).state.current.intervention.paused_since == paused
        assert (countdown(app).value != shown) == (paused is None)
        assert speaker(app) == first

        # the same key again, the disk still full: still refused, still the banner
        await at(pilot, clock, "15:09:40", "space")
        assert banner(app) is not None and len(_log(store, sample)) == logged

        disk.lift()
        await at(pilot, clock, "15:10:00", "space")  # the same key again: retried as of the first press
        assert banner(app) is None
        log = _log(store, sample)
        assert len(log) == logged + 1 and log[-1].at == pressed
        assert (chair_screen(app).state.current.intervention.paused_since is None) == (paused is not None)
    store.dispose()


async def test_a_lock_held_past_the_busy_timeout_is_a_banner_and_ctrl_r_retries(db_path, sample, clock):
    store = Store(db_path, busy_timeout_ms=100)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        other = hold_write_lock(db_path)  # another process holds the write lock
        await at(pilot, clock, "15:07:30", "n")
        assert "locked" in (banner(app) or "") and "another Floor process" in banner(app)
        assert speaker(app) is None
        other.rollback()
        await at(pilot, clock, "15:08:00", "ctrl+r")
        assert banner(app) is None and speaker(app) is not None
        assert chair_screen(app).state.current.intervention.started_at == local("15:07:30")
    store.dispose()


async def test_notes_typed_while_the_disk_is_full_stay_and_are_saved_once_it_works(store, sample, clock):
    disk = FullDisk(store)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    long_note = "Recommended a referral checklist for every border post. " * 90  # longer than a page
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "t")
        notes = chair_screen(app).query_one("#item-notes", NotesArea)
        disk.fill()
        notes.insert(long_note)  # pasted
        for ch in "ok":
            await pilot.press(ch)
        await notes.flush()  # what the autosave timer does
        assert notes.text == long_note + "ok" and notes.unsaved and notes.has_class("-unsaved")
        assert notes.retrying  # a new try is scheduled
        assert "Saving the item's notes failed" in (banner(app) or "") and "stays in the field" in banner(app)
        item_id = chair_screen(app).state.items[0].id
        assert read_note(store, item_id) is None

        await pilot.press("ctrl+q")  # quitting would lose them: Floor stays and says so
        await pilot.pause()
        assert app.is_running

        disk.lift()
        assert await notes.flush()  # the scheduled retry
        assert not notes.unsaved and not notes.has_class("-unsaved") and banner(app) is None
        assert read_note(store, item_id).text == long_note + "ok"
    store.dispose()


def _log(store, meeting_id):
    from sqlmodel import select

    from models.tables import LogEntry

    with store.read() as s:
        return list(s.exec(select(LogEntry).where(LogEntry.meeting_id == meeting_id).order_by(LogEntry.id)))


def test_state_reads_still_work_on_a_copy_opened_read_only(tmp_path, clock):
    db = _sample_copy(tmp_path, clock)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    ro = Store(copy, read_only=True)
    assert load_state(ro, MEETING).meeting.id == MEETING
    ro.dispose()


async def test_the_desk_keeps_a_note_it_could_not_save_when_the_floor_moves_on_and_saves_it_later(
        store, sample, clock, db_path):
    from models import procedure as P
    from tests.replay import run_full_script
    from tui.screens.rapporteur import RapporteurScreen

    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    disk = FullDisk(store)
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    long_note = "Stressed victim identification at every border post. " * 90
    async with app.run_test(size=(120, 36)) as pilot:
        desk = next(s for s in app.screen_stack if isinstance(s, RapporteurScreen))
        editor = desk.query_one("#editor", NotesArea)
        turkiye = editor.target_id
        editor.focus()
        disk.fill()
        clock.set(local("16:44:00"))
        editor.insert(long_note)  # pasted
        await pilot.pause()
        assert not await editor.flush()
        assert "stays in the field" in str(desk.query_one(DbBanner).render()) and editor.has_class("-unsaved")

        chair = Store(db_path)  # the chair's screen moves on meanwhile
        P.end_intervention(chair, sample, local("16:48:05"))
        P.give_floor(chair, sample, local("16:48:25"))
        chair.dispose()
        desk.refresh_desk()
        await app.workers.wait_for_complete()
        await pilot.press("f2")  # follow the floor: the unsaved note is kept aside for Türkiye
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert editor.target_id != turkiye and editor.text == "" and editor.unsaved

        disk.lift()
        assert await editor.flush()  # the scheduled retry
        tur = next(e for e in load_state(store, sample).entries if e.id == turkiye).intervention
        note = read_note(store, tur.item_id, tur.id)
        assert note.text == long_note and note.started_at == local("16:44:00")
        assert not desk.query_one(DbBanner).has_class("-shown")
    store.dispose()


async def test_a_database_deleted_under_the_chairs_screen_is_said_and_stays_said(db_path, store, sample, clock):
    """Writes into a deleted SQLite file still "succeed" (into the unlinked
    inode) and are lost: the chair must be told at once, and the banner must
    not go away at the next successful write."""
    from tui.app import FloorApp
    from tui.faults import DbBanner
    from tui.screens.chair import ChairScreen

    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        for suffix in ("", "-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        screen = next(s for s in app.screen_stack if isinstance(s, ChairScreen))
        screen.watch_presence()  # its once-a-second look
        await pilot.pause()
        banner = screen.query_one(DbBanner)
        assert banner.has_class("-shown") and "deleted or moved" in str(banner.render())
        await pilot.press("n")  # a chair action "succeeds" into the deleted file…
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert banner.has_class("-shown")  # …and the banner stays


async def test_a_heartbeat_failing_never_hides_the_failed_action_and_its_retry_key(store, sample, clock):
    from tui import faults

    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)):
        full = StoreError("disk_full", "floor.db")
        faults.report(app, full, 'The chair\'s action "pause"', hint="Press Ctrl+R to retry it.")
        faults.report(app, full, "Recording the chair's heartbeat", background=True)
        assert "pause" in banner(app) and "Ctrl+R" in banner(app)


def test_a_damaged_database_is_no_backup(tmp_path, clock):
    from models.backup import BackupError, backup

    db = _sample_copy(tmp_path, clock)
    _damage_page_2(db)
    with pytest.raises(BackupError, match="damaged"):
        backup(f"sqlite:///{db}", tmp_path / "copy.db")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("copy")]  # no copy, no partial file


def test_another_programs_sqlite_file_is_refused_and_left_alone(tmp_path, capsys):
    import sqlite3

    from models.schema import SchemaError

    foreign = tmp_path / "photos.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, path TEXT)")
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(SchemaError, match="not a Floor database"):
        Store(foreign)
    assert main(["--db", str(foreign), "run", str(SAMPLE_AGENDA)]) == 2
    assert "not a Floor database" in capsys.readouterr().err
    assert foreign.read_bytes() == before


def test_only_floor_run_agenda_creates_a_database_even_through_a_sqlite_url(tmp_path, capsys):
    missing = tmp_path / "new.db"
    assert main(["--db", f"sqlite:///{missing}", "list"]) == 2
    assert "no database at" in capsys.readouterr().err and not missing.exists()


def test_a_database_server_that_cannot_be_reached_is_said_with_what_to_check(capsys):
    assert main(["--db", "postgresql+psycopg://postgres@127.0.0.1:1/floor", "list"]) == 2
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "check the database URL" in err and "Traceback" not in err
