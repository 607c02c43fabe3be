"""The rapporteur's desk driven as a rapporteur drives it."""

from __future__ import annotations

from textual.widgets import Input

from models import procedure as P
from models.presence import is_present
from models.state import load_state, read_note
from tests.replay import local, run_full_script
from tui.app import FloorApp
from tui.screens.rapporteur import RapporteurScreen
from tui.widgets.notes import NotesArea
from tui.widgets.notes_index import NotesIndex


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
        table = screen.query_one("#entries", NotesIndex)
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
    from models.presence import enter
    from tui.screens.chair import ChairScreen

    run_full_script(store, sample, clock, until="16:43:40")
    enter(store, sample, "rapporteur", clock.now())
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


async def test_a_note_saved_elsewhere_appears_after_the_next_look(store, sample, clock, db_path):
    from models.store import Store

    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    entries = {e.participant.key: e.id for e in load_state(store, sample).entries}
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = desk(app)
        table = screen.query_one("#entries", NotesIndex)
        table.focus()
        table.move_cursor(row=table.get_row_index(f"intervention:{entries['ST-NGA']}"))
        await pilot.press("enter")  # the rapporteur goes back to Nigeria's notes…
        await pilot.press("escape")  # …and leaves the field
        await settle(pilot)
        editor = screen.query_one("#editor", NotesArea)
        assert editor.target_id == entries["ST-NGA"] and editor.text == ""
        nga, eu = (f"intervention:{entries[k]}" for k in ("ST-NGA", "GRP-EU"))
        other = Store(db_path)  # another connection on the same file, as a second screen would be
        try:
            P.save_notes(other, entries["ST-NGA"], "Referral to shelters. #referral", clock.now())
            P.save_notes(other, entries["GRP-EU"], "As Ghana said, data gaps remain. #data", clock.now())
        finally:
            other.dispose()
        assert str(table.get_row_at(table.get_row_index(nga))[2]) == ""  # not seen before the desk looks
        await screen.poll()  # what the timer does every FOLLOW_INTERVAL seconds
        await pilot.pause()
        assert str(table.get_row_at(table.get_row_index(nga))[2]) == "✎"
        assert str(table.get_row_at(table.get_row_index(eu))[2]) == "⚠"  # a tagged note naming a delegation
        assert editor.text == "Referral to shelters. #referral"  # the note open at the desk follows
        tags = str(screen.query_one("#tags").render())
        assert "#referral (1)" in tags and "#data (1)" in tags
        await pilot.press("ctrl+f")
        await type_text(pilot, "#data")
        await settle(pilot)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["European Union"]


async def test_the_index_gains_a_row_when_the_chair_gives_the_floor_without_a_rebuild(store, sample, clock, db_path):
    from models.store import Store

    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    entries = {e.participant.key: e.id for e in load_state(store, sample).entries}
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = desk(app)
        table = screen.query_one("#entries", NotesIndex)
        eu = f"intervention:{entries['GRP-EU']}"
        table.focus()
        table.move_cursor(row=table.get_row_index(eu))
        await pilot.press("enter")  # the rapporteur works on the European Union's notes
        await settle(pilot)
        rows, rebuilds = table.row_count, table.rebuilds
        chair = Store(db_path)  # the chair's screen: another connection on the same file
        try:
            clock.set(local("16:48:05"))
            P.end_intervention(chair, sample, clock.now())
            clock.set(local("16:48:25"))
            P.give_floor(chair, sample, clock.now())
            await screen.poll()
            await pilot.pause()
            civ = load_state(store, sample).current
            assert civ.participant.key == "ST-CIV"
            assert table.row_count == rows + 1 and table.rebuilds == rebuilds  # one row added, nothing rebuilt
            assert table.keys[-1] == f"intervention:{civ.id}"
            assert table.cursor_key == eu  # the rapporteur's row stays selected
            assert screen.query_one("#editor", NotesArea).target_id == entries["GRP-EU"]
            assert "Côte d'Ivoire" in str(screen.query_one("#floor-line").render())
            P.undo(chair, sample, local("16:48:30"))  # the chair takes it back: the row goes again
            await screen.poll()
            await pilot.pause()
            assert table.row_count == rows and table.rebuilds == rebuilds
            assert f"intervention:{civ.id}" not in table.rows and table.cursor_key == eu
        finally:
            chair.dispose()


