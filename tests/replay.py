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
