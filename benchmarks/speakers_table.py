"""Cost of the speakers list with 1,000 speakers waiting: `show()` plus the next painted frame.

One headless Textual app per implementation (the Line-API `SpeakersTable`,
and the DataTable it replaced, kept below as `OldSpeakersTable`), 120×36,
the table filling the screen, scrolled to the middle of the list. Each run
inserts one new speaker on screen just below the cursor (a new list, one
longer, as `load_state` gives after an inscription: every line below it
renumbers), calls `show()` and waits for the frame: the screen's update is
composited and encoded to the bytes a real terminal would receive. It also
times Up/Down and PageUp/PageDown key presses (the driver's Key events, as
from the keyboard) and a clock tick (the same list, a second later) to the
frame. Two figures each:

* work: CPU time (process_time) from the action to the frame — what the
  chair's machine spends;
* latency: wall time from the action to the frame; it also counts Textual's
  frame timer (at most 60 frames a second, so up to 1/60 s of waiting) and
  whatever else the machine is running, so it is noisy on a busy machine.

Median and p95 over RUNS runs (after 3 to warm up), and the ratio old / new
of the medians. Run from the project root:

    .venv/bin/python benchmarks/speakers_table.py [RUNS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.text import Text  # noqa: E402
from textual import events  # noqa: E402
from textual._compositor import CompositorUpdate  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from models.categories import label  # noqa: E402
from models.state import Entry  # noqa: E402
from models.tables import Intervention, InterventionStatus, Participant  # noqa: E402
from models.timing import limit_seconds, overrun_seconds, remaining_seconds, used_seconds  # noqa: E402
from models.unstyle import minutes_and_seconds  # noqa: E402
from tui.widgets.speakers_table import STATUS_STYLE, SpeakersTable  # noqa: E402

SIZE = (120, 36)
WAITING = 1000
NOW = datetime(2026, 7, 2, 14, 0, tzinfo=UTC)
CATEGORIES = ("state_party", "signatory_state", "un_entity", "igo", "ngo", "academia", "private_sector")


class OldSpeakersTable(DataTable):
    """The DataTable version this project used before (verbatim but for the name)."""

    DEFAULT_CSS = """
    OldSpeakersTable { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._signature: tuple = ()
        self._last: tuple[list[Entry], datetime] | None = None

    FIXED = (("#", "order", 2), ("Category", "category", 15), ("Time", "time", 10), ("Status", "status", 11))

    def on_mount(self) -> None:
        self._add_columns(30)

    def _add_columns(self, delegation_width: int) -> None:
        order, category, time, status = self.FIXED
        self.add_column(order[0], key=order[1], width=order[2])
        self.add_column("Delegation", key="delegation", width=delegation_width)
        for label_, key, width in (category, time, status):
            self.add_column(label_, key=key, width=width)

    def on_resize(self) -> None:
        fixed = sum(w for _, _, w in self.FIXED) + 2 * self.cell_padding * (len(self.FIXED) + 1)
        width = max(12, self.size.width - self.styles.scrollbar_size_vertical - fixed - 1)
        if self.columns and self.columns.get("delegation") and self.columns["delegation"].width == width:
            return
        selected = self.selected_id
        self.clear(columns=True)
        self._add_columns(width)
        self._signature = ()
        if self._last is not None:
            self.show(*self._last, keep=selected)

    spoken: dict[str, tuple[int, int]] = {}

    def show(self, entries: list[Entry], now: datetime, keep: int | None = None) -> None:
        self._last = (entries, now)
        selected = keep if keep is not None else self.selected_id
        signature = tuple(
            (e.id, e.intervention.status, e.intervention.position, len(e.intervention.failed_calls),
             e.intervention.allotted_s, e.intervention.extension_s, self.spoken.get(e.participant.delegation))
            for e in entries
        )
        if signature != self._signature:
            self.clear()
            for order, entry in enumerate(entries, start=1):
                self.add_row(*self._cells(order, entry, now), key=str(entry.id))
            self._signature = signature
            if selected is not None and str(selected) in self.rows:
                self.move_cursor(row=self.get_row_index(str(selected)), animate=False)
            else:
                first_waiting = next(
                    (i for i, e in enumerate(entries) if e.intervention.status == InterventionStatus.WAITING), 0
                )
                self.move_cursor(row=first_waiting, animate=False)
        else:
            for order, entry in enumerate(entries, start=1):
                if entry.intervention.status == InterventionStatus.SPEAKING:
                    self.update_cell(str(entry.id), "time", self._time(entry, now))

    @property
    def selected_id(self) -> int | None:
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return int(key.value) if key.value is not None else None

    def _cells(self, order: int, entry: Entry, now: datetime) -> list:
        p, iv = entry.participant, entry.intervention
        word, style = STATUS_STYLE[iv.status]
        if iv.failed_calls and iv.status == InterventionStatus.WAITING:
            word = "absent ×1" if iv.failed_calls[-1]["kind"] == "absent" else "no link ×1"
        if iv.kind == "reply":
            word = f"reply {iv.reply_number}" + (" ✓" if iv.status == InterventionStatus.SPOKE else "")
        name = Text(overflow="ellipsis", no_wrap=True, style=style)
        if iv.status == InterventionStatus.WAITING:
            times = self.spoken.get(p.delegation)
            if times is None:
                name.append("★ ", style="bold green")
            else:
                name.append(f"{times[0]}×{times[1] // 60}:{times[1] % 60:02d} ", style="dim")
        name.append(p.delegation + (f" — for {p.on_behalf_of}" if p.on_behalf_of else ""))
        return [
            Text(str(order), style=style),
            name,
            Text(label(p.category), style=style, overflow="ellipsis", no_wrap=True),
            self._time(entry, now),
            Text(word, style=style),
        ]

    @staticmethod
    def _time(entry: Entry, now: datetime) -> Text:
        iv = entry.intervention
        limit = limit_seconds(iv)
        if iv.status == InterventionStatus.SPEAKING:
            remaining = remaining_seconds(iv, now)
            shown = minutes_and_seconds(used_seconds(iv, now)) if remaining is None else minutes_and_seconds(remaining)
            return Text(shown, style="bold")
        if iv.status == InterventionStatus.SPOKE:
            over = overrun_seconds(iv, now)
            text = Text(minutes_and_seconds(used_seconds(iv, now)), style="dim")
            if over:
                text.append(f" +{over}s", style="red")
            return text
        return Text("untimed" if limit is None else minutes_and_seconds(limit))


def entry(number: int, **kwargs) -> Entry:
    return Entry(
        intervention=Intervention(id=number, item_id=1, participant_id=number, position=number,
                                  allotted_s=240, **kwargs),
        participant=Participant(id=number, meeting_id="m", key=f"P{number}", delegation=f"Delegation number {number}",
                                category=CATEGORIES[number % len(CATEGORIES)]),
    )


def speakers() -> list[Entry]:
    """Two who spoke, one speaking, then WAITING waiting."""
    started = NOW - timedelta(minutes=1)
    done = dict(status=InterventionStatus.SPOKE, started_at=started - timedelta(minutes=4), ended_at=started)
    return [entry(1, **done), entry(2, **done), entry(3, status=InterventionStatus.SPEAKING, started_at=started),
            *(entry(i) for i in range(4, WAITING + 4))]


class Bench(App):
    def __init__(self, table: type) -> None:
        super().__init__()
        self.table_class = table
        self.frame: asyncio.Future | None = None

    def compose(self) -> ComposeResult:
        yield self.table_class(id="speakers")

    def _display(self, screen, renderable) -> None:
        """Encode the frame as a terminal would get it (headless apps skip that), then report it."""
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.console)
        super()._display(screen, renderable)
        if renderable is not None and self.frame is not None and not self.frame.done():
            self.frame.set_result(None)


