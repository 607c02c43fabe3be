"""Interruptions on the chair's screen, driven as the chair drives it: a fake
clock whose wall and monotonic times can part, a real database, no sleeps."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Digits

from models import presence
from models.minutes import build_minutes, minutes_view
from models.state import load_state, procedural_log
from models.tables import Presence
from tests.replay import local, run_script
from tui.app import FloorApp
from tui.screens.chair import ChairScreen
from tui.screens.interruption import InterruptionScreen


def chair_screen(app) -> ChairScreen:
    return next(s for s in app.screen_stack if isinstance(s, ChairScreen))


def countdown(app) -> str:
    return chair_screen(app).query_one("#countdown", Digits).value


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def question(app) -> str:
    assert isinstance(app.screen, InterruptionScreen), f"no question put to the chair: {app.screen!r}"
    return str(app.screen.query_one("#interruption-text").render())


async def test_killed_for_16_s_the_chair_is_asked_at_restart_and_deducts(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")  # Türkiye has the floor (240 s)
    old = presence.enter(store, sample, "chair", local("16:43:40"))
    presence.beat(store, old, local("16:44:00"))  # the last heartbeat, then kill -9
    clock.set(local("16:44:16"))
    app = FloorApp(store, sample, clock=clock, actor="chair", interruption_s=5)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert question(app) == ("Floor was interrupted for 16 s (from 16:44:00 to 16:44:16) while Türkiye had "
                                 "the floor: the screen was stopped and restarted.")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChairScreen)
        clock.set(local("16:45:00"))
        chair_screen(app).tick()
        assert countdown(app) == "02:56"  # 80 s since she began, 16 of them not charged
        last = procedural_log(store, sample)[-1]
        assert last.action == "interruption_removed" and last.detail["deducted_s"] == 16
        with store.read() as s:  # this process's presence row; the crashed one's is gone
            assert [(r.role, r.id) for r in s.exec(select(Presence))] == [("chair", chair_screen(app).interruptions.me.id)]
    with store.read() as s:
        assert s.exec(select(Presence)).all() == []  # a clean exit leaves no row
    text = " ".join(p.get("text", "") for i in minutes_view(build_minutes(store, sample, local("18:00")))["items"]
                    for p in i["paragraphs"])
    assert "At 4.44 p.m. the floor was interrupted for 16 s" in text and "not charged to Türkiye" in text


async def test_a_wall_clock_set_20_minutes_forward_does_not_move_the_countdown(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    clock.set(local("16:44:00"))
    app = FloorApp(store, sample, clock=clock, actor="chair", interruption_s=5)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = chair_screen(app)
        await settle(pilot)
        clock.advance(1)
        screen.tick()
        assert countdown(app) == "03:39"
        clock.advance(1)
        clock.jump(20 * 60)  # NTP, or a hand on the settings: the wall clock reads 17:04:02
        screen.tick()
        assert countdown(app) == "03:38"  # not -16:22: the display runs on monotonic time
        await screen.interruptions.heartbeat()
        await settle(pilot)
        assert question(app).startswith("The computer's clock was set forward by 1200 s (it should read 16:44:02, "
                                        "it read 17:04:02) while Türkiye had the floor")
        clock.advance(1)
        screen.tick()
        assert countdown(app) == "03:37"  # still on monotonic time while the chair reads
        await pilot.press("k")  # keep: the chair decides the 20 minutes count
        await settle(pilot)
        screen.tick()
        assert countdown(app).startswith("-16:")
        assert procedural_log(store, sample)[-1].action == "interruption_kept"


async def test_sleep_put_off_with_escape_is_asked_again_and_undone(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    clock.set(local("16:44:00"))
    app = FloorApp(store, sample, clock=clock, actor="chair", interruption_s=5)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = chair_screen(app)
        await settle(pilot)
        clock.advance(30)  # the lid was closed for 30 s (the monotonic clock counts sleep)
        await screen.interruptions.heartbeat()
        await settle(pilot)
        assert "interrupted for 30 s (from 16:44:00 to 16:44:30)" in question(app)
        await pilot.press("escape")
        await screen.interruptions.heartbeat()
        await settle(pilot)
        assert isinstance(app.screen, ChairScreen)  # put off: not asked at every beat
        await pilot.press("exclamation_mark")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert load_state(store, sample).current.intervention.paused_s == 30
        await pilot.press("z")
        await pilot.press("y")  # undo the decision
        await settle(pilot)
        assert load_state(store, sample).current.intervention.paused_s == 0
        await screen.interruptions.heartbeat()
        await settle(pilot)
        assert "interrupted for 30 s" in question(app)  # pending again: asked again


async def test_without_a_threshold_nothing_is_looked_for(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        clock.advance(600)
        await chair_screen(app).interruptions.heartbeat()
        await settle(pilot)
        assert isinstance(app.screen, ChairScreen)
