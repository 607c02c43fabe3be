"""Time arithmetic, one rule everywhere (issue 9): used = whole seconds spoken,
pauses excluded, rounded down; left = limit − used; overrun = max(0, used −
limit). The chair's list, the status JSON, the procedural log, the minutes
(md, html, txt), the CSV, the JSON record and the statistics give the same
figures for the same speech, at any instant, off the whole second."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models.agenda import import_agenda, load_agenda
from models.clock import FakeClock
from models.exports import render_csv, render_json, render_text
from models.minutes import build_minutes, minutes_view
from models.procedure import (
    adjust_time,
    call_to_order,
    end_intervention,
    give_floor,
    go_to_item,
    pause,
    resume_countdown,
)
from models.state import Entry, load_state, procedural_log, speaking_record, status_dict
from models.statistics import compute
from models.store import Store
from models.tables import Intervention
from models.timing import (
    limit_seconds,
    overrun_seconds,
    remaining_seconds,
    used_seconds,
)
from tests.replay import SAMPLE_AGENDA, facts, local
from tui.widgets.speakers_table import SpeakersTable

AGENDA = load_agenda(SAMPLE_AGENDA)
MEETING = facts()["meeting"]["id"]


def _meeting(store: Store, clock: FakeClock) -> None:
    with store.transaction() as s:
        import_agenda(s, AGENDA, clock.now())
    call_to_order(store, MEETING, clock.now())
    go_to_item(store, MEETING, clock.now(), 4)  # item 5: States and groups, timed


def _figures_everywhere(store: Store, now) -> dict[str, tuple]:
    """(used, limit, overrun) of the first speaker of item 5 as each surface tells it."""
    state = load_state(store, MEETING)
    entry = state.entries[0]
    iv = entry.intervention
    model = (used_seconds(iv, now), limit_seconds(iv), overrun_seconds(iv, now))
    out = {"model": model}
    shown = SpeakersTable._time(entry, now).plain
    m = re.fullmatch(r"(\d+):(\d\d)(?: \+(\d+)s)?", shown)  # the list's "Used": used, and the overrun beside it
    assert m, shown
    out["list"] = (int(m[1]) * 60 + int(m[2]), model[1], int(m[3] or 0))
    if iv.ended_at is None:  # the countdown: left; the JSON for the current speaker
        left = remaining_seconds(iv, now)
        current = status_dict(state, now)["current_speaker"]
        out["status"] = (current["used_s"], current["limit_s"], current["overrun_s"])
        assert current["left_s"] == left
    else:
        rec = build_minutes(store, MEETING, now)
        item = next(it for it in rec.items if it.number == "5")
        sp = item.speakers[0]
        out["minutes record"] = (sp.used_s, sp.limit_s, sp.overrun_s)
        row = next(r for r in csv.DictReader(io.StringIO(render_csv(rec))) if r["item"] == "5")
        out["csv"] = (int(row["used_s"]), int(row["allotted_s"]), int(row["overrun_s"]))
        js = json.loads(render_json(rec))
        first = next(it for it in js["items"] if it["number"] == "5")["interventions"][0]
        out["json"] = (first["used_s"], first["allotted_s"], first["overrun_s"])
        row = next(r for r in compute(item.speakers, "5").by_category if r.key == entry.participant.category)
        out["statistics"] = (row.seconds, model[1], row.overrun_s)
        view = minutes_view(rec)
        for fmt in ("md", "txt", "html"):
            text = render_text(view, fmt)
            expected = f"{model[0]} s of {model[1]} s" + (f", overrun {model[2]} s" if model[2] else "")
            assert expected in text, (fmt, expected)
            out[fmt] = model
        ended = next(e for e in reversed(procedural_log(store, MEETING)) if e.action == "intervention_ended")
        m = re.search(r"\((\d+) s used of (\d+) s\)", ended.summary)
        out["log"] = (int(m[1]), int(m[2]), max(0, int(m[1]) - int(m[2])))
    return out


def _run(start_frac: float, before: float, paused: float, after: float, extension: int, observe: float):
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "floor.db")
        try:
            clock = FakeClock(local("15:07:00"))
            _meeting(store, clock)
            give_floor(store, MEETING, clock.advance(start_frac))
            if extension:
                adjust_time(store, MEETING, clock.now(), extension)
            clock.advance(before)
            if paused:
                pause(store, MEETING, clock.now())
                clock.advance(paused)
                resume_countdown(store, MEETING, clock.now())
            clock.advance(after * observe)
            live = _figures_everywhere(store, clock.now())
            assert len(set(live.values())) == 1, live
            end_intervention(store, MEETING, clock.advance(after * (1 - observe)))
            done = _figures_everywhere(store, clock.advance(3600.7))  # an ended speech no longer moves
            assert len(set(done.values())) == 1, done
            return live["model"], done["model"]
        finally:
            store.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start_frac=st.floats(0, 1, exclude_max=True),
    before=st.floats(0, 400),
    paused=st.one_of(st.just(0.0), st.floats(0.001, 90)),
    after=st.floats(0, 400),
    extension=st.sampled_from([0, 30, -30]),
    observe=st.floats(0, 1),
)
@example(start_frac=0.7, before=9.8, paused=0.0, after=0.0, extension=0, observe=1.0)  # 9.8 s: 9 s everywhere
@example(start_frac=0.3, before=180.4, paused=0.0, after=0.0, extension=0, observe=1.0)
def test_every_surface_gives_the_same_figures(start_frac, before, paused, after, extension, observe):
    """At random instants (fractional starts, ends and pauses), the speakers
    list, the status JSON, the log, the minutes (md, txt, html), the CSV, the
    JSON record and the statistics agree with models.timing's one rule."""
    _run(start_frac, before, paused, after, extension, observe)


