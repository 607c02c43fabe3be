"""Agenda files: Floor's YAML format, its validation and its import.

The format is documented in README.md ("The agenda format") and, line by
line, in ``agendas/minimal.yaml``. :func:`load_agenda` reads and checks a
file and reports every mistake at once as ``file:line:column: what is wrong,
what was expected``; :func:`import_agenda` writes a checked agenda into the
store in one transaction.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pendulum
import yaml
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from models.categories import (
    ABSENCE_RULES,
    CATEGORIES,
    LIST_ORDERS,
    MODALITIES,
    MODES,
    PARTICIPATION_ELIGIBLE,
    PARTICIPATION_STATUSES,
)
from models.tables import (
    POSITION_STEP,
    AgendaItem,
    Intervention,
    LogEntry,
    Meeting,
    Participant,
    Series,
)
from models.unstyle import name_problem, visible

FORMAT_VERSION = 1
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
#: Largest whole number an agenda may give (a count, a version); seconds and
#: minutes have their own bounds below. Larger ones fit no database column.
MAX_NUMBER = 1_000_000
#: Longest time an agenda may give: a week (a limit, an item, a contingent).
MAX_SECONDS = 7 * 24 * 3600
#: Values (nodes) the whole file may hold once its aliases are expanded: a
#: real agenda holds a few thousand; "billion laughs" aliases are refused.
MAX_NODES = 200_000
#: Problems reported at most (then "…and more"): a broken file is told, not recited.
MAX_PROBLEMS = 200
#: Tags an agenda may use: the plain YAML values. Any other (``!!python/object``,
#: ``!custom``) is refused, never constructed.
_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")}


@dataclass(frozen=True)
class Problem:
    """One mistake in an agenda file, with its 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """``file:line:column: message``, on one line, control characters
        shown as symbols (a message may quote a value from the file)."""
        message = self.message if len(self.message) <= 400 else self.message[:399] + "…"
        return visible(f"{self.path}:{self.line}:{self.column}: {message}")


