"""UN editorial style for times and dates (DOMAIN.md, "Minutes")."""

from datetime import UTC, datetime, timedelta

import pytest

from models.unstyle import minutes_and_seconds, un_date, un_time, un_time_range

TZ = "Europe/Vienna"  # UTC+02:00 in July


def v(h, m, s=0):
    """A Vienna clock time on 2 July 2026 as UTC."""
    return datetime(2026, 7, 2, h - 2, m, s, tzinfo=UTC)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (v(15, 7), "3.07 p.m."),
        (v(10, 5), "10.05 a.m."),
        (v(12, 0), "noon"),
        (v(18, 0), "6 p.m."),
        (v(13, 0), "1 p.m."),
        (v(16, 58, 10), "4.58 p.m."),  # cut to the minute, not rounded
        (v(16, 58, 59), "4.58 p.m."),
        (datetime(2026, 7, 1, 22, 0, tzinfo=UTC), "midnight"),
        (v(12, 30), "12.30 p.m."),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "12.30 a.m."),
    ],
)
def test_un_time(instant, expected):
    assert un_time(instant, TZ) == expected


def test_time_zone_is_the_meetings_not_utc():
    # 13:07 UTC is 3.07 p.m. in Vienna in summer and 9.07 a.m. in New York.
    assert un_time(datetime(2026, 7, 2, 13, 7, tzinfo=UTC), "America/New_York") == "9.07 a.m."


def test_ranges_share_the_meridiem():
    assert un_time_range(v(15, 7), v(15, 12), TZ) == "3.07–3.12 p.m."
    assert un_time_range(v(11, 40), v(12, 0), TZ) == "11.40 a.m.–noon"
    assert un_time_range(v(11, 40), v(12, 10), TZ) == "11.40 a.m.–12.10 p.m."
    assert un_time_range(v(17, 52), v(18, 0), TZ) == "5.52–6 p.m."


def test_un_date():
    assert un_date(v(15, 0), TZ) == "Thursday, 2 July 2026"
    # 23:30 UTC on 1 July is already 2 July in Vienna
    assert un_date(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), TZ) == "Thursday, 2 July 2026"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(240, "04:00"), (0, "00:00"), (-25, "-00:25"), (-1, "-00:01"), (3599, "59:59"), (3600, "1:00:00"),
     (3900, "1:05:00"), (4325, "1:12:05"), (-3600, "-1:00:00"), (36000 + 61, "10:01:01")],
)
def test_clock_text_is_mm_ss_then_h_mm_ss_from_one_hour(seconds, shown):
    """Issue 9: an hour or more reads "1:05:00", never "65:00"."""
    assert minutes_and_seconds(seconds) == shown


def test_a_fraction_is_rounded_down_like_every_used_time():
    """The rule is applied in models.timing; a stray float is still read the same way."""
    assert minutes_and_seconds(9.8) == "00:09"
    assert minutes_and_seconds(-0.2) == "-00:01"


@pytest.mark.parametrize("zone", ["Europe/Vienna", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
def test_local_times_across_daylight_saving_changes(zone):
    """The cheap conversion (one zone object per name, the standard library's
    arithmetic) gives pendulum's local time at every quarter hour of the days
    the clocks change."""
    import pendulum

    from models.unstyle import iso_local, wall

    for day in (datetime(2026, 3, 8, tzinfo=UTC), datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 10, 4, tzinfo=UTC),
                datetime(2026, 10, 25, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)):
        for quarter in range(-8, 4 * 48):
            instant = day + timedelta(minutes=15 * quarter)
            expected = pendulum.instance(instant).in_timezone(zone)
            got = wall(instant, zone)
            assert (got.date(), got.hour, got.minute, got.utcoffset()) == (
                expected.date(), expected.hour, expected.minute, expected.utcoffset())
            assert iso_local(instant, zone) == expected.replace(microsecond=0).isoformat()


def test_visible_shows_every_control_character_as_a_symbol():
    from models.unstyle import visible

    assert visible("a\x02b\x1b[2J\x7f\x00") == "a␂b␛[2J␡␀"
    assert visible("\x85\x9b31m\ufffe\uffff") == "\ufffd\ufffd31m\ufffd\ufffd"  # C1 and noncharacters: no picture exists
    assert visible("two\tlines\n") == "two␉lines␊" and visible("two\tlines\n", breaks=True) == "two\tlines\n"
    assert visible("Côte d’Ivoire \u200fمصر\u200f") == "Côte d’Ivoire \u200fمصر\u200f"  # names in other scripts kept
    every = "".join(map(chr, range(0x20))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0)))
    assert len(visible(every)) == len(every) and not any(ch in every for ch in visible(every))


@pytest.mark.parametrize(("data", "escaped"), [
    ("- not a list", "\\- not a list"), ("1. not a list", "1\\. not a list"), ("===", "\\==="),
    ("a\n+ b", "a\n\\+ b"), ("10.05 a.m.", "10.05 a.m."), ("-00:25", "-00:25"), ("~~x~~ &amp;", "\\~\\~x\\~\\~ \\&amp;"),
    ("\x1b[2J **b**", "␛\\[2J \\*\\*b\\*\\*"),
])
def test_md_escape_leaves_no_markdown_block_or_inline_syntax(data, escaped):
    from models.unstyle import md_escape

    assert md_escape(data) == escaped