async def test_a_hostile_name_shows_literally(store, sample, clock):
    from sqlmodel import select

    from models.tables import Participant

    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    with store.transaction() as s:  # as a roster file could spell them
        tur = s.exec(select(Participant).where(Participant.key == "ST-TUR")).one()
        tur.delegation, tur.speaker = "Evil [/bold] \x1b[2J Corp", "Ms. [/bold] Smith"
    current = load_state(store, sample).current
    P.save_notes(store, current.id, "Thanks to Ms. [/bold] Smith for the data. #data", clock.now())
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        screen = desk(app)
        table = screen.query_one("#entries", NotesIndex)
        row = table.get_row_at(table.get_row_index(f"intervention:{current.id}"))
        assert str(row[1]) == "Evil [/bold] ␛[2J Corp" and str(row[2]) == "⚠"
        assert "▶ Evil [/bold] ␛[2J Corp · Ms. [/bold] Smith" in str(screen.query_one("#floor-line").render())
        assert "names Ms. [/bold] Smith: rephrase" in str(screen.query_one("#flags").render())
        editor = screen.query_one("#editor", NotesArea)
        assert "Notes — Evil [/bold] ␛[2J Corp" in editor.render_lines(editor.region.reset_offset)[0].text
        shot = app.export_screenshot()  # what the terminal is sent: no escape sequence from the data
        assert "\x1b" not in shot and "␛[2J" in shot


async def test_the_index_keeps_the_cursor_on_its_row_as_rows_come_move_and_go():
    from rich.text import Text
    from textual.app import App

    class One(App):
        def compose(self):
            yield NotesIndex(lambda key: ("10:00", Text(key), Text("")))

    app = One()
    async with app.run_test(size=(50, 8)) as pilot:
        index = app.query_one(NotesIndex)
        index.set_rows((f"r{i}", (i,)) for i in range(0, 100, 10))  # r0 … r90
        index.move_cursor(row=index.get_row_index("r50"))
        index.upsert("r55", (55,))  # below the cursor
        index.upsert("r5", (5,))  # above it
        index.upsert("r95", (95,))  # at the end
        assert index.keys[:3] == ["r0", "r5", "r10"] and index.keys[-1] == "r95" and index.row_count == 13
        assert index.cursor_key == "r50" and index.rebuilds == 1
        index.upsert("r20", (99,))  # moved to the end (its start was corrected)
        assert index.keys[-1] == "r20" and index.cursor_key == "r50"
        index.upsert("r50", (1,))  # the selected row itself moves: the cursor goes with it
        assert index.keys[1] == "r50" and index.cursor_key == "r50"
        index.remove("r0")
        assert index.cursor_key == "r50" and index.get_row_index("r50") == 0
        index.remove("r50")  # the selected row goes: the next one is selected
        assert index.cursor_key == "r5"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert index.cursor_key == "r10"
        await pilot.press("end")
        assert index.cursor_key == "r20"


async def test_a_note_typed_during_a_call_marked_absent_stays_on_the_desk_and_in_the_minutes(store, sample, clock, tmp_path):
    """Issue 10 case 4: the note stays editable on the desk, labelled "called — absent", and the
    minutes print it under the failed call."""
    from models.exports import export

    run_full_script(store, sample, clock, until="16:53:30")  # Saint Vincent and the Grenadines is called
    vct = load_state(store, sample).current.id
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = desk(app)
        editor = screen.query_one("#editor", NotesArea)
        assert editor.target_id == vct
        editor.focus()
        clock.set(local("16:53:40"))
        await type_text(pilot, "Seat empty")
        await editor.flush()
        P.speaker_absent(store, sample, local("16:53:50"))  # the chair: absent
        clock.set(local("16:53:51"))
        screen.refresh_desk()
        await settle(pilot)
        table = screen.query_one("#entries", NotesIndex)
        key = f"intervention:{vct}"
        assert key in table.rows  # still listed
        assert str(table.get_row_at(table.get_row_index(key))[1]) == "Saint Vincent and the Grenadines (called — absent)"
        await pilot.press("escape")
        table.focus()
        table.move_cursor(row=table.get_row_index(key))
        await pilot.press("enter")  # and editable
        await settle(pilot)
        assert editor.target_id == vct and editor.text == "Seat empty"
        editor.move_cursor(editor.document.end)
        await type_text(pilot, " when called.")
        await editor.flush()
        await settle(pilot)
    md = export(store, sample, "md", tmp_path / "m.md", local("16:55")).read_text(encoding="utf-8")
    assert "Saint Vincent and the Grenadines was called at 4.53 p.m. but was not present.\n\n> Seat empty when called.\n" in md


async def test_a_note_naming_a_group_by_its_short_name_is_marked_and_f3_rewrites_it(store, sample, clock):
    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = desk(app)
        editor = screen.query_one("#editor", NotesArea)
        editor.focus()
        await type_text(pilot, "The EU announced funding for #prevention campaigns\nGRULAC called for stronger #cooperation")
        await pilot.pause()
        flags = str(screen.query_one("#flags").render())
        assert "⚠ This tagged note names EU, GRULAC: rephrase it for the chair's summary (F3: neutral subject)." in flags
        from textual.widgets._footer import FooterKey

        footer = {(k.key_display, k.description) for k in screen.query(FooterKey)}
        assert ("f3", "Neutral subject") in {(d.lower(), t) for d, t in footer}  # the key in the footer
        await editor.flush()
        await settle(pilot)
        table = screen.query_one("#entries", NotesIndex)
        key = f"intervention:{editor.target_id}"
        assert str(table.get_row_at(table.get_row_index(key))[2]) == "⚠"
        await pilot.press("f3")  # while typing in the notes field
        await pilot.pause()
        assert editor.text == ("A regional group announced funding for #prevention campaigns\n"
                               "A regional group called for stronger #cooperation")
        assert str(screen.query_one("#flags").render()) == ""
        await editor.flush()  # saved like any edit
        await settle(pilot)
        tur = load_state(store, sample).current.intervention
        assert read_note(store, tur.item_id, tur.id).text == editor.text
        assert str(table.get_row_at(table.get_row_index(key))[2]) == "✎"


