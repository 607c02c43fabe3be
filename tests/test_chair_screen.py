"""The chair's screen driven as a chair drives it: keys, a fake clock, a real database."""

from __future__ import annotations

import os

from textual.widgets import Digits, OptionList

from models.state import load_state, read_note
from models.store import Store
from models.tables import InterventionStatus
from tests.replay import local
from tui.app import FloorApp
from tui.screens.chair import ChairScreen
from tui.screens.help import HelpScreen
from tui.screens.inscribe import InscribeScreen
from tui.widgets.notes import NotesArea
from tui.widgets.speakers_table import SpeakersTable


async def at(pilot, clock, hms: str, *keys: str) -> None:
    """At local time ``hms``, press ``keys`` and let every chair action finish."""
    clock.set(local(hms))
    for key in keys:
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    pilot.app.screen.tick() if isinstance(pilot.app.screen, ChairScreen) else None


def chair_screen(app) -> ChairScreen:
    return next(s for s in app.screen_stack if isinstance(s, ChairScreen))


def countdown(app) -> Digits:
    return chair_screen(app).query_one("#countdown", Digits)


def speaker(app) -> str | None:
    current = chair_screen(app).state.current
    return current.participant.key if current else None


async def type_notes(pilot, text: str) -> None:
    await pilot.press("t")
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await pilot.press("escape")


