"""Hand-made mutation testing of the rules of the floor: does each single-point
bug planted in ``models/procedure/``, ``models/timing.py`` or ``models/changes.py``
make a test of the rules fail?

Each mutant is one textual change (the snippet must occur exactly once). The
project is copied to a temporary folder per mutant, the change applied, and
the tests of the rules run there (``-x``: the first failure kills the
mutant). A mutant no test kills is a survivor, printed with its description.
Run from the project root (about 15 minutes on 2 cores):

    .venv/bin/python benchmarks/mutation.py [--jobs 2] [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/procedure", "tests/test_changes.py", "tests/test_timing.py", "tests/test_replay.py", "tests/test_properties.py"]

P = "models/procedure/"
#: (file, original snippet, mutated snippet, what the bug means for a chair)
MUTANTS: list[tuple[str, str, str, str]] = [
    # common
    (P + "common.py", 'if m.state == MeetingState.SUSPENDED:\n        raise', 'if False:\n        raise',
     "actions allowed while the meeting is suspended"),
    (P + "common.py", "        iv.paused_s += max(0.0, (now - iv.paused_since).total_seconds())\n",
     "        iv.paused_s += 0.0\n", "a closed pause is charged to the speaker"),
    (P + "common.py", "    iv.used_s = used_seconds(iv, now)\n", "    iv.used_s = None\n",
     "the time spoken is not frozen when an intervention ends"),
    (P + "common.py", "        actor=actor,\n", '        actor="chair",\n', "the actor of a log row is not recorded"),
    (P + "common.py", "    before = {\"rows\": tracker.rows()} if tracker is not None and accepted and undoable else None",
     "    before = {\"rows\": tracker.rows()} if tracker is not None and undoable else None",
     "a refused request can be 'undone'"),
    (P + "common.py", "        return before + POSITION_STEP", "        return before - POSITION_STEP",
     "a new last entry goes before the last one"),
    (P + "common.py", "    middle = (before + after) / 2\n    return middle if before < middle < after else None",
     "    middle = (before + after) / 2\n    return middle", "no renumbering when floats run out"),
    (P + "common.py", "later = precedence[precedence.index(category) + 1:]", "later = precedence[precedence.index(category):]",
     "a late inscription goes before its own category"),
    (P + "common.py", "        (Intervention.position < iv.position) |", "        (Intervention.position <= iv.position) |",
     "the place shown is off by one"),
    (P + "common.py", "PointOfOrder.started_at != None, PointOfOrder.ended_at == None",
     "PointOfOrder.started_at != None", "a point of order already ruled on still blocks the floor"),
    # meeting
    (P + "meeting.py", "                iv.status = InterventionStatus.NOT_REACHED\n", "                pass\n",
     "the meeting rises and speakers still waiting stay 'waiting'"),
    (P + "meeting.py", "        item.elapsed_s += (now - item.opened_at).total_seconds()", "        item.elapsed_s = (now - item.opened_at).total_seconds()",
     "an item's clock forgets earlier spells"),
    (P + "meeting.py", "    if item.started_at is None:\n        item.started_at = now", "    item.started_at = now",
     "going back to an item resets its start"),
    (P + "meeting.py", 'current.pause_reason == "suspension"', "current.paused_since is not None",
     "resuming the meeting also ends a chair's pause"),
    (P + "meeting.py", "            if current is not None and current.paused_since is None:\n                current.paused_since = now",
     "            if False:\n                current.paused_since = now", "a suspension does not pause the countdown"),
    (P + "meeting.py", "        target = index + step", "        target = index + 1", "previous item goes forward"),
    # floor
    (P + "floor.py", "        if expected_next_id is not None and nxt.id != expected_next_id:", "        if False:",
     "a stale 'next' skips a speaker"),
    (P + "floor.py", "        nxt.called_at = now\n", "", "the time a speaker was called is not recorded"),
    (P + "floor.py", "        nxt = head_of_queue(s, item.id) or head_of_queue(s, item.id, REPLY)",
     "        nxt = head_of_queue(s, item.id, REPLY) or head_of_queue(s, item.id)", "replies before the list"),
    (P + "floor.py", "        current.extension_s = max(-current.allotted_s, current.extension_s + delta_s)",
     "        current.extension_s = current.extension_s + delta_s", "a limit goes below zero"),
    (P + "floor.py", '        current.pause_reason = reason or "chair"', '        current.pause_reason = "suspension"',
     "resuming the meeting ends a chair's pause"),
    (P + "floor.py", "        if current.paused_since is not None:\n            raise ProcedureError(\"The countdown is already paused.\")",
     "        pass", "a second pause restarts the pause"),
    # speakers list
    (P + "speakers_list.py", "        if existing is not None and not override:", "        if False:",
     "duplicate inscriptions accepted"),
    (P + "speakers_list.py", "        if closed and not override:", "        if False:", "inscriptions after closure accepted"),
    (P + "speakers_list.py", "            before = end_of_category_position(s, item.id, p.category, m.settings)\n        else",
     "            before = last_position(s, item.id)\n        else", "precedence ignored for late inscriptions"),
    (P + "speakers_list.py", "        if len(current.failed_calls) >= 2:", "        if len(current.failed_calls) >= 3:",
     "absent twice is not 'not present'"),
    (P + "speakers_list.py", '        if rule == "one_place":', '        if rule == "one place":', "not-connected rule ignored"),
    (P + "speakers_list.py", "        current.started_at = None\n", "", "an absent speaker's call is charged"),
    (P + "speakers_list.py", "            place(s, iv, passed[delta - 1])", "            place(s, iv, passed[0])", "a move down by several goes one"),
    (P + "speakers_list.py", "            iv.status = InterventionStatus.NOT_REACHED\n        item.list_ended_at = now",
     "            pass\n        item.list_ended_at = now", "ending the list leaves speakers waiting"),
    (P + "speakers_list.py", "        iv.status = InterventionStatus.WITHDREW", "        iv.status = InterventionStatus.NOT_REACHED",
     "a withdrawal recorded as not reached"),
    # points of order
    (P + "points_of_order.py", "        if allowed and p.category not in allowed:", "        if False:",
     "anyone may raise a point of order"),
    (P + "points_of_order.py", "        if current is not None and current.paused_since is None:", "        if False:",
     "a point of order does not pause the speaker"),
    (P + "points_of_order.py", "            started_at=None if active is not None else now,", "            started_at=now,",
     "points of order not queued"),
    (P + "points_of_order.py", "        if queued:\n            queued[0].started_at = now", "        if queued:\n            queued[-1].started_at = now",
     "queued points heard last come first"),
    # rights of reply
    (P + "rights_of_reply.py", "        if count >= limit_n:", "        if count > limit_n:", "a third reply allowed"),
    (P + "rights_of_reply.py", "where=func.coalesce(Intervention.reply_number, 1) <= nth)", "where=None)",
     "second replies before first ones"),
    (P + "rights_of_reply.py", '        allotted = rules.get("first_s") if nth == 1 else rules.get("second_s")',
     '        allotted = rules.get("first_s")', "a second reply gets the first's time"),
    # time limits
    (P + "time_limits.py", "    base = item.category_limits_s.get(category, m.settings.get(\"limits_s\", {}).get(category))",
     "    base = m.settings.get(\"limits_s\", {}).get(category)", "a category limit change ignored for later inscriptions"),
    (P + "time_limits.py", "        return min(base, item.limit_cap_s)", "        return item.limit_cap_s",
     "a cap raises lower limits"),
    (P + "time_limits.py", "    if value is None or value < 1:", "    if value is None or value < 0:", "a limit of 0 s accepted"),
    # agenda amendments
    (P + "agenda_amendments.py", "        if item.started_at is not None:\n            raise", "        if False:\n            raise",
     "an item already taken up can be moved"),
    (P + "agenda_amendments.py", "        if any(it.number == number for it in items):", "        if False:", "two items with one number"),
    # record
    (P + "record.py", "            if iv.started_at and iv.ended_at and iv.ended_at < iv.started_at:", "            if False:",
     "a corrected end before the start accepted"),
    (P + "record.py", "            parts = [int(x) for x in text.split(\":\")] + [0, 0]", "            parts = [int(x) for x in text.split(\":\")[:2]] + [0, 0]",
     "seconds typed in a corrected time dropped"),
    (P + "record.py", "        if old_text == new_text:", "        if False:", "a correction that changes nothing logged"),
    # undo
    (P + "undo.py", "            LogEntry.meeting_id == meeting_id,\n", "", "undo reaches another meeting's action"),
    (P + "undo.py", "            LogEntry.undone_by == None,  # noqa: E711\n", "", "two undos undo the same action twice"),
    (P + "undo.py", "        target.undone_by = entry.id\n", "", "an undone action is not marked"),
    # notes
    (P + "notes.py", "    if meeting is not None and meeting.record_status == \"final\":", "    if False:",
     "notes change after the record is final"),
    (P + "notes.py", "        note.version += 1\n", "", "a changed note keeps its version"),
    # changes (the before-images)
    ("models/changes.py", "                if attr.key in image:\n                    continue", "                if False:\n                    continue",
     "the second change of a column overwrites its before-image"),
    ("models/changes.py", "            self._images.setdefault(key, None)", "            pass", "an inserted row is not deleted by undo"),
    # timing
    ("models/timing.py", "    return max(0, elapsed - paused) // 1_000_000", "    return max(0, elapsed) // 1_000_000", "pauses charged"),
    ("models/timing.py", "    if remaining is None or remaining >= 0:", "    if remaining is None:",
     "ending half a second before the limit reported as overrun"),
    ("models/timing.py", "    if remaining > warning_s:", "    if remaining >= warning_s:", "amber a second late"),
    ("models/timing.py", "    return max(0, iv.allotted_s + iv.extension_s)", "    return iv.allotted_s", "extensions ignored"),
]


def run(index: int, mutant: tuple[str, str, str, str], timeout: float) -> tuple[int, str, float]:
    path, old, new, _what = mutant
    text = (ROOT / path).read_text(encoding="utf-8")
    if text.count(old) != 1:
        return index, f"BAD ({text.count(old)} matches)", 0.0
    with tempfile.TemporaryDirectory(prefix="floor-mutant-") as tmp:
        work = Path(tmp)
        for part in ("models", "tests", "agendas", "pyproject.toml"):
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy)(source, work / part)
        (work / path).write_text(text.replace(old, new), encoding="utf-8")
        started = time.perf_counter()
        try:
            out = subprocess.run(
                [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
                cwd=work, capture_output=True, text=True, timeout=timeout,
            )
            verdict = "killed" if out.returncode != 0 else "SURVIVED"
        except subprocess.TimeoutExpired:
            verdict = "killed (timeout)"
        return index, verdict, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="", help="mutants whose file or description contains this")
    parser.add_argument("--indices", default="", help="comma-separated mutant numbers")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    wanted = {int(x) for x in args.indices.split(",") if x.strip()}
    chosen = [(i, m) for i, m in enumerate(MUTANTS) if args.only in m[0] + m[3] and (not wanted or i in wanted)]
    results: dict[int, tuple[str, float]] = {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for index, verdict, seconds in pool.map(lambda im: run(im[0], im[1], args.timeout), chosen):
            results[index] = (verdict, seconds)
            path, _old, _new, what = MUTANTS[index]
            print(f"{index:3d} {verdict:18s} {seconds:6.1f}s  {path}: {what}", flush=True)
    killed = sum(1 for v, _ in results.values() if v.startswith("killed"))
    valid = sum(1 for v, _ in results.values() if not v.startswith("BAD"))
    print(f"\n{killed} of {valid} mutants killed ({100 * killed / max(1, valid):.0f} %)")
    for index, (verdict, _s) in sorted(results.items()):
        if not verdict.startswith("killed"):
            print(f"  {verdict}: {MUTANTS[index][0]}: {MUTANTS[index][3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
