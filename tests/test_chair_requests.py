"""Participants' own requests for the floor on the chair's screen (issue 12):
a request made from a participant's page (the web server's store, in the
participant role) shows on the chair's screen; one key accepts it, another
declines it with a reason; online participants who checked in are marked
connected on the speakers list. Driven with Pilot on a fixed clock.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from sqlmodel import select
from textual.widgets import OptionList, Static

from models import procedure as P
from models.roles import Role
from models.store import Store
from models.tables import FloorRequest, LogEntry, RequestStatus
from tests.replay import local, run_script
from tui.app import FloorApp
from tui.screens.chair import ChairScreen
from tui.screens.prompt import TextPrompt
from tui.screens.requests import RequestsScreen
from tui.widgets.requests_panel import RequestsPanel
from tui.widgets.speakers_table import SpeakersTable

SIZE = (120, 36)


def chair_screen(app) -> ChairScreen:
    return next(s for s in app.screen_stack if isinstance(s, ChairScreen))


def web_store(store) -> Store:
    """The web server's store: it acts for participants (their pages)."""
    web = Store(store.url)
    web.role = Role.PARTICIPANT
    return web


@pytest.fixture
def item_5(store, sample, clock):
    """Item 5 under way (Türkiye speaking, 16:45:10), past the sample's inscription
    deadline (the day before, 6 p.m.): participants' requests go to the Chair.
    Yields (web store, item 5's id, item 6's id)."""
    run_script(store, sample, clock, until="16:45:10")
    state = chair_state(store, sample)
    web = web_store(store)
    yield web, state.item.id, next(i.id for i in state.items if i.number == "6")
    web.dispose()


def chair_state(store, sample):
    from models.state import load_state

    return load_state(store, sample)


async def settle(pilot) -> None:
    """Let the chair's actions finish and the screen catch up with the other processes' writes."""
    await pilot.app.workers.wait_for_complete()
    await chair_screen(pilot.app).watch_others()
    await pilot.pause()
    chair_screen(pilot.app).tick()
    await pilot.pause()


def panel_text(app) -> str:
    panel = chair_screen(app).query_one(RequestsPanel)
    return str(panel.render()) if panel.display else ""


def waiting_keys(app) -> list[str]:
    return [e.participant.key for e in chair_screen(app).state.waiting]


def requests_of(store, sample) -> list[FloorRequest]:
    with store.read() as s:
        return list(s.exec(select(FloorRequest).where(FloorRequest.meeting_id == sample).order_by(FloorRequest.id)))


async def test_a_participants_request_shows_and_one_key_places_it_where_the_chair_would(store, sample, clock, item_5):
    web, five, _six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not chair_screen(app).query_one(RequestsPanel).display  # nothing pending: no panel
        clock.set(local("16:46:00"))
        P.request_floor(web, sample, local("16:45:30"), "ST-THA", five, request_key="form-1")
        await settle(pilot)
        text = panel_text(app)
        assert "1 request for the floor" in text
        assert "Thailand — a place on the list of item 5 · late · 30 s ago" in text
        assert "1 request (Q)" in str(chair_screen(app).query_one("#bar-right").render())
        toasts = [n.message for n in app._notifications]
        assert any("Thailand asks for a place on the list of item 5 (late)" in m for m in toasts)
        assert chair_screen(app).query_one(SpeakersTable).has_focus  # the toast took no focus

        await pilot.press("A")
        await settle(pilot)
        waiting = waiting_keys(app)
        # by precedence: after the last State party waiting (Norway), before the signatory State (Iran)
        assert waiting.index("ST-THA") == waiting.index("ST-NOR") + 1 == waiting.index("ST-IRN") - 1
        assert not chair_screen(app).query_one(RequestsPanel).display
        assert "request" not in str(chair_screen(app).query_one("#bar-right").render())
        with store.read() as s:
            row = s.exec(select(LogEntry).where(LogEntry.action == "request_accepted")).one()
        assert row.actor == "chair"
        assert requests_of(store, sample)[0].status == RequestStatus.PLACED


async def test_decline_asks_a_reason_and_esc_cancels(store, sample, clock, item_5):
    web, five, six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        P.request_floor(web, sample, local("16:45:20"), "ST-THA", five, request_key="form-1")
        P.request_floor(web, sample, local("16:45:40"), "PAN-2", six, request_key="form-2")
        clock.set(local("16:47:00"))
        await settle(pilot)
        assert "2 requests for the floor" in panel_text(app)

        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt) and "Thailand" in str(app.screen.question)
        await pilot.press("escape")  # cancelled: nothing declined
        await settle(pilot)
        assert [r.status for r in requests_of(store, sample)] == [RequestStatus.PENDING] * 2

        await pilot.press("D")
        await pilot.pause()
        for ch in "List closed":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")
        await settle(pilot)
        thailand, panellist = requests_of(store, sample)
        assert thailand.status == RequestStatus.DECLINED and thailand.reason == "List closed"
        with store.read() as s:
            row = s.exec(select(LogEntry).where(LogEntry.action == "request_declined")).one()
        assert row.detail["reason"] == "List closed" and "declined: List closed" in row.summary
        text = panel_text(app)
        assert "Thailand" not in text and "1 request for the floor" in text and "item 6" in text

        await pilot.press("D", "enter")  # Enter with no reason is allowed
        await settle(pilot)
        assert requests_of(store, sample)[1].status == RequestStatus.DECLINED
        assert not chair_screen(app).query_one(RequestsPanel).display