async def test_chair_runs_item_5_resumes_after_quit_and_exports(db_path, store, sample, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        assert chair_screen(app).state.item.number == "1"
        for hms in ("15:12:00", "15:24:00", "15:33:00", "16:20:00"):
            await at(pilot, clock, hms, "right_square_bracket", "y")  # the items still had speakers waiting
        assert chair_screen(app).state.item.number == "5"

        await at(pilot, clock, "16:20:20", "n")
        assert speaker(app) == "GRP-GRULAC"
        # typing notes never triggers a chair action: "n", "e", "q", space are text here
        await type_notes(pilot, "Regional statement; next steps noted")
        await at(pilot, clock, "16:20:30")
        assert speaker(app) == "GRP-GRULAC"
        assert chair_screen(app).query_one("#intervention-notes", NotesArea).text == "Regional statement; next steps noted"

        for start, end in (("16:26:40", "16:32:40"), ("16:33:00", "16:39:00"), ("16:39:20", "16:43:20")):
            await at(pilot, clock, start, "n")
            await at(pilot, clock, end, "e")
        await at(pilot, clock, "16:43:40", "n")
        assert speaker(app) == "ST-TUR"
        await at(pilot, clock, "16:45:00")
        assert countdown(app).value == "02:40" and not countdown(app).has_class("-warning")
        await at(pilot, clock, "16:47:30")
        assert countdown(app).value == "00:10" and countdown(app).has_class("-warning")
        await at(pilot, clock, "16:48:05")
        assert countdown(app).value == "-00:25" and countdown(app).has_class("-overrun")
        await at(pilot, clock, "16:48:05", "e")

        await at(pilot, clock, "16:48:25", "n")
        assert speaker(app) == "ST-CIV"
        await at(pilot, clock, "16:50:05", "space")  # interpretation lost
        await at(pilot, clock, "16:50:50")
        assert countdown(app).value == "02:20"  # 100 s used, frozen during the pause
        await at(pilot, clock, "16:50:50", "space")
        await type_notes(pilot, "Spoke in French; interpretation restored")
        await at(pilot, clock, "16:53:10", "e")

        await at(pilot, clock, "16:53:30", "n")
        assert speaker(app) == "ST-VCT"
        await at(pilot, clock, "16:53:50", "a")  # absent: back to the end of the States parties
        waiting = [e.participant.key for e in chair_screen(app).state.waiting]
        assert waiting[0] == "ST-PHL" and waiting[waiting.index("ST-VCT") + 1] == "ST-IRN"
        table = chair_screen(app).query_one(SpeakersTable)
        assert "absent ×1" in str(table.get_row(str(next(e.id for e in chair_screen(app).state.entries if e.participant.key == "ST-VCT")))[-1])

        await at(pilot, clock, "16:54:10", "n")
        assert speaker(app) == "ST-PHL"
        await type_notes(pilot, "Shared a referral checklist")
        await at(pilot, clock, "16:56:00", "q")  # quit mid-intervention, notes unsaved until now
    assert app.return_code == 0 or app.return_code is None
    store.dispose()

    # A new process on the same database: the meeting resumes where it stood.
    again = Store(db_path)
    app2 = FloorApp(again, sample, clock=clock, actor="chair")
    async with app2.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:57:00")
        screen = chair_screen(app2)
        assert screen.state.item.number == "5"
        assert speaker(app2) == "ST-PHL"
        assert countdown(app2).value == "01:10"  # 240 − 170 s, from the stored start
        assert screen.query_one("#intervention-notes", NotesArea).text == "Shared a referral checklist"
        assert [e.participant.key for e in screen.state.waiting][:2] == ["ST-LAO", "ST-KOR"]

        await at(pilot, clock, "16:58:10", "e")
        await at(pilot, clock, "17:52:00", "right_square_bracket", "y", "n")
        await at(pilot, clock, "18:00:00", "r", "y")
        assert screen.state.meeting.rose_at == local("18:00:00")
        await at(pilot, clock, "18:01:00", "x")
        await pilot.click("#export")  # md, html and docx are ticked by default
        await app2.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app2.screen, ChairScreen)
        # a second export asks before overwriting
        await at(pilot, clock, "18:02:00", "x")
        await pilot.click("#export")
        await pilot.pause()
        from tui.screens.confirm import ConfirmScreen

        assert isinstance(app2.screen, ConfirmScreen)
        await at(pilot, clock, "18:02:00", "n")
    again.dispose()
    assert sorted(p.name for p in tmp_path.glob(f"{sample}-minutes*")) == [
        f"{sample}-minutes.docx", f"{sample}-minutes.html", f"{sample}-minutes.md"
    ]

    minutes = (tmp_path / f"{sample}-minutes.md").read_text(encoding="utf-8")
    assert "The meeting was called to order at 3.07 p.m." in minutes
    assert "The meeting rose at 6 p.m." in minutes
    item5 = minutes[minutes.index("### Item 5."): minutes.index("### Item 6.")]
    spoken = ["Colombia), speaking on behalf", "(European Union)", "(Thailand)", "(Nigeria)", "(Türkiye)", "(Côte d'Ivoire)", "(Philippines)"]
    positions = [item5.index(name) for name in spoken]
    assert positions == sorted(positions)
    grulac = item5[positions[0]: positions[1]]
    assert "> Regional statement; next steps noted" in grulac
    civ = item5[positions[5]: positions[6]]
    assert "240 s of 240 s, paused 45 s (not charged)" in civ and "> Spoke in French; interpretation restored" in civ
    assert "265 s of 240 s, overrun 25 s" in item5[positions[4]: positions[5]]
    assert "> Shared a referral checklist" in item5[positions[6]:]
    assert "Saint Vincent and the Grenadines was called at 4.53 p.m. but was not present." in item5


