"""Roles (issue 11, case 5): what each process may write, checked by the model
whatever screen or script calls it; one chair at a time, a lapsed claim never
blocking a restart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models import presence
from models import procedure as P
from models.procedure import chair_claim
from models.roles import NOTES, PROCEDURE, RECORD, Role, allows
from models.state import load_state, read_note
from models.store import Store
from models.tables import LogEntry
from tests.replay import run_full_script


def log_size(store, meeting):
    with store.read() as s:
        return len(s.exec(select(LogEntry).where(LogEntry.meeting_id == meeting)).all())


@pytest.fixture
def as_role(db_path):
    """Open a second store on the same file acting in a role."""
    opened = []

    def open_as(role: str) -> Store:
        s = Store(db_path)
        s.role = role
        opened.append(s)
        return s

    yield open_as
    for s in opened:
        s.dispose()


def test_the_rights_of_each_role():
    assert allows(Role.CHAIR, PROCEDURE) and allows(Role.CHAIR, RECORD) and allows(Role.CHAIR, NOTES)
    assert allows(Role.SECRETARIAT, RECORD) and allows(Role.SECRETARIAT, NOTES)
    assert not allows(Role.SECRETARIAT, PROCEDURE)
    assert allows(Role.RAPPORTEUR, NOTES) and not allows(Role.RAPPORTEUR, PROCEDURE) and not allows(Role.RAPPORTEUR, RECORD)
    assert not any(allows(Role.DISPLAY, right) for right in (PROCEDURE, RECORD, NOTES))
    assert not any(allows(Role.PARTICIPANT, right) for right in (PROCEDURE, RECORD, NOTES))


def test_the_rapporteur_cannot_inscribe_nor_give_the_floor(store, sample, clock, as_role):
    run_full_script(store, sample, clock, until="16:43:40")
    rapporteur = as_role("rapporteur")
    before = log_size(store, sample)
    with pytest.raises(P.RoleRefused, match="the rapporteur cannot change the speakers list"):
        P.inscribe(rapporteur, sample, clock.now(), participant_key="ST-TUR")
    with pytest.raises(P.RoleRefused):
        P.give_floor(rapporteur, sample, clock.now())
    with pytest.raises(P.RoleRefused):
        P.suspend(rapporteur, sample, clock.now())
    with pytest.raises(P.RoleRefused, match="the secretariat does"):
        P.finalize(rapporteur, sample, clock.now())
    assert log_size(store, sample) == before  # nothing written
    current = load_state(rapporteur, sample).current.intervention  # the rapporteur writes notes
    P.save_notes(rapporteur, current.id, "Called for victim identification.", clock.now())
    assert read_note(store, current.item_id, current.id).text == "Called for victim identification."


def test_the_display_never_writes(store, sample, clock, as_role):
    run_full_script(store, sample, clock, until="16:43:40")
    display = as_role("display")
    current = load_state(display, sample).current.intervention
    with pytest.raises(P.RoleRefused, match="the display cannot write notes"):
        P.save_notes(display, current.id, "typed on the big screen", clock.now())
    with pytest.raises(P.RoleRefused):
        P.save_item_notes(display, current.item_id, "typed on the big screen", clock.now())
    with pytest.raises(P.RoleRefused):
        P.end_intervention(display, sample, clock.now())
    assert read_note(store, current.item_id, current.id) is None or not read_note(store, current.item_id, current.id).text


def test_the_secretariat_corrects_and_finalizes_but_does_not_chair(store, sample, clock, as_role):
    run_full_script(store, sample, clock)  # the whole meeting, to the rise
    secretariat = as_role("secretariat")
    with pytest.raises(P.RoleRefused, match="the chair does"):
        P.resume(secretariat, sample, clock.now())
    first = next(e for e in load_state(store, sample).entries if e.intervention.status == "spoke").intervention
    entry = P.correct(secretariat, sample, clock.now(), intervention_id=first.id, field="speaker", value="Ms. A. Example")
    assert entry.action == "correction" and entry.actor == "secretariat"
    assert P.finalize(secretariat, sample, clock.now()).action == "finalized"


def test_a_refusal_on_the_command_line_is_one_line(store, sample, clock, db_path, capsys):
    from tui.cli import main

    run_full_script(store, sample, clock, until="16:43:40")
    # the secretariat's command cannot finalize a meeting in session, said as for any refused action
    assert main(["--db", str(db_path), "finalize", sample]) == 2
    err = capsys.readouterr().err
    assert err.startswith("floor: ") and "Traceback" not in err


# --------------------------------------------------------------------------- one chair at a time


def test_a_second_chair_is_warned_and_takes_over_explicitly(store, sample, clock, as_role):
    run_full_script(store, sample, clock, until="16:43:40")
    first = store
    me1 = presence.enter(first, sample, "chair", clock.now(), host="chair-laptop", pid=101)
    assert chair_claim.other_chair(first, sample, clock.now(), me1) is None
    chair_claim.claim(first, sample, me1)
    assert P.pause(first, sample, clock.now()).action == "paused"  # the claim holds: each check reads
    assert P.resume_countdown(first, sample, clock.now()).action == "countdown_resumed"  # the rows since the last

    second = as_role("chair")
    clock.advance(1)
    me2 = presence.enter(second, sample, "chair", clock.now(), host="spare-laptop", pid=202)
    other = chair_claim.other_chair(second, sample, clock.now(), me2)
    assert other is not None and (other.host, other.pid) == ("chair-laptop", 101)  # warned
    second.claim = chair_claim.Warned(sample, other)
    with pytest.raises(P.RoleRefused, match="take over first"):
        P.pause(second, sample, clock.now())  # the warned screen cannot act before taking over

    entry = chair_claim.take_over(second, sample, clock.now(), me2, other)
    assert entry.action == "chair_taken_over"
    assert entry.summary == "The chair's screen on spare-laptop (process 202) took over from the one on chair-laptop (process 101)"
    assert P.pause(second, sample, clock.now()).action == "paused"  # the new chair acts
    with pytest.raises(P.RoleRefused, match="spare-laptop \\(process 202\\) took over"):
        P.resume_countdown(first, sample, clock.now())  # the earlier screen no longer does


def test_a_lapsed_claim_never_blocks_a_restart(store, sample, clock, as_role):
    run_full_script(store, sample, clock, until="16:43:40")
    crashed = presence.enter(store, sample, "chair", clock.now(), host="chair-laptop", pid=101)
    chair_claim.claim(store, sample, crashed)
    clock.advance(presence.STALE_S - 1)
    assert chair_claim.other_chair(store, sample, clock.now()) is not None  # still beating a moment ago
    clock.advance(2)  # no heartbeat for longer than STALE_S: the process is gone
    restarted = as_role("chair")
    me = presence.enter(restarted, sample, "chair", clock.now(), host="chair-laptop", pid=303)
    assert chair_claim.other_chair(restarted, sample, clock.now(), me) is None  # not even warned
    chair_claim.claim(restarted, sample, me)
    assert P.pause(restarted, sample, clock.now() + timedelta(seconds=1)).action == "paused"


# --------------------------------------------------------------------------- on the chair's screen


async def test_the_chairs_screen_warns_of_another_chair_and_takes_over_on_yes(store, sample, clock):
    from textual.widgets import Static

    from models.state import procedural_log
    from tui.app import FloorApp
    from tui.screens.chair import ChairScreen
    from tui.screens.confirm import ConfirmScreen

    run_full_script(store, sample, clock, until="16:43:40")
    presence.enter(store, sample, "chair", clock.now(), host="chair-laptop", pid=101)  # beating now
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        said = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Another chair's screen is open on this meeting." in said and "On chair-laptop, process 101" in said
        with pytest.raises(P.RoleRefused, match="take over first"):  # not before the chair answers
            P.pause(store, sample, clock.now())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ChairScreen)
        last = procedural_log(store, sample)[-1]
        assert last.action == "chair_taken_over" and "from the one on chair-laptop (process 101)" in last.summary
        assert P.pause(store, sample, clock.now()).action == "paused"  # this screen now acts


async def test_the_chairs_screen_closes_on_no(store, sample, clock):
    from tui.app import FloorApp
    from tui.screens.confirm import ConfirmScreen

    run_full_script(store, sample, clock, until="16:43:40")
    presence.enter(store, sample, "chair", clock.now(), host="chair-laptop", pid=101)
    before = log_size(store, sample)
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert not app.is_running
    assert log_size(store, sample) == before  # nothing logged, nothing taken over


def test_each_command_acts_in_its_role(store, sample, db_path):
    from argparse import Namespace

    from tui.cli import _store

    for command, role in [("run", "chair"), ("notes", "rapporteur"), ("display", "display"), ("serve", "display"),
                          ("finalize", "secretariat"), ("correct", "secretariat"), ("import-roster", "secretariat"),
                          ("export", "display"), ("status", "display")]:
        opened = _store(Namespace(db=str(db_path), command=command))
        try:
            assert opened.role == role, command
        finally:
            opened.dispose()


def test_the_take_over_question_80x24(snap_compare, store, sample, clock):
    from tui.app import FloorApp

    run_full_script(store, sample, clock, until="16:43:40")
    presence.enter(store, sample, "chair", clock.now() - timedelta(seconds=1), host="chair-laptop", pid=4242)
    assert snap_compare(FloorApp(store, sample, clock=clock, actor="chair"), terminal_size=(80, 24))


async def test_a_chairs_screen_taken_over_says_so_in_a_line_that_stays(store, sample, clock, as_role):
    """Another laptop takes the chair over: the earlier chair's screen says so at
    once, without a key pressed, and keeps saying it; its actions are refused."""
    from textual.widgets import Static

    from tui.app import FloorApp

    run_full_script(store, sample, clock, until="16:43:40")
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        banner = screen.query_one("#taken-over", Static)
        assert not banner.display
        first = screen.interruptions.me
        second = as_role("chair")
        me2 = presence.enter(second, sample, "chair", clock.now(), host="spare-laptop", pid=202)
        chair_claim.take_over(second, sample, clock.now(), me2, first)
        await screen.watch_others()
        await pilot.pause()
        assert banner.display
        said = str(banner.render())
        assert "spare-laptop (process 202) took over" in said and "Quit it (Ctrl+Q)" in said
        await pilot.press("p")  # a chair action: refused, and the line stays
        await pilot.pause()
        assert banner.display and load_state(store, sample).current.intervention.paused_since is None
