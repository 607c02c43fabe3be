"""The floor-time chart of the minutes, drawn with matplotlib (Agg): SVG for
the HTML minutes, PNG for the Word minutes.

One figure, two panels of horizontal bars: floor time by category, then by
mode, in minutes, each bar labelled with its time and share. The trends of a
series (``models.trends.trends_chart``, ``kind`` "trends") are drawn the same
way: floor time per meeting stacked by category, then time planned against
time used per meeting. The figures are
those of ``models.statistics.floor_chart`` (the statistics annex and the
``S`` screen show the same). matplotlib is imported only in a short child
process (``python -m models.charts``) started when the HTML or Word minutes
are written: never when the app starts, and its memory is given back before
the export builds its largest structures.

Data is never code: labels are drawn as text (``text.parse_math`` off, so a
"$" in a category's name is a dollar sign). The SVG is reproducible: no date,
no creator, fixed ids (``svg.hashsalt``), text as ``<text>`` elements (the
browser's font; selectable, read by screen readers), and it carries
``role="img"``, a ``<title>`` and a ``<desc>`` with the chart in words.
"""

from __future__ import annotations

import io
import re
import textwrap
from typing import Any

#: The chart's colours: UN blue for categories, a grey for modes.
_CATEGORY_COLOUR, _MODE_COLOUR = "#009edb", "#7f7f7f"
#: Width of the chart (inches): the text width of an A4 page with 18 mm margins.
WIDTH_IN = 6.85

