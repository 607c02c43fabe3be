"""The rapporteur's desk driven as a rapporteur drives it."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from models import procedure as P
from models.presence import is_present
from models.state import load_state, read_note
from tests.replay import local, run_full_script
from tui.app import FloorApp
from tui.screens.rapporteur import RapporteurScreen
from tui.widgets.notes import NotesArea


def desk(app) -> RapporteurScreen:
    return next(s for s in app.screen_stack if isinstance(s, RapporteurScreen))


async def settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "#": "number_sign", "\n": "enter"}.get(ch, ch))


async def test_tagged_note_attaches_to_the_intervention_being_given(store, sample, clock):
    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = desk(app)
        editor = screen.query_one("#editor", NotesArea)
        assert editor.target_kind == "intervention" and editor.target_id == load_state(store, sample).current.id
        assert is_present(store, sample, "rapporteur", clock.now())
        editor.focus()
        clock.set(local("16:44:00"))
        await type_text(pilot, "Stressed victim identification #identification #recommendation")
        # the chair gives the floor to the next speaker while the note is being typed
        P.end_intervention(store, sample, local("16:48:05"))
        P.give_floor(store, sample, local("16:48:25"))
        clock.set(local("16:48:26"))
        screen.refresh_desk()
        await settle(pilot)
        assert editor.target_id != load_state(store, sample).current.id  # the note stays where it was started
        assert "F2: follow the floor" in str(screen.query_one("#floor-line").render())
        await editor.flush()
        await settle(pilot)
        tur = next(e for e in load_state(store, sample).entries if e.participant.key == "ST-TUR").intervention
        tur_note = read_note(store, tur.item_id, tur.id)
        assert tur_note.text == "Stressed victim identification #identification #recommendation"
        assert tur_note.started_at == local("16:44:00")
        await pilot.press("f2")  # follow the floor again
        await settle(pilot)
        assert editor.target_id == load_state(store, sample).current.id
        screen.refresh_desk()  # what the half-second timer does
        tags = str(screen.query_one("#tags").render())
        assert "#identification (1)" in tags and "#recommendation (1)" in tags
    assert not is_present(store, sample, "rapporteur", clock.now())  # the desk left


async def test_move_back_to_an_earlier_intervention_and_filter_by_tag(store, sample, clock):
    run_full_script(store, sample, clock, until="16:50:05")
    entries = {e.participant.key: e.id for e in load_state(store, sample).entries}
    P.save_notes(store, entries["GRP-EU"], "Data collection gaps. #data", clock.now())
    P.save_notes(store, entries["ST-NGA"], "Referral to shelters. #referral", clock.now())
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = desk(app)
        table = screen.query_one("#entries", DataTable)
        table.focus()
        eu_row = table.get_row_index(f"intervention:{entries['GRP-EU']}")
        table.move_cursor(row=eu_row)
        await pilot.press("enter")
        await settle(pilot)
        editor = screen.query_one("#editor", NotesArea)
        assert editor.target_id == entries["GRP-EU"] and editor.text == "Data collection gaps. #data"
        editor.move_cursor(editor.document.end)
        await type_text(pilot, " More on #referral")
        await pilot.press("escape")
        await editor.flush()
        await settle(pilot)
        eu = next(e for e in load_state(store, sample).entries if e.participant.key == "GRP-EU")
        assert eu.notes == "Data collection gaps. #data More on #referral"
        await pilot.press("ctrl+f")
        await type_text(pilot, "#referral")
        await settle(pilot)
        shown = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert shown == ["European Union", "Nigeria"]
        filt = screen.query_one("#filter", Input)
        filt.value = "shelters"
        await settle(pilot)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Nigeria"]


async def test_the_chairs_notes_are_read_only_while_the_desk_is_open(store, sample, clock):
    from models.presence import beat
    from tui.screens.chair import ChairScreen

    run_full_script(store, sample, clock, until="16:43:40")
    beat(store, sample, "rapporteur", clock.now())
    P.save_notes(store, load_state(store, sample).current.id, "Typed at the desk", clock.now())
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = next(s for s in app.screen_stack if isinstance(s, ChairScreen))
        screen.watch_presence()
        await screen.watch_others()
        await settle(pilot)
        notes = screen.query_one("#intervention-notes", NotesArea)
        assert notes.read_only and notes.text == "Typed at the desk"
        await pilot.press("t")
        await type_text(pilot, "n")  # read-only: not typed, and not a chair action either
        await settle(pilot)
        assert notes.text == "Typed at the desk"
