"""The room's display (issue 11, case 2): read-only, follows the chair, from 40×12 up.

Snapshots are taken on a fixed clock; regenerate after an intended change with
``pytest tests/test_display.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import hashlib

import pytest
from textual.widgets import Digits

from models import procedure as P
from models.state import load_state
from models.store import Store
from tests.replay import local, run_full_script
from tui.app import FloorApp
from tui.screens import display as display_module
from tui.screens.display import FOLLOW_INTERVAL, TICK_INTERVAL, DisplayScreen, fit, gaps


def display_of(app) -> DisplayScreen:
    return next(s for s in app.screen_stack if isinstance(s, DisplayScreen))


def shown(screen: DisplayScreen, name: str) -> str:
    """What a section shows ("" when hidden for lack of room)."""
    widget = screen.query_one(f"#{name}")
    return str(widget.render()) if widget.display else ""


def digits(screen: DisplayScreen) -> str:
    widget = screen.query_one("#countdown", Digits)
    return widget.value if widget.display else ""


@pytest.fixture
def overrunning(store, sample, clock, db_path):
    """16:48:00: Türkiye 20 s over its 4 minutes, the list closed (16:39), Norway inscribed
    late, a 20-minute contingent for the States parties; the display on the file, read-only."""
    run_full_script(store, sample, clock, until="16:45:10")
    P.set_contingent(store, sample, clock.now(), "state_party", value_s=1200)
    clock.set(local("16:48:00"))
    return FloorApp(Store(db_path, read_only=True), sample, clock=clock, mode="display")


@pytest.fixture
def point_of_order(store, sample, clock, db_path):
    """17:10:40: the Republic of Korea's point of order heard while Bolivia has the floor (paused)."""
    run_full_script(store, sample, clock, until="17:10:20")
    clock.set(local("17:10:40"))
    return FloorApp(Store(db_path, read_only=True), sample, clock=clock, mode="display")


@pytest.fixture
def paused(store, sample, clock, db_path):
    """16:50:30: Côte d'Ivoire's countdown paused (interpretation) since 16:50:05."""
    run_full_script(store, sample, clock, until="16:50:05")
    clock.set(local("16:50:30"))
    return FloorApp(Store(db_path, read_only=True), sample, clock=clock, mode="display")


@pytest.fixture
def no_color(monkeypatch):
    """The terminal asks for no colour (https://no-color.org); Textual reads it when the App is built."""
    monkeypatch.setenv("NO_COLOR", "1")


# --------------------------------------------------------------------------- snapshots


def test_display_40x12(snap_compare, overrunning):
    """The smallest display: countdown, OVER TIME, the speaker, the next three; the item on top."""
    assert snap_compare(overrunning, terminal_size=(40, 12))


def test_display_80x24(snap_compare, overrunning):
    """With room for the item, LIST CLOSED and the contingent, and blank lines between."""
    assert snap_compare(overrunning, terminal_size=(80, 24))


def test_display_200x50(snap_compare, point_of_order):
    """A point of order being heard: POINT OF ORDER, raised by whom, the speaker's time held."""
    assert snap_compare(point_of_order, terminal_size=(200, 50))


def test_display_no_color_80x24(snap_compare, no_color, paused):
    """Under NO_COLOR the state is in words: PAUSED beside the held countdown."""
    assert snap_compare(paused, terminal_size=(80, 24))


def test_display_no_color_overrun_40x12(snap_compare, no_color, overrunning):
    """Under NO_COLOR, an overrun reads "OVER TIME" and the digits carry the minus sign."""
    assert snap_compare(overrunning, terminal_size=(40, 12))


# --------------------------------------------------------------------------- what is kept as the room shrinks


def test_fit_keeps_the_countdown_then_the_speaker_then_the_next_then_the_item():
    forms = {"state": [1], "countdown": [3], "speaker": [3, 2, 1], "next": [4, 1], "item": [3, 2, 1]}
    assert fit(forms, 50) == {"state": 1, "countdown": 3, "speaker": 3, "next": 4, "item": 3}
    assert fit(forms, 12) == {"state": 1, "countdown": 3, "speaker": 3, "next": 4, "item": 1}
    assert fit(forms, 9) == {"state": 1, "countdown": 3, "speaker": 3, "next": 1, "item": 1}
    assert fit(forms, 7) == {"state": 1, "countdown": 3, "speaker": 3, "next": 0, "item": 0}
    assert fit(forms, 5) == {"state": 1, "countdown": 3, "speaker": 1, "next": 0, "item": 0}
    assert fit(forms, 4) == {"state": 1, "countdown": 3, "speaker": 0, "next": 0, "item": 0}
    assert fit(forms, 2) == {"state": 1, "countdown": 0, "speaker": 1, "next": 0, "item": 0}  # what still fits
    assert fit(forms, 0)["state"] == 1  # the state in words, whatever the room


def test_blank_lines_go_between_sections_only_when_there_is_room():
    given = {"state": 1, "countdown": 3, "speaker": 2, "next": 4, "item": 1}
    assert gaps(given, 11) == {}
    assert gaps(given, 12) == {"speaker": 1}
    assert gaps(given, 40) == {"speaker": 1, "next": 1, "countdown": 1, "state": 1}


