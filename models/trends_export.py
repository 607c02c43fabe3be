"""Exports of a series' trends (``floor trends``): CSV, Markdown, and the
chart as SVG or PNG — all from one :class:`models.trends.SeriesTrends`.

Names and titles are data: a CSV cell a spreadsheet would read as a formula
gets an apostrophe (``models.exports.spreadsheet_safe``, as the record's
CSV), Markdown cells are escaped (``models.unstyle.md_escape``). Every file
is written atomically (``models.exports.atomic_target``).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from models.categories import label
from models.exports import atomic_target, md_table, spreadsheet_safe, write_atomically
from models.statistics import floor_time_words
from models.store import Store
from models.trends import SeriesTrends, meeting_label, series_trends, trends_chart
from models.unstyle import md_escape

#: Formats of ``floor trends``, with their file suffix.
TREND_FORMATS: dict[str, str] = {"csv": "-trends.csv", "md": "-trends.md", "svg": "-trends.svg", "png": "-trends.png"}

#: The columns of the trends CSV: one row per meeting and category; the
#: meeting's own figures (from ``meeting_floor_s`` on) repeat on each of its rows.
TREND_CSV_COLUMNS = [
    "series", "meeting_number", "meeting", "date", "state", "category", "category_label", "speakers", "not_reached",
    "floor_s", "share_percent", "meeting_floor_s", "meeting_speakers", "meeting_not_reached", "planned_s",
    "scheduled_s", "used_s", "in_person_speakers", "in_person_s", "online_speakers", "online_s", "video_speakers",
    "video_s", "replies", "reply_s",
]


def render_trends_csv(trends: SeriesTrends) -> str:
    """One row per meeting × category of the series (:data:`TREND_CSV_COLUMNS`;
    a category nobody of which was on a meeting's lists has zeros), seconds
    as whole numbers, the share as the statistics print it (one decimal,
    per cent); ``used_s`` empty until the meeting rises."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TREND_CSV_COLUMNS)
    for m in trends.meetings:
        modes = [v for key in ("in_person", "online", "video") for v in (m.mode(key).speakers, m.mode(key).seconds)]
        meeting = [m.total_s, m.speakers, m.not_reached, m.planned_s, _blank(m.scheduled_s), _blank(m.used_s), *modes,
                   m.replies, m.reply_s]
        for key in trends.categories or ("",):
            row = m.category(key)
            writer.writerow([spreadsheet_safe(v) for v in [
                trends.id, _blank(m.number), m.id, m.date, m.state, key, row.label if key else "", row.speakers,
                row.not_reached, row.seconds, f"{row.share * 100:.1f}", *meeting]])
    return out.getvalue()


def trends_tables(trends: SeriesTrends) -> tuple[dict, dict]:
    """The trends as two tables ({``caption``, ``columns``, ``align``, ``rows``}
    of text, as the minutes' tables): each meeting's figures (floor time,
    speakers, not reached, planned, used, in person, online), then floor time
    by category (time and share of the meeting's floor). The Markdown export
    and the published site (``models.publish``) print these."""
    overview = {"caption": "", "columns": ["Meeting", "Id", "Floor time", "Speakers", "Not reached", "Planned", "Used",
                                           "In person", "Online"], "align": "llrrrrrrr", "rows": []}
    by_category = {"caption": "", "columns": ["Meeting", *(label(c) for c in trends.categories)],
                   "align": "l" + "r" * len(trends.categories), "rows": []}
    for m in trends.meetings:
        used = floor_time_words(m.used_s) if m.used_s is not None else "not risen"
        overview["rows"].append([meeting_label(m), m.id, floor_time_words(m.total_s), str(m.speakers), str(m.not_reached),
                                 floor_time_words(m.planned_s), used, _mode(m.mode("in_person")), _mode(m.mode("online"))])
        by_category["rows"].append([meeting_label(m), *(
            f"{floor_time_words(r.seconds)} ({r.share * 100:.1f} %)" for r in map(m.category, trends.categories))])
    return overview, by_category


#: What the trends' figures count, said under their title (Markdown export, published site).
TRENDS_NOTE = ("Floor time counts substantive interventions on the list of speakers (pauses and rights of reply "
               "excluded), as each meeting's statistics (Annex IV of its minutes). Planned: the items' allotted "
               "time; used: from the call to order to the rising, suspensions excluded.")


def render_trends_markdown(trends: SeriesTrends) -> str:
    """The trends as Markdown: the two tables of :func:`trends_tables`."""
    overview, by_category = trends_tables(trends)
    title = f"Trends of the series {trends.id}" + (f": {trends.title}" if trends.title else "")
    parts = [f"# {md_escape(title)}\n", TRENDS_NOTE + "\n", md_table(overview)]
    if trends.categories:
        parts += ["## Floor time by category\n", md_table(by_category)]
    return "\n".join(parts)


def export_trends(store: Store, series_id: str, fmt: str, path: str | Path, now: datetime | None = None) -> Path:
    """Write the trends of series ``series_id`` to ``path`` atomically as
    ``fmt`` (one of :data:`TREND_FORMATS`); returns the path written.

    Raises:
        models.trends.UnknownSeries: no such series. ValueError: unknown format.
        models.charts.ChartError: (svg, png) the chart could not be drawn.
    """
    if fmt not in TREND_FORMATS:
        raise ValueError(f"unknown format '{fmt}'; expected one of: {', '.join(TREND_FORMATS)}")
    trends = series_trends(store, series_id, now)
    if fmt == "csv":
        return write_atomically(path, render_trends_csv(trends), newline="")
    if fmt == "md":
        return write_atomically(path, render_trends_markdown(trends))
    from models.charts import chart_png, chart_svg

    chart = trends_chart(trends)
    if fmt == "svg":
        return write_atomically(path, chart_svg(chart))
    data = chart_png(chart)
    with atomic_target(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


def _mode(row) -> str:
    return f"{row.speakers} ({floor_time_words(row.seconds)})"
