"""Hostile input at the door: agendas (``floor check``) and rosters
(``floor import-roster``) that are broken, malicious or simply odd give
located errors (``file:line:column: …``, exit status 2, nothing written) —
never a traceback, never a value accepted wrongly, never code run from a tag,
in bounded time and memory.

The fuzzing uses hypothesis with a modest number of examples and no deadline
(a slow machine must not make it flake); bounded time is asserted on the
deliberately expensive inputs (alias bombs, huge fields) instead.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.agenda import AgendaError, import_agenda, load_agenda
from models.roster import read_roster_csv
from models.store import Store
from tests.replay import MINIMAL_AGENDA
from tui.cli import main

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BASE = yaml.safe_load(MINIMAL_AGENDA.read_text(encoding="utf-8"))
CATEGORIES = ["chair", "state_party", "group_statement", "ngo"]
LIMITS = {"chair": None, "state_party": 180, "group_statement": 300, "ngo": 120}

#: Control characters, terminal sequences and markup a name or value may carry.
HOSTILE_TEXT = ["[/bold]", "[link=https://example.org]x[/link]", "\x1b[2J", "\x1b]8;;https://evil\x07x\x1b]8;;\x07",
                "a\x00b", "\x02", "\x7f", "\x85", "\x9b31m", "\u202eevil", "\ufffe", "=1+1", " \t=cmd|' /C calc'!A0",
                "{{ 7*7 }}", "{% raw %}", "<script>alert(1)</script>", "# heading", "| a | b |", "x" * 5000]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(["15:00", "25:99", "2026-02-30", "2026-05-08T10:00", ".inf", "-.inf", ".nan", "true", "0x1F", "1e999"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def _leaf_paths(data, path=()):
    """Every place in ``data`` (dicts and lists) where a value stands."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaf_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaf_paths(value, (*path, index))


PATHS = [p for p in _leaf_paths(BASE) if p]


def _set(data, path, value):
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.fixture(scope="module")
def scratch_store(folder):
    """One database for every example: an agenda that checks is imported in a
    transaction that is rolled back, so it must also fit the tables."""
    store = Store(folder / "scratch.db")
    yield store
    store.dispose()


class _RollBack(Exception):
    pass


def _check_agenda(path: Path, store: Store | None = None) -> None:
    """Load ``path``: a checked agenda (which must then import), or located problems only."""
    try:
        agenda = load_agenda(path)
    except AgendaError as exc:
        assert exc.problems
        for problem in exc.problems:
            shown = str(problem)
            assert problem.line >= 1 and problem.column >= 1
            assert shown.startswith(f"{path}:{problem.line}:{problem.column}: ")
            assert not RAW_CONTROL.search(shown) and "\n" not in shown  # told on one line, nothing sent to the terminal
        return
    for p in agenda.participants:  # what gets through is plain text
        for text in (p.delegation, p.speaker, p.on_behalf_of):
            assert not RAW_CONTROL.search(text) and "\n" not in text
    for item in agenda.items:
        assert not RAW_CONTROL.search(item.title) and 0 < item.allotted_s <= 7 * 24 * 3600
    if store is not None:
        from datetime import UTC, datetime

        with pytest.raises(_RollBack), store.transaction() as s:
            import_agenda(s, agenda, datetime(2026, 5, 1, tzinfo=UTC))
            s.flush()
            raise _RollBack


@FUZZ
@given(path=st.sampled_from(PATHS), value=values)
def test_an_agenda_with_any_value_anywhere_checks_or_is_told_where(folder, scratch_store, path, value):
    data = copy.deepcopy(BASE)
    _set(data, path, value)
    file = folder / "mutated.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _check_agenda(file, scratch_store)


@FUZZ
@given(document=values)
def test_any_yaml_document_is_told_where(folder, document):
    file = folder / "random.yaml"
    file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _check_agenda(file)


@FUZZ
@given(at=st.integers(min_value=0, max_value=len(MINIMAL_AGENDA.read_bytes())), junk=st.binary(max_size=30))
def test_raw_bytes_anywhere_in_an_agenda_are_told_where(folder, at, junk):
    raw = MINIMAL_AGENDA.read_bytes()
    file = folder / "bytes.yaml"
    file.write_bytes(raw[:at] + junk + raw[at:])
    _check_agenda(file)


@FUZZ
@given(junk=st.binary(max_size=200))
def test_any_bytes_are_told_where(folder, junk):
    file = folder / "junk.yaml"
    file.write_bytes(junk)
    _check_agenda(file)


# --------------------------------------------------------------------------- named agenda cases


def _agenda(tmp_path, old: str, new: str) -> Path:
    text = MINIMAL_AGENDA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "agenda.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _floor_check(path: Path, capsys) -> list[str]:
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1].endswith("nothing was written.")
    return err[:-1]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "true", "1e999", "99999999999999999999999999", "0.001"])