async def test_the_list_of_requests_accepts_the_chosen_one_and_declines_another(store, sample, clock, item_5):
    web, five, six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        P.request_floor(web, sample, local("16:45:20"), "GRP-GRULAC", six, request_key="a")
        P.request_floor(web, sample, local("16:45:30"), "ST-CIV", five, kind="point_of_order",
                        subject="[bold]Not on the item[/bold]", request_key="b")
        await settle(pilot)
        assert "Côte d'Ivoire — a point of order (item 5): [bold]Not on the item[/bold]" in panel_text(app)  # text, not markup
        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, RequestsScreen)
        shown = [str(app.screen.query_one(OptionList).get_option_at_index(i).prompt) for i in range(2)]
        assert shown[0].startswith("Colombia (on behalf of Group of Latin American and Caribbean States) — a place on "
                                   "the list of item 6 · late")
        assert "[bold]Not on the item[/bold]" in shown[1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is chair_screen(app)
        await pilot.press("Q")
        await pilot.pause()
        await pilot.press("down", "enter")  # the point of order: raised now, the countdown pauses
        await settle(pilot)
        state = chair_screen(app).state
        assert state.queued_points or state.active_point
        assert state.current.intervention.paused_since is not None

        await pilot.press("Q")
        await pilot.pause()
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")
        await settle(pilot)
        assert [r.status for r in requests_of(store, sample)] == [RequestStatus.DECLINED, RequestStatus.PLACED]


async def test_a_refused_acceptance_is_said_as_the_chairs_other_refusals(store, sample, clock, item_5):
    web, five, _six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        P.request_floor(web, sample, local("16:45:20"), "ST-THA", five, request_key="form-1")
        P.inscribe(store, sample, local("16:45:30"), participant_key="ST-THA")  # the chair inscribed it meanwhile
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert any("Request from Thailand refused: already on the list of item 5; decline the request (D)."
                   in n.message and n.severity == "warning" for n in app._notifications)
        assert requests_of(store, sample)[0].status == RequestStatus.PENDING
        assert "Thailand" in panel_text(app)


async def test_late_requests_accepted_automatically_at_the_chairs_key(store, sample, clock, item_5):
    web, five, _six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        await settle(pilot)
        assert any("Late requests on item 5 accepted automatically" in n.message for n in app._notifications)
        entry = P.request_floor(web, sample, local("16:45:30"), "ST-THA", five, request_key="form-1")
        assert entry.action == "request_placed"
        await settle(pilot)
        assert "ST-THA" in waiting_keys(app) and not chair_screen(app).query_one(RequestsPanel).display
        await pilot.press("L")  # back to the Chair
        await settle(pilot)
        assert P.request_floor(web, sample, local("16:45:40"), "PAN-2", five, request_key="form-2").action == \
            "floor_requested"


async def test_an_online_participant_who_checked_in_is_marked_connected(store, sample, clock, item_5):
    web, _five, _six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = chair_screen(app).query_one(SpeakersTable)
        philippines = next(e.id for e in chair_screen(app).state.entries if e.participant.key == "ST-PHL")
        assert "●" not in str(table.get_row(str(philippines))[1])
        P.check_in(web, sample, local("16:45:30"), "ST-PHL")  # online, from its page
        P.check_in(web, sample, local("16:45:31"), "ST-CIV")  # in person: present, but no link to connect
        await settle(pilot)
        assert str(table.get_row(str(philippines))[1]).startswith("● ")
        ivory_coast = next(e.id for e in chair_screen(app).state.entries if e.participant.key == "ST-CIV")
        assert "●" not in str(table.get_row(str(ivory_coast))[1])
        assert str(table.get_row(str(philippines))[1]) == "● ★ Philippines"  # connected, not yet heard in the meeting


def test_chair_screen_with_two_pending_requests_120x36(snap_compare, store, sample, clock, item_5):
    """16:48:00, Türkiye overrunning: Thailand asked for a place on item 5's list
    (late) and Brazil, for GRULAC, on item 6's; the Philippines checked in online (●)."""
    web, five, six = item_5
    P.check_in(web, sample, local("16:45:40"), "ST-PHL")
    P.request_floor(web, sample, local("16:46:30"), "ST-THA", five, request_key="form-1")
    P.request_floor(web, sample, local("16:47:10"), "GRP-GRULAC", six, request_key="form-2")
    clock.set(local("16:48:00"))
    assert snap_compare(FloorApp(store, sample, clock=clock, actor="chair"), terminal_size=(120, 36))


async def test_help_lists_the_request_keys_and_the_connected_mark(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.table())
        rows = console.export_text().splitlines()
        for key, words in (("A", "Accept the oldest"), ("D", "Decline the oldest"), ("Q", "pending requests"),
                           ("L", "late requests")):
            assert any(row.split()[:1] == [key] and words in row for row in rows), key
        legend = str(app.screen.query_one("#legend", Static).render())
        assert "● before a delegation" in legend and "A accepts the oldest" in legend


async def test_the_rising_says_pending_requests_will_be_declined_and_declines_them(store, sample, clock, item_5):
    from tui.screens.confirm import ConfirmScreen

    web, five, six = item_5
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=SIZE) as pilot:
        P.request_floor(web, sample, local("16:45:20"), "ST-THA", five, request_key="form-1")
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 participant's request for the floor still pending will be declined" in app.screen.detail
        await pilot.press("y")
        await settle(pilot)
        [request] = requests_of(store, sample)
        assert request.status == RequestStatus.DECLINED and "meeting rose" in request.reason
        assert not chair_screen(app).query_one(RequestsPanel).display
