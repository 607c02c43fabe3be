"""300 participants refreshing their pages every 2 s, and 50 requests for the
floor in one second, while the chair works: does the chair's screen slow down
(issue 12: key → frame p95 at most 1.5× the unloaded figure, in one run)?

One machine, loopback, three processes as on the chair's laptop plus the
participants' browsers:

* ``floor serve`` (``python -m tui.cli --db DB serve MEETING --port P``) on a
  free port: the participants' pages (``tui.participants``) and the public
  list, on the same SQLite file;
* the chair's screen: the real ``FloorApp`` headless (``App.run_test``,
  120×36) in this process, on the same file through its own connection, its
  key → frame latency taken as ``benchmarks/keypress.py`` does (from the key
  event's timestamp to a ``call_after_refresh`` queued when the screen took the
  change the key's action committed; ``FakeClock`` advanced between presses);
* the participants (:func:`client`, ``--client``): one asyncio loop with one
  aiohttp ``ClientSession`` in a process of its own, standing for 300
  browsers. Each participant opens its personal link once (``GET /p/?t=TOKEN``,
  the link's button, then ``POST /p/`` with the token → its session cookie), then fetches its page's live part
  (``/p/<id>/status``, what the page's script fetches) every 2 s, with
  jitter. The burst: 50 of them post "request the floor" on the current item
  within one second (10 of them twice, the same form: a double click), each
  followed, as a browser does, by the page the ``303`` leads to.

The meeting is the reference workload (``benchmarks.workload``: 1,000 waiting
on the current item) with 1,100 participants, so that a hundred are off the
list and may ask for it; after the meeting was called to order, their
requests go to the chair as pending requests. Links are issued through the
models (``participant_links.issue_links``).

One run, the same processes throughout, in interleaved blocks (so that
whatever else the machine does falls on both alike): the chair's keys with the
participants idle (links opened, no traffic), then with the 300 refreshing,
and so on; the burst in the middle of the middle loaded block. Reported:
key → frame p50/p95 per condition and their ratio to the idle figure; the server's response time p50/p95,
errors, requests served per second; CPU seconds of the serve process (and of
the participants' process, which in a real room runs on 300 other devices:
here it takes CPU from the same two cores). Ratios, not absolute claims.

Run from the project root:

    .venv/bin/python benchmarks/participants_load.py [--rounds 4] [--cycles 6] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Seconds between two fetches of a participant's page (the page's script: ``tui.participants.LIVE_S``).
REFRESH_S = 2.0
#: Participants refreshing, requests in the burst, of which sent twice.
PARTICIPANTS, BURST, DOUBLED = 300, 50, 10


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of ``values``, nearest rank (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_queue_seconds(pid: int) -> float:
    """Seconds the threads of process ``pid`` have waited, ready to run, for
    a CPU (Linux ``/proc/<pid>/task/*/schedstat``, second field; 0.0 when
    the kernel does not keep it): what another process's CPU costs it."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


# --------------------------------------------------------------------------- the meeting, the links


@dataclass
class Meeting:
    """A meeting ready for the load: its database, id, current item, and the
    participants' links. ``links``: (participant key, token) for the
    ``PARTICIPANTS``; ``burst``: the keys of those off the current list, who
    ask for the floor."""

    db: Path
    meeting_id: str
    item_id: int
    links: list[tuple[str, str]]
    burst: list[str]


def prepare(db: Path, linked: int = PARTICIPANTS, burst: int = BURST, **sizes: Any) -> Meeting:
    """Build the reference meeting at ``db`` (``benchmarks.workload.build_reference``
    with ``sizes``) and issue personal links to ``linked`` participants,
    ``burst`` of them off the current item's list.

    Raises:
        ValueError: fewer than ``burst`` participants are off the list.
    """
    from sqlmodel import select

    from benchmarks.workload import build_reference, reference_now
    from models.procedure.participant_links import issue_links
    from models.roles import Role
    from models.store import Store
    from models.tables import AgendaItem, Intervention, Participant
    from models.tables import Meeting as MeetingRow

    meeting_id = build_reference(db, **sizes)
    store = Store(db)
    store.role = Role.SECRETARIAT
    try:
        with store.read() as s:
            item_id = s.get(MeetingRow, meeting_id).current_item_id
            listed = set(s.exec(select(Intervention.participant_id).join(AgendaItem)
                                .where(AgendaItem.id == item_id)).all())
            everyone = [p for p in s.exec(select(Participant).where(Participant.meeting_id == meeting_id)
                                          .order_by(Participant.id)) if p.category not in ("chair", "secretariat")]
        off = [p.key for p in everyone if p.id not in listed]
        on = [p.key for p in everyone if p.id in listed]
        if len(off) < burst:
            raise ValueError(f"only {len(off)} participants are off the current list; {burst} wanted")
        keys = off[:burst] + on[:linked - burst]
        issued = issue_links(store, meeting_id, reference_now(store, meeting_id), keys=keys)
        tokens = {link.participant.key: link.token for link in issued.links}
    finally:
        store.dispose()
    return Meeting(db, meeting_id, item_id, [(k, tokens[k]) for k in keys], off[:burst])


class Served:
    """``floor serve MEETING --db DB --port P`` as a subprocess, until :meth:`stop`."""

    def __init__(self, db: Path, meeting_id: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "--db", str(db), "serve", meeting_id, "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        from tui.serve import READY

        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip() == READY:
                return
        raise RuntimeError(f"floor serve did not start: {self.proc.stderr.read() if self.proc.stderr else ''}")

    def cpu(self) -> float:
        """CPU seconds used so far."""
        return cpu_seconds(self.proc.pid)

    def stop(self) -> str:
        """Stop it (SIGTERM); returns what it wrote on stderr."""
        self.proc.terminate()
        try:
            _out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _out, err = self.proc.communicate()
        return err or ""


class Participants:
    """The participants' process (:func:`client`), driven by one-line JSON
    commands on its stdin; each answers one JSON line."""

    def __init__(self, port: int, meeting: Meeting, seed: int = 0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.participants_load", "--client"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.ready = self.ask({"port": port, "item": meeting.item_id, "links": meeting.links,
                               "burst": meeting.burst, "doubled": DOUBLED, "seed": seed})

    def ask(self, command: dict[str, Any]) -> dict[str, Any]:
        """Send ``command``, wait for its answer."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the participants' process stopped")
        return json.loads(line)

    async def ask_async(self, command: dict[str, Any]) -> dict[str, Any]:
        """:meth:`ask` off the event loop."""
        return await asyncio.to_thread(self.ask, command)

    def cpu(self) -> float:
        """CPU seconds used so far."""
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        """Ask it to quit, and wait."""
        try:
            self.ask({"do": "quit"})
        except (RuntimeError, BrokenPipeError, ValueError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# --------------------------------------------------------------------------- the participants' process


_FORM = re.compile(r'<form method="post" action="([^"]+)">(.*?)</form>', re.S)
_SAID = re.compile(r'<p class="(ack|error)" role="[^"]*">(.*?)</p>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def request_form(page: str, item_id: int) -> tuple[str, dict[str, str]] | None:
    """The page's "request the floor on item …" form: (its action, its fields), or None."""
    for action, body in _FORM.findall(page):
        if f'id="b-{item_id}-statement"' in body:
            return html.unescape(action), {n: html.unescape(v) for n, v in _HIDDEN.findall(body)}
    return None


@dataclass
class Tally:
    """Answers counted since the last reading: seconds per answer, status codes, errors."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    since: float = field(default_factory=time.perf_counter)

    def reading(self) -> dict[str, Any]:
        """What was counted, as JSON-able figures (ms); then starts again."""
        took = time.perf_counter() - self.since
        out = {"n": len(self.seconds), "wall_s": took, "per_s": len(self.seconds) / took if took else 0.0,
               "p50_ms": pct(self.seconds, 50) * 1000, "p95_ms": pct(self.seconds, 95) * 1000,
               "max_ms": max(self.seconds, default=float("nan")) * 1000,
               "statuses": dict(self.statuses), "errors": self.errors[:20], "error_count": len(self.errors)}
        self.seconds, self.statuses, self.errors, self.since = [], {}, [], time.perf_counter()
        return out


async def _client(spec: dict[str, Any], lines: asyncio.Queue) -> None:
    import aiohttp

    base = f"http://127.0.0.1:{spec['port']}"
    rng = random.Random(spec.get("seed", 0))
    connector = aiohttp.TCPConnector(limit=0)  # one connection per browser, kept alive
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        sessions: dict[str, tuple[str, dict[str, str]]] = {}  # key → (page path, cookies)
        opened = Tally()

        async def open_link(key: str, token: str) -> None:
            t0 = time.perf_counter()
            try:
                async with http.get("/p/", params={"t": token}, allow_redirects=False) as r:
                    await r.read()  # the link's button (a GET consumes nothing)
                    if r.status != 200:
                        opened.errors.append(f"link of {key}: {r.status}")
                        return
                async with http.post("/p/", data={"t": token}, allow_redirects=False) as r:  # the button pressed
                    await r.read()
                    opened.statuses[str(r.status)] = opened.statuses.get(str(r.status), 0) + 1
                    if r.status != 303:
                        opened.errors.append(f"link of {key}: {r.status}")
                        return
                    sessions[key] = (r.headers["Location"], {c.key: c.value for c in r.cookies.values()})
            except Exception as exc:  # counted and said: a connection refused, a timeout
                opened.errors.append(f"link of {key}: {type(exc).__name__}: {exc}")
                return
            opened.seconds.append(time.perf_counter() - t0)

        for chunk in range(0, len(spec["links"]), 20):  # 20 at a time: people open their links over a while
            await asyncio.gather(*(open_link(k, t) for k, t in spec["links"][chunk:chunk + 20]))
        forms: dict[str, tuple[str, dict[str, str]]] = {}
        for key in spec["burst"]:
            if key not in sessions:
                continue
            path, cookies = sessions[key]
            async with http.get(path, cookies=cookies) as r:
                form = request_form(await r.text(), spec["item"])
            if form is not None:
                forms[key] = form
        await lines.put({"opened": len(sessions), "links": opened.reading(), "forms": len(forms)})

        reads = Tally()
        stop = asyncio.Event()

        async def refresh(path: str, cookies: dict[str, str]) -> None:
            await asyncio.sleep(rng.uniform(0, REFRESH_S))
            while not stop.is_set():
                t0 = time.perf_counter()
                try:
                    async with http.get(path + "status", cookies=cookies) as r:
                        await r.read()
                        reads.statuses[str(r.status)] = reads.statuses.get(str(r.status), 0) + 1
                        if r.status >= 400:
                            reads.errors.append(f"{path}status: {r.status}")
                        else:
                            reads.seconds.append(time.perf_counter() - t0)
                except Exception as exc:
                    reads.errors.append(f"{path}status: {type(exc).__name__}: {exc}")
                # the page's script: the next fetch 2 s after this one ended, give or take the timer's jitter
                try:
                    await asyncio.wait_for(stop.wait(), REFRESH_S * rng.uniform(0.9, 1.1))
                except TimeoutError:
                    pass

        async def post(key: str, delay: float, tally: Tally, acks: dict[str, list[str]]) -> None:
            await asyncio.sleep(delay)
            path, cookies = sessions[key]
            action, fields = forms[key]
            t0 = time.perf_counter()
            try:
                async with http.post(action, data=fields, cookies=cookies, allow_redirects=False,
                                     headers={"Origin": base, "Referer": base + path}) as r:
                    await r.read()
                    status, location = r.status, r.headers.get("Location")
                tally.statuses[str(status)] = tally.statuses.get(str(status), 0) + 1
                if status != 303 or location is None:
                    tally.errors.append(f"request of {key}: {status}")
                    return
                async with http.get(location, cookies=cookies) as r:  # the page the browser is sent to
                    page = await r.text()
                    tally.statuses[f"then {r.status}"] = tally.statuses.get(f"then {r.status}", 0) + 1
                    if r.status != 200:
                        tally.errors.append(f"page after the request of {key}: {r.status}")
                        return
            except Exception as exc:
                tally.errors.append(f"request of {key}: {type(exc).__name__}: {exc}")
                return
            tally.seconds.append(time.perf_counter() - t0)
            said = _SAID.search(page)  # the line the page shows once: "ack" or "error"
            acks.setdefault(key, []).append(f"{said.group(1)}: {html.unescape(said.group(2))}" if said else "")

        loops: list[asyncio.Task] = []
        while True:
            command = await lines.get()
            do = command.get("do")
            if do == "load":
                stop.clear()
                reads.reading()
                loops = [asyncio.create_task(refresh(*sessions[k])) for k, _t in spec["links"] if k in sessions]
                await lines.put({"refreshing": len(loops)})
            elif do == "read":
                await lines.put(reads.reading())
            elif do == "burst":
                tally, acks = Tally(), {}
                keys = [k for k in spec["burst"] if k in forms]
                twice = set(rng.sample(keys, min(spec["doubled"], len(keys))))
                jobs = []
                for key in keys:
                    at = rng.uniform(0, 1.0)
                    jobs.append(post(key, at, tally, acks))
                    if key in twice:  # a double click: the same form again, a moment later
                        jobs.append(post(key, at + rng.uniform(0.0, 0.05), tally, acks))
                t0 = time.perf_counter()
                await asyncio.gather(*jobs)
                out = tally.reading()
                out.update(sent=len(jobs), participants=len(keys), doubled=sorted(twice),
                           took_s=time.perf_counter() - t0, acknowledged=acks)
                await lines.put(out)
            elif do == "stop":
                stop.set()
                await asyncio.gather(*loops)
                loops = []
                await lines.put(reads.reading())
            else:  # quit
                stop.set()
                await asyncio.gather(*loops)
                await lines.put({"bye": True})
                return


def client() -> None:
    """The participants' process: the first stdin line is the spec (port,
    current item, links, burst keys); then one command a line (``load``,
    ``read``, ``burst``, ``stop``, ``quit``), one JSON answer a line."""

    async def run() -> None:
        inbox: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()

        async def reader() -> None:
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                await inbox.put(json.loads(line) if line.strip() else {"do": "quit"})
                if not line.strip():
                    return

        class Lines:  # the client's end: commands in, answers out
            async def get(self) -> dict:
                return await inbox.get()

            async def put(self, answer: dict) -> None:
                print(json.dumps(answer), flush=True)

        spec = json.loads(sys.stdin.readline())
        task = asyncio.create_task(reader())
        await _client(spec, Lines())  # type: ignore[arg-type]
        task.cancel()

    asyncio.run(run())
    os._exit(0)  # the stdin reader thread may still wait on a line


# --------------------------------------------------------------------------- the chair's screen


def _timed_app(db: Path, meeting_id: str):
    """The chair's ``FloorApp`` on its own Store and a ``FakeClock`` at the
    workload's instant, noting key → frame latencies of its own actions in
    ``app.samples`` (seconds): a sample is taken when the screen applies a
    state that holds the log row the key's action wrote, once painted."""
    from textual import events
    from textual._time import get_time

    from benchmarks.workload import reference_now
    from models import procedure
    from models.clock import FakeClock
    from models.store import Store
    from tui.app import FloorApp
    from tui.screens.chair import ChairScreen

    class TimedApp(FloorApp):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.key_time: float | None = None
            self.wrote: int | None = None  # the log row of the key's action
            self.samples: list[float] = []

        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key):
                self.key_time, self.wrote = event.time, None
            await super().on_event(event)

    store = Store(db)
    clock = FakeClock(reference_now(store, meeting_id))
    app = TimedApp(store, meeting_id, clock=clock, actor="chair")

    def noting(fn):
        def action(*args, **kwargs):
            entry = fn(*args, **kwargs)
            app.wrote = entry.id
            return entry
        return action

    for name, fn in list(procedure.ACTIONS.items()):
        procedure.ACTIONS[name] = noting(fn)
    original = ChairScreen._apply

    def _apply(self, log_id, note_seq, state):
        changed = state is not self.state
        original(self, log_id, note_seq, state)
        if changed and app.key_time is not None and app.wrote is not None and log_id >= app.wrote:
            pressed, app.key_time = app.key_time, None
            self.call_after_refresh(lambda: app.samples.append(get_time() - pressed))

    ChairScreen._apply = _apply  # type: ignore[method-assign]
    return app, clock, store


async def run_phases(db: Path, meeting_id: str, blocks: list[tuple[str, int]], before: Any,
                     label: Any = None) -> tuple[dict[str, list[float]], Any]:
    """The chair's screen on ``db``; for each ``(name, rounds)`` of
    ``blocks``: ``await before(index, name)``, then ``rounds`` rounds of five
    keys (n, space, space, u, w), each key's latency noted under
    ``label(name)`` (``name`` by default); ``await before(len(blocks), None)``
    at the end. Two rounds of warm-up come first, not noted.

    Returns ``({label: [seconds, …]}, the screen's state at the end)``: the
    state once the screen has read every change logged until then.
    """
    from models.state import procedural_log_size
    from tui.screens.chair import ChairScreen

    app, clock, store = _timed_app(db, meeting_id)
    samples: dict[str, list[float]] = {}
    label = label or (lambda name: name)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = next(s for s in app.screen_stack if isinstance(s, ChairScreen))

            async def settle() -> None:
                await app.workers.wait_for_complete()
                await pilot.pause()
                await pilot.pause()

            async def press(name: str | None, key: str) -> None:
                clock.advance(3)
                app.samples.clear()
                noted = label(name) if name else None
                await pilot.press(key)
                await settle()
                for _ in range(20):  # the frame after the action: a few more pauses at most
                    if app.samples:
                        break
                    await pilot.pause(0.01)
                if app.samples and noted:
                    samples.setdefault(noted, []).append(app.samples[-1])

            def waiting_row(offset: int) -> None:
                table = screen.query_one("#speakers")
                state = screen.state
                target = state.waiting[min(offset, len(state.waiting) - 1)].id
                table.move_cursor(row=[e.id for e in state.entries].index(target))

            async def one_round(name: str | None) -> None:
                await press(name, "n")
                await press(name, "space")
                await press(name, "space")
                waiting_row(10)
                await settle()
                await press(name, "u")
                waiting_row(20)
                await settle()
                await press(name, "w")

            for _ in range(2):  # warm-up, not noted
                await one_round(None)
            for index, (name, rounds) in enumerate(blocks):
                await before(index, name)
                for _ in range(rounds):
                    await one_round(name)
            await before(len(blocks), None)
            for _ in range(100):  # the others' last changes, as the screen's own watch reads them
                if screen._log_id == await asyncio.to_thread(procedural_log_size, store, meeting_id):
                    break
                await pilot.pause(0.05)
            state = screen.state
    finally:
        store.dispose()
    return samples, state


# --------------------------------------------------------------------------- the run


def run(meeting: Meeting, rounds: int, cycles: int) -> dict[str, Any]:
    """Serve ``meeting``, open the links, and take ``cycles`` times a block of
    ``rounds`` rounds with the participants idle then one with the 300
    refreshing (the load on ``load``, off at the next idle block), the burst
    in the middle of the middle loaded block. Interleaved blocks, so that
    whatever else the machine does falls on both alike. Returns every figure
    (see :func:`report`)."""
    served = Served(meeting.db, meeting.meeting_id)
    people: Participants | None = None
    out: dict[str, Any] = {"port": served.port, "loadavg": os.getloadavg()}
    try:
        people = Participants(served.port, meeting)
        out["opened"] = people.ready
        blocks = [(name, rounds) for _ in range(cycles) for name in ("idle", "loaded")]
        burst_block = 2 * (cycles // 2) + 1
        cpu = {"serve": {}, "participants": {}, "wall": {}, "chair": {}, "chair_waited": {}}  # condition → seconds
        reads: list[dict[str, Any]] = []
        state: dict[str, Any] = {"last": None, "burst": None}

        def account(name: str | None) -> None:
            now = (served.cpu(), people.cpu(), time.perf_counter(),  # type: ignore[union-attr]
                   cpu_seconds(os.getpid()), run_queue_seconds(os.getpid()))
            if state["last"] is not None:
                was, then = state["last"]
                for i, key in enumerate(("serve", "participants", "wall", "chair", "chair_waited")):
                    cpu[key][was] = cpu[key].get(was, 0.0) + now[i] - then[i]
            state["last"] = (name, now) if name else None

        async def before(index: int, name: str | None) -> None:
            if index > 0 and blocks[index - 1][0] == "loaded":  # the load off
                account(None)
                task = state.get("burst_task")
                if task is not None and index - 1 == burst_block:
                    out["burst"] = await task
                reads.append(await people.ask_async({"do": "stop"}))  # type: ignore[union-attr]
            if name == "loaded":
                await people.ask_async({"do": "load"})  # type: ignore[union-attr]
                await asyncio.sleep(REFRESH_S + 0.5)  # every participant has fetched once: the steady load
                await people.ask_async({"do": "read"})  # type: ignore[union-attr]
                if index == burst_block:
                    async def burst_later() -> dict[str, Any]:
                        await asyncio.sleep(rounds * 5 * 0.1)  # in the middle of the block, roughly
                        state["burst_on"] = True
                        try:
                            return await people.ask_async({"do": "burst"})  # type: ignore[union-attr]
                        finally:
                            state["burst_on"] = False
                    state["burst_task"] = asyncio.create_task(burst_later())
            account(name)

        def label(name: str) -> str:
            return "burst" if state.get("burst_on") else name

        out["samples"], _state = asyncio.run(run_phases(meeting.db, meeting.meeting_id, blocks, before, label))
        out["cpu"] = cpu
        out["reads"] = reads
    finally:
        if people is not None:
            people.stop()
        out["serve_stderr"] = served.stop()
    return out


def requests_recorded(db: Path, meeting_id: str, keys: list[str]) -> dict[str, Any]:
    """What the database and the chair's state hold of the burst: per
    participant key the number of its ``FloorRequest`` rows, the pending
    requests ``models.state.load_state`` gives the chair, and duplicated
    ``request_key`` s."""
    from sqlmodel import func, select

    from models.state import load_state
    from models.store import Store
    from models.tables import FloorRequest, Participant

    store = Store(db)
    try:
        with store.read() as s:
            rows = s.exec(select(Participant.key, FloorRequest.request_key)
                          .join(Participant, Participant.id == FloorRequest.participant_id)
                          .where(FloorRequest.meeting_id == meeting_id)).all()
            dupes = s.exec(select(FloorRequest.participant_id, FloorRequest.request_key, func.count())
                           .where(FloorRequest.meeting_id == meeting_id)
                           .group_by(FloorRequest.participant_id, FloorRequest.request_key)
                           .having(func.count() > 1)).all()
        state = load_state(store, meeting_id)
        pending = {r.participant_id for r in state.requests}
        with store.read() as s:
            ids = dict(s.exec(select(Participant.key, Participant.id).where(Participant.meeting_id == meeting_id)).all())
    finally:
        store.dispose()
    per_key: dict[str, int] = {}
    for key, _rk in rows:
        per_key[key] = per_key.get(key, 0) + 1
    return {"per_key": {k: per_key.get(k, 0) for k in keys}, "pending": sum(1 for k in keys if ids[k] in pending),
            "duplicates": len(dupes), "rows": len(rows)}


def _merge(tallies: list[dict[str, Any]]) -> dict[str, Any]:
    """Several readings of :class:`Tally` as one (percentiles of the readings' p50/p95 weighted by count: approximate)."""
    n = sum(t["n"] for t in tallies)
    wall = sum(t["wall_s"] for t in tallies)
    statuses: dict[str, int] = {}
    for t in tallies:
        for k, v in t["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    return {"n": n, "per_s": n / wall if wall else 0.0,
            "p50_ms": sum(t["p50_ms"] * t["n"] for t in tallies) / n if n else float("nan"),
            "p95_ms": max((t["p95_ms"] for t in tallies), default=float("nan")),
            "max_ms": max((t["max_ms"] for t in tallies), default=float("nan")),
            "error_count": sum(t["error_count"] for t in tallies), "statuses": statuses,
            "errors": [e for t in tallies for e in t["errors"]][:10]}


LABELS = {"idle": "participants idle", "loaded": f"{PARTICIPANTS} refreshing every 2 s",
          "burst": f"… during the burst of {BURST} requests"}


def report(r: dict[str, Any], meeting: Meeting, rounds: int, cycles: int) -> str:
    """The figures as Markdown tables."""
    load1 = r["loadavg"][0]
    lines = [f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
             f"load average {load1:.1f} at the start; {len(meeting.links)} participants with a link; "
             f"{cycles} × (idle block, loaded block) of {rounds} rounds of 5 keys, interleaved", ""]
    base = r["samples"].get("idle", [])
    b50, b95 = pct(base, 50) * 1000, pct(base, 95) * 1000
    lines += ["| chair's key → frame | n | p50 ms | p95 ms | max ms | p50 ÷ idle | p95 ÷ idle | "
              "serve CPU (% of a core) | participants' CPU (%) | chair's CPU (%) | chair waited for a CPU (%) |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    cpu = r["cpu"]
    for name in ("idle", "loaded", "burst"):
        ms = [s * 1000 for s in r["samples"].get(name, [])]
        wall = cpu["wall"].get(name)
        shares = (" | ".join(f"{100 * cpu[k][name] / wall:.0f}" for k in ("serve", "participants", "chair", "chair_waited"))
                  if wall else "(in the loaded row) | | | ")
        lines.append(f"| {LABELS[name]} | {len(ms)} | {pct(ms, 50):.1f} | {pct(ms, 95):.1f} | "
                     f"{max(ms, default=float('nan')):.1f} | {pct(ms, 50) / b50:.2f} | {pct(ms, 95) / b95:.2f} | "
                     f"{shares} |")
    loaded = r["samples"].get("loaded", []) + r["samples"].get("burst", [])
    lines.append(f"| refreshing, burst included | {len(loaded)} | {pct(loaded, 50) * 1000:.1f} | "
                 f"{pct(loaded, 95) * 1000:.1f} | {max(loaded, default=0) * 1000:.1f} | "
                 f"{pct(loaded, 50) * 1000 / b50:.2f} | **{pct(loaded, 95) * 1000 / b95:.2f}** | | | | |")
    reads, burst, opened = _merge(r["reads"]), r["burst"], r["opened"]["links"]
    lines += ["", "| server (as the participants saw it) | answers | per s | p50 ms | p95 ms | max ms | errors | statuses |",
              "|---|---:|---:|---:|---:|---:|---:|---|"]
    for label, t in (("open a link (GET /p/?t=…, POST /p/), 20 at a time", opened),
                     ("the page's live part (/p/<id>/status), every 2 s", reads),
                     (f"burst: POST request + the page after ({burst['sent']} sent in 1 s, "
                      f"{len(burst['doubled'])} twice)", burst)):
        lines.append(f"| {label} | {t['n']} | {t['per_s']:.0f} | {t['p50_ms']:.1f} | {t['p95_ms']:.1f} | "
                     f"{t['max_ms']:.1f} | {t['error_count']} | {json.dumps(t['statuses'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="rounds of five chair keys per block")
    parser.add_argument("--cycles", type=int, default=6, help="pairs of blocks (idle, loaded)")
    parser.add_argument("--quick", action="store_true", help="a smaller meeting (400 participants, 300 waiting)")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.client:
        client()
        return 0
    sizes = (dict(participants=400, items=5, interventions=300, notes=300, waiting=300) if args.quick
             else dict(participants=1100, waiting=1000))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        meeting = prepare(Path(tmp) / "reference.db", **sizes)
        print(f"workload built and {len(meeting.links)} links issued in {time.perf_counter() - t0:.1f} s", flush=True)
        r = run(meeting, args.rounds, args.cycles)
        recorded = requests_recorded(meeting.db, meeting.meeting_id, meeting.burst)
    print(report(r, meeting, args.rounds, args.cycles))
    counts = sorted(set(recorded["per_key"].values()))
    print(f"\nburst: {recorded['pending']} of {len(meeting.burst)} pending with the chair; requests per participant "
          f"{counts}; duplicated request keys: {recorded['duplicates']}")
    if r.get("serve_stderr", "").strip():
        print("serve's stderr:\n" + r["serve_stderr"][-2000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