_STYLE = {
    "svg.hashsalt": "floor-chart",
    "svg.fonttype": "none",
    "svg.id": None,
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(chart: dict[str, Any]):
    """The figure of ``chart`` (``models.statistics.FloorChart.as_dict``)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    from models.statistics import floor_time_words

    panels = [("By category", chart["by_category"], _CATEGORY_COLOUR), ("By mode", chart["by_mode"], _MODE_COLOUR)]
    panels = [p for p in panels if p[1]]
    rows = sum(len(bars) for _, bars, _ in panels)
    fig = Figure(figsize=(WIDTH_IN, 0.9 + 0.24 * rows + 0.45 * len(panels)), layout="constrained")
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=[max(1, len(b)) for _, b, _ in panels])[:, 0]
    top = max([b["seconds"] for _, bars, _ in panels for b in bars] + [1]) / 60
    for ax, (heading, bars, colour) in zip(axes, panels):
        labels = [b["label"] for b in bars]
        minutes = [b["seconds"] / 60 for b in bars]
        positions = range(len(bars))
        ax.barh(positions, minutes, color=colour, height=0.7)
        ax.set_yticks(list(positions), labels=labels)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.3)
        ax.set_title(heading, loc="left", fontsize=8, fontweight="bold")
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        for y, b in zip(positions, bars):
            # The share from the seconds, as the statistics table prints it: ``share`` in the
            # chart's data is rounded to 4 places, and 0.9725 would print 97.2 % beside 97.3 %.
            share = b["seconds"] / chart["total_s"] if chart["total_s"] else 0.0
            ax.annotate(f"{floor_time_words(b['seconds'])} ({share * 100:.1f} %)", (b["seconds"] / 60, y),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    axes[-1].set_xlabel("Minutes of floor time (list of speakers, pauses and rights of reply excluded)")
    fig.suptitle(chart["title"], x=0.0, ha="left", fontsize=9, fontweight="bold")
    return fig


#: Colours of the categories in the trends chart, in the series' order of categories (then again).
_STACK_COLOURS = ("#009edb", "#f0a200", "#4d9e45", "#a05195", "#d45087", "#665191", "#7f7f7f", "#bcbd22",
                  "#17becf", "#8c564b", "#e377c2", "#2f4b7c")
_PLANNED_COLOUR, _USED_COLOUR = "#bbbbbb", "#1f4e79"


def _trends_figure(chart: dict[str, Any]):
    """The figure of a series' trends (``models.trends.trends_chart``): floor
    time per meeting stacked by category, then time planned against time used
    per meeting (grouped bars), in minutes."""
    from matplotlib.figure import Figure

    meetings = chart["meetings"]
    fig = Figure(figsize=(WIDTH_IN, 5.6), layout="constrained")
    floor_ax, time_ax = fig.subplots(2, 1, squeeze=True)
    positions = list(range(len(meetings)))
    labels = [m["label"] for m in meetings]
    bottom = [0.0] * len(meetings)
    for i, cat in enumerate(chart["categories"]):
        minutes = [m["by_category"].get(cat["key"], 0) / 60 for m in meetings]
        floor_ax.bar(positions, minutes, bottom=bottom, color=_STACK_COLOURS[i % len(_STACK_COLOURS)],
                     label=cat["label"], width=0.6)
        bottom = [b + x for b, x in zip(bottom, minutes)]
    floor_ax.set_title("Floor time by category (list of speakers, pauses and rights of reply excluded)",
                       loc="left", fontsize=8, fontweight="bold")
    width = 0.38
    planned = [m["planned_s"] / 60 for m in meetings]
    used = [(m["used_s"] or 0) / 60 for m in meetings]
    time_ax.bar([p - width / 2 for p in positions], planned, width=width, color=_PLANNED_COLOUR, label="Planned")
    time_ax.bar([p + width / 2 for p in positions], used, width=width, color=_USED_COLOUR, label="Used")
    time_ax.set_title("Time planned (items' allotted time) and used (call to order to rising, suspensions excluded)",
                      loc="left", fontsize=8, fontweight="bold")
    for ax in (floor_ax, time_ax):
        ax.set_xticks(positions, labels=labels)
        ax.set_ylabel("Minutes")
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.suptitle(textwrap.fill(chart["title"], 80), x=0.0, ha="left", fontsize=9, fontweight="bold")
    return fig


def chart_svg(chart: dict[str, Any]) -> str:
    """The chart as an inline SVG element (no XML declaration or doctype), with
    ``role="img"``, ``aria-labelledby`` its ``<title>`` (the chart's title)
    and ``<desc>`` (the chart in words). Same data → same bytes. Drawn in a
    child process (:func:`_in_child`).

    Raises:
        ChartError: the chart could not be drawn (its reason).
    """
    from markupsafe import escape

    svg = _in_child(chart, "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = svg.replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif")
    open_tag = svg[: svg.index(">") + 1]
    labelled = (open_tag[:-1] + ' role="img" aria-labelledby="floor-chart-title floor-chart-desc">'
                f'\n<title id="floor-chart-title">{escape(chart["title"])}</title>'
                f'\n<desc id="floor-chart-desc">{escape(chart["description"])}</desc>')
    return labelled + svg[len(open_tag):].rstrip() + "\n"


def chart_png(chart: dict[str, Any]) -> bytes:
    """The chart as a PNG image, 200 dots per inch, no timestamp or software
    in its metadata. Drawn in a child process (:func:`_in_child`).

    Raises:
        ChartError: the chart could not be drawn (its reason).
    """
    return _in_child(chart, "png")


class ChartError(RuntimeError):
    """The floor-time chart could not be drawn (matplotlib missing or failing)."""


def _in_child(chart: dict[str, Any], fmt: str) -> bytes:
    """The chart drawn by ``python -m models.charts FMT`` (the chart as JSON
    on its standard input, the file on its standard output). matplotlib and
    numpy take about 50 MiB that a process never gives back: drawn in a
    process of its own, they are gone before the export builds its largest
    structures (a week's Word minutes stay under 200 MB; benchmarks/exports.py)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)  # this copy of Floor, installed or not
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p),
           "MPLBACKEND": "Agg"}
    try:
        done = subprocess.run([sys.executable, "-m", "models.charts", fmt], input=json.dumps(chart).encode("utf-8"),
                              capture_output=True, env=env, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChartError(f"the floor-time chart could not be drawn: {exc}") from exc
    if done.returncode != 0 or not done.stdout:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise ChartError(f"the floor-time chart could not be drawn: {last}")
    return done.stdout


def draw(chart: dict[str, Any], fmt: str) -> bytes:
    """The chart drawn here, in this process, as "svg" (UTF-8, as matplotlib
    writes it) or "png" (200 dpi)."""
    import matplotlib

    with matplotlib.rc_context(_STYLE):
        fig = _trends_figure(chart) if chart.get("kind") == "trends" else _figure(chart)
        out = io.BytesIO()
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        else:
            fig.savefig(out, format="png", dpi=200, metadata={"Software": None})
    return out.getvalue()


if __name__ == "__main__":  # python -m models.charts svg|png < chart.json > chart.svg|png
    import json
    import sys

    sys.stdout.buffer.write(draw(json.load(sys.stdin), sys.argv[1]))
