"""An organisation's PostgreSQL (issue 11, case 3): every command of ``floor`` on
either engine with the same result, credentials never on the command line,
the server's clock, change notifications, ``floor copy``, three processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from models import procedure as P
from models.backup import CopyRefused, copy_meetings
from models.clock import FakeClock, ServerClock, clock_warning
from models.state import load_state
from models.store import PasswordInUrl, Store, change_channel, safe_url
from tests.replay import ROOT, SAMPLE_AGENDA, local, run_full_script
from tui.cli import main

pytestmark = pytest.mark.both_engines
MEETING = "CD-TIPSOM-SAMPLE-01"
SECRET = "s3cr3t-Pa55"


def every_row(db: str) -> dict[str, list[dict]]:
    """Every row of every Floor table, in primary-key order, as {column: value}."""
    store = Store(db, read_only=True)
    try:
        with store.read_engine.connect() as conn:
            return {table.name: [dict(r) for r in conn.execute(
                select(table).order_by(*table.primary_key.columns)).mappings()]
                for table in SQLModel.metadata.sorted_tables}
    finally:
        store.dispose()


# ------------------------------------------------------------------ every command, both engines


def test_every_command_gives_the_same_result_on_both_engines(db_url, store, sample, clock, tmp_path, capsys,
                                                             monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # a server's backups go to the user data folder
    monkeypatch.setattr("models.clock.SystemClock.now", lambda self: local("16:45:00"))
    monkeypatch.setattr(Store, "clock_offset", lambda self, samples=3: None if not self.is_server else 0.0)
    run_full_script(store, sample, clock, until="16:44:00")  # Türkiye speaking since 16:43:40
    store.dispose()
    db = ["--db", db_url]

    assert main([*db, "list"]) == 0
    assert f"{MEETING}  in_session" in capsys.readouterr().out
    assert main([*db, "status", MEETING, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["current_speaker"]["delegation"] == "Türkiye" and status["current_speaker"]["used_s"] == 80

    roster = tmp_path / "roster.csv"
    roster.write_text("Participant ID,Organization,Category,Speaker name\nST-MEX,Mexico,state_party,\n", encoding="utf-8")
    assert main([*db, "import-roster", MEETING, str(roster)]) == 0
    assert "1 participant(s) added" in capsys.readouterr().out
    assert main([*db, "correct", MEETING, "1", "speaker", "Someone Else"]) == 0
    assert "Someone Else" in capsys.readouterr().out
    assert main([*db, "export", MEETING, "--format", "md", "-o", str(tmp_path / "minutes.md")]) == 0
    assert "Someone Else" in (tmp_path / "minutes.md").read_text(encoding="utf-8")

    assert main([*db, "backup", "-o", str(tmp_path / "kept.db")]) == 0
    assert main([*db, "correct", MEETING, "1", "speaker", "A Third Name"]) == 0
    assert main([*db, "restore", "--force", str(tmp_path / "kept.db")]) == 0
    capsys.readouterr()
    assert main([*db, "export", MEETING, "--format", "md", "-o", str(tmp_path / "again.md")]) == 0
    assert (tmp_path / "again.md").read_text(encoding="utf-8") == (tmp_path / "minutes.md").read_text(encoding="utf-8")

    again = Store(db_url)
    run_full_script(again, sample, clock, after="16:44:00")  # to the end: the meeting rises
    again.dispose()
    assert main([*db, "finalize", MEETING]) == 0
    assert "final" in capsys.readouterr().out.lower()


def test_floor_db_may_be_a_url(db_url, sample, capsys, monkeypatch):
    monkeypatch.setenv("FLOOR_DB", db_url)
    assert main(["list"]) == 0
    assert f"{MEETING}  scheduled" in capsys.readouterr().out


# ------------------------------------------------------------------ credentials


@pytest.mark.parametrize("url", [f"postgresql+psycopg://floor:{SECRET}@db.example.org/floor",
                                 f"postgresql+psycopg://floor@db.example.org/floor?password={SECRET}"],
                         ids=["user-part", "query"])
@pytest.mark.parametrize("how", ["--db", "FLOOR_DB", "copy"])
def test_a_url_with_a_password_is_refused_and_never_repeated(url, how, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    argv = {"--db": ["--db", url, "list"], "FLOOR_DB": ["status", MEETING],
            "copy": ["copy", "--from", str(tmp_path / "a.db"), "--to", url]}[how]
    if how == "FLOOR_DB":
        monkeypatch.setenv("FLOOR_DB", url)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "must not contain a password" in err and "PGPASSWORD" in err and ".pgpass" in err
    assert SECRET not in out + err
    with pytest.raises(PasswordInUrl):
        Store(url)
    assert SECRET not in safe_url(url)


def test_a_service_file_gives_the_connection(pg_floor_url, tmp_path, monkeypatch, capsys):
    """``postgresql+psycopg:///?service=NAME``: host, port, user and database come
    from the service file (libpq), none of them on the command line."""
    from sqlalchemy.engine import make_url

    url = make_url(pg_floor_url)
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[floor]\nhost={url.host}\nport={url.port}\nuser={url.username}\ndbname={url.database}\n"
                        f"options={url.query['options']}\n", encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    store = Store(pg_floor_url)
    with store.transaction() as s:
        from models.agenda import import_agenda, load_agenda

        import_agenda(s, load_agenda(SAMPLE_AGENDA), local("14:50:00"))
    store.dispose()
    assert main(["--db", "postgresql+psycopg:///?service=floor", "list"]) == 0
    assert MEETING in capsys.readouterr().out


# ------------------------------------------------------------------ one clock


def test_the_server_clock_is_the_meetings_clock(store):
    offset = store.clock_offset()
    if not store.is_server:
        assert offset is None  # one machine, one clock
        return
    assert abs(offset) < 1.0  # this machine is the server
    base = FakeClock(local("15:00:00"))
    clock = ServerClock(base, 3.5)
    assert clock.now() == local("15:00:00") + timedelta(seconds=3.5) and clock.monotonic() == base.monotonic()


def test_a_clock_more_than_a_second_off_is_warned_and_the_servers_time_is_used(db_url, sample, capsys, monkeypatch):
    if not db_url.startswith("postgresql"):
        monkeypatch.setattr(Store, "clock_offset", lambda self, samples=3: None)
        assert main(["--db", db_url, "status", MEETING, "--json"]) == 0
        assert "clock" not in capsys.readouterr().err
        return
    monkeypatch.setattr("models.clock.SystemClock.now", lambda self: local("14:49:00"))
    monkeypatch.setattr(Store, "clock_offset", lambda self, samples=3: 62.0)  # this laptop is 62 s slow
    P.call_to_order(Store(db_url), MEETING, local("14:50:00"))
    assert main(["--db", db_url, "status", MEETING, "--json"]) == 0
    out, err = capsys.readouterr()
    assert "warning: this computer's clock is 62.0 s behind the database server's" in err
    assert json.loads(out)["meeting"]["state"] == "in_session"
    assert clock_warning(0.9) is None and "ahead of" in clock_warning(-1.5)


def test_the_chair_and_the_desk_open_on_the_servers_time_and_the_chair_is_told(db_url, capsys, monkeypatch):
    from tui.app import FloorApp

    opened = []
    monkeypatch.setattr(FloorApp, "run", lambda self: opened.append((self.mode, self.clock, self.startup_note)))
    monkeypatch.setattr(Store, "clock_offset", lambda self, samples=3: -4.0 if self.is_server else None)
    assert main(["--db", db_url, "run", str(SAMPLE_AGENDA)]) == 0
    assert main(["--db", db_url, "notes", MEETING]) == 0
    (_, chair_clock, note), (mode, desk_clock, _) = opened
    assert mode == "rapporteur"
    if db_url.startswith("postgresql"):
        assert isinstance(chair_clock, ServerClock) and chair_clock.offset_s == desk_clock.offset_s == -4.0
        assert note.startswith("This computer's clock is 4.0 s ahead of the database server's")
        assert capsys.readouterr().err.count("warning: this computer's clock") == 2
    else:
        assert not isinstance(chair_clock, ServerClock) and note == ""


# ------------------------------------------------------------------ live following


def test_a_follower_hears_each_committed_change_and_no_rolled_back_one(db_url, store, sample, clock):
    follower = Store(db_url)
    try:
        assert follower.wait_for_change(sample, 0.0) is False  # listening from now on
        P.call_to_order(store, sample, clock.now())
        assert follower.wait_for_change(sample, 2.0) is True
        assert follower.wait_for_change(sample, 0.05) is False  # heard once
        with pytest.raises(P.ProcedureError):
            P.resume_countdown(store, sample, clock.now())  # refused: nothing written
        assert follower.wait_for_change(sample, 0.05) is False
        heard = threading.Event()
        waiter = threading.Thread(target=lambda: heard.set() if follower.wait_for_change(sample, 5.0) else None)
        waiter.start()
        P.give_floor(store, sample, clock.advance(5))
        waiter.join(6)
        assert heard.is_set()
    finally:
        follower.dispose()


def test_each_meeting_has_its_own_channel():
    assert change_channel("A") != change_channel("B") and len(change_channel("x" * 80)) < 64


# ------------------------------------------------------------------ floor copy


@pytest.fixture
def replayed(store, sample, clock):
    run_full_script(store, sample, clock, until="16:50:05")
    P.save_notes(store, load_state(store, sample).current.id, "Interpretation lost in EN and ES.", clock.now())
    return store


@pytest.fixture
def other_db(engine, tmp_path, request, pg_server):
    """A fresh database on the other engine than the test's."""
    from tests.conftest import database_on

    database = database_on("postgresql" if engine == "sqlite" else "sqlite", request, pg_server, tmp_path / "other")
    (tmp_path / "other").mkdir()
    yield next(database)
    database.close()


