"""The rules of the floor pressed as a chair presses them: points of order, the
right-of-reply queue, the limit dialog, undo, the log and the agenda screens."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from models import procedure as P
from models.state import load_state, procedural_log
from models.tables import InterventionKind, InterventionStatus
from models.timing import used_seconds
from tests.replay import local, run_full_script
from tests.test_chair_screen import at, chair_screen, countdown, speaker
from tui.app import FloorApp
from tui.screens.agenda import AgendaScreen
from tui.screens.chair import ChairScreen
from tui.screens.log import LogScreen
from tui.screens.prompt import LimitScreen


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_two_points_of_order_first_come_first_served(store, sample, clock):
    """E12: Bolivia paused at 30 s; Korea then Iran heard; Bolivia resumes with 150 s left."""
    run_full_script(store, sample, clock, until="17:09:50")  # Bolivia has the floor
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "17:10:20", "p")
        await type_text(pilot, "korea")
        await pilot.press("enter")  # to the subject field
        await type_text(pilot, "list display")
        await at(pilot, clock, "17:10:20", "enter")
        await at(pilot, clock, "17:10:25", "f7")  # F7 works from anywhere
        await type_text(pilot, "iran")
        await pilot.press("enter")
        await type_text(pilot, "limit in force")
        await at(pilot, clock, "17:10:25", "enter")
        screen = chair_screen(app)
        assert speaker(app) == "ST-BOL"
        assert screen.state.current.intervention.paused_since == local("17:10:20")
        assert "POINT OF ORDER" in str(screen.query_one("#timer-status").render())
        await at(pilot, clock, "17:10:50")
        assert countdown(app).value == "02:30"  # frozen while points are heard
        await at(pilot, clock, "17:11:00", "n")  # refused: a point is being heard
        assert speaker(app) == "ST-BOL"
        await at(pilot, clock, "17:11:00", "g")
        await type_text(pilot, "Display updated")
        await at(pilot, clock, "17:11:00", "enter")
        assert screen.state.active_point is not None  # Iran's point now heard
        await at(pilot, clock, "17:11:30", "g")
        await type_text(pilot, "Limit confirmed")
        await at(pilot, clock, "17:11:30", "enter")
        assert screen.state.active_point is None
        assert screen.state.current.intervention.paused_since is None
        await at(pilot, clock, "17:11:30")
        assert countdown(app).value == "02:30"
        await at(pilot, clock, "17:14:00", "e")
    bol = next(e for e in load_state(store, sample).entries if e.participant.key == "ST-BOL").intervention
    assert round(used_seconds(bol, local("18:00"))) == 180 and round(bol.paused_s) == 70
    rulings = [e.detail.get("ruling") for e in procedural_log(store, sample) if e.action == "point_of_order_ruled"]
    assert rulings == ["Display updated", "Limit confirmed"]


async def test_point_of_order_refused_for_an_ngo(store, sample, clock):
    run_full_script(store, sample, clock, until="17:38:40")  # NGO-N speaking
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "17:40:00", "p")
        await type_text(pilot, "NGO-P")
        await pilot.press("enter")
        await at(pilot, clock, "17:40:00", "enter")
        assert chair_screen(app).state.current.intervention.paused_since is None
        assert any("not granted" in n.message for n in app._notifications)
    assert procedural_log(store, sample)[-1].action == "point_of_order_refused"


async def test_rights_of_reply_after_the_list(store, sample, clock):
    run_full_script(store, sample, clock, until="17:47:00")  # list ended
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        for hms in ("17:47:20", "17:49:45", "17:51:05"):
            await at(pilot, clock, hms, "y")
            await type_text(pilot, "ST-COL")
            await at(pilot, clock, hms, "enter")
            if hms == "17:47:20":
                await at(pilot, clock, "17:47:40", "n")
                assert chair_screen(app).query_one("#speaker-panel").border_title == "Right of reply (1)"
                assert countdown(app).value == "02:00"
                await at(pilot, clock, "17:49:40", "e")
            elif hms == "17:49:45":
                await at(pilot, clock, "17:50:00", "n")
                assert countdown(app).value == "01:00"
                await at(pilot, clock, "17:51:00", "e")
        assert any("refused" in n.message for n in app._notifications)
    replies = [e for e in load_state(store, sample).entries if e.intervention.kind == InterventionKind.REPLY]
    assert [(r.intervention.reply_number, r.intervention.status) for r in replies] == [
        (1, InterventionStatus.SPOKE), (2, InterventionStatus.SPOKE)
    ]


async def test_limit_dialog_caps_the_remaining_speakers_and_undo_restores(store, sample, clock):
    run_full_script(store, sample, clock, until="16:58:10")
    # the replay already capped at 180 at 16:58:10: undo it from the keyboard first
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:58:20", "z")
        await at(pilot, clock, "16:58:20", "y")  # confirm
        waiting = chair_screen(app).state.waiting
        assert {e.intervention.allotted_s for e in waiting if e.participant.category == "state_party"} == {240}
        # now the chair sets it again through the dialog
        await at(pilot, clock, "16:58:30", "m")
        assert isinstance(app.screen, LimitScreen)
        assert app.screen.query_one(Select).value == LimitScreen.ALL
        limit_input = app.screen.query_one(Input)
        limit_input.value = ""
        await type_text(pilot, "3:00")
        await at(pilot, clock, "16:58:30", "enter")
        assert isinstance(app.screen, ChairScreen)
        waiting = chair_screen(app).state.waiting
        expected = {"state_party": 180, "signatory_state": 180, "un_entity": 180, "igo": 180,
                    "ngo": 150, "academia": 150, "private_sector": 150}
        assert len(waiting) > len(expected)  # every entry is checked, not one per category
        for e in waiting:
            assert e.intervention.allotted_s == expected[e.participant.category], e.participant.key
    log = procedural_log(store, sample)
    assert [e.action for e in log[-3:]] == ["limits_changed", "undo", "limits_changed"]
    assert log[-3].undone_by == log[-2].id


async def test_undo_restores_list_and_timing_exactly(store, sample, clock):
    run_full_script(store, sample, clock, until="16:53:30")  # Saint Vincent just called
    before = load_state(store, sample)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:53:50", "a")  # absent: moved back
        assert speaker(app) is None
        await at(pilot, clock, "16:54:00", "z", "y")  # undo: called again, as before
        assert speaker(app) == "ST-VCT"
    after = load_state(store, sample)
    assert [(e.id, e.intervention.status, e.intervention.position, e.intervention.started_at) for e in after.entries] == [
        (e.id, e.intervention.status, e.intervention.position, e.intervention.started_at) for e in before.entries
    ]


async def test_log_and_agenda_screens(store, sample, clock):
    run_full_script(store, sample, clock, until="16:45:10")
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, LogScreen)
        table = app.screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        log = procedural_log(store, sample)
        assert rows == [e.summary + (" (undone)" if e.undone_by else "") for e in reversed(log)]  # newest first
        assert any("Late request from Thailand refused" in r for r in rows)
        await pilot.press("escape")
        await at(pilot, clock, "16:46:00", "b")
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=5)  # item 6, still to come
        await at(pilot, clock, "16:46:00", "m")
        field = app.screen.query_one(Input)
        field.value = ""
        await type_text(pilot, "15")
        await at(pilot, clock, "16:46:00", "enter")
        await pilot.press("escape")
    item6 = next(i for i in load_state(store, sample).items if i.number == "6")
    assert item6.allotted_s == 15 * 60
    assert procedural_log(store, sample)[-1].summary == "Item 6 allotted time 20 → 15 min"


async def test_statistics_screen_shows_the_ngo_share(store, sample, clock):
    from tui.screens.statistics import StatisticsScreen

    run_full_script(store, sample, clock, until="17:47:00")  # item 5, list ended
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, StatisticsScreen)
        import os

        from rich.console import Console

        console = Console(width=120, record=True, file=open(os.devnull, "w"))
        console.print(app.screen.shown)
        text = console.export_text()
        ngo = next(line for line in text.splitlines() if "   NGO " in line)
        assert "10:00" in ngo and "13.4 %" in ngo and "█" in ngo  # 600 of 4465 s


async def test_point_of_order_pauses_when_p_is_pressed_not_when_the_dialog_closes(store, sample, clock):
    run_full_script(store, sample, clock, until="17:09:50")  # Bolivia
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "17:10:20", "p")
        clock.set(local("17:10:35"))  # 15 s to find the delegation and type the subject
        await type_text(pilot, "korea")
        await pilot.press("enter")
        await at(pilot, clock, "17:10:35", "enter")
        assert chair_screen(app).state.current.intervention.paused_since == local("17:10:20")


async def test_a_long_log_opens_a_page_at_a_time_and_reads_older_rows_as_the_chair_scrolls(store, sample, clock):
    P.call_to_order(store, sample, local("15:07:00"))
    for _ in range(260):  # a long day: 520 rows
        P.close_list(store, sample, local("15:08:00"))
        P.reopen_list(store, sample, local("15:08:00"))
    total = len(procedural_log(store, sample))
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("v")
        table = app.screen.query_one(DataTable)
        assert table.row_count == LogScreen.PAGE
        assert "reopened" in str(table.get_row_at(0)[1])  # the newest first
        for _ in range(40):  # page down, as a chair scrolls
            await pilot.press("pagedown")
            await pilot.pause()
        assert table.row_count == total
        assert "Agenda imported" in str(table.get_row_at(total - 1)[1])