def test_regression_allotted_min_not_finite_or_absurd_is_a_located_error(tmp_path, capsys, value):
    """Issue 8: ``allotted_min: .inf`` ended ``floor check`` in a traceback."""
    path = _agenda(tmp_path, "allotted_min: 45", f"allotted_min: {value}")
    (problem,) = _floor_check(path, capsys)
    assert problem.startswith(f"{path}:84:19: items[2].allotted_min must be")


@pytest.mark.parametrize("value", ["true", "false", "null", "2026-05-08", "[10, 0]", "99999"])
def test_regression_scheduled_start_of_the_wrong_type_is_a_located_error(tmp_path, capsys, value):
    """Issue 8: ``scheduled_start: true`` was read as 00:01."""
    path = _agenda(tmp_path, 'scheduled_start: "10:00"', f"scheduled_start: {value}")
    (problem,) = _floor_check(path, capsys)
    assert problem.startswith(f"{path}:18:20: meeting.scheduled_start")


@pytest.mark.parametrize("field", ["warning_s: 30", "changeover_s: 20", "state_party: 180", "max_per_delegation: 2"])
@pytest.mark.parametrize("value", ["1e400", "10000000000000000000000000000000000000000", "true", ".nan"])
def test_numbers_of_the_wrong_type_or_size_are_located_errors(tmp_path, capsys, field, value):
    path = _agenda(tmp_path, field, f"{field.split(':')[0]}: {value}")
    (problem,) = _floor_check(path, capsys)
    assert f"{field.split(':')[0]} must be" in problem


@pytest.mark.parametrize(("name", "shown"), [
    ('"Me\\e[2Jxico"', "U+001B (ESC) at character 3"),
    ('"Mex\\x85ico"', "U+0085 at character 4"),
    ('"Mex\\u202Eico"', "U+202E at character 4"),
    ('"Mex\\tico"', "U+0009 (TAB) at character 4"),
    ('"Mex\\nico"', "U+000A (line feed) at character 4"),
    ('"Mex\\0ico"', "U+0000 (NUL) at character 4"),
])
def test_control_characters_in_names_are_refused_where_they_stand(tmp_path, capsys, name, shown):
    path = _agenda(tmp_path, 'delegation: "Mexico"', f"delegation: {name}")
    (problem,) = _floor_check(path, capsys)
    assert problem.startswith(f"{path}:74:53: participants[4].delegation holds the control character {shown}")


@pytest.mark.parametrize(("old", "new", "where"), [
    ('speaker: "Mx. G. Example"', 'speaker: "G.\\x07"', "participants[5].speaker"),
    ('on_behalf_of: "Group of African States"', 'on_behalf_of: "\\e]8;;http://x\\a"', "participants[2].on_behalf_of"),
    ('title: "Exchange of views"', 'title: "Views\\e[2J"', "items[2].title"),
    ('title: "Informal consultation on speaking-time practice"', 'title: "\\x9b2J"', "meeting.title"),
])
def test_control_characters_in_speakers_and_titles_are_refused(tmp_path, capsys, old, new, where):
    (problem,) = _floor_check(_agenda(tmp_path, old, new), capsys)
    assert f": {where} holds the control character U+" in problem


def test_a_raw_control_character_in_the_file_is_a_located_error(tmp_path, capsys):
    (problem,) = _floor_check(_agenda(tmp_path, 'delegation: "Mexico"', 'delegation: "Me\x02xico"'), capsys)
    assert ":74:58: the character U+0002 is not allowed" in problem


def test_python_tags_are_refused_and_never_run(tmp_path, capsys):
    marker = tmp_path / "pwned"
    path = _agenda(tmp_path, 'delegation: "Mexico"',
                   f'delegation: !!python/object/apply:os.system ["touch {marker}"]')
    (problem,) = _floor_check(path, capsys)
    assert ":74:53: the tag '!!python/object/apply:os.system' is not allowed" in problem
    assert not marker.exists()
    (problem,) = _floor_check(_agenda(tmp_path, "number: 1 ", "number: !custom 1 "), capsys)
    assert "the tag '!custom' is not allowed" in problem


def _laughs(levels: int, width: int = 10) -> str:
    lines = ["floor_agenda: 1", 'l0: &l0 ["lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    lines.append(f"items: [{{number: 1, title: t, allotted_min: 5, speakers: *l{levels}}}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", [
    _laughs(9),  # a billion "lol"s
    "participants: &p [*p]\n",  # an alias inside itself
    _laughs(3, 60).replace("speakers: *l3", "speakers: [*l3, *l3, *l3]"),  # wide rather than deep
    "meeting: {? *x : 1}\nx: &x [a]\n",  # an alias before its anchor
    "floor_agenda: 1\nk: &k [a, b]\nmeeting: {? *k : 1}\n",  # a list as a field name
], ids=["billion-laughs", "self-alias", "wide-aliases", "undefined-alias", "list-as-key"])
def test_alias_bombs_are_refused_in_bounded_time_and_memory(tmp_path, capsys, text):
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = _floor_check(path, capsys)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - started < 10  # generous: the check itself takes milliseconds
    assert peak < 64 * 2**20
    assert problems and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", p) for p in problems)


