"""Trends of a series and programmes planned from evidence (issue 13, points 4 and 5).

A series of three meetings made from the minimal agenda and held on a known
timetable (the clock injected): every intervention's length, every gap
between speakers, a suspension and a point of order are known, so the
trends and the documented estimate of a fourth agenda are computed here by
hand and compared exactly."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from models.agenda import load_agenda
from models.minutes import build_minutes
from models.plan import nearest_rank, plan_programme
from models.statistics import compute
from models.trends import UnknownSeries, series_trends, trends_chart
from models.trends_export import render_trends_csv, render_trends_markdown
from tests.replay import MINIMAL_AGENDA
from tests.series_meetings import add_meeting, hold, speeches
from tui.cli import main

NOW = datetime(2028, 1, 1, tzinfo=UTC)

#: Meeting 1: a suspension of 600 s between Côte d'Ivoire and Mexico; the NGO speaks.
M1 = [(0, "call_to_order", {}), (0, "give_floor", {}), (200, "end_intervention", {}),  # Chair 200 s
      (300, "go_to_item", {}), *speeches(320, [240, 150], 20),  # group 240, Côte d'Ivoire 150
      (740, "suspend", {}), (1340, "resume", {}),
      *speeches(1360, [170, 100], 20),  # Mexico 170 (online), NGO 100
      (1700, "go_to_item", {}), (1710, "give_floor", {}), (1800, "end_intervention", {}),  # Chair 90
      (1820, "rise", {})]
#: Meeting 2: a point of order heard for 40 s during Côte d'Ivoire's statement (its time paused).
M2 = [(0, "call_to_order", {}), (0, "give_floor", {}), (180, "end_intervention", {}),  # Chair 180
      (200, "go_to_item", {}), *speeches(230, [300], 0),  # group 300
      (560, "give_floor", {}), (620, "raise_point_of_order", {"participant_key": "ST-MEX", "subject": "interpretation"}),
      (660, "rule_on_point_of_order", {"ruling": "The Chair restored the interpretation."}),
      (780, "end_intervention", {}),  # Côte d'Ivoire 220 − 40 = 180
      *speeches(810, [160, 120], 30),  # Mexico 160, NGO 120
      (1200, "go_to_item", {}), (1200, "give_floor", {}), (1260, "end_intervention", {}),  # Chair 60
      (1300, "rise", {})]
#: Meeting 3: the item ends before the NGO is reached.
M3 = [(0, "call_to_order", {}), (0, "give_floor", {}), (240, "end_intervention", {}),  # Chair 240
      (250, "go_to_item", {}), *speeches(260, [260, 140, 180], 10),  # group 260, Côte d'Ivoire 140, Mexico 180
      (900, "go_to_item", {}), (900, "give_floor", {}), (1020, "end_intervention", {}),  # Chair 120
      (1030, "rise", {})]
HELD = {
    "CD-FIREARMS-01": ("2025-06-02", 1, M1),
    "CD-FIREARMS-02": ("2026-06-01", 2, M2),
    "CD-FIREARMS-03": ("2027-06-07", 3, M3),
}


@pytest.fixture
def series(store):
    """The three meetings of CD-FIREARMS, held and risen."""
    for mid, (day, number, script) in HELD.items():
        add_meeting(store, mid, day, number)
        hold(store, mid, datetime.fromisoformat(f"{day}T08:00:00+00:00"), script)
    return store


def _db(store) -> str:
    return store.url if store.engine.dialect.name != "sqlite" else str(store.engine.url.database)


@pytest.mark.both_engines
def test_the_trends_are_each_meetings_own_statistics(series):
    trends = series_trends(series, "CD-FIREARMS", NOW)
    assert [m.id for m in trends.meetings] == list(HELD)
    assert trends.categories == ("chair", "group_statement", "state_party", "ngo")
    rows = list(csv.DictReader(io.StringIO(render_trends_csv(trends))))
    assert len(rows) == 3 * 4  # meeting × category
    for mid in HELD:
        rec = build_minutes(series, mid, NOW)
        stats = compute([sp for it in rec.items for sp in it.speakers], None, rec.meeting.settings.get("categories"))
        mine = {r["category"]: r for r in rows if r["meeting"] == mid}
        for row in stats.by_category:  # the same figures as Annex IV of the meeting's minutes
            got = mine[row.key]
            assert (int(got["speakers"]), int(got["not_reached"]), int(got["floor_s"]), got["share_percent"]) == (
                row.spoke, row.not_reached, row.seconds, f"{row.share * 100:.1f}")
        modes = {r.key: r for r in stats.by_mode}
        one = next(iter(mine.values()))
        assert int(one["meeting_floor_s"]) == stats.total_s
        assert (int(one["online_speakers"]), int(one["online_s"])) == (modes["online"].spoke, modes["online"].seconds)
        assert int(one["in_person_s"]) == modes["in_person"].seconds
    by_meeting = {r["meeting"]: r for r in rows}
    # planned: 5 + 45 + 10 minutes; used: call to order to rising, the suspension of 600 s excluded
    assert [(int(by_meeting[m]["planned_s"]), by_meeting[m]["used_s"]) for m in HELD] == [
        (3600, "1220"), (3600, "1300"), (3600, "1030")]
    assert [int(by_meeting[m]["meeting_not_reached"]) for m in HELD] == [0, 0, 1]  # the NGO, in the third
    assert [int(by_meeting[m]["online_s"]) for m in HELD] == [170, 160, 180]  # Mexico, online
    ngo = {r["meeting"]: int(r["floor_s"]) for r in rows if r["category"] == "ngo"}
    assert ngo == {"CD-FIREARMS-01": 100, "CD-FIREARMS-02": 120, "CD-FIREARMS-03": 0}


def test_the_markdown_prints_a_title_literally_and_each_meetings_figures(series):
    from models.tables import Series

    with series.transaction() as s:
        s.get(Series, "CD-FIREARMS").title = "=HYPERLINK(\"x\") | **bold**"
    trends = series_trends(series, "CD-FIREARMS", NOW)
    md = render_trends_markdown(trends)
    assert "\\*\\*bold\\*\\*" in md and "\\|" in md
    assert "| No. 3 (2027-06-07) | CD-FIREARMS-03 | 15 min 40 s | 5 | 1 | 60 min | 17 min 10 s |" in md


def test_the_trends_chart_is_an_svg_with_its_title_and_alt_text(series, tmp_path):
    out = tmp_path / "trends.svg"
    assert main(["--db", _db(series), "trends", "CD-FIREARMS", "--format", "svg", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    chart = trends_chart(series_trends(series, "CD-FIREARMS", NOW))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=\"floor-chart-title\">Constructive dialogues on firearms: floor time by category" in svg
    assert "No. 1 (2025-06-02): Chair 4 min 50 s; Group statement 4 min; State party 5 min 20 s; NGO 1 min 40 s; " \
           "planned 60 min, used 20 min 20 s." in chart["description"]
    assert "No. 1 (2025-06-02)" in svg  # the meetings on the axis, as text


def test_floor_trends_writes_csv_and_markdown(series, tmp_path, capsys):
    assert main(["--db", _db(series), "trends", "CD-FIREARMS", "-o", str(tmp_path)]) == 0
    written = tmp_path / "CD-FIREARMS-trends.csv"
    assert written.read_text(encoding="utf-8").startswith("series,meeting_number,meeting,")
    assert main(["--db", _db(series), "trends", "CD-FIREARMS", "--format", "md", "-o", str(tmp_path / "t.md")]) == 0
    assert "## Floor time by category" in (tmp_path / "t.md").read_text(encoding="utf-8")


@pytest.mark.both_engines
def test_an_unknown_series_is_refused_with_the_known_ones(series, tmp_path, capsys):
    with pytest.raises(UnknownSeries, match="no series 'CD-NONE'.*CD-FIREARMS"):
        series_trends(series, "CD-NONE", NOW)
    assert main(["--db", _db(series), "trends", "CD-NONE", "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "floor: no series 'CD-NONE' in this database (series: CD-FIREARMS; see floor series)" in err
    assert "Traceback" not in err and not (tmp_path / "x.csv").exists()


def test_nearest_rank_percentiles():
    assert [nearest_rank([40, 10, 30, 20], p) for p in (25, 50, 75, 100)] == [10, 20, 30, 40]
    assert nearest_rank([7], 25) == 7 and nearest_rank([], 50) is None


def _fourth_agenda(tmp_path: Path) -> Path:
    """The fourth meeting's agenda: item 2 allotted 13 minutes (its four
    speakers inscribed), and an item 3 "Other matters" of 10 minutes with
    nobody inscribed; the closing becomes item 4."""
    data = yaml.safe_load(MINIMAL_AGENDA.read_text(encoding="utf-8"))
    data["meeting"].update(id="CD-FIREARMS-04", series={"id": "CD-FIREARMS"}, series_number=4)
    items = data["items"]
    items[1]["allotted_min"] = 13
    items[2]["number"] = 4
    items.insert(2, {"number": 3, "title": "Other matters", "allotted_min": 10})
    path = tmp_path / "fourth.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.both_engines
def test_the_plan_of_a_fourth_agenda_is_the_documented_estimate(series, tmp_path):
    plan = plan_programme(series, load_agenda(_fourth_agenda(tmp_path)), now=NOW)
    assert plan.meetings == tuple(HELD)
    # lengths by category (s), nearest-rank P25 / P50 / P75:
    # chair [60, 90, 120, 180, 200, 240] → 90 / 120 / 200; group [240, 260, 300] → 240 / 260 / 300;
    # state [140, 150, 160, 170, 180, 180] → 150 / 160 / 180; NGO [100, 120] → 100 / 100 / 120
    ev = {c: (e.low_s, e.median_s, e.high_s, e.interventions, e.speakers_per_item) for c, e in plan.categories.items()}
    assert ev == {"chair": (90, 120, 200, 6, 1), "group_statement": (240, 260, 300, 3, 1),
                  "state_party": (150, 160, 180, 6, 2), "ngo": (100, 100, 120, 2, 1)}
    # gaps on an item [10, 10, 20, 20, 30, 30, 30] (the one across the suspension left out) → 20;
    # one point of order, heard 40 s, in 17 interventions
    assert (plan.changeover_s, plan.points, plan.interventions, plan.point_s) == (20, 1, 17, 40)
    items = {i.number: i for i in plan.items}
    # item 1: the Chair inscribed: 120 [90–200], no change-over, ⌊1 × 1 × 40 / 17⌋ = 2 s of points of order
    one = items["1"]
    assert (one.estimate_s, one.low_s, one.high_s, one.points_s, one.verdict) == (122, 92, 202, 2, "fits")
    # item 2: group, 2 States, NGO inscribed: 260 + 2 × 160 + 100 = 680, + 3 × 20 + ⌊4 × 40 / 17⌋ = 9 → 749
    # [640 + 69 = 709 – 780 + 69 = 849] against 780 s: at risk; with every timed speaker capped at L:
    # 120 + 2 × 180 + min(300, L) ≤ 780 − 60 − 9 → L ≤ 231 → 225 (15 s steps); or ⌈69 / 60⌉ = 2 more minutes
    two = items["2"]
    assert two.inscribed and two.speakers == {"group_statement": 1, "state_party": 2, "ngo": 1}
    assert (two.estimate_s, two.low_s, two.high_s, two.changeovers_s, two.points_s) == (749, 709, 849, 60, 9)
    assert (two.verdict, two.at_risk, two.limit_s, two.extra_min) == ("at risk", True, 225, 2)
    # item 3: nobody inscribed: the series' medians per item: Chair 1, group 1, States 2, NGO 1 (N = 5);
    # 120 + 260 + 320 + 100 = 800, + 4 × 20 + ⌊5 × 40 / 17⌋ = 11 → 891 [821–1071] against 600 s: does not fit;
    # the Chair (untimed) 200 s; 4 timed speakers in 600 − 80 − 11 − 200 = 309 s → 77 → 75 s; or ⌈471 / 60⌉ = 8 minutes
    three = items["3"]
    assert not three.inscribed and three.speakers == {"chair": 1, "group_statement": 1, "state_party": 2, "ngo": 1}
    assert (three.estimate_s, three.low_s, three.high_s, three.changeovers_s, three.points_s) == (891, 821, 1071, 80, 11)
    assert (three.verdict, three.limit_s, three.extra_min) == ("does not fit", 75, 8)
    assert items["4"].verdict == "fits"
    assert [i.number for i in plan.at_risk] == ["2", "3"]


def test_floor_plan_prints_each_item_and_check_adds_the_verdict(series, tmp_path, capsys):
    agenda = _fourth_agenda(tmp_path)
    assert main(["--db", _db(series), "plan", str(agenda)]) == 0
    out = capsys.readouterr().out
    assert "Plan of CD-FIREARMS-04 from 3 meeting(s) of series CD-FIREARMS" in out
    line = next(x for x in out.splitlines() if x.startswith("2 "))
    assert "12 min 29 s [11 min 49 s–14 min 9 s]" in line and "13 min" in line and "at risk" in line
    assert "cap every timed speaker at 3 min 45 s, or allot 2 more minutes" in line
    assert "does not fit" in out and "cap every timed speaker at 1 min 15 s, or allot 8 more minutes" in out

    before = Path(_db(series)).read_bytes()
    assert main(["--db", _db(series), "check", str(agenda)]) == 0
    out = capsys.readouterr().out
    assert "OK — meeting CD-FIREARMS-04" in out
    assert "Plan (from 3 meeting(s) of CD-FIREARMS): item 2 at risk" in out
    assert "Plan (from 3 meeting(s) of CD-FIREARMS): the programme needs" in out and "2 item(s) at risk" in out
    assert Path(_db(series)).read_bytes() == before  # check wrote nothing


def test_without_history_plan_says_so_and_check_says_nothing(store, tmp_path, capsys):
    agenda = _fourth_agenda(tmp_path)
    add_meeting(store, "CD-FIREARMS-01", "2025-06-02", 1)  # in the series, never held
    assert main(["--db", _db(store), "plan", str(agenda)]) == 0
    assert "No history for series CD-FIREARMS: no meeting of it has risen" in capsys.readouterr().out
    assert main(["--db", _db(store), "plan", str(agenda), "--series", "CD-OTHER"]) == 2  # a typo is not "no history"
    captured = capsys.readouterr()
    assert "floor: no series 'CD-OTHER' in this database (series: CD-FIREARMS; see floor series)" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err
    assert main(["--db", _db(store), "check", str(agenda)]) == 0
    assert "Plan" not in capsys.readouterr().out
    missing = tmp_path / "none.db"
    assert main(["--db", str(missing), "check", str(agenda)]) == 0
    assert "Plan" not in capsys.readouterr().out and not missing.exists()
