"""Issue 9 cases 11–13: a screen a chair reads at a glance — stable list
numbers, one meaning per column, PAUSED in words, the final time kept after
"end", point-of-order lines that fit, a forecast that adds up, round limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import procedure as P
from models.state import forecast, load_state, round_cap
from models.unstyle import spoken_duration
from tests.replay import local, run_script
from tests.test_chair_screen import at, chair_screen, countdown
from tui.app import FloorApp
from tui.screens.confirm import ConfirmScreen
from tui.widgets.speakers_table import SpeakersTable


def screen_text(app) -> str:
    """The screen as painted now, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def numbered(table: SpeakersTable) -> dict[int, int]:
    """Intervention id → the order number shown in the list."""
    return {e.id: int(table.get_row(str(e.id))[0].plain) for e in table._entries}


@pytest.fixture
def turkiye_speaking(store, sample, clock):
    """Item 5, Türkiye (240 s) speaking since 16:43:40, 21 waiting."""
    run_script(store, sample, clock, until="16:45:10")
    return FloorApp(store, sample, clock=clock, actor="chair")


async def test_withdrawing_keeps_every_number_and_the_selection(turkiye_speaking, clock):
    app = turkiye_speaking
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:46:00")
        table = chair_screen(app).query_one(SpeakersTable)
        before = numbered(table)
        await pilot.press("down", "down")  # the third speaker waiting
        chosen, row = table.selected_id, table.cursor_row
        await at(pilot, clock, "16:46:05", "w")
        assert chair_screen(app).state.entries[row].intervention.status.value == "withdrew"
        assert numbered(table) == before  # nobody renumbered, the withdrawn one included
        assert table.selected_id == chosen and table.cursor_row == row
        assert "withdrew" in table.get_row(str(chosen))[-1].plain
        # the speakers before and after it are called: it stays where it was
        await at(pilot, clock, "16:47:00", "n")
        await at(pilot, clock, "16:48:00", "n")
        await at(pilot, clock, "16:49:00", "n")
        assert numbered(table) == before


async def test_columns_say_limit_and_used_and_a_paused_speaker_says_paused(turkiye_speaking, clock):
    app = turkiye_speaking
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:46:10", "space")  # paused after 150 s of its 240 s
        await at(pilot, clock, "16:48:00")
        table = chair_screen(app).query_one(SpeakersTable)
        current = chair_screen(app).state.current
        cells = [c.plain for c in table.get_row(str(current.id))]
        assert cells[3:] == ["04:00", "02:30", "‖ PAUSED"]  # limit, used, status
        waiting = chair_screen(app).state.waiting[0]
        assert [c.plain for c in table.get_row(str(waiting.id))][3:] == ["04:00", "", "waiting"]
        text = screen_text(app)
        assert "Limit" in text and "Used" in text and " PAUSED  used 02:30 of 04:00" in text
        assert countdown(app).value == "01:30"


async def test_the_final_time_stays_until_the_next_speaker_is_called(turkiye_speaking, clock):
    app = turkiye_speaking
    async with app.run_test(size=(80, 24)) as pilot:
        await at(pilot, clock, "16:48:00", "e")  # 260 s of 240 s
        await at(pilot, clock, "16:48:40")
        await pilot.pause()
        assert countdown(app).value == "-00:20" and countdown(app).has_class("-overrun")
        text = screen_text(app)
        assert "ENDED  used 04:20 of 04:00" in text and "Türkiye" in text.splitlines()[2]
        await at(pilot, clock, "16:50:00", "n")
        await pilot.pause()
        assert countdown(app).value == "04:00"
        assert "ENDED" not in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 40)])
async def test_a_point_of_order_fits_at_every_size(store, sample, clock, size):
    run_script(store, sample, clock, until="16:45:10")
    clock.set(local("16:46:00"))
    P.raise_point_of_order(store, sample, clock.now(), participant_key="ST-CIV",
                           subject="The speaker is not addressing the item under discussion at all, Madam Chair")
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=size) as pilot:
        await at(pilot, clock, "16:48:00")
        await pilot.pause()
        text = screen_text(app)
        for whole in ("POINT OF ORDER", "g: ruling", "PAUSED", "used 02:20 of 04:00"):
            assert whole in text, (size, whole)


async def test_the_forecast_adds_up_and_fits_the_panel(turkiye_speaking, clock):
    app = turkiye_speaking
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:48:00")
        state = chair_screen(app).state
        f = forecast(state, clock.now())
        text = screen_text(app)
        need, co = f.demand_s, f.changeovers_s
        assert co > 0
        short = need + co - f.item_left_s
        for line in (f"+ {co // 60:02d}:{co % 60:02d} change-overs", f"short by {short // 60}:{short % 60:02d}",
                     "Meeting left 1:12:00", f"Fits at {spoken_duration(f.fitting_cap_with_changeovers_s)} each (f)"):
            assert line in text, line
        panel = chair_screen(app).query_one("#forecast")
        assert all(len(line) <= panel.size.width for line in str(panel.render()).splitlines())


def test_meeting_left_on_another_date_than_the_agendas(store, sample, clock):
    run_script(store, sample, clock, until="16:45:10")
    state = load_state(store, sample)
    on_the_day = forecast(state, local("16:48:00")).meeting_left_s
    moved = state.meeting.model_copy(update={
        "called_to_order_at": state.meeting.called_to_order_at + timedelta(days=3)})
    state.meeting = moved
    assert forecast(state, local("16:48:00") + timedelta(days=3)).meeting_left_s == on_the_day == 72 * 60


def test_fit_proposes_round_limits_said_as_a_chair_says_them():
    assert [round_cap(x) for x in (181, 179, 165, 14, None)] == [180, 165, 165, 0, None]
    assert [spoken_duration(x) for x in (180, 165, 45, 3900)] == ["3 min", "2 min 45 s", "45 s", "1 h 5 min"]


async def test_the_fit_dialog_asks_in_words(turkiye_speaking, clock):
    app = turkiye_speaking
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "16:48:00", "f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        cap = forecast(chair_screen(app).state, clock.now()).fitting_cap_with_changeovers_s
        assert cap % 15 == 0
        assert f"Cap every remaining speaker at {spoken_duration(cap)}?" in screen_text(app)
        await at(pilot, clock, "16:48:00", "y")
        limits = {e.limit_s for e in chair_screen(app).state.waiting}
        assert max(limits) == cap
