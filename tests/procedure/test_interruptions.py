"""Interruptions: a gap in the app's life while someone has the floor is found,
and the chair keeps it or takes it off the speaker's time.
(models/procedure/interruptions.py, models/presence.py, models/clock.py GapWatch)"""

from __future__ import annotations

import json

import jsonschema
import pytest

from models import presence
from models import procedure as P
from models.clock import FakeClock, GapWatch
from models.exports import JSON_SCHEMA, record_dict
from models.minutes import build_minutes, minutes_view
from models.procedure.interruptions import (
    detect_crash,
    pending_interruptions,
    record_gap,
)
from models.state import load_state, procedural_log
from models.tables import Presence
from models.timing import used_seconds
from tests.replay import local, run_script


def turkiye_speaking(store, sample, clock):
    """Türkiye has the floor from 16:43:40 (240 s), the chair's screen beating until 16:44:00."""
    run_script(store, sample, clock, until="16:43:40")
    old = presence.enter(store, sample, "chair", local("16:43:40"))
    presence.beat(store, old, local("16:44:00"))
    return old


def used(store, sample, at) -> float:
    return used_seconds(load_state(store, sample).current.intervention, at)


def test_a_kill_of_16_s_is_found_at_restart_and_taken_off_the_speaker(store, sample, clock):
    turkiye_speaking(store, sample, clock)  # then kill -9
    me = presence.enter(store, sample, "chair", local("16:44:16"))
    gap = detect_crash(store, me, local("16:44:16"), threshold_s=5)
    assert (gap.started_at, gap.ended_at, gap.cause) == (local("16:44:00"), local("16:44:16"), "crash")
    assert detect_crash(store, me, local("16:44:17"), threshold_s=5) is None  # found once: the stale row is gone
    [pending] = pending_interruptions(store, sample)
    assert (pending.delegation, pending.seconds) == ("Türkiye", 16)
    assert used(store, sample, local("16:45:00")) == 80  # charged until the chair decides
    entry = P.decide_interruption(store, sample, local("16:44:20"), interruption_id=pending.id, remove=True)
    assert used(store, sample, local("16:45:00")) == 64
    assert entry.action == "interruption_removed" and "not charged to Türkiye" in entry.summary
    assert pending_interruptions(store, sample) == []
    P.end_intervention(store, sample, local("16:48:05"))
    view = minutes_view(build_minutes(store, sample, local("18:00")))
    item = next(i for i in view["items"] if i["heading"].startswith("Item 5."))
    texts = [p.get("text", "") for p in item["paragraphs"]]
    assert any("interrupted for 16 s" in t and "not charged" in t and "Türkiye" in t for t in texts), texts
    figures = next(p["figures"] for p in item["paragraphs"] if p.get("who", "").endswith("(Türkiye)"))
    assert "249 s of 240 s" in figures and "paused 16 s" in figures
    record = record_dict(build_minutes(store, sample, local("18:00")))
    jsonschema.validate(record, json.loads(JSON_SCHEMA.read_text(encoding="utf-8")))
    [gap_json] = [i for i in record["items"] if i["number"] == "5"][0]["interruptions"]
    assert gap_json == {"delegation": "Türkiye", "start": "2026-07-02T16:44:00+02:00", "end": "2026-07-02T16:44:16+02:00",
                        "seconds": 16, "cause": "crash", "decision": "removed", "deducted_s": 16}
    assert not any("interruptions" in i for i in record["items"] if i["number"] != "5")


def test_kept_stays_charged_and_says_so(store, sample, clock):
    turkiye_speaking(store, sample, clock)
    me = presence.enter(store, sample, "chair", local("16:44:30"))
    gap = detect_crash(store, me, local("16:44:30"), threshold_s=5)
    entry = P.decide_interruption(store, sample, local("16:44:31"), interruption_id=gap.id, remove=False)
    assert entry.action == "interruption_kept" and "charged to Türkiye" in entry.summary
    assert used(store, sample, local("16:45:00")) == 80
    with pytest.raises(P.ProcedureError, match="already kept"):
        P.decide_interruption(store, sample, local("16:44:32"), interruption_id=gap.id, remove=True)
    text = " ".join(p.get("text", "") for i in minutes_view(build_minutes(store, sample, local("18:00")))["items"]
                    for p in i["paragraphs"])
    assert "interrupted for 30 s" in text and "the time was charged to Türkiye" in text


