"""Taking attendance on the roster screen (R on the chair's screen), as the secretariat does."""

from __future__ import annotations

from models import procedure as P
from models.state import procedural_log, read_meeting
from tests.replay import local
from tui.app import FloorApp
from tui.screens.roster import RosterScreen


def people(store, sample) -> dict:
    with store.read() as s:
        return {p.key: p for p in read_meeting(s, sample)[2]}


def shown(screen: RosterScreen, key: str) -> tuple[str, str]:
    """What the roster shows for a participant: (present, arrived)."""
    table = screen.query_one("#roster")
    row = table.get_row(key)
    return str(row[4]), str(row[5])


async def open_roster(pilot) -> RosterScreen:
    await pilot.press("R")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RosterScreen)
    return pilot.app.screen


async def go_to(pilot, screen: RosterScreen, key: str) -> None:
    table = screen.query_one("#roster")
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def test_attendance_marked_on_the_roster_survives_a_restart(store, sample, clock):
    clock.set(local("14:55:00"))
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_roster(pilot)
        assert shown(screen, "ST-NOR") == ("—", "")
        await go_to(pilot, screen, "ST-NOR")
        await pilot.press("space")  # Norway arrives: in person, as registered
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(screen, "ST-NOR") == ("✓ in person", "14:55")
        await go_to(pilot, screen, "ST-THA")
        await pilot.press("space")  # Thailand: present for the G77 and nationally, one key
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(screen, "GRP-G77") == shown(screen, "ST-THA") == ("✓ in person", "14:55")
        clock.set(local("14:58:00"))
        await go_to(pilot, screen, "NGO-R")
        await pilot.press("space", "m")  # present, then switched: online after all
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(screen, "NGO-R") == ("✓ online", "14:58")
        await pilot.press("slash")
        for ch in "lao":
            await pilot.press(ch)
        await pilot.pause()
        table = screen.query_one("#roster")
        assert [table.get_row_at(i)[1].plain for i in range(table.row_count)] == ["Lao People's Democratic Republic"]
        await pilot.press("enter", "space")  # back to the list, Lao marked: online, as registered
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(screen, "ST-LAO") == ("✓ online", "14:58")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RosterScreen)
    roster = people(store, sample)
    assert (roster["ST-NOR"].attendance, roster["ST-NOR"].arrived_at) == ("in_person", local("14:55:00"))
    assert roster["NGO-R"].attendance == "online" and roster["NGO-R"].arrived_at == local("14:58:00")
    assert [e.action for e in procedural_log(store, sample)[-5:]] == ["attendance_marked"] * 5

    app = FloorApp(store, sample, clock=clock, actor="chair")  # the chair's screen restarted
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_roster(pilot)
        assert shown(screen, "ST-NOR") == ("✓ in person", "14:55")
        assert shown(screen, "ST-LAO") == ("✓ online", "14:58")
        await go_to(pilot, screen, "ST-NOR")
        await pilot.press("space")  # marked in error: not present again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(screen, "ST-NOR") == ("—", "")
    assert people(store, sample)["ST-NOR"].attendance is None


async def test_a_roster_of_1000_opens_and_marks(store, sample, clock):
    """The table paints the rows on screen only: 1,000 participants open and are marked like 30."""
    from models.agenda import ParticipantSpec

    specs = [ParticipantSpec(key=f"NGO-{n:04d}", delegation=f"Organization {n:04d}", category="ngo")
             for n in range(1000)]
    P.import_roster(store, sample, local("14:50:00"), specs)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_roster(pilot)
        assert screen.query_one("#roster").row_count == 1032
        await go_to(pilot, screen, "NGO-0999")
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(screen, "NGO-0999")[0] == "✓ in person"
        assert "1 of 1030 delegations present" in str(screen.query_one("#roster-head").render())