@pytest.mark.parametrize(("size", "speaker", "next_", "item"), [
    ((80, 24), True, "Next speakers", True),
    ((40, 12), True, "Next speakers", True),
    ((40, 9), True, "Next: ", True),  # the next three on one line; the item and LIST CLOSED below
    ((40, 7), True, "Next: ", False),
    ((40, 6), True, "", False),
    ((40, 4), False, "", False),
])
async def test_the_display_drops_the_item_then_the_next_speakers_then_the_speaker(overrunning, size, speaker, next_,
                                                                                    item):
    async with overrunning.run_test(size=size) as pilot:
        await pilot.pause()
        screen = display_of(overrunning)
        assert digits(screen) == "-00:20" and "OVER TIME" in shown(screen, "state")
        assert ("Türkiye" in shown(screen, "speaker")) is speaker
        assert shown(screen, "next").startswith(next_) if next_ else shown(screen, "next") == ""
        assert ("Item 5" in shown(screen, "item")) is item


async def test_the_display_adapts_when_its_window_is_resized(overrunning):
    async with overrunning.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = display_of(overrunning)
        assert "Item 5" in shown(screen, "item") and "Next speakers" in shown(screen, "next")
        await pilot.resize_terminal(40, 6)
        await pilot.pause()
        assert shown(screen, "item") == "" and shown(screen, "next") == ""
        assert digits(screen) == "-00:20" and "Türkiye" in shown(screen, "speaker")
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert "Item 5" in shown(screen, "item") and "3. Philippines" in shown(screen, "next")


async def test_the_display_shows_the_list_closed_the_contingent_and_who_is_next(overrunning):
    async with overrunning.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = display_of(overrunning)
        item = shown(screen, "item")
        assert "LIST CLOSED" in item and "State party contingent left" in item
        assert shown(screen, "next").splitlines() == [
            "Next speakers", "1. Côte d'Ivoire", "2. Saint Vincent and the Grenadines", "3. Philippines"]


async def test_on_behalf_of_is_shown_with_the_speaker(store, sample, clock, db_path):
    run_full_script(store, sample, clock, until="16:26:40")  # the European Union has the floor
    app = FloorApp(Store(db_path, read_only=True), sample, clock=clock, mode="display")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(display_of(app), "speaker").splitlines() == [
            "European Union", "Ms. H. Placeholder", "on behalf of European Union and its member States"]
        assert "(on behalf of Group of 77 and China)" in shown(display_of(app), "next")


async def test_a_hostile_name_shows_literally(store, sample, clock, db_path):
    from sqlmodel import select

    from models.tables import Participant

    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    with store.transaction() as s:
        tur = s.exec(select(Participant).where(Participant.key == "ST-TUR")).one()
        tur.delegation = "[bold red]Türkiye[/] \x1b[2J"
    app = FloorApp(Store(db_path, read_only=True), sample, clock=clock, mode="display")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(display_of(app), "speaker").splitlines()[0] == "[bold red]Türkiye[/] ␛[2J"


# --------------------------------------------------------------------------- following the chair


async def test_a_chair_action_shows_at_the_next_look(store, sample, clock, db_path, monkeypatch):
    """The chair gives the floor, then pauses, through the models API (another
    connection, as the chair's screen is): each shows at the display's next look
    at the change marker, which comes every FOLLOW_INTERVAL seconds."""
    assert FOLLOW_INTERVAL <= 0.1 and TICK_INTERVAL <= 0.25  # a look and a read within 250 ms
    run_full_script(store, sample, clock, until="16:45:10")
    app = FloorApp(Store(db_path, read_only=True), sample, clock=clock, mode="display")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = display_of(app)
        reads = []
        real_sync = display_module.sync_state
        monkeypatch.setattr(display_module, "sync_state", lambda *a: reads.append(a) or real_sync(*a))
        await screen.poll()  # nothing changed: nothing is read
        assert reads == []
        assert shown(screen, "speaker").startswith("Türkiye")

        clock.set(local("16:48:05"))
        P.end_intervention(store, sample, clock.now())
        clock.set(local("16:48:25"))
        P.give_floor(store, sample, clock.now())
        assert shown(screen, "speaker").startswith("Türkiye")  # not before the display looks
        await screen.poll()  # what the timer does every FOLLOW_INTERVAL seconds
        await pilot.pause()
        assert len(reads) == 1
        assert shown(screen, "speaker").startswith("Côte d'Ivoire")
        assert "SPEAKING" in shown(screen, "state") and digits(screen) == "04:00"
        assert "Côte d'Ivoire" not in shown(screen, "next")

        clock.set(local("16:48:35"))
        screen.tick()  # what the timer does every TICK_INTERVAL seconds: the clock, no read
        assert digits(screen) == "03:50" and len(reads) == 1

        clock.set(local("16:50:05"))
        P.pause(store, sample, clock.now(), reason="interpretation")
        await screen.poll()
        await pilot.pause()
        assert "PAUSED" in shown(screen, "state") and digits(screen) == "02:20"
        clock.set(local("16:50:30"))
        screen.tick()
        assert digits(screen) == "02:20"  # held while paused


