"""Text as the record prints it, shared by the minutes, the exports, the chair's
summary and the screens; this module imports no other module of Floor.

- Dates and times in United Nations editorial style. UN records write clock
  times as "10.05 a.m.", "noon", "1 p.m." and dates as "Friday, 8 May 2026",
  always in the meeting's own time zone (UN Editorial Manual, "Time of day").
  Minutes cut clock times to the minute (16:58:10 is "4.58 p.m."). The zone
  is built once per name and an instant converted by the standard library, so
  the 10,000 interventions of a week cost no more than the clock arithmetic.
- Durations: "04:00" on the chair's clock ("1:05:00" from one hour on),
  "4 minutes (240 s)" in the minutes.
- Data shown as text (:func:`visible`): control characters become visible
  symbols, the one mapping every screen and export uses; names refused at the
  door when they hold one (:func:`name_problem`).
- Data made safe for Markdown (:func:`md_escape`): names and notes print
  literally, never as markup.
- Tags in the rapporteur's notes ("#recommendation"): :data:`TAG` and
  :func:`tags_in` find them (``models.sentences`` reads them as labels).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache

import pendulum

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


# --------------------------------------------------------------------------- time zones and instants


@lru_cache(maxsize=64)
def zone(timezone: str) -> tzinfo:
    """The time zone named ``timezone`` (IANA), built once per name.

    Raises:
        pendulum's error for an unknown name (as ``pendulum.timezone``).
    """
    return pendulum.timezone(timezone)


def wall(instant: datetime, timezone: str) -> datetime:
    """``instant`` (aware, any zone; naive is read as UTC) as a standard-library
    datetime in ``timezone``: the cheap conversion every formatter here uses."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone(timezone))


class MeetingZone(str):
    """An IANA zone name (a ``str``) that also says whether clock times must
    carry their UTC offset: ``show_offset`` is True when the meeting's night
    contains a change of offset (the end of summer time), where "2.50 a.m."
    alone would be read twice. :func:`un_time` and :func:`un_time_range`
    then print "2.50 a.m. (UTC+2)"."""

    show_offset: bool

    def __new__(cls, name: str, show_offset: bool = False) -> MeetingZone:
        made = str.__new__(cls, name)
        made.show_offset = show_offset
        return made


def offset_changes(timezone: str, start: datetime, end: datetime) -> bool:
    """True if ``timezone``'s UTC offset at ``end`` differs from that at ``start`` (both aware)."""
    return wall(start, timezone).utcoffset() != wall(end, timezone).utcoffset()