def test_too_many_problems_are_summed_up(tmp_path, capsys):
    text = MINIMAL_AGENDA.read_text(encoding="utf-8").replace("participants:", "participants:\n"
                                                              + "".join(f"  - {{id: X{i}, delegation: D, category: c}}\n"
                                                                        for i in range(500)), 1)
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    problems = _floor_check(path, capsys)
    assert len(problems) == 201 and problems[-1].endswith("…and 300 more problem(s) not listed")


# --------------------------------------------------------------------------- rosters


HEADER = ["id", "delegation", "category", "speaker", "on behalf of", "mode"]


def _roster(folder: Path, rows: list[list[str]], header=HEADER) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path = folder / "roster.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def _check_roster(path: Path) -> None:
    try:
        specs = read_roster_csv(path, CATEGORIES, LIMITS, {"CHAIR"})
    except AgendaError as exc:
        for problem in exc.problems:
            shown = str(problem)
            assert problem.line >= 1 and problem.column >= 1 and shown.startswith(f"{path}:")
            assert not RAW_CONTROL.search(shown) and "\n" not in shown
        return
    for spec in specs:
        for text in (spec.key, spec.delegation, spec.speaker, spec.on_behalf_of, spec.org_type):
            assert not RAW_CONTROL.search(text) and "\n" not in text and "\u202e" not in text


cells = st.one_of(st.sampled_from(["ST-X", "Mexico", "state_party", "ngo", "online", "", "\"", "a,b", "a\r\nb"]),
                  st.sampled_from(HOSTILE_TEXT), st.text(max_size=20))


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=6))
def test_a_roster_with_any_cells_imports_or_is_told_where(folder, rows):
    _check_roster(_roster(folder, rows))


@FUZZ
@given(junk=st.binary(max_size=300))
def test_a_roster_of_any_bytes_is_told_where(folder, junk):
    path = folder / "junk.csv"
    path.write_bytes(b"id,delegation,category\n" + junk)
    _check_roster(path)


def test_regression_a_roster_field_over_128_kib_is_a_located_error(tmp_path, capsys, store, sample):
    """Issue 8: one field longer than Python's csv field_size_limit (128 KiB)
    ended ``floor import-roster`` in a traceback."""
    from models.state import load_state

    before = len(load_state(store, sample).participants)
    path = _roster(tmp_path, [["ST-A", "Andorra", "state_party", "", "", ""], ["ST-B", "B" * 200_000, "state_party", "", "", ""]])
    started = time.perf_counter()
    assert main(["--db", str(store.url.removeprefix("sqlite:///")), "import-roster", sample, str(path)]) == 2
    assert time.perf_counter() - started < 10
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:3:1: not a readable CSV row: a field is longer than 131072 characters")
    assert len(load_state(store, sample).participants) == before  # nothing imported


def test_a_long_roster_field_and_control_characters_are_located_errors(tmp_path, capsys, store, sample):
    path = _roster(tmp_path, [["ST-A", "A" * 5000, "state_party", "", "", ""],
                              ["ST-B", "Be\x1b[2Jlgium", "state_party", "", "", ""],
                              ["ST-C", "Chile", "state_party", "Ms \x00", "", ""],
                              ["ST-D", "Denmark", "state_party", "", "Nordic\u202e", ""]])
    problems = [str(p) for p in pytest.raises(AgendaError, read_roster_csv, path, CATEGORIES, LIMITS, set()).value.problems]
    assert problems == [f"{path}:2:2: a field of 5000 characters; a roster field holds at most 4096"]
    path = _roster(tmp_path, [["ST-B", "Be\x1b[2Jlgium", "state_party", "", "", ""],
                              ["ST-C", "Chile", "state_party", "Ms \x00", "", ""],
                              ["ST-D", "Denmark", "state_party", "", "Nordic\u202e", ""],
                              ["ST-E", "Eq\nuador", "state_party", "", "", ""],
                              ["ST-F", "France", "state_party", "", "", ""]])
    problems = [str(p) for p in pytest.raises(AgendaError, read_roster_csv, path, CATEGORIES, LIMITS, set()).value.problems]
    assert problems == [
        f"{path}:2:2: the delegation holds the control character U+001B (ESC) at character 3; type names as plain text",
        f"{path}:3:4: the speaker holds the control character U+0000 (NUL) at character 4; type names as plain text",
        f"{path}:4:5: the on behalf of holds the control character U+202E at character 7; type names as plain text",
        f"{path}:5:2: the delegation holds the control character U+000A (line feed) at character 3; type names as plain text",
    ]  # the quoted line break in row 5 keeps the lines of the rows after it right: ST-F is on lines 6