async def test_inscribe_by_type_ahead_without_accents(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await at(pilot, clock, "15:07:00", "o", "i")
        assert isinstance(app.screen, InscribeScreen)
        for ch in "cote":
            await pilot.press(ch)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "ST-CIV"
        assert options.option_count == 1
        await at(pilot, clock, "15:08:00", "enter")
        assert isinstance(app.screen, ChairScreen)
        entries = chair_screen(app).state.entries
        assert [e.participant.key for e in entries] == ["CHAIR", "ST-CIV"]
        assert entries[-1].intervention.inscribed_at == local("15:08:00")
        # a second request by the same participant is refused and said so
        await at(pilot, clock, "15:08:30", "i")
        for ch in "ST-CIV":
            await pilot.press(ch)
        await at(pilot, clock, "15:08:30", "enter")
        assert len(chair_screen(app).state.entries) == 2
        assert any("refused" in n.message and "Chair's override (O)" in n.message for n in app._notifications)


async def test_withdraw_and_move_selected_speaker(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        for _ in range(4):
            await at(pilot, clock, "16:20:00", "right_square_bracket", "y")
        table = chair_screen(app).query_one(SpeakersTable)
        assert table.cursor_row == 0  # the cursor starts on the first speaker waiting
        await at(pilot, clock, "16:20:05", "down", "d")  # European Union one place down
        keys = [e.participant.key for e in chair_screen(app).state.waiting]
        assert keys[:3] == ["GRP-GRULAC", "GRP-G77", "GRP-EU"]
        await at(pilot, clock, "16:20:06", "w")  # the cursor followed the EU: withdraw it
        state = load_state(store, sample)
        eu = next(e for e in state.entries if e.participant.key == "GRP-EU")
        assert eu.intervention.status == InterventionStatus.WITHDREW


async def test_help_lists_every_key(store, sample, clock):
    app = FloorApp(store, sample, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=400, record=True, file=open(os.devnull, "w"))
        console.print(app.screen.table())
        shown = console.export_text()
        for binding in ChairScreen.BINDINGS:
            assert (binding.tooltip or binding.description) in shown
        assert "f5" in shown.lower()
        assert "ctrl+q" in shown.lower() or "^q" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ChairScreen)


async def test_notes_key_before_anyone_spoke_goes_to_item_notes(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        for ch in "so n":  # would suspend, call to order, next speaker if they reached the chair
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert chair_screen(app).query_one("#item-notes", NotesArea).text == "so n"
        await chair_screen(app).flush_notes()
    state = load_state(store, sample)
    assert state.meeting.state.value == "scheduled"
    assert read_note(store, state.items[0].id).text == "so n"


async def test_a_long_roster_lists_the_best_matches_and_narrows_as_the_chair_types(tmp_path):
    from benchmarks.workload import build_reference, reference_now
    from models.clock import FakeClock
    from tui.screens.inscribe import InscribeScreen as Dialog

    db = tmp_path / "week.db"
    meeting = build_reference(db, participants=300, items=3, interventions=200, notes=400, waiting=20)
    store = Store(db)
    app = FloorApp(store, meeting, clock=FakeClock(reference_now(store, meeting)), actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = chair_screen(app)
        on_list = {e.participant.key for e in screen.state.entries}
        newcomer = next(p for p in screen.state.participants if p.key not in on_list and p.category == "ngo")
        await pilot.press("i")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert isinstance(app.screen, Dialog) and options.option_count == Dialog.SHOWN + 1
        assert "more: type more of the name" in str(options.get_option_at_index(Dialog.SHOWN).prompt)
        app.screen.query_one("Input").value = newcomer.key
        await pilot.pause()
        assert options.option_count == 1 and options.get_option_at_index(0).id == newcomer.key
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert newcomer.key in [e.participant.key for e in chair_screen(app).state.waiting]
    store.dispose()


async def keys(pilot, clock, seconds: float, *names: str) -> None:
    """``seconds`` later, press ``names`` (a key, or text typed letter by letter
    when longer than one word), letting every chair action finish."""
    clock.advance(seconds)
    for name in names:
        for key in ([name] if name in ("enter", "right_square_bracket", "escape") or len(name) == 1 else list(name)):
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
    if isinstance(pilot.app.screen, ChairScreen):
        pilot.app.screen.tick()


async def test_the_chairs_delegation_is_a_first_time_speaker_as_a_state(store, tmp_path, clock):
    """Issue 9, case 6: the Chair (Austria) spoke; Austria's State entry still
    shows ★, not the chair's record: statements are counted per participant."""
    from tests.procedure.minimal_meeting import minimal_meeting
    from tests.test_speakers_table import lines

    mid = minimal_meeting(store, tmp_path, clock.now())
    app = FloorApp(store, mid, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await keys(pilot, clock, 0, "o", "n")  # the Chair opens item 1
        await keys(pilot, clock, 300, "right_square_bracket", "y")
        await keys(pilot, clock, 5, "i", "ST-AUT", "enter")
        state = chair_screen(app).state
        chair = next(p for p in state.participants if p.key == "CHAIR")
        austria = next(e for e in state.waiting if e.participant.key == "ST-AUT")
        assert state.spoken.get(austria.participant.id) is None and chair.delegation == "Austria"
        shown = [line for line in lines(chair_screen(app).query_one(SpeakersTable)) if "Austria" in line]
        assert len(shown) == 1 and "★ Austria" in shown[0] and "×" not in shown[0]


async def test_next_item_asks_when_a_right_of_reply_waits(store, tmp_path, clock):
    """Issue 9, case 7 on the chair's screen: ] with a reply waiting asks, naming
    the delegation; n stays on the item, y goes on and the log says which replies
    were not heard."""
    from tests.procedure.minimal_meeting import minimal_meeting
    from tui.screens.confirm import ConfirmScreen

    mid = minimal_meeting(store, tmp_path, clock.now())
    app = FloorApp(store, mid, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await keys(pilot, clock, 0, "o", "right_square_bracket")  # item 1's list: the Chair (asks)
        if isinstance(app.screen, ConfirmScreen):
            await keys(pilot, clock, 0, "y")
        await keys(pilot, clock, 5, "E", "y")  # item 2's list ended: nobody waits on it
        await keys(pilot, clock, 5, "y", "ST-MEX", "enter")
        assert [e.participant.key for e in chair_screen(app).state.waiting] == ["ST-MEX"]
        await keys(pilot, clock, 5, "right_square_bracket")
        assert isinstance(app.screen, ConfirmScreen) and "Mexico" in app.screen.detail
        assert "right(s) of reply will not be heard" in app.screen.detail
        await keys(pilot, clock, 1, "n")
        assert chair_screen(app).state.item.number == "2"
        await keys(pilot, clock, 1, "right_square_bracket", "y")
        assert chair_screen(app).state.item.number == "3"
        log = load_state(store, mid)
        from models.state import procedural_log
        assert procedural_log(store, mid)[-1].detail["replies_not_heard"] == ["ST-MEX"] and log.item.number == "3"


async def test_closing_the_list_is_announced_then_confirmed_or_withdrawn(store, sample, clock):
    """Issue 9, case 9: l announces; the objection window is visible until the Chair decides (no timer)."""
    from textual.widgets import Static

    from tests.replay import run_script
    from tui.screens.confirm import ObjectionScreen

    run_script(store, sample, clock, until="16:45:10")
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:46:00", "l")
        assert isinstance(app.screen, ObjectionScreen)
        await pilot.press("escape")  # decide later: the line stays
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        line = chair_screen(app).query_one("#announcement", Static)
        assert line.display and "the list will close if there is no objection" in str(line.render())
        assert load_state(store, sample).item.list_closed_at is None
        await at(pilot, clock, "16:46:30", "l", "n")  # an objection: withdrawn
        assert load_state(store, sample).item.list_closed_at is None
        assert not line.display
        await at(pilot, clock, "16:47:00", "l", "y")  # announced again; no objection
        assert load_state(store, sample).item.list_closed_at == local("16:47:00")
        assert not line.display


async def test_the_chair_edits_a_contingent_and_shares_out_an_overrun_from_the_screen(store, sample, clock):
    """Issue 9, case 10: K, then the category and the change in the chair's words."""
    from tests.replay import run_script

    run_script(store, sample, clock, until="16:45:10")
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:45:20", "K", *keys_of("state_party 2:00"), "enter")
        assert load_state(store, sample).item.contingents_s["state_party"] == 120
        await at(pilot, clock, "16:45:30", "K", *keys_of("state +1:00"), "enter")  # a unique start of the id will do
        assert load_state(store, sample).item.contingents_s["state_party"] == 180
        await at(pilot, clock, "16:45:40", "K", *keys_of("state -7:00"), "enter")  # below zero: refused, nothing changes
        assert load_state(store, sample).item.contingents_s["state_party"] == 180
        await at(pilot, clock, "16:45:50", "K", *keys_of("state eleven"), "enter")  # not a change: said, nothing sent
        assert load_state(store, sample).item.contingents_s["state_party"] == 180
        await at(pilot, clock, "16:45:55", "K", *keys_of("state share"), "enter")  # over 3:00 already: shared out
        from models.state import forecast

        assert forecast(load_state(store, sample), local("16:45:55")).contingents_left_s["state_party"] == 0
        assert load_state(store, sample).item.contingents_s["state_party"] > 180
        await at(pilot, clock, "16:46:00", "K", *keys_of("state reset"), "enter")
        assert "state_party" not in load_state(store, sample).item.contingents_s


def keys_of(text: str) -> list[str]:
    """The keys that type ``text`` into a field."""
    names = {" ": "space", ":": "colon", "+": "plus", "-": "minus", "_": "underscore"}
    return [names.get(ch, ch) for ch in text]


async def test_the_next_item_question_names_the_speakers_still_waiting(store, sample, clock):
    """`]` with speakers waiting asks first, naming them (the first five, then how many more)."""
    from tui.screens.confirm import ConfirmScreen

    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        for _ in range(4):
            await at(pilot, clock, "16:20:00", "right_square_bracket", "y")
        await at(pilot, clock, "16:20:05", "right_square_bracket")
        assert isinstance(app.screen, ConfirmScreen)
        waiting = [e.participant.delegation for e in load_state(store, sample).waiting]
        detail = app.screen.detail
        assert f"{len(waiting)} speaker(s) still wait on this item's list: " in detail
        assert ", ".join(dict.fromkeys(waiting[:5])) in detail and f"and {len(waiting) - 5} more" in detail
        await pilot.press("n")


async def test_participants_imported_during_the_meeting_can_be_inscribed_at_once(store, sample, clock, db_path):
    """The secretariat imports a roster (another process) while the chair's screen is
    open: the new participants are found by the inscribe search without a restart."""
    from models import procedure as P
    from models.agenda import ParticipantSpec
    from models.roster import search
    from models.store import Store

    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        secretariat = Store(db_path)
        secretariat.role = "secretariat"
        try:
            P.import_roster(secretariat, sample, clock.now(), [
                ParticipantSpec("NGO-LATE", "Late Registration Network", "ngo", speaker="Ms. Late")])
        finally:
            secretariat.dispose()
        await chair_screen(app).watch_others()
        await pilot.pause()
        found = search(chair_screen(app).state.participants, "late registration")
        assert [p.key for p in found] == ["NGO-LATE"]


async def test_the_rise_question_names_waiting_speakers_only_when_some_wait_and_the_forecast_stops(store, sample, clock):
    """`r` counts the speakers still waiting on every list; with none, it says nothing of them. Once risen, the
    forecast says when the meeting rose instead of counting down to its scheduled end."""
    from tui.screens.confirm import ConfirmScreen

    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        await at(pilot, clock, "15:07:10", "r")
        assert isinstance(app.screen, ConfirmScreen)
        from models.state import speakers_waiting

        n = speakers_waiting(store, sample)
        assert n > 1 and app.screen.detail.startswith(f"{n} speakers still waiting on the speakers lists will be "
                                                      "recorded as not reached.")
        await pilot.press("n")
        for _ in range(5):  # every item's list ended (item 6 has a speaker inscribed in advance): nobody waits
            await at(pilot, clock, "15:08:00", "E", "y", "right_square_bracket")
            assert not isinstance(app.screen, ConfirmScreen)
        await at(pilot, clock, "15:08:10", "E", "y")
        assert speakers_waiting(store, sample) == 0
        await at(pilot, clock, "15:08:20", "r")
        assert isinstance(app.screen, ConfirmScreen) and "speaker" not in app.screen.detail
        await at(pilot, clock, "15:08:20", "y")
        await at(pilot, clock, "15:30:00")
        forecast = str(chair_screen(app).query_one("#forecast").render())
        assert "Meeting rose at 3.08 p.m." in forecast and "Meeting left" not in forecast
