"""The floor-time chart (issue 10, case 8): the ``S`` screen's bars and the
minutes' chart come from the same figures, names in the chart are text, and
the plotting library is loaded only to export."""

from __future__ import annotations

import os
import subprocess
import sys

from models.minutes import build_minutes
from models.statistics import Row, Statistics, bar_cells, compute, floor_chart
from tests.replay import ROOT, run_full_script


def test_the_screens_bars_are_the_charts(store, sample, clock):
    from rich.console import Console

    from tui.screens.statistics import BAR_WIDTH, StatisticsScreen

    run_full_script(store, sample, clock, until="17:47:00")
    rec = build_minutes(store, sample, clock.now())
    stats = compute([sp for it in rec.items for sp in it.speakers], None, rec.meeting.settings.get("categories"))
    chart = floor_chart(stats, "Whole meeting")
    console = Console(width=120, record=True, file=open(os.devnull, "w"))
    console.print(StatisticsScreen.table("Whole meeting", stats))
    lines = console.export_text().splitlines()
    for bar in chart.by_category + chart.by_mode:
        line = next(line for line in lines if line.startswith(f"│   {bar.label} "))
        assert line.count("█") == bar_cells(bar.share, BAR_WIDTH), bar
        assert f"{bar.share * 100:.1f} %" in line
    ngo = next(b for b in chart.by_category if b.key == "ngo")
    assert ngo.seconds == 600 and ngo.share == 600 / stats.total_s  # NGOs had 600 s of the floor


def test_names_in_the_chart_are_text_never_markup_or_mathematics():
    from models.charts import chart_svg

    stats = Statistics(None, [Row("youth $x^2$ <b>&amp;", 1, 0, 60, 1.0)], [Row("in_person", 1, 0, 60, 1.0)], 60)
    svg = chart_svg(floor_chart(stats, "Whole meeting").as_dict())
    assert "Youth $x^2$ &lt;b&gt;&amp;amp;</text>" in svg  # as typed, escaped for XML, no mathematics
    assert "<b>" not in svg and "<metadata>" not in svg and "<?xml" not in svg
    assert chart_svg(floor_chart(stats, "Whole meeting").as_dict()) == svg  # the same bytes every time


def test_matplotlib_is_loaded_only_to_export():
    code = ("import sys\nimport tui.app, models.exports, models.minutes\n"
            "print('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_the_charts_shares_are_the_tables_to_the_last_digit():
    """248 s of 255 is 97.3 % in the statistics table and the alt text: the bar's label says the
    same (the chart's data keeps the share to 4 places, 0.9725, which printed 97.2 %)."""
    from models.charts import chart_svg

    stats = Statistics(None, [Row("group_statement", 3, 0, 248, 248 / 255), Row("state_party", 11, 0, 7, 7 / 255)],
                       [Row("in_person", 14, 0, 255, 1.0)], 255)
    chart = floor_chart(stats, "Whole meeting")
    assert "Group statement 4 min 8 s (97.3 %)" in chart.description()
    svg = chart_svg(chart.as_dict())
    assert "4 min 8 s (97.3 %)" in svg and "97.2 %" not in svg
    assert "7 s (2.7 %)" in svg
