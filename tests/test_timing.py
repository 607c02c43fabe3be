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


def test_sub_second_instants_round_once_and_never_invent_an_overrun():
    """The real clock gives fractions of a second: ending half a second before
    the limit is no overrun; 0.6 s after it is one second."""
    start = local("16:43:40")
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=240, started_at=start)
    iv.ended_at = start + timedelta(seconds=239.5)
    assert overrun_seconds(iv, iv.ended_at) == 0
    assert remaining_seconds(iv, iv.ended_at) == 0.5
    iv.ended_at = start + timedelta(seconds=240.6)
    assert overrun_seconds(iv, iv.ended_at) == 1
    iv.ended_at = start + timedelta(seconds=240.4)
    assert overrun_seconds(iv, iv.ended_at) == 0


def test_ending_early_is_never_an_overrun():
    start = local("16:43:40")
    iv = Intervention(item_id=1, participant_id=1, position=0, allotted_s=240, started_at=start)
    for early in (0.1, 0.4, 0.6, 1.0, 30.0):
        iv.ended_at = start + timedelta(seconds=240 - early)
        assert overrun_seconds(iv, iv.ended_at) == 0, early