async def test_the_timers_are_set_at_the_follow_and_tick_intervals(overrunning):
    async with overrunning.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        intervals = {timer._interval for timer in display_of(overrunning)._timers}
        assert {FOLLOW_INTERVAL, TICK_INTERVAL} <= intervals


# --------------------------------------------------------------------------- read-only


def _files(folder):
    """Every file in the folder with its content's digest and modification time."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}


async def test_the_display_on_a_read_only_database_file_works_and_writes_nothing(store, sample, clock, db_path):
    run_full_script(store, sample, clock, until="16:45:10")
    store.dispose()  # the chair has closed: the file alone
    db_path.chmod(0o444)
    before = _files(db_path.parent)
    log_size = len(P_log(db_path, sample))
    try:
        viewer = Store(db_path, read_only=True)
        app = FloorApp(viewer, sample, clock=clock, mode="display")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = display_of(app)
            await screen.poll()
            clock.set(local("16:48:00"))
            screen.tick()
            await pilot.pause()
            assert shown(screen, "speaker").startswith("Türkiye") and digits(screen) == "-00:20"
            assert app.db_fault is None
        with pytest.raises(Exception):  # the connection itself cannot write
            P.end_intervention(viewer, sample, clock.now())
        viewer.dispose()
        after = _files(db_path.parent)
        assert after["floor.db"] == before["floor.db"]  # not a byte, not a timestamp
        # SQLite's reader of a WAL database makes its empty -wal and -shm beside it, and nothing else
        assert set(after) - set(before) <= {"floor.db-wal", "floor.db-shm"}
        assert all((db_path.parent / name).stat().st_size == 0 for name in set(after) - set(before) - {"floor.db-shm"})
        assert len(P_log(db_path, sample)) == log_size
    finally:
        db_path.chmod(0o644)


def P_log(db_path, sample):
    """The procedural log and presence rows, read through a fresh read-only connection."""
    from sqlmodel import select

    from models.state import procedural_log
    from models.tables import Presence

    reader = Store(db_path, read_only=True)
    try:
        with reader.read() as s:
            presence = list(s.exec(select(Presence)))
        return [*procedural_log(reader, sample), *presence]
    finally:
        reader.dispose()


def test_floor_display_opens_the_database_read_only(store, sample, db_path, monkeypatch):
    from tui import cli

    opened = {}

    def run(app):
        opened.update(read_only=app.store.read_only, mode=app.mode)

    monkeypatch.setattr(FloorApp, "run", run)
    assert cli.main(["--db", str(db_path), "display", sample]) == 0
    assert opened == {"read_only": True, "mode": "display"}


def test_floor_display_of_an_unknown_meeting_says_so(store, sample, db_path, capsys):
    from tui import cli

    assert cli.main(["--db", str(db_path), "display", "no-such-meeting"]) == 2
    assert "no meeting 'no-such-meeting'" in capsys.readouterr().err


def test_the_state_words_follow_the_meeting(store, sample, clock, db_path):
    """Before the call to order, while suspended, and after the meeting rose: in words."""
    state = load_state(store, sample)
    assert "NOT YET CALLED TO ORDER" in str(DisplayScreen._state_line(state, clock.now()))
    assert [str(line) for line in DisplayScreen._item_lines(state, clock.now())] == [state.meeting.title]
    run_full_script(store, sample, clock, until="15:42:00")  # suspended at 15:42
    state = load_state(store, sample)
    assert str(DisplayScreen._state_line(state, clock.now())).strip().startswith("SUSPENDED  since 3.42")
    run_full_script(store, sample, clock, after="15:42:00")
    state = load_state(store, sample)
    assert "THE MEETING HAS RISEN" in str(DisplayScreen._state_line(state, clock.now()))


async def test_the_display_on_postgresql_follows_the_chair_and_cannot_write(pg_url, clock):
    """On a PostgreSQL server the display's connection is read-only too: the server refuses its writes."""
    from models.agenda import import_agenda, load_agenda
    from tests.replay import SAMPLE_AGENDA, facts

    chair = Store(pg_url)
    sample = facts()["meeting"]["id"]
    with chair.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    run_full_script(chair, sample, clock, until="16:45:10")
    viewer = Store(pg_url, read_only=True)
    try:
        app = FloorApp(viewer, sample, clock=clock, mode="display")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = display_of(app)
            assert shown(screen, "speaker").startswith("Türkiye")
            clock.set(local("16:48:05"))
            P.end_intervention(chair, sample, clock.now())
            clock.set(local("16:48:25"))
            P.give_floor(chair, sample, clock.now())
            await screen.poll()
            await pilot.pause()
            assert shown(screen, "speaker").startswith("Côte d'Ivoire") and digits(screen) == "04:00"
        with pytest.raises(Exception, match="read-only"):
            P.pause(viewer, sample, clock.now())
        assert load_state(chair, sample).current.intervention.paused_since is None
    finally:
        viewer.dispose()
        chair.dispose()
