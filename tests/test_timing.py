"""Timing from stored stamps: pauses not charged, overrun, colour phases."""

from datetime import timedelta

from models.tables import Intervention
from models.timing import Phase, overrun_seconds, phase, remaining_seconds, used_seconds
from tests.replay import event, facts, local


def test_overrun_of_turkiye_follows_the_facts():
    """E04: limit 240 s; amber at 16:47:20, red at 16:47:40, prompt at 16:47:50, ends 16:48:05."""
    e = event("E04")["expected_values"]
    limits = facts()["time_limits"]
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=240, started_at=local(e["start"]))
    w, g = limits["warning_before_end_s"], limits["grace_s"]
    one = timedelta(seconds=1)
    assert phase(iv, local(e["amber"]) - one, w, g) == Phase.NORMAL
    assert phase(iv, local(e["amber"]), w, g) == Phase.WARNING
    assert phase(iv, local(e["red"]) - one, w, g) == Phase.WARNING
    assert phase(iv, local(e["red"]), w, g) == Phase.OVERRUN
    assert phase(iv, local(e["chair_prompt"]) - one, w, g) == Phase.OVERRUN
    assert phase(iv, local(e["chair_prompt"]), w, g) == Phase.CALL_TO_ORDER
    iv.ended_at = local(e["end"])
    later = local(e["end"]) + timedelta(hours=1)  # an ended intervention no longer moves
    assert round(used_seconds(iv, later)) == e["used_s"]
    assert overrun_seconds(iv, later) == e["overrun_s"]
    assert remaining_seconds(iv, later) == -e["overrun_s"]


def test_pause_is_not_charged():
    """E07: Côte d'Ivoire paused 45 s at 100 s used; resumes with 140 s left; used 240 s."""
    e = event("E07")["expected_values"]
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=240, started_at=local("16:48:25"))
    assert round(used_seconds(iv, local("16:50:05"))) == e["used_at_pause_s"]
    iv.paused_since = local("16:50:05")
    # during the pause the countdown stands still
    assert round(used_seconds(iv, local("16:50:40"))) == e["used_at_pause_s"]
    assert phase(iv, local("16:50:40"), 20, 10) == Phase.NORMAL
    iv.paused_s, iv.paused_since = 45.0, None
    assert round(remaining_seconds(iv, local(e["resumed"]))) == e["remaining_at_resume_s"]
    iv.ended_at = local(e["end"])
    assert round(used_seconds(iv, local(e["end"]))) == e["used_s"]
    assert overrun_seconds(iv, local(e["end"])) == e["overrun_s"]


def test_untimed_speaker_counts_up():
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=None, started_at=local("15:07:00"))
    assert phase(iv, local("15:10:00"), 20, 10) == Phase.UNTIMED
    assert remaining_seconds(iv, local("15:10:00")) is None
    assert used_seconds(iv, local("15:10:00")) == 180
    assert overrun_seconds(iv, local("15:30:00")) == 0


def test_extension_moves_the_limit():
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=150, extension_s=30, started_at=local("17:00:00"))
    assert remaining_seconds(iv, local("17:02:30")) == 30
    assert phase(iv, local("17:02:30"), 20, 10) == Phase.NORMAL


def test_sub_second_instants_round_used_down_once():
    """The real clock gives fractions of a second: used is rounded down, left
    = limit − used, overrun = max(0, used − limit). Ending half a second before
    the limit leaves 1 s; 240.6 s of 240 s is 240 s used, no overrun; 241.0 s
    is one second over."""
    start = local("16:43:40")
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=240, started_at=start)
    iv.ended_at = start + timedelta(seconds=239.5)
    assert (used_seconds(iv, iv.ended_at), remaining_seconds(iv, iv.ended_at), overrun_seconds(iv, iv.ended_at)) == (239, 1, 0)
    iv.ended_at = start + timedelta(seconds=240.6)
    assert (used_seconds(iv, iv.ended_at), remaining_seconds(iv, iv.ended_at), overrun_seconds(iv, iv.ended_at)) == (240, 0, 0)
    iv.ended_at = start + timedelta(seconds=241)
    assert (used_seconds(iv, iv.ended_at), remaining_seconds(iv, iv.ended_at), overrun_seconds(iv, iv.ended_at)) == (241, -1, 1)


def test_the_issue_cases_follow_one_rule():
    """Issue 9: 9.8 s started and ended off the whole second is 9 s used (not
    10 s in the record); 180.4 s of 180 s is 00:00 left and no overrun (red at
    zero, not -00:01); 8.4 s of 5 s is 8 s used, -3 s left, 3 s overrun."""
    start = local("16:43:40") + timedelta(seconds=0.7)
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=None, started_at=start)
    iv.ended_at = start + timedelta(seconds=9.8)
    assert used_seconds(iv, iv.ended_at) == 9
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=180, started_at=start)
    at = start + timedelta(seconds=180.4)
    assert (remaining_seconds(iv, at), overrun_seconds(iv, at), phase(iv, at, 30, 15)) == (0, 0, Phase.OVERRUN)
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=5, started_at=start)
    at = start + timedelta(seconds=8.4)
    assert (used_seconds(iv, at), remaining_seconds(iv, at), overrun_seconds(iv, at)) == (8, -3, 3)


def test_pauses_off_the_second_are_subtracted_before_rounding():
    """10.0 s elapsed with a 0.3 s pause is 9.7 s charged: 9 s used (never 10
    by float error: the arithmetic is on whole microseconds)."""
    start = local("16:43:40") + timedelta(seconds=0.1)
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=60, started_at=start, paused_s=0.3)
    iv.ended_at = start + timedelta(seconds=10.0)
    assert used_seconds(iv, iv.ended_at) == 9
    iv.paused_s = 0.1 + 0.2  # 0.30000000000000004
    iv.ended_at = start + timedelta(seconds=10.3)
    assert used_seconds(iv, iv.ended_at) == 10


def test_ending_early_is_never_an_overrun():
    start = local("16:43:40")
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=240, started_at=start)
    for early in (0.1, 0.4, 0.6, 1.0, 30.0):
        iv.ended_at = start + timedelta(seconds=240 - early)
        assert overrun_seconds(iv, iv.ended_at) == 0, early
