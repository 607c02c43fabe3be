"""The room's display follows the chair: from a chair action's commit to the
display's first frame that shows it (issue 11: within 250 ms).

Builds the reference meeting (``benchmarks.workload.build_reference``: 1,000
waiting on the current item) in a temporary folder, opens the display
headless (``App.run_test``, 80×24, its own timers running: a look every
``FOLLOW_INTERVAL`` s) on the file opened read-only, and lets a chair process
on the same file (another connection, as ``floor run`` in another terminal;
``benchmarks.rapporteur.CHAIR``) take actions — give the floor, pause,
resume — at random moments. Reported: the time from each commit to the
display's first frame showing it (a ``call_after_refresh`` queued once the
display applied the change), and one look at the marker when nothing changed.

Run from the project root:

    .venv/bin/python benchmarks/display.py [--actions N] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.rapporteur import CHAIR, OffsetClock, summary  # noqa: E402
from benchmarks.workload import QUICK, build_reference, reference_now  # noqa: E402
from models.store import Store  # noqa: E402


async def measure(db: Path, meeting_id: str, actions: int) -> dict[str, list[float]]:
    from tui.app import FloorApp
    from tui.screens.display import DisplayScreen

    store = Store(db, read_only=True)
    clock = OffsetClock(reference_now(store, meeting_id))
    app = FloorApp(store, meeting_id, clock=clock, mode="display")
    results: dict[str, list[float]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = next(s for s in app.screen_stack if isinstance(s, DisplayScreen))
        idle = []
        for _ in range(30):
            t0 = time.perf_counter()
            await screen.poll()
            idle.append((time.perf_counter() - t0) * 1000)
        results["idle_look_ms"] = idle

        seen: list[tuple[int, float]] = []
        shown = [screen._log_id]
        tick = screen.tick

        def tick_and_note() -> None:  # poll() redraws through self.tick once it applied a change
            tick()
            if screen._log_id != shown[0]:
                shown[0] = log_id = screen._log_id
                app.call_after_refresh(lambda: seen.append((log_id, time.time())))

        screen.tick = tick_and_note  # type: ignore[method-assign]
        chair = subprocess.Popen([sys.executable, "-c", CHAIR, str(db), meeting_id, clock.now().isoformat()],
                                 cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        rng = random.Random(1)
        committed = []
        cycle = ["pause", "resume_countdown", "give_floor"]
        loop = asyncio.get_running_loop()
        for i in range(actions):
            await asyncio.sleep(rng.uniform(0.15, 0.45))  # at a random phase of the display's look
            chair.stdin.write(cycle[i % len(cycle)] + "\n")
            chair.stdin.flush()
            committed.append(json.loads(await loop.run_in_executor(None, chair.stdout.readline)))
        await asyncio.sleep(1.0)
        chair.stdin.write("\n")
        chair.stdin.flush()
        chair.wait(timeout=30)
        latencies, by_action = [], {}
        for c in committed:
            first = min((t for log_id, t in seen if log_id >= c.get("log_id", 1 << 62)), default=None)
            if first is None:
                continue
            latencies.append((first - c["at"]) * 1000)
            by_action.setdefault(c["action"], []).append(latencies[-1])
        results["chair_to_display_ms"] = latencies
        for name, values in by_action.items():
            results[f"chair_to_display_{name}_ms"] = values
    store.dispose()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=60, help="chair actions to time")
    parser.add_argument("--quick", action="store_true", help="a 10x smaller workload")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "reference.db"
        t0 = time.perf_counter()
        meeting_id = build_reference(db, **(QUICK if args.quick else {}))
        print(f"workload built in {time.perf_counter() - t0:.1f} s")
        r = asyncio.run(measure(db, meeting_id, args.actions))
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    print(f"look at the marker, nothing changed:       {summary(r['idle_look_ms'])}   (every 0.1 s)")
    print(f"chair action committed → display shows it: {summary(r['chair_to_display_ms'])}   (target p95 < 250 ms)")
    for key in sorted(k for k in r if k.startswith("chair_to_display_") and k != "chair_to_display_ms"):
        print(f"    {key.removeprefix('chair_to_display_').removesuffix('_ms'):<18}                     {summary(r[key])}")


if __name__ == "__main__":
    main()
