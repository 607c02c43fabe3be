"""Helpers to replay the scripted sample meeting of tests/data/tip-dialogue-facts.yaml.

The facts file is a copy of shared/data/tip-dialogue-facts.yaml: it states
what the meeting did and what must come out of it. Clock times in it are
local (Europe/Vienna) on the meeting day.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pendulum
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_AGENDA = ROOT / "agendas" / "tip-constructive-dialogue.yaml"
MINIMAL_AGENDA = ROOT / "agendas" / "minimal.yaml"
FACTS_FILE = Path(__file__).resolve().parent / "data" / "tip-dialogue-facts.yaml"


@cache
def facts() -> dict:
    """The facts of the sample meeting."""
    return yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))


def local(hms: str) -> datetime:
    """A local clock time of the meeting day ("16:47:20") as an aware UTC instant."""
    f = facts()["meeting"]
    parts = [int(x) for x in hms.split(":")] + [0]
    day = pendulum.parse(f["date"])
    stamp = pendulum.datetime(day.year, day.month, day.day, parts[0], parts[1], parts[2], tz=f["timezone"]).timestamp()
    return datetime.fromtimestamp(stamp, UTC)


def event(event_id: str) -> dict:
    """One scripted event by id ("E04")."""
    return next(e for e in facts()["test_events"] if e["id"] == event_id)


#: The sample meeting's script up to the end of ST-PHL's statement (E01–E09),
#: then items 5–6 closed as in the facts. Each step: local time, action, arguments.
#: (Later events — limit changes, points of order, rights of reply — belong to
#: the rules of the floor and are replayed there.)
SCRIPT: list[tuple[str, str, dict]] = [
    ("15:07:00", "call_to_order", {}),
    ("15:07:00", "give_floor", {}),  # CHAIR, opening remarks
    ("15:12:00", "go_to_item", {"step": 1}),
    ("15:12:20", "give_floor", {}),  # SEC-RM briefing, 600 s
    ("15:22:20", "end_intervention", {}),
    ("15:24:00", "go_to_item", {"step": 1}),
    ("15:24:00", "give_floor", {}),  # CHAIR update
    ("15:33:00", "go_to_item", {"step": 1}),
    ("15:33:20", "give_floor", {}),  # PAN-1
    ("15:40:20", "end_intervention", {}),
    ("15:40:40", "give_floor", {}),  # PAN-2 (online)...
    ("15:41:00", "speaker_absent", {"kind": "not_connected"}),  # ...cannot be connected
    ("15:42:00", "suspend", {}),
    ("15:52:00", "resume", {}),
    ("15:52:20", "give_floor", {}),  # PAN-2, full 420 s
    ("15:59:20", "end_intervention", {}),
    ("16:20:00", "go_to_item", {"step": 1}),
    ("16:20:20", "give_floor", {}),  # GRP-GRULAC
    ("16:26:20", "end_intervention", {}),
    ("16:26:40", "give_floor", {}),  # GRP-EU
    ("16:32:40", "end_intervention", {}),
    ("16:33:00", "give_floor", {}),  # GRP-G77
    ("16:39:00", "end_intervention", {}),
    ("16:39:20", "give_floor", {}),  # ST-NGA
    ("16:43:20", "end_intervention", {}),
    ("16:43:40", "give_floor", {}),  # ST-TUR, overruns by 25 s
    ("16:45:10", "inscribe", {"participant_key": "ST-NOR"}),  # E06
    ("16:48:05", "end_intervention", {}),
    ("16:48:25", "give_floor", {}),  # ST-CIV
    ("16:50:05", "pause", {"reason": "interpretation"}),  # E07
    ("16:50:50", "resume_countdown", {}),
    ("16:52:00", "inscribe", {"participant_key": "ST-PHL"}),  # E08: duplicate, refused
    ("16:53:10", "end_intervention", {}),
    ("16:53:30", "give_floor", {}),  # ST-VCT called...
    ("16:53:50", "speaker_absent", {"kind": "absent"}),  # ...absent (E09)
    ("16:54:10", "give_floor", {}),  # ST-PHL
    ("16:58:10", "end_intervention", {}),
    ("17:52:00", "go_to_item", {"step": 1}),
    ("17:52:00", "give_floor", {}),  # CHAIR, closing remarks
    ("18:00:00", "rise", {}),
]


def run_script(store, meeting_id: str, clock, until: str | None = None) -> list:
    """Replay :data:`SCRIPT` through the model layer, up to and including ``until``.

    Returns the log entries the actions wrote.
    """
    from models import procedure

    entries = []
    for hms, action, kwargs in SCRIPT:
        if until is not None and hms > until:
            break
        clock.set(local(hms))
        entries.append(procedure.ACTIONS[action](store, meeting_id, clock.now(), **kwargs))
    return entries


#: The whole scripted meeting, E01–E18, for the rules of the floor. Each step:
#: (local time, action, arguments, event id or "").
FULL_SCRIPT: list[tuple[str, str, dict, str]] = [
    (hms, action, kwargs, "") for hms, action, kwargs in SCRIPT if hms <= "16:39:00"
] + [
    ("16:39:00", "close_list", {}, "E03"),
    ("16:39:20", "give_floor", {}, ""),  # ST-NGA
    ("16:43:20", "end_intervention", {}, ""),
    ("16:43:40", "give_floor", {}, "E04"),  # ST-TUR
    ("16:44:10", "inscribe", {"participant_key": "ST-THA"}, "E05"),
    ("16:45:10", "inscribe", {"participant_key": "ST-NOR", "override": True}, "E06"),
    ("16:48:05", "end_intervention", {}, "E04"),
    ("16:48:25", "give_floor", {}, "E07"),  # ST-CIV
    ("16:50:05", "pause", {"reason": "interpretation"}, "E07"),
    ("16:50:50", "resume_countdown", {}, "E07"),
    ("16:52:00", "inscribe", {"participant_key": "ST-PHL"}, "E08"),
    ("16:53:10", "end_intervention", {}, ""),
    ("16:53:30", "give_floor", {}, "E09"),  # ST-VCT...
    ("16:53:50", "speaker_absent", {"kind": "absent"}, "E09"),
    ("16:54:10", "give_floor", {}, ""),  # ST-PHL
    ("16:58:10", "end_intervention", {}, ""),
    ("16:58:10", "set_limits", {"cap_s": 180}, "E10"),
    ("16:59:10", "give_floor", {}, "E11"),  # ST-LAO...
    ("16:59:30", "speaker_absent", {"kind": "not_connected"}, "E11"),
    ("16:59:50", "give_floor", {}, ""),  # ST-KOR
    ("17:02:50", "end_intervention", {}, ""),
    ("17:03:10", "give_floor", {}, "E11"),  # ST-LAO
    ("17:06:10", "end_intervention", {}, ""),
    ("17:06:30", "give_floor", {}, ""),  # ST-VNM
    ("17:09:30", "end_intervention", {}, ""),
    ("17:09:50", "give_floor", {}, "E12"),  # ST-BOL
    ("17:10:20", "raise_point_of_order", {"participant_key": "ST-KOR", "subject": "display of the list of speakers in the room not updated"}, "E12"),
    ("17:10:25", "raise_point_of_order", {"participant_key": "ST-IRN", "subject": "request to confirm the speaking-time limit in force"}, "E12"),
    ("17:11:00", "rule_on_point_of_order", {"ruling": "The Chair asked the secretariat to update the display."}, "E12"),
    ("17:11:30", "rule_on_point_of_order", {"ruling": "The Chair confirmed the 180 s limit announced at 4.58 p.m."}, "E12"),
    ("17:14:00", "end_intervention", {}, "E12"),
    ("17:14:20", "give_floor", {}, ""),  # ST-COL
    ("17:17:20", "end_intervention", {}, ""),
    ("17:17:40", "give_floor", {}, ""),  # ST-MAR
    ("17:20:40", "end_intervention", {}, ""),
    ("17:21:00", "give_floor", {}, ""),  # ST-NOR
    ("17:24:00", "end_intervention", {}, ""),
    ("17:24:20", "give_floor", {}, "E13"),  # ST-VCT, second call
    ("17:24:40", "speaker_absent", {"kind": "absent"}, "E13"),
    ("17:25:00", "give_floor", {}, "E13"),  # ST-IRN
    ("17:28:00", "end_intervention", {}, ""),
    ("17:28:20", "give_floor", {}, ""),  # UN-UNHCR
    ("17:31:20", "end_intervention", {}, ""),
    ("17:31:40", "give_floor", {}, ""),  # IGO-IOM
    ("17:34:40", "end_intervention", {}, ""),
    ("17:35:00", "give_floor", {}, "E14"),  # NGO-M
    ("17:36:00", "raise_point_of_order", {"participant_key": "ST-NOR", "subject": "floor audio not reaching online participants"}, "E14"),
    ("17:36:50", "rule_on_point_of_order", {"ruling": "The Chair asked the secretariat to restore the audio feed; once it was restored, the Chair invited the speaker to continue."}, "E14"),
    ("17:38:20", "end_intervention", {}, "E14"),
    ("17:38:40", "give_floor", {}, "E15"),  # NGO-N
    ("17:40:00", "raise_point_of_order", {"participant_key": "NGO-P", "subject": "countdown display on the online platform"}, "E15"),
    ("17:41:10", "end_intervention", {}, "E15"),
    ("17:41:30", "give_floor", {}, ""),  # NGO-P
    ("17:44:00", "end_intervention", {}, ""),
    ("17:44:20", "give_floor", {}, ""),  # NGO-Q (video)
    ("17:46:50", "end_intervention", {}, ""),
    ("17:47:00", "end_list", {}, "E16"),
    ("17:47:20", "request_reply", {"participant_key": "ST-COL"}, "E17"),
    ("17:47:40", "give_floor", {}, "E17"),
    ("17:49:40", "end_intervention", {}, "E17"),
    ("17:49:45", "request_reply", {"participant_key": "ST-COL"}, "E17"),
    ("17:50:00", "give_floor", {}, "E17"),
    ("17:51:00", "end_intervention", {}, "E17"),
    ("17:51:05", "request_reply", {"participant_key": "ST-COL"}, "E17"),
    ("17:52:00", "go_to_item", {"step": 1}, "E17"),
    ("17:52:00", "give_floor", {}, ""),  # CHAIR, closing remarks
    ("18:00:00", "rise", {}, "E18"),
]


def run_full_script(store, meeting_id: str, clock, until: str | None = None, after: str | None = None) -> dict:
    """Replay :data:`FULL_SCRIPT` (optionally only steps after ``after`` and up to ``until``).

    Returns the log entries written, by event id (several per event possible).
    """
    from models import procedure

    by_event: dict[str, list] = {}
    for hms, action, kwargs, event_id in FULL_SCRIPT:
        if until is not None and hms > until:
            break
        if after is not None and hms <= after:
            continue
        clock.set(local(hms))
        entry = procedure.ACTIONS[action](store, meeting_id, clock.now(), **kwargs)
        by_event.setdefault(event_id, []).append(entry)
    return by_event


def open_item_5(store, meeting_id):
    """Called to order at 15:07, items 1–4 passed over: item 5 open with its 25
    inscribed speakers; returns the state."""
    from models import procedure
    from models.state import load_state

    procedure.call_to_order(store, meeting_id, local("15:07:00"))
    for n in range(4):
        procedure.go_to_item(store, meeting_id, local(f"15:1{n}:00"))
    return load_state(store, meeting_id)