def test_undo_of_the_decision_puts_the_time_and_the_question_back(store, sample, clock):
    turkiye_speaking(store, sample, clock)
    me = presence.enter(store, sample, "chair", local("16:44:16"))
    gap = detect_crash(store, me, local("16:44:16"), threshold_s=5)
    P.decide_interruption(store, sample, local("16:44:20"), interruption_id=gap.id, remove=True)
    undo = P.undo(store, sample, local("16:44:25"))
    assert "Undone: Interruption" in undo.summary
    assert used(store, sample, local("16:45:00")) == 80
    [again] = pending_interruptions(store, sample)
    assert again.id == gap.id
    P.decide_interruption(store, sample, local("16:44:30"), interruption_id=gap.id, remove=False)  # decided anew
    assert [e.action for e in procedural_log(store, sample)][-3:] == ["interruption_removed", "undo", "interruption_kept"]


@pytest.mark.parametrize("case", ["short", "another chair alive", "paused", "nobody speaking"])
def test_no_interruption_when_nothing_was_charged(store, sample, clock, case):
    run_script(store, sample, clock, until="16:43:40" if case != "nobody speaking" else "16:43:20")
    old = presence.enter(store, sample, "chair", local("16:43:40"))
    if case == "paused":
        P.pause(store, sample, local("16:43:50"))
        presence.beat(store, old, local("16:43:51"))
    now = local("16:43:44") if case == "short" else local("16:44:40")
    if case == "another chair alive":
        presence.beat(store, old, local("16:44:39"))
    me = presence.enter(store, sample, "chair", now)
    assert detect_crash(store, me, now, threshold_s=5) is None
    assert pending_interruptions(store, sample) == []


def test_a_gap_is_clipped_to_the_intervention_when_removed_after_it_ended(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    gap = record_gap(store, sample, local("16:47:00"), local("16:47:30"), "sleep")
    P.end_intervention(store, sample, local("16:47:10"))  # the chair ended it 10 s into the gap
    tur = load_state(store, sample).entries
    entry = P.decide_interruption(store, sample, local("16:48:00"), interruption_id=gap.id, remove=True)
    assert entry.detail["deducted_s"] == 10
    iv = next(e for e in load_state(store, sample).entries if e.id == gap.intervention_id).intervention
    assert iv.used_s == 200 and tur  # 210 s spoken, 10 s of them in the gap


def test_a_clock_put_back_is_charged_when_removed(store, sample, clock):
    run_script(store, sample, clock, until="16:43:40")
    # at 16:44:40 (wall) the clock is put back 20 minutes: it now reads 16:24:40
    gap = record_gap(store, sample, local("16:44:40"), local("16:24:40"), "clock_jump")
    assert gap.seconds == -1200
    assert used(store, sample, local("16:24:50")) == 0  # the wall clock says she started 20 minutes from now
    P.decide_interruption(store, sample, local("16:24:50"), interruption_id=gap.id, remove=True)
    assert used(store, sample, local("16:24:50")) == 70


def test_presence_is_one_row_per_process(store, sample):
    first = presence.enter(store, sample, "rapporteur", local("16:00:00"), pid=101)
    second = presence.enter(store, sample, "rapporteur", local("16:00:01"), pid=102)
    assert presence.is_present(store, sample, "rapporteur", local("16:00:02"))
    presence.leave(store, first)
    presence.beat(store, second, local("16:00:04"))
    assert presence.is_present(store, sample, "rapporteur", local("16:00:05"))  # the other desk still counts
    assert not presence.is_present(store, sample, "rapporteur", local("16:00:10"))  # its beat is stale by then
    presence.leave(store, second)
    assert not presence.is_present(store, sample, "rapporteur", local("16:00:05"))
    with store.read() as s:
        assert s.get(Presence, second.id) is None
    presence.beat(store, second, local("16:00:06"))  # a desk whose row was swept while it slept comes back
    assert presence.is_present(store, sample, "rapporteur", local("16:00:07"))


def test_gap_watch_tells_sleep_and_clock_jumps_apart(clock):
    watch = GapWatch(clock, threshold_s=5)
    clock.advance(1)
    assert watch.tick() is None
    clock.advance(16)  # slept (or froze) 16 s: both clocks moved on
    gap = watch.tick()
    assert (gap.cause, gap.seconds) == ("sleep", 16)
    clock.advance(1)
    clock.jump(1200)  # the wall clock set forward 20 min within one second
    gap = watch.tick()
    assert (gap.cause, gap.seconds) == ("clock_jump", 1200)
    clock.advance(1)
    clock.jump(-3)  # small corrections go unremarked
    assert watch.tick() is None
    clock.set(local("14:00:00"))  # back an hour: the monotonic clock stands still
    assert watch.tick().seconds < -3500


def test_fake_clock_moves_the_monotonic_clock_only_when_time_passes():
    clock = FakeClock(local("10:00:00"))
    clock.advance(5)
    clock.set(local("10:01:00"))
    clock.jump(300)
    assert clock.monotonic() == 60 and clock.now() == local("10:06:00")
