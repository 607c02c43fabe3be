"""Two rapporteur's desks on one meeting (two apps, one database file): each
sees the other's typing, and two desks typing into one intervention never
overwrite each other — both texts are kept, the conflict is shown on both,
and saving the merged text clears it (issue 11, case 6)."""

from __future__ import annotations

import pytest

from models import procedure as P
from models.merge import has_conflict
from models.state import load_state, read_note
from models.store import Store
from tests.replay import local, run_full_script
from tui.app import FloorApp
from tui.screens.rapporteur import FOLLOW_INTERVAL, RapporteurScreen
from tui.widgets.notes import AUTOSAVE_DELAY, AUTOSAVE_MAX, NotesArea
from tui.widgets.notes_index import NotesIndex


@pytest.fixture(autouse=True)
def by_hand(monkeypatch):
    """The desks look and save when the test says (``poll``, ``flush``), never
    on the timers' wall-clock seconds, so the two desks' order is the test's."""
    monkeypatch.setattr("tui.screens.rapporteur.FOLLOW_INTERVAL", 3600)
    monkeypatch.setattr("tui.widgets.notes.AUTOSAVE_DELAY", 3000)
    monkeypatch.setattr("tui.widgets.notes.AUTOSAVE_MAX", 3500)


def desk(app) -> RapporteurScreen:
    return next(s for s in app.screen_stack if isinstance(s, RapporteurScreen))


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "\n": "enter", ".": "full_stop", ",": "comma"}.get(ch, ch))


def mark(screen: RapporteurScreen, intervention_id: int) -> str:
    table = screen.query_one("#entries", NotesIndex)
    return str(table.get_row_at(table.get_row_index(f"intervention:{intervention_id}"))[2])


def banner_shown(screen: RapporteurScreen) -> bool:
    return screen.query_one("#conflict").has_class("-shown")


async def look(screen: RapporteurScreen, pilot) -> None:
    """What the desk's timer does every FOLLOW_INTERVAL seconds."""
    await screen.poll()
    await pilot.pause()


