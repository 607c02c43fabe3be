"""The participants' pages of ``floor serve`` under load, in one run (issue 12).

    .venv/bin/python benchmarks/participant_pages.py            # the reference workload
    .venv/bin/python benchmarks/participant_pages.py --quick    # a 10× smaller meeting

Builds the reference workload (``benchmarks/workload.py``) in a temporary
folder, issues personal links to 300 participants, serves the participants'
pages (``tui.participants`` behind ``tui.serve.build_app``) in a child
process, opens the 300 links (each link's page, then its button), then, from this process (an aiohttp client):

- **idle**: each of the 300 pages fetches its live part (``/p/<id>/status``)
  every 2 s, staggered (150 requests/s), for ``--seconds``;
- **burst**: the same, while 50 participants send a request for the floor
  within one second (``POST /p/<id>/act``, each followed by its page, as a
  browser does).

Prints, per phase, the latency of the live part (median, p95, ms), of the
burst's requests (POST → 303, then the page with the acknowledgement), and the
serving process's CPU (% of one core). The client shares the machine's cores
with the server: the figures are an upper bound of what the server costs.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import workload  # noqa: E402

PARTICIPANTS = 300
BURST = 50


def _serve(db: str, meeting_id: str, port: int) -> None:
    """The child: the served application with the participants' pages, until killed."""
    from aiohttp import web

    from tui.serve import SERVED, Access, build_app, participant_pages

    pages = participant_pages(meeting_id, db)
    app = build_app(meeting_id, db, Access.generate([s.role for s in SERVED]), list(SERVED), "127.0.0.1", port,
                    pages=pages)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[min(len(values) - 1, int(len(values) * 0.95))] * 1000


async def _load(base: str, tokens: list[str], seconds: float, pid: int) -> list[tuple[str, str]]:
    import aiohttp

    rows: list[tuple[str, str]] = []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(),
                                     connector=aiohttp.TCPConnector(limit=200)) as http:
        pages: list[tuple[str, str, str]] = []  # (page, cookie header, page HTML)
        for token in tokens:
            async with http.get(f"{base}/p/?t={token}", allow_redirects=False) as r:
                assert r.status == 200, r.status  # the link's button: a GET uses nothing up
            async with http.post(f"{base}/p/", data={"t": token}, allow_redirects=False) as r:  # the button pressed
                assert r.status == 303, r.status
                page = r.headers["Location"]
                cookie = r.cookies.popitem()[1]
            header = f"{cookie.key}={cookie.value}"
            async with http.get(base + page, headers={"Cookie": header}) as r:
                pages.append((page, header, await r.text()))

        status_times: list[tuple[float, float]] = []  # (when, seconds)
        stop = asyncio.Event()

        async def follow(i: int, page: str, header: str) -> None:
            await asyncio.sleep(2.0 * i / len(pages))
            while not stop.is_set():
                start = time.perf_counter()
                async with http.get(base + page + "status", headers={"Cookie": header}) as r:
                    await r.read()
                    assert r.status == 200, r.status
                status_times.append((start, time.perf_counter() - start))
                await asyncio.sleep(max(0.0, 2.0 - (time.perf_counter() - start)))

        followers = [asyncio.create_task(follow(i, p, h)) for i, (p, h, _) in enumerate(pages)]
        t0 = time.perf_counter()
        cpu0 = _cpu_s(pid)
        await asyncio.sleep(seconds)
        idle_cpu = (_cpu_s(pid) - cpu0) / seconds * 100
        idle = [d for t, d in status_times if t >= t0 + 2.0]  # after the first round

        post_times: list[float] = []
        acknowledged = 0

        async def ask(page: str, header: str, html: str) -> None:
            nonlocal acknowledged
            form = next((f for f in re.findall(r"<form .*?</form>", html, re.S) if "Request the floor on item" in f
                         and 'name="kind" value="statement"' in f), None)
            if form is None:
                return
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
            start = time.perf_counter()
            async with http.post(base + page + "act", data=fields, allow_redirects=False,
                                 headers={"Cookie": header, "Origin": base}) as r:
                assert r.status == 303, r.status
            async with http.get(base + page, headers={"Cookie": header}) as r:
                text = await r.text()
            post_times.append(time.perf_counter() - start)
            if "is with the Chair" in text or "on the list of item" in text:
                acknowledged += 1

        b0 = time.perf_counter()
        cpu1 = _cpu_s(pid)
        asks = []
        for i, (page, header, html) in enumerate(pages[:BURST]):
            asks.append(asyncio.create_task(ask(page, header, html)))
            await asyncio.sleep(1.0 / BURST)
        await asyncio.gather(*asks)
        await asyncio.sleep(max(0.0, 3.0 - (time.perf_counter() - b0)))
        burst_cpu = (_cpu_s(pid) - cpu1) / (time.perf_counter() - b0) * 100
        burst = [d for t, d in status_times if t >= b0]
        stop.set()
        await asyncio.gather(*followers)

    rows.append((f"live part, idle ({len(pages) / 2:.0f} requests/s)", "%.1f / %.1f ms; server CPU %.0f %%" % (*_ms(idle), idle_cpu)))
    rows.append(("live part, during the burst", "%.1f / %.1f ms; server CPU %.0f %%" % (*_ms(burst), burst_cpu)))
    if post_times:
        rows.append((f"{len(post_times)} requests in 1 s: POST → 303 → page",
                     "%.1f / %.1f ms; %d acknowledged" % (*_ms(post_times), acknowledged)))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    from models import procedure as P
    from models.store import Store
    from models.tables import Participant

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ref.db"
        mid = workload.build_reference(db, **(workload.QUICK if args.quick else {}))
        store = Store(db)
        now = workload.reference_now(store, mid)
        with store.read() as s:
            keys = [p.key for p in s.exec(Participant.__table__.select().where(Participant.meeting_id == mid))
                    if p.category not in ("chair", "secretariat")][:PARTICIPANTS]
        tokens = [link.token for link in P.issue_links(store, mid, now, keys=keys).links]
        store.dispose()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        child = multiprocessing.get_context("spawn").Process(target=_serve, args=(str(db), mid, port), daemon=True)
        child.start()
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        try:
            rows = asyncio.run(_load(base, tokens, args.seconds, child.pid))
        finally:
            child.kill()
            child.join()
    print(f"## Participants' pages under load ({len(tokens)} participants"
          f"{', quick workload' if args.quick else ''}; median / p95)\n")
    print("| what | measured |\n| --- | --- |")
    for what, value in rows:
        print(f"| {what} | {value} |")


if __name__ == "__main__":
    main()