def test_floor_copy_copies_every_row_and_leaves_the_source_untouched(db_url, replayed, sample, other_db, tmp_path,
                                                                      capsys):
    replayed.dispose()
    before = every_row(db_url)
    assert main(["copy", "--from", db_url, "--to", other_db]) == 0
    assert "1 meeting(s) copied" in capsys.readouterr().out
    assert every_row(other_db) == before  # every row of every table, ids included
    assert every_row(db_url) == before  # the source as it was
    copy = Store(other_db)
    P.undo(copy, sample, local("16:51:00"))  # the copy goes on where the source stopped, undo included
    assert load_state(copy, sample).current.intervention.paused_since is None  # the pause undone
    P.pause(copy, sample, local("16:52:00"))
    copy.dispose()
    # back again: refused over a database with meetings, replaced with --force
    assert main(["copy", "--from", other_db, "--to", db_url, MEETING]) == 2
    assert "already holds 1 meeting(s)" in capsys.readouterr().err
    assert every_row(db_url) == before
    assert main(["copy", "--from", other_db, "--to", db_url, MEETING, "--force"]) == 0
    assert every_row(db_url) == every_row(other_db)


def test_copy_of_one_meeting_replaces_it_and_keeps_the_others_in_the_target(db_url, replayed, sample, other_db):
    from models.agenda import import_agenda, load_agenda
    from tests.replay import MINIMAL_AGENDA

    assert copy_meetings(db_url, other_db, sample) == [sample]
    target = Store(other_db)
    P.give_floor(target, sample, local("16:51:00"))  # the copy moves on…
    with target.transaction() as s:  # …and the target gets a meeting of its own (its ids after the copy's)
        other = import_agenda(s, load_agenda(MINIMAL_AGENDA), local("09:00:00")).id
    target.dispose()
    with pytest.raises(CopyRefused):
        copy_meetings(db_url, other_db, sample)
    with pytest.raises(Exception, match="no meeting 'NOPE'"):
        copy_meetings(db_url, other_db, "NOPE", replace=True)
    assert copy_meetings(db_url, other_db, sample, replace=True) == [sample]
    source, copy = every_row(db_url), every_row(other_db)
    for table, rows in copy.items():
        mine = [row for row in rows if row not in source[table]]
        assert all(row.get("meeting_id", row.get("id")) == other for row in mine if table != "intervention")
    assert {m["id"] for m in copy["meeting"]} == {sample, other}
    assert [r for r in copy["logentry"] if r["meeting_id"] == sample] == source["logentry"]


