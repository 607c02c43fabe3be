"""Two rapporteur's desks on one note: how soon each sees the other's typing,
and that nothing typed at either is lost.

Two real processes, each a headless rapporteur's desk (``FloorApp`` in
``App.run_test``, its own connection to one SQLite file, the real timers:
autosave ``AUTOSAVE_DELAY`` s after the last key and at least every
``AUTOSAVE_MAX`` s while typing, a look at the notes counter every
``FOLLOW_INTERVAL`` s), on the sample meeting with one intervention being
given. Each types numbered words ("A001 ", "A002 " …, one key every
``--key-s`` seconds) into that intervention's note and watches its own field
for the other's words.

Two runs:

- **one types, one reads**: desk A types, desk B only watches (the usual
  case: a second rapporteur reading along);
- **both type**: both type at the end of the same note at once (the case that
  ends in a conflict, both texts kept between marker lines).

Reported: for each word, the time from its last key at one desk to the first
moment the other desk's field showed it (median, p95, max); the words lost
(typed at a desk, not in the database's note at the end: the target is 0);
the conflict blocks in the final note. ``SHOW_NOTE=1`` prints the final note
and both fields.

Run from the project root (after ``pip install -e '.[test]'``):

    .venv/bin/python benchmarks/two_desks.py [--seconds S] [--key-s S]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DESK = textwrap.dedent("""
    import asyncio, json, os, re, sys, time
    from models.clock import SystemClock
    from models.store import Store
    from tui.app import FloorApp
    from tui.screens.rapporteur import RapporteurScreen
    from tui.widgets.notes import NotesArea

    db, meeting, me, other, types, seconds, key_s, folder = sys.argv[1:9]
    seconds, key_s = float(seconds), float(key_s)

    async def main():
        app = FloorApp(Store(db), meeting, clock=SystemClock(), mode="rapporteur", actor="rapporteur")
        typed, seen = {}, {}
        async with app.run_test(size=(120, 36), notifications=False) as pilot:
            screen = next(s for s in app.screen_stack if isinstance(s, RapporteurScreen))
            editor = screen.query_one("#editor", NotesArea)
            editor.focus()
            pattern = re.compile(other + r"\\d{3}")

            async def watch():
                while True:
                    now = time.time()
                    for word in pattern.findall(editor.text):
                        seen.setdefault(word, now)
                    await asyncio.sleep(0.005)

            watcher = asyncio.get_running_loop().create_task(watch())
            await pilot.pause()
            open(os.path.join(folder, "ready-" + me), "w").close()  # open and settled
            while not os.path.exists(os.path.join(folder, "go")):  # both are: start together
                await asyncio.sleep(0.01)
            n, end = 0, time.time() + seconds
            while time.time() < end:
                n += 1
                word = f"{me}{n:03d}"
                if types == "1":  # a typist goes on where the cursor is (at the end of the note, at first)
                    for ch in word:
                        await pilot.press(ch)
                        await asyncio.sleep(key_s)
                    typed[word] = time.time()  # the word is whole: from now on the other desk can show it
                    await pilot.press("space")
                    await asyncio.sleep(key_s)
                else:
                    await asyncio.sleep(key_s * 5)
            await asyncio.sleep(2.5)  # the last save, and the other desk's
            await editor.flush()
            await asyncio.sleep(1.0)
            watcher.cancel()
        print(json.dumps({"typed": typed, "seen": seen, "text": editor.text}), flush=True)

    asyncio.run(main())
""")


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> str:
    if not values:
        return "no words seen"
    return (f"median {statistics.median(values):6.0f} ms   p95 {pct(values, 95):6.0f} ms   "
            f"max {max(values):6.0f} ms   (n={len(values)})")


def setup(folder: Path) -> tuple[Path, str]:
    """The sample meeting with an intervention being given, in a new file."""
    from models import procedure as P
    from models.agenda import import_agenda, load_agenda
    from models.clock import SystemClock
    from models.store import Store

    db = folder / "floor.db"
    store, clock = Store(db), SystemClock()
    agenda = load_agenda(ROOT / "agendas" / "tip-constructive-dialogue.yaml")
    with store.transaction() as s:
        meeting_id = import_agenda(s, agenda, clock.now()).id
    P.call_to_order(store, meeting_id, clock.now())
    P.give_floor(store, meeting_id, clock.now())
    store.dispose()
    return db, meeting_id


def run(both: bool, seconds: float, key_s: float) -> dict:
    from models.merge import OPEN
    from models.state import load_state, read_note
    from models.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db, meeting_id = setup(Path(tmp))
        procs = [subprocess.Popen([sys.executable, "-c", DESK, str(db), meeting_id, me, other,
                                   "1" if (me == "A" or both) else "0", str(seconds), str(key_s), tmp],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
                 for me, other in (("A", "B"), ("B", "A"))]
        deadline = time.time() + 120
        while not all((Path(tmp) / f"ready-{me}").exists() for me in "AB"):  # both desks open
            if time.time() > deadline or any(p.poll() is not None for p in procs):
                sys.exit("a desk did not open: " + "".join(p.communicate()[1] for p in procs if p.poll() is not None))
            time.sleep(0.05)
        (Path(tmp) / "go").touch()
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=seconds + 120)
            if p.returncode != 0:
                sys.exit(f"a desk failed:\n{err}")
            outs.append(json.loads(out.strip().splitlines()[-1]))
        store = Store(db)
        current = load_state(store, meeting_id).current
        note = read_note(store, current.intervention.item_id, current.id).text
        store.dispose()
    latencies, lost, typed_words = [], [], 0
    for me, them in ((0, 1), (1, 0)):
        for word, at in outs[me]["typed"].items():
            typed_words += 1
            if word not in note:
                lost.append(word)
            if word in outs[them]["seen"]:
                latencies.append((outs[them]["seen"][word] - at) * 1000)
    unseen = typed_words - len(latencies)
    if os.environ.get("SHOW_NOTE"):
        print(note, "\n----", outs[0]["text"], "\n----", outs[1]["text"], sep="\n")
    return {"latencies": latencies, "typed": typed_words, "lost": lost, "unseen": unseen,
            "conflicts": note.count(f"\n{OPEN} ") + note.startswith(f"{OPEN} ")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each desk types (default 20)")
    parser.add_argument("--key-s", type=float, default=0.15, help="seconds between two keys (default 0.15)")
    args = parser.parse_args(argv)
    print(f"{platform.platform()} · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.1f} · "
          f"one key every {args.key_s} s for {args.seconds:.0f} s")
    for both in (False, True):
        r = run(both, args.seconds, args.key_s)
        name = "both type   " if both else "one types   "
        print(f"{name} word typed → shown at the other desk: {summary(r['latencies'])}")
        print(f"             words typed {r['typed']}, lost {len(r['lost'])}, never shown at the other desk "
              f"{r['unseen']}, conflict blocks in the note {r['conflicts']}")


if __name__ == "__main__":
    main()