async def test_a_speakers_surname_flags_only_with_a_title_on_the_desk(store, sample, clock):
    from sqlmodel import select

    from models.tables import Participant

    run_full_script(store, sample, clock, until="16:43:40")
    with store.transaction() as s:
        nga = s.exec(select(Participant).where(Participant.key == "ST-NGA")).one()
        nga.speaker = "Mr. A. Said"
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = desk(app)
        screen.query_one("#editor", NotesArea).focus()
        await type_text(pilot, "As was said, data are scarce. #data")
        await pilot.pause()
        assert str(screen.query_one("#flags").render()) == ""
        await type_text(pilot, " Mr. Said agreed.")
        await pilot.pause()
        assert "names Mr. Said:" in str(screen.query_one("#flags").render())
        await pilot.press("ctrl+n")  # the other key of the rewrite
        await pilot.pause()
        assert screen.query_one("#editor", NotesArea).text == "As was said, data are scarce. #data One speaker agreed."


async def test_the_desk_shows_the_reference_a_tagged_sentence_gets_in_the_register(store, sample, clock):
    """Issue 13: a sentence tagged #recommendation gets its reference when saved; the desk shows it under
    the note, and again when the rapporteur comes back to the note."""
    import re

    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = desk(app)
        editor = screen.query_one("#editor", NotesArea)
        editor.focus()
        await type_text(pilot, "#recommendation States should [b]share[/b] tracing data.")
        await editor.flush()
        await settle(pilot)
        shown = str(screen.query_one("#references").render())
        found = re.search(r"(\S+/R\d+)  Recommendation: States should \[b\]share\[/b\] tracing data\.", shown)
        assert found, shown  # the note's markup-like text shows literally
        ref = found.group(1)
        await pilot.press("escape", "up", "enter")  # another note: its own references (none here)
        await settle(pilot)
        assert ref not in str(screen.query_one("#references").render())
        await pilot.press("f2")  # back to the floor's note
        await settle(pilot)
        assert ref in str(screen.query_one("#references").render())


def _shown_lines(widget) -> list[str]:
    """The lines a Static shows on the screen, as cut to its width."""
    from textual.geometry import Region

    return [strip.text.strip() for strip in widget.render_lines(Region(0, 0, widget.outer_size.width, widget.outer_size.height))]


async def test_the_desk_lists_each_reference_on_one_line_marks_names_and_warns_of_typos(store, sample, clock):
    """Issue 13, tryout 2 (findings 1, 8, 12): each reference on one line, cut with "…", five then
    "… and N more"; a reference naming a participant of this non-attributed meeting marked ⚠; a tag close
    to a kind and a #follows naming no reference in the register warned of under the note."""
    run_full_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = desk(app)
        editor = screen.query_one("#editor", NotesArea)
        editor.focus()
        long = "States should keep registers of every victim identified, by age, sex and form of exploitation"
        editor.insert("\n".join(
            [f"#recommendation {long} ({n})." for n in range(1, 7)]
            + ["#recommendation Nigeria should share its referral data.",
               "#recomendation States should fund shelters.",
               "#follows CD-NOPE-01/R9 Shelters were funded."]))
        await pilot.pause()  # the change is seen: typed text
        await editor.flush()
        await settle(pilot)
        lines = _shown_lines(screen.query_one("#references"))
        refs = [line for line in lines if "Recommendation:" in line]
        assert len(refs) == 5 and all(line.endswith("…") for line in refs)
        assert all(len(line) <= 98 for line in lines)  # nothing wraps: one line each
        assert "… and 2 more" in lines
        assert "⚠ #recomendation — did you mean #recommendation?" in lines
        assert "⚠ CD-NOPE-01/R9: no such reference" in lines

        # fewer references: the one naming Nigeria is marked
        editor.replace("#recommendation Nigeria should share its referral data.", (0, 0), editor.document.end)
        await pilot.pause()
        await editor.flush()
        await settle(pilot)
        shown = str(screen.query_one("#references").render())
        assert "⚠ " in shown and "names Nigeria — non-attributed record  Recommendation: Nigeria" in shown
        assert "did you mean" not in shown