def test_a_copy_whose_ids_are_taken_in_the_target_changes_nothing(db_url, sample, other_db):
    from models.agenda import import_agenda, load_agenda
    from tests.replay import MINIMAL_AGENDA

    target = Store(other_db)
    with target.transaction() as s:  # a fresh database: its ids start at 1, as the source's
        import_agenda(s, load_agenda(MINIMAL_AGENDA), local("09:00:00"))
    target.dispose()
    kept = every_row(other_db)
    with pytest.raises(Exception, match="taken by another meeting there; nothing was changed"):
        copy_meetings(db_url, other_db, sample, replace=True)
    assert every_row(other_db) == kept


# ------------------------------------------------------------------ three processes


FOLLOWER = textwrap.dedent("""
    import json, sys, time
    from models import procedure as P
    from models.clock import SystemClock
    from models.state import load_state, procedural_log_size
    from models.store import Store
    store, meeting, role = Store(sys.argv[1]), sys.argv[2], sys.argv[3]
    store.wait_for_change(meeting, 0.0)  # listening from now on
    print(json.dumps({"ready": True}), flush=True)
    seen, noted, deadline = 0, set(), time.time() + 60
    while time.time() < deadline:
        store.wait_for_change(meeting, 0.5)
        size = procedural_log_size(store, meeting)
        if size == seen:
            continue
        seen = size
        state = load_state(store, meeting)
        print(json.dumps({"seen_log_id": size, "at": time.time()}), flush=True)
        current = state.current
        if role == "rapporteur" and current is not None and current.id not in noted:
            noted.add(current.id)
            P.save_notes(store, current.id, "note on " + current.participant.key, SystemClock().now())
        if state.meeting.state.value == "rose":
            break
""")