class AgendaError(Exception):
    """An agenda file that cannot be used; ``problems`` lists every mistake."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class MeetingExistsError(Exception):
    """The database already holds a meeting with this id."""


@dataclass
class ParticipantSpec:
    """A participant as written in the agenda."""

    key: str
    delegation: str
    category: str
    speaker: str = ""
    on_behalf_of: str = ""
    org_type: str = ""
    mode: str = "in_person"
    role: str = ""  # the speaker's function ("Minister of Justice"), printed in the minutes
    note: str = ""  # the secretariat's note, shown when inscribing
    aliases: list[str] = field(default_factory=list)  # other names the chair may type ("Turkey", "TUR")
    article: str | None = None  # before the delegation in running text: "the", "" (none), None (models.articles)
    contact_email: str = ""  # where ``floor links`` sends its personal link: private, never exported
    participation_status: str = "approved"  # its accreditation (``models.categories.PARTICIPATION_STATUSES``)
    participation_on: str | None = None  # the date of that decision (ISO), or None
    participation_basis: str = ""  # its stated basis: a reference or a reason


@dataclass
class InscriptionSpec:
    """A speaker inscribed in advance: participant key, UTC inscription time or None."""

    participant: str
    inscribed_at: datetime | None
    index: int  # order in the file


@dataclass
class ItemSpec:
    """An agenda item: number, title, allotted seconds, advance inscriptions."""

    number: str
    title: str
    allotted_s: int
    speakers: list[InscriptionSpec] = field(default_factory=list)
    contingents_s: dict[str, int] = field(default_factory=dict)
    inscription_deadline: datetime | None = None  # UTC: participants' requests after it go to the chair
    auto_accept: bool = False  # the chair accepts late requests on this item automatically


@dataclass
class Agenda:
    """A checked agenda, ready to import.

    ``settings`` keys: ``limits_s`` (category → seconds or None for untimed),
    ``warning_s``, ``grace_s``, ``precedence`` (list of categories),
    ``list_order`` ("precedence" | "request"), ``on_absent`` and
    ``on_not_connected`` (one of ``ABSENCE_RULES``), ``changeover_s``,
    ``categories`` (all categories the meeting knows). ``meeting["document"]``
    (``symbol``, ``distribution``, ``original``, ``language``; see
    :func:`_check_document`) is stored by :func:`import_agenda` as
    ``Meeting.settings["document"]``.
    """

    path: str
    sha256: str
    meeting: dict[str, Any]
    settings: dict[str, Any]
    participants: list[ParticipantSpec]
    items: list[ItemSpec]


# --------------------------------------------------------------------------- reading


class _Checker:
    """Walks the composed YAML node tree, collecting problems with positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.untold = 0  # problems beyond MAX_PROBLEMS, counted, not kept
        self._constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node | yaml.Mark | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.untold += 1
            return
        mark = node.start_mark if isinstance(node, yaml.Node) else node
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.path, line, col, message))

    def error(self) -> AgendaError:
        """The problems found, first line first (and how many more were not listed)."""
        problems = sorted(self.problems, key=lambda p: (p.line, p.column))
        if self.untold:
            last = problems[-1]
            problems.append(Problem(self.path, last.line, last.column, f"…and {self.untold} more problem(s) not listed"))
        return AgendaError(problems)

    def tree(self, root: yaml.Node) -> None:
        """Check the whole node tree before reading any value: only plain YAML
        tags (no ``!!python/object``: nothing is ever constructed from a tag),
        no alias that contains itself, and at most :data:`MAX_NODES` values
        once the aliases are expanded ("billion laughs" is refused in time
        linear in the file's size)."""
        sizes: dict[int, int] = {}
        open_nodes: set[int] = set()
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            key = id(node)
            if done:
                open_nodes.discard(key)
                children = _children(node)
                sizes[key] = min(1 + sum(sizes.get(id(c), 1) for c in children), MAX_NODES + 1)
                continue
            if key in sizes:
                continue
            if key in open_nodes:
                self.problem(node, "an alias refers to the list or mapping that contains it; write the value out")
                sizes[key] = MAX_NODES + 1
                continue
            if node.tag not in _TAGS:
                self.problem(node, f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed; "
                                   "agendas use plain YAML text, numbers, lists and mappings")
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
        if sizes.get(id(root), 0) > MAX_NODES and not self.problems:
            self.problem(root, f"the file's aliases expand to more than {MAX_NODES} values; write the agenda without "
                               "repeating anchors (*name) inside each other")

    def value(self, node: yaml.Node) -> Any:
        """The Python value of a node; an impossible date or number stays its raw text
        (the field's own check then says what was expected)."""
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            return node.value if isinstance(node, yaml.ScalarNode) else None

    def mapping(
        self, node: yaml.Node, where: str, allowed: tuple[str, ...], required: tuple[str, ...] = (),
        raw_keys: bool = False,
    ) -> dict[str, yaml.Node] | None:
        """Return key → value node, reporting non-mappings, duplicates, unknown and missing keys.
        ``raw_keys``: keys as written (YAML 1.1 reads a bare ``on`` as true)."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} must be a mapping of fields, found {self._kind(node)}")
            return None
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, f"{where}: a field name must be text, found {self._kind(key_node)}")
                continue
            key = key_node.value if raw_keys else str(self.value(key_node))
            if key in out:
                self.problem(key_node, f"{where}: field '{key}' is given twice; give it once")
                continue
            if key not in allowed:
                self.problem(
                    key_node,
                    f"{where}: unknown field '{key}'; expected one of: {', '.join(allowed)}",
                )
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(node, f"{where}: missing field '{key}'")
        return out

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where} must be a list, found {self._kind(node)}")
            return []
        return list(node.value)

    def text(self, node: yaml.Node | None, where: str, required: bool = False) -> str:
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{where} must be text, found {self._kind(node)}")
            return ""
        value = self.value(node)
        if value is None:
            if required:
                self.problem(node, f"{where} must not be empty")
            return ""
        if not isinstance(value, str | int | float | date):
            self.problem(node, f"{where} must be text, found {self._kind(node)}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(node, f"{where} must not be empty")
        why = name_problem(text)
        if why:
            self.problem(node, f"{where} {why}")
            return ""
        return text

    def integer(
        self, node: yaml.Node, where: str, minimum: int | None = None, allow_null: bool = False
    ) -> int | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else node
        if value is None and allow_null:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            expected = "a whole number of seconds" if where.endswith("_s") else "a whole number"
            if allow_null:
                expected += " or null (untimed)"
            found = repr(value) if isinstance(node, yaml.ScalarNode) else self._kind(node)
            self.problem(node, f"{where} must be {expected}, found {found}")
            return None
        if minimum is not None and value < minimum:
            self.problem(node, f"{where} must be at least {minimum}, found {value}")
            return None
        maximum = MAX_SECONDS if where.endswith("_s") or "_s." in where else MAX_NUMBER
        if value > maximum:
            self.problem(node, f"{where} must be at most {maximum}" + (" (a week)" if maximum == MAX_SECONDS else "")
                         + f", found {value if value < 10**30 else 'a number of ' + str(len(str(value))) + ' digits'}")
            return None
        return value

    def choice(self, node: yaml.Node | None, where: str, choices: tuple[str, ...], default: str) -> str:
        if node is None:
            return default
        value = self.text(node, where)
        if value not in choices:
            self.problem(node, f"{where}: '{value}' is not known; expected one of: {', '.join(choices)}")
            return default
        return value

    @staticmethod
    def _kind(node: yaml.Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        return f"'{node.value[:60]}…'" if len(node.value) > 60 else f"'{node.value}'"


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _read_text(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AgendaError([Problem(shown, 1, 1, f"cannot read the file: {exc.strerror}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise AgendaError(
            [
                Problem(
                    shown,
                    line,
                    column,
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the agenda as UTF-8",
                )
            ]
        ) from exc
    return text.removeprefix("\ufeff")


def _compose(text: str, shown: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at a character offset
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise AgendaError([Problem(shown, line, column, f"the character U+{code:04X} is not allowed in an agenda; "
                                                        "remove it (agendas are plain text)")]) from exc
    except RecursionError as exc:
        raise AgendaError([Problem(shown, 1, 1, "the file nests lists or mappings too deeply")]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        at_mark = _char_at(text, mark) if mark else ""
        if at_mark == "\t" or "\t" in problem or "\\t" in repr(problem) or " tab " in f" {problem} ":
            message = "a tab character breaks the YAML indentation; indent with spaces"
        else:
            message = f"not valid YAML: {problem}" + (f" ({exc.context})" if exc.context else "")
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise AgendaError([Problem(shown, line, col, message)]) from exc
    except yaml.YAMLError as exc:  # any other YAML error: still a located one
        raise AgendaError([Problem(shown, 1, 1, f"not valid YAML: {exc}")]) from exc
    if node is None:
        raise AgendaError([Problem(shown, 1, 1, "the file is empty; expected an agenda mapping")])
    return node


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.split("\n")
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def load_agenda(path: str | Path) -> Agenda:
    """Read and check an agenda file.

    Args:
        path: the YAML file.

    Returns:
        The checked :class:`Agenda`; inscription times converted to UTC.

    Raises:
        AgendaError: with every problem found (``file:line:column: message``).
    """
    path = Path(path)
    shown = str(path)
    text = _read_text(path, shown)
    root = _compose(text, shown)
    c = _Checker(shown)
    c.tree(root)
    if c.problems:
        raise c.error()
    top = c.mapping(
        root,
        "agenda",
        (
            "floor_agenda",
            "meeting",
            "time_limits",
            "categories",
            "precedence",
            "rules",
            "topics",
            "summary",
            "requests",
            "participants",
            "items",
        ),
        ("floor_agenda", "meeting", "time_limits", "participants", "items"),
    )
    if top is None:
        raise c.error()

    if "floor_agenda" in top:
        version = c.integer(top["floor_agenda"], "floor_agenda")
        if version is not None and version != FORMAT_VERSION:
            c.problem(top["floor_agenda"], f"floor_agenda: format version {version} is not known; expected {FORMAT_VERSION}")

    # categories
    categories = list(CATEGORIES)
    if "categories" in top:
        for node in c.sequence(top["categories"], "categories"):
            name = c.text(node, "categories entry", required=True)
            if name and not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                c.problem(node, f"categories: '{name}' must be lower_case_with_underscores")
            elif name in categories:
                c.problem(node, f"categories: '{name}' is already a category")
            elif name:
                categories.append(name)
    cat_tuple = tuple(categories)

    meeting = _check_meeting(c, top.get("meeting"))
    tz = meeting.get("timezone")
    settings = _check_settings(c, top, cat_tuple)
    settings["requests"] = _check_requests(c, top.get("requests"), tz)
    participants = _check_participants(c, top.get("participants"), cat_tuple, settings)
    barred = {p.key: p.participation_status for p in participants if p.participation_status not in PARTICIPATION_ELIGIBLE}
    items = _check_items(c, top.get("items"), {p.key for p in participants}, tz, cat_tuple, barred)

    if c.problems:
        raise c.error()
    return Agenda(
        path=str(path.resolve()),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        meeting=meeting,
        settings=settings,
        participants=participants,
        items=items,
    )


def _check_person(c: _Checker, node: yaml.Node, where: str, extra: str) -> dict[str, str]:
    fields = c.mapping(node, where, ("name", extra), ("name",))
    if fields is None:
        return {}
    return {
        "name": c.text(fields.get("name"), f"{where}.name", required=True),
        extra: c.text(fields.get(extra), f"{where}.{extra}"),
    }


def _check_meeting(c: _Checker, node: yaml.Node | None) -> dict[str, Any]:
    if node is None:
        return {}
    f = c.mapping(
        node,
        "meeting",
        (
            "id",
            "title",
            "body",
            "mandate",
            "number",
            "date",
            "scheduled_start",
            "scheduled_end",
            "timezone",
            "place",
            "modality",
            "chair",
            "secretariat",
            "rapporteur",
            "document",
            "series",
            "series_number",
            "record",
        ),
        ("id", "title", "date", "scheduled_start", "scheduled_end", "timezone"),
    )
    if f is None:
        return {}
    out: dict[str, Any] = {}
    if "id" in f:
        mid = c.text(f["id"], "meeting.id", required=True)
        if mid and not _ID.match(mid):
            c.problem(f["id"], f"meeting.id '{mid}' may hold only letters, digits, '.', '_' and '-'")
        out["id"] = mid
    out["title"] = c.text(f.get("title"), "meeting.title", required="title" in f)
    for key in ("body", "mandate", "place"):
        out[key] = c.text(f.get(key), f"meeting.{key}")
    out["number"] = c.text(f.get("number"), "meeting.number")
    out["modality"] = c.choice(f.get("modality"), "meeting.modality", MODALITIES, "in_person")

    tz_name = None
    if "timezone" in f:
        tz_name = c.text(f["timezone"], "meeting.timezone", required=True)
        try:
            pendulum.timezone(tz_name)
        except Exception:
            c.problem(f["timezone"], f"meeting.timezone: '{tz_name}' is not an IANA time zone; expected e.g. Europe/Vienna")
            tz_name = None
    out["timezone"] = tz_name

    day: date | None = None
    if "date" in f:
        raw = c.value(f["date"]) if isinstance(f["date"], yaml.ScalarNode) else None
        try:
            if isinstance(raw, datetime) or isinstance(raw, bool):  # a time of day, or "true", is no date
                raise ValueError(raw)
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            c.problem(f["date"], f"meeting.date: '{raw}' is not a date; expected YYYY-MM-DD")
    out["date"] = day

    times: dict[str, tuple[int, int]] = {}
    for key in ("scheduled_start", "scheduled_end"):
        if key in f:
            raw = c.value(f[key]) if isinstance(f[key], yaml.ScalarNode) else None
            if isinstance(raw, bool):  # "true" is no time (it would read as 00:01)
                raw = f[key].value
            elif isinstance(raw, int) and 0 <= raw < 24 * 60:  # YAML 1.1 reads 15:00 as a base-60 number
                raw = f"{raw // 60:02d}:{raw % 60:02d}"
            m = _HHMM.match(str(raw))
            if not m:
                shown = f[key].value if isinstance(f[key], yaml.ScalarNode) else c._kind(f[key])
                c.problem(f[key], f"meeting.{key}: '{shown}' is not a time; expected HH:MM (24-hour, local)")
            else:
                times[key] = (int(m.group(1)), int(m.group(2)))
    if len(times) == 2 and times["scheduled_end"] <= times["scheduled_start"]:
        c.problem(f["scheduled_end"], "meeting.scheduled_end must be later than scheduled_start")
    for key, (h, m) in times.items():
        try:
            out[key] = (
                _plain_utc(pendulum.datetime(day.year, day.month, day.day, h, m, tz=tz_name))
                if day and tz_name
                else None
            )
        except (ValueError, OverflowError, OSError):
            c.problem(f[key], f"meeting.{key}: {day} {h:02d}:{m:02d} cannot be placed in {tz_name}; check meeting.date")
            out[key] = None

    out["chair"] = _check_person(c, f["chair"], "meeting.chair", "delegation") if "chair" in f else {}
    out["rapporteur"] = _check_person(c, f["rapporteur"], "meeting.rapporteur", "unit") if "rapporteur" in f else {}
    out["secretariat"] = []
    if "secretariat" in f:
        for i, s in enumerate(c.sequence(f["secretariat"], "meeting.secretariat")):
            person = _check_person(c, s, f"meeting.secretariat[{i + 1}]", "unit")
            if person:
                out["secretariat"].append(person)
    if "document" in f:
        out["document"] = _check_document(c, f["document"])
    out["record"] = c.choice(f.get("record"), "meeting.record", RECORDS, "non_attributed")
    if "series" in f:
        s = c.mapping(f["series"], "meeting.series", ("id", "title"), ("id",))
        if s is not None:
            sid = c.text(s.get("id"), "meeting.series.id", required=True)
            if sid and not _ID.match(sid):
                c.problem(s["id"], f"meeting.series.id '{sid}' may hold only letters, digits, '.', '_' and '-'")
            out["series"] = {"id": sid, "title": c.text(s.get("title"), "meeting.series.title")}
    if "series_number" in f:
        if "series" not in f:
            c.problem(f["series_number"], "meeting.series_number needs meeting.series (the series it numbers)")
        out["series_number"] = c.integer(f["series_number"], "meeting.series_number", minimum=1)
    return out


#: How the record of a meeting names speakers in search results: informal dialogues are non-attributed.
RECORDS = ("non_attributed", "attributed")


#: How a UN document is distributed ("Distr.: General").
DISTRIBUTIONS = ("General", "Limited", "Restricted")
#: The official languages of the United Nations, by language tag: the default "Original:" of a document.
LANGUAGE_NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"}
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _check_document(c: _Checker, node: yaml.Node) -> dict[str, str]:
    """``meeting.document``: what the head of a UN document shows — its
    ``symbol`` ("CTOC/COP/WG.7/2026/CRP.1"), ``distribution`` (one of
    :data:`DISTRIBUTIONS`, default General), ``original`` (the language it was
    written in, default the name of ``language``) and ``language`` (a BCP 47
    tag, default "en"; the Word and HTML files say it)."""
    f = c.mapping(node, "meeting.document", ("symbol", "distribution", "original", "language"))
    if f is None:
        return {}
    out = {"symbol": c.text(f.get("symbol"), "meeting.document.symbol"),
           "distribution": c.choice(f.get("distribution"), "meeting.document.distribution", DISTRIBUTIONS, "General")}
    language = c.text(f.get("language"), "meeting.document.language") or "en"
    if not _LANGUAGE_TAG.match(language):
        c.problem(f["language"], f"meeting.document.language: '{language}' is not a language tag; expected e.g. en, fr, es")
        language = "en"
    out["language"] = language
    original = c.text(f.get("original"), "meeting.document.original")
    if not original:
        original = LANGUAGE_NAMES.get(language.split("-")[0].lower(), "")
        if not original and "original" not in f:
            c.problem(node, f"meeting.document: give 'original' (the language written in, e.g. German) for language '{language}'")
    out["original"] = original
    return out


def _check_settings(c: _Checker, top: dict[str, yaml.Node], categories: tuple[str, ...]) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "limits_s": {},
        "warning_s": 30,
        "grace_s": 15,
        "precedence": [],
        "list_order": "precedence",
        "on_absent": "end_of_category",
        "on_not_connected": "one_place",
        "changeover_s": 0,
        "point_of_order_by": [],
        "right_of_reply": {"first_s": 180, "second_s": 120, "max_per_delegation": 2, "scope": "item",
                           "heard_at": "item_end"},
        "topics": [],
        "summary": {"some": 2, "several": 4, "many": 7},
        "categories": list(categories),
        "_declared": set(),
    }
    if "time_limits" in top:
        tl = c.mapping(
            top["time_limits"], "time_limits", ("warning_s", "grace_s", "per_category_s", "right_of_reply"),
            ("per_category_s",),
        )
        if tl and "right_of_reply" in tl:
            ror = c.mapping(
                tl["right_of_reply"], "time_limits.right_of_reply", ("first_s", "second_s", "max_per_delegation", "scope", "by",
                                                                           "heard_at")
            )
            for node in c.sequence(ror["by"], "time_limits.right_of_reply.by") if ror and "by" in ror else []:
                cat = c.text(node, "time_limits.right_of_reply.by entry", required=True)
                if cat and cat not in categories:
                    c.problem(node, f"time_limits.right_of_reply.by: unknown category '{cat}'; expected one of: {', '.join(categories)}")
                elif cat:
                    settings["right_of_reply"].setdefault("by", []).append(cat)
            for key in ("first_s", "second_s", "max_per_delegation"):
                if ror and key in ror:
                    value = c.integer(ror[key], f"time_limits.right_of_reply.{key}", minimum=0 if key == "max_per_delegation" else 1)
                    if value is not None:
                        settings["right_of_reply"][key] = value
            if ror:
                settings["right_of_reply"]["scope"] = c.choice(
                    ror.get("scope"), "time_limits.right_of_reply.scope", ("item", "meeting"), "item"
                )
                settings["right_of_reply"]["heard_at"] = c.choice(
                    ror.get("heard_at"), "time_limits.right_of_reply.heard_at", ("item_end", "meeting_end"), "item_end"
                )
        if tl:
            for key in ("warning_s", "grace_s"):
                if key in tl:
                    value = c.integer(tl[key], f"time_limits.{key}", minimum=0)
                    if value is not None:
                        settings[key] = value
            if "per_category_s" in tl:
                pcs = c.mapping(tl["per_category_s"], "time_limits.per_category_s", categories)
                for cat, vnode in (pcs or {}).items():
                    value = c.integer(vnode, f"time_limits.per_category_s.{cat}", minimum=1, allow_null=True)
                    settings["_declared"].add(cat)  # given, even if wrongly: no second complaint
                    if value is not None or (isinstance(vnode, yaml.ScalarNode) and c.value(vnode) is None):
                        settings["limits_s"][cat] = value
    if "precedence" in top:
        seen: set[str] = set()
        for node in c.sequence(top["precedence"], "precedence"):
            cat = c.text(node, "precedence entry", required=True)
            if cat and cat not in categories:
                c.problem(node, f"precedence: unknown category '{cat}'; expected one of: {', '.join(categories)}")
            elif cat in seen:
                c.problem(node, f"precedence: category '{cat}' is listed twice")
            elif cat:
                seen.add(cat)
                settings["precedence"].append(cat)
    if "topics" in top:
        for node in c.sequence(top["topics"], "topics"):
            tag = c.text(node, "topics entry", required=True).lstrip("#").lower()
            if tag and not re.fullmatch(r"[^\W\d_][\w-]*", tag):
                c.problem(node, f"topics: '{tag}' cannot be a tag; use letters, digits, '-' or '_' (e.g. record-keeping)")
            elif tag:
                settings["topics"].append(tag)
    if "summary" in top:
        summ = c.mapping(top["summary"], "summary", ("some", "several", "many", "ignore"))
        for key, vnode in (summ or {}).items():
            if key == "ignore":  # words never taken for a participant's name in the summary check
                settings["summary"]["ignore"] = _check_text_list(c, vnode, "summary.ignore")
                continue
            value = c.integer(vnode, f"summary.{key}", minimum=1)
            if value is not None:
                settings["summary"][key] = value
        t = settings["summary"]
        if summ and not t["some"] < t["several"] < t["many"]:
            c.problem(top["summary"], "summary: the thresholds must grow: some < several < many")
    if "rules" in top:
        rules = c.mapping(
            top["rules"], "rules", ("list_order", "on_absent", "on_not_connected", "changeover_s", "point_of_order_by")
        )
        if rules and "point_of_order_by" in rules:
            for node in c.sequence(rules["point_of_order_by"], "rules.point_of_order_by"):
                cat = c.text(node, "rules.point_of_order_by entry", required=True)
                if cat and cat not in categories:
                    c.problem(node, f"rules.point_of_order_by: unknown category '{cat}'; expected one of: {', '.join(categories)}")
                elif cat:
                    settings["point_of_order_by"].append(cat)
        if rules:
            settings["list_order"] = c.choice(rules.get("list_order"), "rules.list_order", LIST_ORDERS, "precedence")
            settings["on_absent"] = c.choice(rules.get("on_absent"), "rules.on_absent", ABSENCE_RULES, "end_of_category")
            settings["on_not_connected"] = c.choice(
                rules.get("on_not_connected"), "rules.on_not_connected", ABSENCE_RULES, "one_place"
            )
            if "changeover_s" in rules:
                value = c.integer(rules["changeover_s"], "rules.changeover_s", minimum=0)
                if value is not None:
                    settings["changeover_s"] = value
    return settings


def _check_participants(
    c: _Checker, node: yaml.Node | None, categories: tuple[str, ...], settings: dict[str, Any]
) -> list[ParticipantSpec]:
    if node is None:
        return []
    out: list[ParticipantSpec] = []
    first_seen: dict[str, int] = {}
    for i, pnode in enumerate(c.sequence(node, "participants")):
        where = f"participants[{i + 1}]"
        f = c.mapping(
            pnode,
            where,
            ("id", "delegation", "category", "speaker", "on_behalf_of", "org_type", "mode", "role", "note", "aliases",
             "article", "contact_email", "participation"),
            ("id", "delegation", "category"),
        )
        if f is None:
            continue
        key = c.text(f.get("id"), f"{where}.id", required="id" in f)
        if key and not _ID.match(key):
            c.problem(f["id"], f"{where}.id '{key}' may hold only letters, digits, '.', '_' and '-'")
        if key in first_seen:
            c.problem(f["id"], f"{where}.id: duplicate participant id '{key}' (first used on line {first_seen[key]})")
            continue
        if key:
            first_seen[key] = f["id"].start_mark.line + 1
        category = ""
        if "category" in f:
            category = c.text(f["category"], f"{where}.category", required=True)
            if category and category not in categories:
                c.problem(
                    f["category"],
                    f"{where}.category: unknown category '{category}'; expected one of: {', '.join(categories)}",
                )
                category = ""
            elif category and category not in settings["_declared"]:
                c.problem(
                    f["category"],
                    f"{where}.category '{category}' has no time limit; add it to time_limits.per_category_s "
                    "(seconds, or null for untimed)",
                )
        spec = ParticipantSpec(
            key=key,
            delegation=c.text(f.get("delegation"), f"{where}.delegation", required="delegation" in f),
            category=category,
            speaker=c.text(f.get("speaker"), f"{where}.speaker"),
            on_behalf_of=c.text(f.get("on_behalf_of"), f"{where}.on_behalf_of"),
            org_type=c.text(f.get("org_type"), f"{where}.org_type"),
            mode=c.choice(f.get("mode"), f"{where}.mode", MODES, "in_person"),
            role=c.text(f.get("role"), f"{where}.role"),
            note=c.text(f.get("note"), f"{where}.note"),
            aliases=_check_text_list(c, f.get("aliases"), f"{where}.aliases"),
            article=_check_article(c, f.get("article"), f"{where}.article"),
            contact_email=_check_email(c, f.get("contact_email"), f"{where}.contact_email"),
        )
        if "participation" in f:
            spec.participation_status, spec.participation_on, spec.participation_basis = _check_participation(
                c, f["participation"], f"{where}.participation")
        if key:
            out.append(spec)
    return out


def _check_participation(c: _Checker, node: yaml.Node, where: str) -> tuple[str, str | None, str]:
    """A participant's accreditation: ``{status: not_invited, on: 2026-05-02, basis: "…"}`` (``on`` and
    ``basis`` optional; ``status`` one of ``PARTICIPATION_STATUSES``) → (status, ISO date or None, basis)."""
    f = c.mapping(node, where, ("status", "on", "basis"), ("status",), raw_keys=True)
    if f is None or "status" not in f:
        return "approved", None, ""
    status = c.choice(f["status"], f"{where}.status", PARTICIPATION_STATUSES, "approved")
    on = None
    if "on" in f:
        raw = c.value(f["on"]) if isinstance(f["on"], yaml.ScalarNode) else None
        if isinstance(raw, date) and not isinstance(raw, datetime):
            on = raw.isoformat()
        else:
            try:
                on = date.fromisoformat(str(raw)).isoformat() if isinstance(raw, str) else None
            except ValueError:
                on = None
            if on is None:
                shown = f["on"].value if isinstance(f["on"], yaml.ScalarNode) else c._kind(f["on"])
                c.problem(f["on"], f"{where}.on must be a date like 2026-05-02, found {shown!r}")
    return status, on, c.text(f.get("basis"), f"{where}.basis")


def _check_article(c: _Checker, node: yaml.Node | None, where: str) -> str | None:
    """The article before a delegation's name in running text: "the", or
    "none" / "" for none; absent: None, the default of ``models/articles.json``."""
    if node is None:
        return None
    text = c.text(node, where)
    if text.lower() in ("none", ""):
        return ""
    if text.lower() == "the":
        return "the"
    c.problem(node, f"{where}: '{text}' is not an article; expected the or none "
                    "(leave it out for the default: \"the European Union\", \"Ghana\")")
    return None


def _check_text_list(c: _Checker, node: yaml.Node | None, where: str) -> list[str]:
    """A list of texts — a participant's other names (``aliases``), the words the
    chair's summary check leaves alone (``summary.ignore``, see ``models.names``):
    one text is taken as a list of one; blanks and repeats (ignoring case) are refused."""
    if node is None:
        return []
    nodes = [node] if isinstance(node, yaml.ScalarNode) else c.sequence(node, where)
    out: list[str] = []
    seen: set[str] = set()
    for j, item in enumerate(nodes):
        text = c.text(item, f"{where}[{j + 1}]", required=True)
        if text and text.casefold() in seen:
            c.problem(item, f"{where}[{j + 1}]: '{text}' is given twice")
        elif text:
            seen.add(text.casefold())
            out.append(text)
    return out


def _check_items(
    c: _Checker, node: yaml.Node | None, keys: set[str], tz: str | None, categories: tuple[str, ...],
    barred: dict[str, str] | None = None,
) -> list[ItemSpec]:
    """The agenda's items; ``barred``: participant id → its accreditation status, for those neither approved nor
    invited (they cannot be inscribed in advance: ``models.procedure.participation``)."""
    if node is None:
        return []
    out: list[ItemSpec] = []
    numbers: set[str] = set()
    item_nodes = c.sequence(node, "items")
    if isinstance(node, yaml.SequenceNode) and not item_nodes:
        c.problem(node, "items: the agenda needs at least one item")
    for i, inode in enumerate(item_nodes):
        where = f"items[{i + 1}]"
        f = c.mapping(
            inode, where, ("number", "title", "allotted_min", "speakers", "contingents_s", "inscription_deadline", "auto_accept"),
            ("number", "title", "allotted_min"),
        )
        if f is None:
            continue
        number = c.text(f.get("number"), f"{where}.number", required="number" in f)
        if number in numbers:
            c.problem(f["number"], f"{where}.number: item {number} is given twice")
        numbers.add(number)
        allotted_s = 0
        if "allotted_min" in f:
            raw = c.value(f["allotted_min"]) if isinstance(f["allotted_min"], yaml.ScalarNode) else None
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw) or raw <= 0:
                found = f["allotted_min"].value if isinstance(f["allotted_min"], yaml.ScalarNode) else c._kind(f["allotted_min"])
                c.problem(f["allotted_min"], f"{where}.allotted_min must be a positive number of minutes, found {found!r}")
            elif raw * 60 > MAX_SECONDS:
                c.problem(f["allotted_min"], f"{where}.allotted_min must be at most {MAX_SECONDS // 60} (a week), found {raw:.6g}")
            elif round(raw * 60) < 1:
                c.problem(f["allotted_min"], f"{where}.allotted_min must be at least one second, found {raw!r}")
            else:
                allotted_s = round(raw * 60)
        item = ItemSpec(number=number, title=c.text(f.get("title"), f"{where}.title", required="title" in f), allotted_s=allotted_s)
        if "inscription_deadline" in f:
            item.inscription_deadline = _check_instant(c, f["inscription_deadline"], f"{where}.inscription_deadline", tz)
        if "auto_accept" in f:
            item.auto_accept = _check_flag(c, f["auto_accept"], f"{where}.auto_accept")
        if "contingents_s" in f:
            cont = c.mapping(f["contingents_s"], f"{where}.contingents_s", categories)
            for cat, vnode in (cont or {}).items():
                value = c.integer(vnode, f"{where}.contingents_s.{cat}", minimum=1)
                if value is not None:
                    item.contingents_s[cat] = value
        seen: set[str] = set()
        for j, snode in enumerate(c.sequence(f["speakers"], f"{where}.speakers") if "speakers" in f else []):
            swhere = f"{where}.speakers[{j + 1}]"
            inscribed_at = None
            if isinstance(snode, yaml.ScalarNode):
                key_node, key = snode, c.text(snode, swhere, required=True)
            else:
                sf = c.mapping(snode, swhere, ("participant", "inscribed_at"), ("participant",))
                if sf is None or "participant" not in sf:
                    continue
                key_node, key = sf["participant"], c.text(sf["participant"], f"{swhere}.participant", required=True)
                if "inscribed_at" in sf:
                    inscribed_at = _check_instant(c, sf["inscribed_at"], f"{swhere}.inscribed_at", tz)
            if key and key not in keys:
                c.problem(key_node, f"{swhere}: unknown participant id '{key}'; expected an id from participants")
                continue
            if key in seen:
                c.problem(key_node, f"{swhere}: '{key}' is inscribed twice for item {number}; one entry per participant per item")
                continue
            seen.add(key)
            if key in (barred or {}):
                c.problem(key_node, f"{swhere}: '{key}' cannot be inscribed: its participation is "
                                    f"{barred[key].replace('_', ' ')}; only approved or invited participants can be inscribed")
                continue
            if key:
                item.speakers.append(InscriptionSpec(key, inscribed_at, j))
        out.append(item)
    return out


def _check_flag(c: _Checker, node: yaml.Node, where: str) -> bool:
    raw = c.value(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(raw, bool):
        shown = node.value if isinstance(node, yaml.ScalarNode) else c._kind(node)
        c.problem(node, f"{where}: expected true or false, found {shown!r}")
        return False
    return raw


_EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")


def is_email(text: str) -> bool:
    """True if ``text`` is one plausible e-mail address (name@domain.tld, no blanks, quotes or separators)."""
    return bool(_EMAIL.fullmatch(text))


def _check_email(c: _Checker, node: yaml.Node | None, where: str) -> str:
    text = c.text(node, where) if node is not None else ""
    if text and not is_email(text):
        c.problem(node, f"{where}: '{text}' is not an e-mail address; expected one address like name@example.org")
        return ""
    return text


def _check_requests(c: _Checker, node: yaml.Node | None, tz: str | None) -> dict[str, Any]:
    """The ``requests`` block: what participants may ask for from their pages
    (issue 12). Returns ``{"deadline": ISO UTC or None, "reply": bool,
    "point_of_order": bool}``; per-item deadlines and automatic acceptance
    are read with the items."""
    out: dict[str, Any] = {"deadline": None, "reply": False, "point_of_order": False}
    if node is None:
        return out
    f = c.mapping(node, "requests", ("deadline", "reply", "point_of_order"))
    if not f:
        return out
    if "deadline" in f:
        deadline = _check_instant(c, f["deadline"], "requests.deadline", tz)
        out["deadline"] = deadline.isoformat() if deadline else None
    for key in ("reply", "point_of_order"):
        if key in f:
            out[key] = _check_flag(c, f[key], f"requests.{key}")
    return out


def _check_instant(c: _Checker, node: yaml.Node, where: str, tz: str | None) -> datetime | None:
    raw = c.value(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(raw, datetime):
        raw = raw.isoformat()
    try:
        parsed = pendulum.parse(str(raw), tz=tz or "UTC")
        instant = _plain_utc(parsed) if isinstance(parsed, datetime) else None
    except Exception:
        instant = None
    if instant is None:
        shown = node.value if isinstance(node, yaml.ScalarNode) else c._kind(node)
        c.problem(node, f"{where}: '{shown}' is not a date and time; expected YYYY-MM-DDTHH:MM (meeting's local time)")
        return None
    return instant


def _plain_utc(instant: datetime) -> datetime:
    """A plain ``datetime`` in UTC (pendulum objects lose their zone in arithmetic with stdlib zones)."""
    return datetime.fromtimestamp(instant.timestamp(), UTC)


# --------------------------------------------------------------------------- ordering


def precedence_key(category: str, inscribed_at: datetime | None, index: int, settings: dict[str, Any]) -> tuple:
    """Sort key of a list entry under the meeting's list order.

    With ``list_order: precedence``: rank of the category in ``precedence``
    (categories not listed — chair, secretariat, panellists — come first),
    then inscription time, then order in the file. With ``request``: order of
    request only (COP rules of procedure, rule 42).
    """
    when = inscribed_at.timestamp() if inscribed_at else float("inf")
    if settings.get("list_order") == "request":
        return (when, index)
    precedence = settings.get("precedence", [])
    rank = precedence.index(category) if category in precedence else -1
    return (rank, when, index)


# --------------------------------------------------------------------------- import


def import_agenda(session: Session, agenda: Agenda, now: datetime, actor: str = "chair") -> Meeting:
    """Write a checked agenda into the database as a new meeting.

    Speakers inscribed in advance are ordered by :func:`precedence_key`; each
    gets the limit of its category (seconds, None = untimed).

    Args:
        session: an open write transaction (see ``Store.transaction``).
        agenda: from :func:`load_agenda`.
        now: the import instant (aware UTC).

    Raises:
        MeetingExistsError: the database already holds ``meeting.id``.
    """
    m = agenda.meeting
    if session.get(Meeting, m["id"]) is not None:
        raise MeetingExistsError(m["id"])
    settings = {k: v for k, v in agenda.settings.items() if not k.startswith("_")}
    if m.get("document"):  # no column of its own: the head of the minutes reads it from the settings
        settings["document"] = m["document"]
    meeting = Meeting(
        id=m["id"],
        title=m["title"],
        body=m.get("body", ""),
        mandate=m.get("mandate", ""),
        meeting_number=m.get("number", ""),
        date=m["date"].isoformat(),
        scheduled_start=m.get("scheduled_start"),
        scheduled_end=m.get("scheduled_end"),
        timezone=m["timezone"],
        place=m.get("place", ""),
        modality=m.get("modality", "in_person"),
        chair_name=m.get("chair", {}).get("name", ""),
        chair_delegation=m.get("chair", {}).get("delegation", ""),
        secretariat=m.get("secretariat", []),
        rapporteur=m.get("rapporteur", {}),
        settings=settings,
        agenda_path=agenda.path,
        agenda_sha256=agenda.sha256,
        imported_at=now,
        record=m.get("record", "non_attributed"),
        series_number=m.get("series_number"),
    )
    if m.get("series"):  # a series named for the first time is made; a known one keeps its title unless given
        series = session.get(Series, m["series"]["id"])
        if series is None:
            series = Series(id=m["series"]["id"], title=m["series"]["title"])
            session.add(series)
            session.flush()  # before the meeting that refers to it
        elif m["series"]["title"]:
            series.title = m["series"]["title"]
        meeting.series_id = series.id
    session.add(meeting)
    by_key: dict[str, Participant] = {}
    for spec in agenda.participants:
        p = Participant(meeting_id=meeting.id, **spec.__dict__)
        session.add(p)
        by_key[spec.key] = p
    session.flush()
    for position, spec in enumerate(agenda.items):
        item = AgendaItem(
            meeting_id=meeting.id, position=position, number=spec.number, title=spec.title, allotted_s=spec.allotted_s,
            contingents_s=spec.contingents_s,
        )
        session.add(item)
        session.flush()
        requests = settings.setdefault("requests", {})
        if spec.inscription_deadline is not None:
            requests.setdefault("deadlines", {})[str(item.id)] = spec.inscription_deadline.isoformat()
        if spec.auto_accept:
            requests.setdefault("auto_accept", []).append(item.id)
        ordered = sorted(
            spec.speakers,
            key=lambda s: precedence_key(by_key[s.participant].category, s.inscribed_at, s.index, settings),
        )
        for order, ins in enumerate(ordered):
            p = by_key[ins.participant]
            session.add(
                Intervention(
                    item_id=item.id,
                    participant_id=p.id,
                    position=(order + 1) * POSITION_STEP,
                    inscribed_at=ins.inscribed_at,
                    allotted_s=settings["limits_s"].get(p.category),
                )
            )
    flag_modified(meeting, "settings")  # the items' request settings, by item id, once the ids are known
    session.add(
        LogEntry(
            meeting_id=meeting.id,
            at=now,
            actor=actor,
            action="agenda_imported",
            summary=f"Agenda imported from {Path(agenda.path).name}",
            detail={"file": Path(agenda.path).name, "sha256": agenda.sha256, "items": len(agenda.items),
                    "participants": len(agenda.participants)},
        )
    )
    return meeting