def test_the_log_names_the_limit_in_force_and_the_same_seconds():
    """Issue 9 case 14: a 600 s limit cut to 60 s; the speech runs 65.9 s.
    The log says "65 s used of 60 s" (not "of 600 s"), like the minutes' "65 s
    of 60 s, overrun 5 s" and the list's "01:05 +5s"."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "floor.db")
        try:
            clock = FakeClock(local("15:07:00"))
            _meeting(store, clock)
            give_floor(store, MEETING, clock.advance(0.6))
            iv = load_state(store, MEETING).entries[0].intervention
            adjust_time(store, MEETING, clock.now(), 60 - iv.allotted_s)
            end_intervention(store, MEETING, clock.advance(65.9))
            summary = procedural_log(store, MEETING)[-1].summary
            assert summary.endswith("ended (65 s used of 60 s)"), summary
            entry = load_state(store, MEETING).entries[0]
            assert SpeakersTable._time(entry, clock.now()).plain == "01:05 +5s"
            text = render_text(minutes_view(build_minutes(store, MEETING, clock.now())), "md")
            assert "65 s of 60 s, overrun 5 s" in text
        finally:
            store.dispose()


def test_figures_of_an_hour_or_more_read_as_hours():
    """Issue 9 case 2: a 65-minute statement reads "1×1:05:00" in the list."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "floor.db")
        try:
            clock = FakeClock(local("15:07:00"))
            _meeting(store, clock)
            give_floor(store, MEETING, clock.now())
            end_intervention(store, MEETING, clock.advance(65 * 60 + 0.5))
            entry = load_state(store, MEETING).entries[0]
            assert SpeakersTable._time(entry, clock.now()).plain == "1:05:00 +3540s"  # of 360 s
            with store.read() as s:
                spoken = speaking_record(s, MEETING)
            assert spoken[entry.participant.id] == (1, 3900)
            table = SpeakersTable()
            table.spoken = spoken
            again = Entry(Intervention(id=999, item_id=entry.intervention.item_id, participant_id=entry.participant.id,
                                       position=999, allotted_s=240), entry.participant)
            assert table._cells(again, None)[0].plain.startswith("1×1:05:00 ")
        finally:
            store.dispose()


async def test_the_chair_screen_shows_the_rule(store, sample, clock):
    """On the chair's screen, off the whole second: GRULAC (360 s) at 360.4 s
    shows 00:00 in red beside "used 06:00 of 06:00" (not -00:01), at 368.4 s
    "-00:08" beside "used 06:08 of 06:00"; ended there, the list shows
    "06:08 +8s" and the minutes "368 s of 360 s, overrun 8 s"."""
    from tests.test_chair_screen import at, chair_screen, countdown
    from tui.app import FloorApp

    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await at(pilot, clock, "15:07:00", "o")
        for hms in ("15:12:00", "15:24:00", "15:33:00", "16:20:00"):
            await at(pilot, clock, hms, "right_square_bracket", "y")
        start = local("16:20:20") + timedelta(seconds=0.6)

        async def when(seconds: float, *keys: str) -> str:
            clock.set(start + timedelta(seconds=seconds))
            for key in keys:
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
            chair_screen(app).tick()
            await pilot.pause()
            return str(chair_screen(app).query_one("#timer-status")._floor_shown)

        await when(0, "n")
        assert chair_screen(app).state.current.participant.key == "GRP-GRULAC"
        status = await when(360.4)
        assert countdown(app).value == "00:00" and countdown(app).has_class("-overrun")
        assert "used 06:00 of 06:00" in status
        status = await when(368.4)
        assert countdown(app).value == "-00:08" and "used 06:08 of 06:00" in status
        await when(368.4, "e")
        entry = chair_screen(app).state.entries[0]
        table = chair_screen(app).query_one(SpeakersTable)
        assert [str(c) for c in table.get_row(str(entry.id))][-2] == "06:08 +8s"
        text = render_text(minutes_view(build_minutes(store, sample, clock.now())), "md")
        assert "368 s of 360 s, overrun 8 s" in text
        assert procedural_log(store, sample)[-1].summary.endswith("(368 s used of 360 s)")
