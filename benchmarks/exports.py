"""Every export of the reference workload of issue 7: wall time and peak memory.

    .venv/bin/python benchmarks/exports.py            # the reference workload (about a minute)
    .venv/bin/python benchmarks/exports.py --quick    # a 10× smaller one (seconds)

Builds the reference workload (``benchmarks/workload.py``: 1,000 participants,
30 items, 10,000 interventions, 50,000 lines of notes, 1,000 waiting) in a
temporary folder, then writes each export (``models.exports.export``: md,
html, txt, csv, json, docx, summary) in a fresh Python process of its own and
prints, per format, the wall time of the ``export()`` call and the peak
resident memory of that process (``ru_maxrss``: interpreter and imports
included; the first line shows that baseline alone). The workload is built in
a process of its own too: this one stays small, so that no child inherits a
larger high-water mark from it (Linux keeps ``ru_maxrss`` across fork and exec). Targets (issue 7):
Markdown, CSV, JSON < 3 s, Word < 10 s, chair's summary < 3 s, memory < 200 MB.

About 1 % of the workload's notes name a delegation in a tagged line, so the
chair's summary is refused on it, as it would be until the rapporteur
rephrases: the time to the refusal is shown, and the summary is timed again
on a copy whose notes were rephrased (``workload.unname_notes``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FORMATS = ["md", "html", "txt", "csv", "json", "docx", "summary"]
TARGET_S = {"md": 3, "csv": 3, "json": 3, "docx": 10, "summary": 3}
TARGET_MIB = 200 * 10**6 / 2**20  # 200 MB

#: Builds the workload (and a copy without named notes): prints {"meeting_id", "now", "rephrased"} as JSON.
PREPARE = r"""
import json, shutil, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
try:
    from benchmarks import workload
except ImportError:
    sys.exit(3)
from models.store import Store
db, variant, quick = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
meeting_id = workload.build_reference(db, **(getattr(workload, "QUICK", {}) if quick else {}))
store = Store(db)
now = workload.reference_now(store, meeting_id).isoformat()
store.dispose()
shutil.copy(db, variant)
rephrased = workload.unname_notes(variant, meeting_id)
print(json.dumps({"meeting_id": meeting_id, "now": now, "rephrased": rephrased}))
"""
MISSING = ("benchmarks/workload.py is missing: it builds the reference workload of issue 7 "
           "(build_reference, reference_now, unname_notes). Merge the branch that adds it, then run this again.")

#: One export in this process: prints {"export_s", "peak_mib", "status", "bytes"} as JSON.
CHILD = r"""
import json, resource, sys, time
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from models.exports import export
from models.store import Store
from models.summary import SummaryRefused
db, meeting_id, fmt, out, now = sys.argv[2:7]
store = Store(db)
status, start = "written", time.perf_counter()
if fmt != "none":
    try:
        export(store, meeting_id, fmt, out, datetime.fromisoformat(now))
    except SummaryRefused as exc:
        status = f"refused: {len(exc.flags)} tagged notes name participants"
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
size = Path(out).stat().st_size if Path(out).exists() else 0
print(json.dumps({"export_s": took, "peak_mib": peak, "status": status, "bytes": size}))
"""


def run(db: Path, meeting_id: str, fmt: str, out: Path, now: str) -> dict:
    """One export in a fresh process; its report."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(db), meeting_id, fmt, str(out), now],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"export {fmt} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 10× smaller workload")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated (default: {','.join(FORMATS)})")
    parser.add_argument("--keep", type=Path, help="write the workload and the exports into this folder and keep them")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("benchmarks.workload") is None:
        print(MISSING, file=sys.stderr)
        return 2
    formats = [f for f in args.formats.split(",") if f]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="floor-exports-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        db, variant = folder / "reference.db", folder / "reference-unnamed.db"
        if db.exists() or variant.exists():
            raise SystemExit(f"{folder} holds a workload already: choose an empty folder")
        print(f"building the reference workload{' (quick)' if args.quick else ''} in {folder} …", flush=True)
        built = subprocess.run([sys.executable, "-c", PREPARE, str(ROOT), str(db), str(variant), "1" if args.quick else "0"],
                               capture_output=True, text=True, cwd=ROOT)
        if built.returncode == 3:
            print(MISSING, file=sys.stderr)
            return 2
        if built.returncode != 0:
            raise SystemExit(f"building the workload failed:\n{built.stderr[-3000:]}")
        facts = json.loads(built.stdout.strip().splitlines()[-1])
        meeting_id, now = facts["meeting_id"], facts["now"]
        print(f"{platform.python_implementation()} {platform.python_version()} · {platform.machine()} · "
              f"meeting {meeting_id} at {now}")
        print(f"{'format':<28} {'wall (s)':>9} {'peak RSS (MiB)':>15} {'size (KiB)':>11}  target")
        base = run(db, meeting_id, "none", folder / "none", now)
        print(f"{'(imports and store only)':<28} {'—':>9} {base['peak_mib']:>15.0f} {'—':>11}")
        suffixes = {"md": ".md", "html": ".html", "txt": ".txt", "csv": ".csv", "json": ".json", "docx": ".docx",
                    "summary": "-summary.md"}
        for fmt in formats:
            report = run(db, meeting_id, fmt, folder / f"minutes{suffixes[fmt]}", now)
            _line(fmt, report)
            if fmt == "summary" and report["status"].startswith("refused"):
                _line(f"summary ({facts['rephrased']} notes rephrased)",
                      run(variant, meeting_id, fmt, folder / "minutes-unnamed-summary.md", now), "summary")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _line(name: str, report: dict, fmt: str | None = None) -> None:
    fmt = fmt or name
    seconds, mib = report["export_s"], report["peak_mib"]
    target = []
    if fmt in TARGET_S:
        target.append(f"< {TARGET_S[fmt]} s {'ok' if seconds < TARGET_S[fmt] else 'MISSED'}")
    target.append(f"< 200 MB {'ok' if mib < TARGET_MIB else 'MISSED'}")
    if report["status"] != "written":
        target = [report["status"]]
    print(f"{name:<28} {seconds:>9.2f} {mib:>15.0f} {report['bytes'] / 1024:>11.0f}  {', '.join(target)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