def utc_offset(t: datetime) -> str:
    """The UTC offset of a local time as the minutes print it: "UTC+2", "UTC+5:30", "UTC-3", "UTC"."""
    total = int(t.utcoffset().total_seconds() // 60)
    if total == 0:
        return "UTC"
    sign, total = ("+", total) if total > 0 else ("-", -total)
    hours, minutes = divmod(total, 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def with_offset(text: str, t: datetime, timezone: str) -> str:
    """``text`` (a clock time of the local time ``t``) followed by " (UTC+2)"
    when ``timezone`` is a :class:`MeetingZone` that shows offsets."""
    return f"{text} ({utc_offset(t)})" if getattr(timezone, "show_offset", False) else text


def local(instant: datetime, timezone: str) -> pendulum.DateTime:
    """Return ``instant`` (aware, any zone) as a pendulum time in ``timezone``."""
    return pendulum.instance(instant).in_timezone(zone(timezone))


def iso_local(instant: datetime | None, timezone: str) -> str:
    """``instant`` as ISO 8601 to the second with the zone's UTC offset
    ("2026-07-02T16:43:40+02:00"); "" for None."""
    if instant is None:
        return ""
    return wall(instant, timezone).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------- UN style


def _meridiem(hour: int) -> str:
    return "a.m." if hour < 12 else "p.m."


def _clock_digits(hour: int, minute: int) -> str:
    h12 = hour % 12 or 12
    return f"{h12}" if minute == 0 else f"{h12}.{minute:02d}"


def _clock(hour: int, minute: int) -> str:
    if minute == 0 and hour == 12:
        return "noon"
    if minute == 0 and hour == 0:
        return "midnight"
    return f"{_clock_digits(hour, minute)} {_meridiem(hour)}"


def un_time(instant: datetime, timezone: str) -> str:
    """Format an instant as UN-style clock time in ``timezone``.

    Examples: "3.07 p.m.", "10.05 a.m.", "6 p.m.", "noon", "midnight";
    "2.50 a.m. (UTC+2)" when ``timezone`` is a :class:`MeetingZone` whose
    night changes offset. Seconds are cut, not rounded.
    """
    t = wall(instant, timezone)
    return with_offset(un_clock(t), t, timezone)


def full_stop(text: str) -> str:
    """``text`` ended by one full stop: "… at 3.07 p.m." takes no second one."""
    return text if text.endswith(".") else text + "."


def un_clock(t: datetime) -> str:
    """:func:`un_time` of a time already local (from :func:`wall`)."""
    return _clock(t.hour, t.minute)


def un_time_range(start: datetime, end: datetime | None, timezone: str) -> str:
    """Format a span as "3.07–3.12 p.m." (one meridiem when both share it).

    Falls back to "11.40 a.m.–noon" or "3.07 p.m.–…" (no end yet).
    """
    a = wall(start, timezone)
    first = _clock(a.hour, a.minute)
    if end is None:
        return f"{with_offset(first, a, timezone)}–…"
    b = wall(end, timezone)
    second = _clock(b.hour, b.minute)
    if getattr(timezone, "show_offset", False):  # a night with a clock change: each end with its offset
        return f"{with_offset(first, a, timezone)}–{with_offset(second, b, timezone)}"
    special = {"noon", "midnight"}
    if (
        first not in special
        and second not in special
        and _meridiem(a.hour) == _meridiem(b.hour)
        and a.date() == b.date()
    ):
        return f"{_clock_digits(a.hour, a.minute)}–{second}"
    return f"{first}–{second}"


def un_date(instant: datetime, timezone: str) -> str:
    """Format the local date of ``instant`` as "Thursday, 2 July 2026"."""
    return un_day(wall(instant, timezone).date())


def un_day(day: date) -> str:
    """Format a calendar date as "Thursday, 2 July 2026"."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year:04d}"


def day_and_month(day: date) -> str:
    """Format a calendar date as "2 July" (a time on another day than the meeting's)."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


# --------------------------------------------------------------------------- durations


def minutes_and_seconds(seconds: int) -> str:
    """Format whole seconds as a clock for the chair's eye: "04:00", "-00:25",
    "59:59", then "h:mm:ss" from one hour on ("1:05:00", "-1:00:00").

    The figure is shown as given: rounding is ``models.timing``'s one rule
    (used rounded down, left = limit − used), applied before this is called.
    A float is rounded down to whole seconds as a safeguard. Negative
    durations (overrun) get a leading minus.
    """
    whole = math.floor(seconds)
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def duration_words(seconds: int) -> str:
    """Format whole seconds as "4 minutes (240 s)" style words for minutes text."""
    if seconds % 60 == 0:
        m = seconds // 60
        return f"{m} minute{'s' if m != 1 else ''} ({seconds} s)"
    return f"{seconds} s"


def minutes_words(seconds: int) -> str:
    """Format whole seconds as "92 min" or "4 min 5 s" (the programme's times)."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"


# --------------------------------------------------------------------------- data shown as text

#: Characters never written raw to a terminal or a file: C0 controls, DEL, C1
#: controls, the noncharacters U+FFFE and U+FFFF (not allowed in XML, so not
#: in Word or HTML files either) and lone surrogates (no encoding can write them).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_BUT_BREAKS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _symbol(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: U+0002 → ␂, ESC → ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls (no picture exists) and U+FFFE/U+FFFF: the replacement character �


_SYMBOLS = {chr(code): _symbol(chr(code)) for code in (*range(0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF)}


def _replace(match: re.Match[str]) -> str:
    return _SYMBOLS.get(match.group(), "\ufffd")  # a lone surrogate: the replacement character


def visible(text: str, breaks: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol, so data
    (a name, a note pasted from a PDF) never moves a terminal's cursor, never
    clears its screen and never breaks a Word or HTML file.

    C0 controls become their Control Pictures (U+0002 → U+2402 "␂", ESC →
    "␛", NUL → "␀"), DEL becomes "␡"; C1 controls (U+0080–U+009F, which some
    terminals read as ESC sequences), the noncharacters U+FFFE/U+FFFF and
    lone surrogates become U+FFFD "�". Other format characters (RTL marks, zero-width joiners)
    are kept: they belong to names written in other scripts. Every character
    maps to one character, so positions in the text do not move.

    Args:
        breaks: keep TAB and line feed as they are (notes: several lines);
            by default they become "␉" and "␊" too (a name is one line).
    """
    pattern = _CONTROL_BUT_BREAKS if breaks else _CONTROL
    return pattern.sub(_replace, text) if pattern.search(text) else text


def has_controls(text: str) -> bool:
    """Whether :func:`visible` would change ``text`` (with ``breaks=False``):
    one look for a caller that checks many strings joined into one."""
    return _CONTROL.search(text) is not None


#: Characters refused in a name or title (delegation, speaker, on behalf of, a
#: title, a subject): the controls of :func:`visible` (TAB and line feed
#: included), the line and paragraph separators, and the bidirectional
#: embeddings, overrides and isolates, which reorder the text shown after them.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {0x09: "TAB", 0x0A: "line feed", 0x0D: "carriage return", 0x1B: "ESC", 0x00: "NUL", 0x7F: "DEL"}


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name or title, or None if it can: it holds a
    control character (see :data:`_NOT_IN_NAMES`). The reason names the first
    one and its place ("holds the control character U+001B (ESC) at character 3")."""
    found = _NOT_IN_NAMES.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = f" ({_CONTROL_NAMES[code]})" if code in _CONTROL_NAMES else ""
    return f"holds the control character U+{code:04X}{name} at character {found.start() + 1}; type names as plain text"


# --------------------------------------------------------------------------- data in Markdown

_MD_SPECIAL = "\\`*_[]<>|#~&"
_MD_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _MD_SPECIAL})
_MD_ANY = re.compile("[" + re.escape(_MD_SPECIAL) + "]")
#: What starts a block at the beginning of a line: a list item ("- ", "+ ",
#: "1. ", "2) "), a setext underline or thematic break ("===", "---").
_MD_LEADS = frozenset("-+=0123456789")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d{1,9})([.)]))(?=\s|$|[-=])", re.MULTILINE)


def md_escape(text: str) -> str:
    """``text`` as Markdown that prints literally: control characters visible
    (:func:`visible`, line feeds and tabs kept), Markdown and HTML syntax
    escaped with backslashes (``**``, ``[``, ``|``, ``<script>``, ``&amp;``,
    ``# `` and list markers at the start of a line)."""
    text = visible(text, breaks=True)
    if _MD_ANY.search(text):
        text = text.translate(_MD_ESCAPES)
    if text.lstrip()[:1] in _MD_LEADS or "\n" in text:  # most data starts with a letter: no block to fear
        return _MD_LINE_START.sub(_md_line_start, text)
    return text


def _md_line_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


# --------------------------------------------------------------------------- tags in notes

#: A tag typed in a note: "#" then a letter, then letters, digits, "_" or "-"; not after a
#: letter, "&" or "#" (so "C#", "&#39;" and "100#1" are no tags). Group 1: the word.
TAG = re.compile(r"(?<![\w&#])#([^\W\d_][\w-]*)", re.UNICODE)


def tags_in(text: str) -> list[str]:
    """Tags typed inline in ``text``, lower-cased, in order, without repeats ("#Marking" → "marking").
    What a tag labels and how a note prints with its tags: ``models.sentences``."""
    return list(dict.fromkeys(t.lower() for t in TAG.findall(text)))


def spoken_duration(seconds: int) -> str:
    """Whole seconds as a chair announces a time limit: "3 min", "2 min 45 s",
    "45 s", "1 h 5 min". Negative values get a leading minus."""
    whole = math.floor(seconds)
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return sign + " ".join(parts)