CHAIR = textwrap.dedent("""
    import json, sys, time
    from models import procedure as P
    from models.clock import SystemClock
    from models.store import Store
    store, meeting, clock = Store(sys.argv[1]), sys.argv[2], SystemClock()
    steps = [("call_to_order", {}), ("give_floor", {}), ("go_to_item", {"step": 1}), ("give_floor", {}),
             ("pause", {}), ("resume_countdown", {}), ("go_to_item", {"step": 1}), ("give_floor", {}),
             ("end_intervention", {}), ("rise", {})]
    for name, kwargs in steps:
        time.sleep(0.3)
        entry = P.ACTIONS[name](store, meeting, clock.now(), **kwargs)
        print(json.dumps({"action": name, "log_id": entry.id, "at": time.time()}), flush=True)
""")


def test_chair_rapporteur_and_display_processes_see_every_chair_action(db_url, store, sample):
    """Three real processes on one meeting; the followers wait for changes
    (LISTEN/NOTIFY on PostgreSQL, the file's data_version on SQLite)."""
    store.dispose()
    followers = {role: subprocess.Popen([sys.executable, "-c", FOLLOWER, db_url, sample, role], cwd=ROOT,
                                        stdout=subprocess.PIPE, text=True) for role in ("rapporteur", "display")}
    for process in followers.values():
        assert json.loads(process.stdout.readline()) == {"ready": True}
    chair = subprocess.run([sys.executable, "-c", CHAIR, db_url, sample], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert chair.returncode == 0, chair.stderr
    actions = [json.loads(line) for line in chair.stdout.splitlines()]
    assert len(actions) == 10
    for role, process in followers.items():
        out, _ = process.communicate(timeout=120)
        seen = [json.loads(line) for line in out.splitlines()]
        for action in actions:
            first = min((s["at"] for s in seen if s["seen_log_id"] >= action["log_id"]), default=None)
            assert first is not None, f"the {role} never saw {action['action']}"
            assert first - action["at"] <= 2.0, f"the {role} saw {action['action']} after {first - action['at']:.2f} s"
    check = Store(db_url)
    from models.state import item_entries

    noted = [e for item in load_state(check, sample).items for e in item_entries(check, item.id)
             if e.intervention.started_at is not None]
    assert noted and all(e.notes == f"note on {e.participant.key}" for e in noted)
    check.dispose()


def test_times_written_are_the_clocks_given(store, sample):
    """Both engines give back the instants written, to the microsecond, in UTC."""
    at = local("14:55:00") + timedelta(microseconds=123456)
    P.call_to_order(store, sample, at)
    assert load_state(store, sample).meeting.called_to_order_at == at


async def test_the_chairs_screen_sees_another_machines_action_at_once(db_url, store, sample, clock):
    """Another machine (another store) calls the meeting to order; the chair's
    screen shows it within half a second: by notification on PostgreSQL (its
    own poll is then once a second), by its 0.15 s poll on SQLite."""
    import asyncio

    from models.tables import MeetingState
    from tui.app import FloorApp
    from tui.screens.chair import ChairScreen

    app = FloorApp(store, sample, clock=clock)
    other = Store(db_url)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChairScreen) and screen.state.meeting.state == MeetingState.SCHEDULED
        await pilot.pause(0.3)  # the listener is up
        P.call_to_order(other, sample, clock.now(), actor="secretariat")
        loop = asyncio.get_running_loop()
        began = loop.time()
        while screen.state.meeting.state != MeetingState.IN_SESSION and loop.time() - began < 2.0:
            await pilot.pause(0.02)
        assert screen.state.meeting.state == MeetingState.IN_SESSION
        assert loop.time() - began < 0.5
    app.close_writer()
    other.dispose()


async def test_the_display_sees_the_chairs_action_at_once(db_url, store, sample, clock):
    """The room's display (read-only) sees the call to order within half a
    second: by notification on PostgreSQL (its own poll is then once a
    second), by its 0.1 s poll on SQLite."""
    import asyncio

    from models.tables import MeetingState
    from tui.app import FloorApp
    from tui.screens.display import DisplayScreen

    viewer = Store(db_url, read_only=True)
    app = FloorApp(viewer, sample, clock=clock, mode="display")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DisplayScreen) and screen.state.meeting.state == MeetingState.SCHEDULED
        await pilot.pause(0.3)  # the listener is up
        P.call_to_order(store, sample, clock.now())
        loop = asyncio.get_running_loop()
        began = loop.time()
        while screen.state.meeting.state != MeetingState.IN_SESSION and loop.time() - began < 2.0:
            await pilot.pause(0.02)
        assert screen.state.meeting.state == MeetingState.IN_SESSION
        assert loop.time() - began < 0.5
    app.close_writer()
    viewer.dispose()
