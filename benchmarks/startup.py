"""Start-up time of `floor run` on the sample agenda, as a ratio to a bare Textual app.

Each candidate runs in a fresh Python process, headless, and exits at its
first `Ready` event; the wall time from process start to exit is measured
RUNS times and the median compared. Run from the project root:

    .venv/bin/python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Floor")
    def on_ready(self):
        self.exit()
Bare().run(headless=True)
"""

FLOOR = """
import sys
from tui.cli import _parser, _resolve_meeting
from tui.app import FloorApp
class Bench(FloorApp):
    def on_ready(self):
        self.call_after_refresh(self.exit)
args = _parser().parse_args(["--db", sys.argv[1], "run", "agendas/tip-constructive-dialogue.yaml"])
store, meeting_id = _resolve_meeting(args)
app = Bench(store, meeting_id)
app.run(headless=True)
app.close_writer()
"""


def timed(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        timed(FLOOR, db)  # first run imports the agenda; later runs resume, as a chair's would
        timed(BARE)  # warm the file cache for both
        bare = [timed(BARE) for _ in range(runs)]
        floor = [timed(FLOOR, db) for _ in range(runs)]
    b, f = statistics.median(bare), statistics.median(floor)
    print(f"bare Textual app (one Static): median {b:.3f} s over {runs} runs")
    print(f"floor run (sample agenda, resume): median {f:.3f} s over {runs} runs")
    print(f"ratio floor / bare: {f / b:.2f}")


if __name__ == "__main__":
    main()