async def test_two_desks_typing_into_one_intervention_keep_both_texts_until_merged(store, sample, clock, db_path):
    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    current = load_state(store, sample).current
    other = Store(db_path)  # the second desk's own connection to the same file
    a = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    b = FloorApp(other, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    try:
        async with a.run_test(size=(120, 36)) as pa, b.run_test(size=(120, 36)) as pb:
            desk_a, desk_b = desk(a), desk(b)
            ed_a, ed_b = desk_a.query_one("#editor", NotesArea), desk_b.query_one("#editor", NotesArea)
            assert ed_a.target_id == ed_b.target_id == current.id
            ed_a.focus()
            ed_b.focus()
            clock.set(local("16:44:00"))
            await type_text(pa, "Stressed victim identification.")
            await type_text(pb, "Asked about shelters in Abuja.")
            assert await ed_a.flush()  # desk A's autosave comes first…
            clock.set(local("16:44:01"))
            assert await ed_b.flush()  # …then desk B's, typed on the empty note: merged, not written over A's
            await pb.pause()

            note = read_note(store, current.intervention.item_id, current.id)
            assert "Stressed victim identification." in note.text and "Asked about shelters in Abuja." in note.text
            assert note.text.splitlines()[0] == "<<<<<<< saved at 16:44:00"
            assert ed_b.text == note.text and ed_b.conflict and not ed_b.dirty  # B shows both at once
            await look(desk_a, pa)
            assert ed_a.text == note.text and ed_a.conflict  # A follows: it was not typing
            for screen in (desk_a, desk_b):
                assert banner_shown(screen) and mark(screen, current.id) == "⇄"
                assert screen.query_one("#editor", NotesArea).has_class("-conflict")

            # the rapporteur at desk A merges: deletes the three marker lines and saves
            ed_a.move_cursor((0, 0))
            await pa.press("ctrl+shift+k")  # <<<<<<<
            await pa.press("down", "ctrl+shift+k")  # =======
            await pa.press("down", "ctrl+shift+k", "backspace")  # >>>>>>>, and the empty line it leaves
            merged = "Stressed victim identification.\nAsked about shelters in Abuja."
            assert ed_a.text == merged and not ed_a.conflict and not banner_shown(desk_a)
            assert await ed_a.flush()
            assert read_note(store, current.intervention.item_id, current.id).text == merged
            await look(desk_b, pb)
            assert ed_b.text == merged and not ed_b.conflict and not banner_shown(desk_b)
            await look(desk_a, pa)
            for screen in (desk_a, desk_b):
                assert mark(screen, current.id) == "✎"
    finally:
        other.dispose()


async def test_a_desk_typing_on_takes_in_the_other_desks_lines_and_keeps_its_own(store, sample, clock, db_path):
    """A desk still typing when the other desk's save arrives: the other desk's
    changes come into its field at once, merged line by line with what it is
    typing, which stays where it is (and unsaved until its own save)."""
    run_full_script(store, sample, clock, until="16:43:40")
    current = load_state(store, sample).current
    P.save_notes(store, current.id, "Victim identification.", clock.now())
    other = Store(db_path)
    a = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    b = FloorApp(other, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    try:
        async with a.run_test(size=(120, 36)) as pa, b.run_test(size=(120, 36)) as pb:
            desk_a, desk_b = desk(a), desk(b)
            ed_a, ed_b = desk_a.query_one("#editor", NotesArea), desk_b.query_one("#editor", NotesArea)
            ed_a.focus()
            ed_b.focus()
            await type_text(pb, "\nShelters.")  # B types a new line…
            await type_text(pa, " Data gaps.")  # …while A continues the first one, and saves first
            assert await ed_a.flush()
            await look(desk_b, pb)
            both = "Victim identification. Data gaps.\nShelters."
            assert ed_b.text == both and ed_b.dirty and not ed_b.conflict  # different lines: no conflict
            assert ed_b.cursor_location == (1, len("Shelters."))  # B's typing goes on where it was
            await type_text(pb, " In Abuja.")
            assert await ed_b.flush()
            both = "Victim identification. Data gaps.\nShelters. In Abuja."
            assert read_note(store, current.intervention.item_id, current.id).text == both
            await look(desk_a, pa)
            assert ed_a.text == both
    finally:
        other.dispose()


async def test_two_desks_typing_at_once_keep_typing_each_in_its_own_version(store, sample, clock, db_path):
    """Both desks typing at the end of one note: the first look after the
    other's save shows both versions between markers, each desk's cursor at
    the end of its own text, and each goes on typing there: nothing crosses."""
    run_full_script(store, sample, clock, until="16:43:40")
    current = load_state(store, sample).current
    other = Store(db_path)
    a = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    b = FloorApp(other, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    try:
        async with a.run_test(size=(120, 36)) as pa, b.run_test(size=(120, 36)) as pb:
            desk_a, desk_b = desk(a), desk(b)
            ed_a, ed_b = desk_a.query_one("#editor", NotesArea), desk_b.query_one("#editor", NotesArea)
            ed_a.focus()
            ed_b.focus()
            clock.set(local("16:44:00"))
            await type_text(pa, "Victim identification.")
            await type_text(pb, "Shelters in Abuja.")
            assert await ed_a.flush()
            clock.set(local("16:44:01"))
            await look(desk_b, pb)  # B, still typing, sees A's text at once
            assert ed_b.conflict and banner_shown(desk_b) and ed_b.dirty
            assert ed_b.cursor_location == (3, len("Shelters in Abuja."))
            await type_text(pb, " And Lagos.")
            await type_text(pa, " Data.")
            assert await ed_b.flush()
            await look(desk_a, pa)
            assert ed_a.conflict and banner_shown(desk_a) and ed_a.cursor_location == (1, len("Victim identification. Data."))
            assert await ed_a.flush()
            await look(desk_b, pb)
            note = read_note(store, current.intervention.item_id, current.id).text
            assert note.split("\n")[:4] == [
                "<<<<<<< saved at 16:44:00", "Victim identification. Data.",
                "======= typed at the same time, saved at 16:44:01", "Shelters in Abuja. And Lagos."]
            assert ed_a.text == ed_b.text == note
            assert mark(desk_a, current.id) == mark(desk_b, current.id) == "⇄"
    finally:
        other.dispose()


async def test_each_desk_sees_the_others_typing_within_a_second(store, sample, clock, db_path):
    """While one desk types, its notes are saved at the latest AUTOSAVE_MAX s
    after the first key not yet saved; the other desk looks every
    FOLLOW_INTERVAL s and shows them even with the cursor in its own field.
    (The timers run here on 3,000 s and 3,500 s instead of 0.5 s and 0.7 s.)"""
    assert AUTOSAVE_DELAY <= AUTOSAVE_MAX and AUTOSAVE_MAX + FOLLOW_INTERVAL < 1.0
    run_full_script(store, sample, clock, until="16:43:40")
    current = load_state(store, sample).current
    other = Store(db_path)
    a = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    b = FloorApp(other, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    try:
        async with a.run_test(size=(120, 36)) as pa, b.run_test(size=(120, 36)) as pb:
            desk_a, desk_b = desk(a), desk(b)
            ed_a, ed_b = desk_a.query_one("#editor", NotesArea), desk_b.query_one("#editor", NotesArea)
            ed_a.focus()
            ed_b.focus()
            clock.set(local("16:44:00"))
            await type_text(pa, "Data")
            assert ed_a.next_save_in == 3000  # a pause in the typing saves it
            clock.advance(2000)
            await type_text(pa, " gaps")
            # typing on: saved AUTOSAVE_MAX s after the first unsaved key, not AUTOSAVE_DELAY after the last
            assert ed_a.next_save_in == pytest.approx(1500)
            assert await ed_a.flush()  # what that timer does
            await look(desk_b, pb)
            assert ed_b.has_focus and ed_b.text == "Data gaps"
            await type_text(pb, " remain.")  # and back: B continues the note, A sees it
            assert await ed_b.flush()
            await look(desk_a, pa)
            assert ed_a.text == "Data gaps remain." and not ed_a.conflict
            assert read_note(store, current.intervention.item_id, current.id).text == "Data gaps remain."
    finally:
        other.dispose()


async def test_the_chairs_notes_keep_both_texts_too(store, sample, clock):
    """The chair typing in the notes before the rapporteur's desk opened: its
    save over the desk's newer text keeps both."""
    from tui.screens.chair import ChairScreen

    run_full_script(store, sample, clock, until="16:43:40")
    current = load_state(store, sample).current
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = next(s for s in app.screen_stack if isinstance(s, ChairScreen))
        notes = screen.query_one("#intervention-notes", NotesArea)
        await pilot.press("t")
        await type_text(pilot, "Chair: noted.")
        P.save_notes(store, current.id, "Desk: victim identification.", clock.now(), typed_on="")
        assert await notes.flush()
        await pilot.pause()
        text = read_note(store, current.intervention.item_id, current.id).text
        assert has_conflict(text) and "Chair: noted." in text and "Desk: victim identification." in text
        assert notes.text == text and notes.has_class("-conflict")


def test_desk_with_a_conflict_120x36(snap_compare, store, sample, clock):
    run_full_script(store, sample, clock, until="16:43:40")
    current = load_state(store, sample).current
    P.save_notes(store, current.id, "Stressed victim identification.", local("16:44:00"), typed_on="")
    P.save_notes(store, current.id, "Asked about shelters in Abuja.", local("16:44:01"), typed_on="")
    clock.set(local("16:44:05"))

    async def settle(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    assert snap_compare(app, terminal_size=(120, 36), run_before=settle)