async def timed(app: Bench, action) -> tuple[float, float]:
    """(work, latency) in ms from ``action()`` to the next frame."""
    await asyncio.sleep(0.02)  # let the previous frame and its follow-ups settle
    app.frame = asyncio.get_running_loop().create_future()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    await asyncio.wait_for(app.frame, 5)
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


async def measure(table: type, runs: int) -> dict[str, list[tuple[float, float]]]:
    app = Bench(table)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in SCENARIOS}
    async with app.run_test(size=SIZE) as pilot:
        widget = app.query_one("#speakers")
        entries = speakers()
        widget.show(entries, NOW)
        widget.focus()
        await pilot.pause()
        widget.move_cursor(row=WAITING // 2)
        await pilot.pause()
        widget.scroll_to(y=WAITING // 2 - 10, animate=False)  # the cursor in the upper half of the view
        await pilot.pause()

        def press(key: str):
            return lambda: app._driver.send_message(events.Key(key, None))

        for run in range(runs + 3):  # the first three warm up
            cursor = widget.cursor_row
            # A new list, one longer, with a new speaker on screen below the cursor: every line below renumbers.
            entries = [*entries[: cursor + 3], entry(100_000 + run), *entries[cursor + 3:]]
            figures = {
                "insert": await timed(app, lambda: widget.show(entries, NOW)),
                "key": await timed(app, press("down" if run % 2 else "up")),
                "page": await timed(app, press("pagedown" if run % 2 else "pageup")),
            }
            if run >= 3:
                for name, figure in figures.items():
                    results[name].append(figure)
        widget.move_cursor(row=0)  # back to the top, where the speaker's time runs
        await pilot.pause()
        for run in range(runs + 3):
            tick = await timed(app, lambda: widget.show(entries, NOW + timedelta(seconds=run + 1)))
            if run >= 3:
                results["tick"].append(tick)
    return results


SCENARIOS = (
    ("insert", "show(), one inserted, + frame"),
    ("key", "Up/Down key + frame"),
    ("page", "PageUp/PageDown + frame"),
    ("tick", "show(), clock tick, + frame"),
)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    new = asyncio.run(measure(SpeakersTable, runs))
    old = asyncio.run(measure(OldSpeakersTable, runs))
    print(f"{WAITING} speakers waiting, {SIZE[0]}×{SIZE[1]}, {runs} runs each; ms, median / p95")
    print(f"{'':42} {'Line API (new)':>15}   {'DataTable (old)':>17}   {'old / new':>7}")
    for scenario, title in SCENARIOS:
        for index, kind in ((0, "work"), (1, "latency")):
            n = [r[index] for r in new[scenario]]
            o = [r[index] for r in old[scenario]]
            print(f"{title + ', ' + kind:42} {statistics.median(n):6.2f} / {p95(n):6.2f}   "
                  f"{statistics.median(o):7.2f} / {p95(o):7.2f}   {statistics.median(o) / statistics.median(n):6.1f}×")


if __name__ == "__main__":
    main()
