"""The ``floor`` command.

    floor check AGENDA.yaml              validate an agenda (exit 2 on mistakes)
    floor run AGENDA.yaml|MEETING        open the chair's screen (imports on first run)
    floor notes MEETING                  the rapporteur's desk (a second terminal)
    floor display MEETING                the room's display (read-only, follows the chair)
    floor list                           meetings in the database
    floor series [--screen [SERIES]]     series of meetings (the Series screen: search with /)
    floor search "WORDS"                 notes and chair's summaries across meetings
    floor status MEETING --json          live state as JSON
    floor export MEETING --format md -o minutes.md
    floor copy --from DB --to DB [MEETING]   copy meetings between databases
    floor links MEETING -o links.csv     participants' personal links (CSV + printable HTML)
    floor trends SERIES --format svg     a series' trends (csv, md, svg, png)
    floor plan AGENDA.yaml               each item's estimate from the series' history
    floor publish [MEETING|SERIES] -o site/   a static website of the final outcomes

``--db PATH`` (or ``FLOOR_DB``) chooses the database: a SQLite file (the
default is one file in the user's data directory) or a PostgreSQL URL
(``postgresql+psycopg://user@host/dbname``, never with a password in it:
libpq reads PGPASSWORD, ~/.pgpass or a service file). On PostgreSQL the
server's clock is the meeting's clock (a warning when this machine's is more
than a second off). A SQLite file on a network file system is
refused (``models.network_share``) unless ``--i-know`` is given. Exit status: 0 done, 1 runtime failure,
2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
#: Seconds of a gap in the chair screen's life before the chair is asked (``floor run --interruption-s``).
DEFAULT_INTERRUPTION_S = 5.0


def _seconds(text: str) -> float:
    """A positive number of seconds (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _interruption_s(args) -> float:
    """The threshold for interruptions: ``--interruption-s``, else ``FLOOR_INTERRUPTION_S``, else 5 s.

    Raises:
        CliError: ``FLOOR_INTERRUPTION_S`` is not a positive number.
    """
    import os

    if args.interruption_s is not None:
        return args.interruption_s
    env = os.environ.get("FLOOR_INTERRUPTION_S")
    if not env:
        return DEFAULT_INTERRUPTION_S
    try:
        return _seconds(env)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"FLOOR_INTERRUPTION_S: {exc}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="floor", description="Floor: run the room from the terminal.")
    parser.add_argument("--db", help="database file or URL, e.g. postgresql+psycopg://user@host/floor (no password: "
                        "PGPASSWORD, ~/.pgpass or a service file) (default: $FLOOR_DB or the user data dir)")
    parser.add_argument("--i-know", action="store_true",
                        help="open a SQLite database on a network file system all the same (unsafe: SQLite's "
                        "write-ahead log does not work there; logged on the meeting)")
    # The same two options after the command too ("floor run AGENDA --db my.db"), as people type them;
    # SUPPRESS keeps the value given before the command when none is given after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--i-know", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kwargs)

    p = command("check", help="validate an agenda file")
    p.add_argument("agenda", type=Path)

    p = command("run", help="open the chair's screen (imports the agenda on first run)")
    p.add_argument("target", help="an agenda file (.yaml) or a meeting id from 'floor list'")
    p.add_argument("--interruption-s", type=_seconds, default=None, metavar="SECONDS",
                   help="a gap (crash, sleep, clock jump) longer than this while someone has the floor is put to the "
                   f"chair (default: $FLOOR_INTERRUPTION_S or {DEFAULT_INTERRUPTION_S:g})")

    p = command("notes", help="open the rapporteur's desk on a meeting (a second terminal, same database)")
    p.add_argument("meeting")

    p = command("display", help="the room's display: countdown, speaker, next speakers (read-only; "
                       "for the big screen, from 40x12 up)")
    p.add_argument("meeting")

    p = command("serve", help="serve the rapporteur's desk and the display to web browsers, from this machine")
    p.add_argument("meeting")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: the room's network)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")

    p = command("links", help="give participants their personal links to ask for the floor (CSV and printable page)")
    p.add_argument("meeting")
    p.add_argument("--category", help="only the participants of this category (e.g. ngo)")
    p.add_argument("--reissue", nargs="*", metavar="ID",
                   help="replace live links (of these participant ids; alone: of everyone chosen)")
    p.add_argument("--revoke", action="append", metavar="ID", help="revoke this participant's link (repeatable)")
    p.add_argument("--base-url", help="start of the links (default http://THIS-MACHINE'S-ADDRESS:8000)")
    p.add_argument("-o", "--output", type=Path,
                   help="CSV to write (default MEETING-links.csv); the printable page goes next to it (.html)")

    command("list", help="list the meetings in the database")

    p = command("series", help="list the series of meetings, or move a meeting into a series")
    p.add_argument("meeting", nargs="?", help="with --move: the meeting to move; with --screen: the series to select")
    p.add_argument("--screen", action="store_true",
                   help="open the Series screen (read-only): the series, their meetings, and search with /")
    p.add_argument("--move", metavar="SERIES", help="the series to move MEETING into")
    p.add_argument("--number", type=int, metavar="N", help="with --move: the meeting's place in the series (1, 2, …)")
    p.add_argument("--title", help="with --move: the series' title (makes a series not yet in the database)")

    p = command("search", help="search the rapporteur's notes and the chair's summaries across meetings "
                "(accents and case ignored)")
    p.add_argument("text", help='the words to find, e.g. "victim identification"')
    p.add_argument("--series", help="only the meetings of this series")
    p.add_argument("--category", help="only notes on speakers of this category (e.g. ngo)")
    p.add_argument("--tag", help="only notes carrying #TAG (e.g. recommendation)")
    p.add_argument("--from", dest="since", metavar="YYYY-MM-DD", help="only meetings on or after this date")
    p.add_argument("--limit", type=int, default=20, help="hits per page (default 20)")
    p.add_argument("--offset", type=int, default=0, help="hits to skip (the next page: --offset 20)")

    p = command("register", help="the register of recommendations of a series (export), or set one's status")
    p.add_argument("series", help="the series (floor series lists them)")
    p.add_argument("--format", default="md", choices=["md", "docx", "csv", "json"],
                   help="md (default), docx, csv (one row per step of each history) or json")
    p.add_argument("-o", "--output", type=Path,
                   help="file to write (default: SERIES-register.FORMAT; with --find and no -o: printed here)")
    p.add_argument("--find", metavar="WORDS", help='only the entries whose text or history holds these words, '
                   'e.g. --find identification ("what did the dialogues recommend on identification?")')
    p.add_argument("--set", nargs=2, metavar=("REF", "STATUS"),
                   help="set the status of recommendation REF: open, under_consideration, taken_up, implemented "
                   "or not_pursued (logged in the series' log)")
    p.add_argument("--reason", help="with --set: why (required; shown with the status)")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="with --set: the date it was decided (default: today)")

    p = command("trends", help="the trends of a series: floor time and speakers per category, planned against used time")
    p.add_argument("series", help="the series' id (see floor series)")
    p.add_argument("--format", default="csv", choices=["csv", "md", "svg", "png"],
                   help="csv: one row per meeting and category (default); md: tables; svg, png: the chart")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: SERIES-trends.FORMAT)")

    p = command("plan", help="estimate from the series' history how long each item of an agenda will need")
    p.add_argument("agenda", type=Path)
    p.add_argument("--series", help="the series whose history to use (default: the agenda's meeting.series)")

    p = command("publish", help="write a static website of the final outcomes (summaries, lists of speakers, "
                "floor time, registers, trends) with offline search and an Atom feed")
    p.add_argument("target", nargs="?", metavar="MEETING|SERIES",
                   help="a meeting (refused if its record is a draft) or a series (its final meetings); "
                   "default: every final meeting")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="the site's folder: new, empty, or a site Floor published before (replaced whole)")
    p.add_argument("--base-url", help="where the site will be hosted, e.g. https://example.org/outcomes/ "
                   "(the feed's links become absolute)")

    p = command("status", help="print the live state of a meeting")
    p.add_argument("meeting")
    p.add_argument("--json", action="store_true", help="print JSON (the only format for now)")

    p = command("backup", help="copy the whole database to a SQLite file now (or list the backups)")
    p.add_argument("-o", "--output", type=Path, help="the new file (default: a new file in the backups folder)")
    p.add_argument("--list", action="store_true", help="list the backups in the backups folder, newest last")

    p = command("restore", help="replace the database with a backup (the current one is backed up first)")
    p.add_argument("backup", type=Path, help="a backup file (see 'floor backup --list')")
    p.add_argument("--force", action="store_true", help="even while a Floor screen has the database open")

    p = command("import-roster", help="add participants from a registration export (CSV)")
    p.add_argument("meeting")
    p.add_argument("roster", type=Path)

    p = command("finalize", help="lock the record of a meeting that has risen (later corrections are revisions)")
    p.add_argument("meeting")
    p.add_argument("--without-summary", action="store_true",
                   help="finalize even though the chair's summary names participants (it is then not stored "
                   "for search nor published)")
    p.add_argument("--despite-warnings", action="store_true",
                   help="finalize even though the notes carry the desk's warnings (a mistyped tag, a #follows "
                   "naming no reference)")

    p = command("correct", help="correct the record of one intervention (logged; a revision once final)")
    p.add_argument("meeting")
    p.add_argument("number", type=int, help="the intervention's number in Annex II of the minutes (#)")
    p.add_argument("field", choices=["start", "end", "status", "delegation", "speaker"])
    p.add_argument("value", help="start/end: HH:MM:SS local; status: spoke|not_present|withdrew|not_reached; or a name")

    p = command("attach", help="attach a participant's written statement to a meeting (text, Markdown, Word or PDF)")
    p.add_argument("meeting")
    p.add_argument("participant", help="the participant's id (as in the agenda or roster)")
    p.add_argument("file", type=Path, help="the statement: .txt, .md, .docx or .pdf")
    p.add_argument("--reason", default="by_choice",
                   choices=["not_reached", "absent", "not_connected", "not_invited", "by_choice"],
                   help="why it was written instead of spoken (default by_choice)")
    p.add_argument("--item", metavar="N", help="the agenda item it speaks to (its number; default: the meeting)")
    p.add_argument("--title", default="", help="its title (default: none; the minutes show the file's name)")

    p = command("copy", help="copy a meeting (or every meeting) to another database, e.g. SQLite to PostgreSQL")
    p.add_argument("--from", dest="source", required=True, metavar="DB", help="the database copied from (a file or a URL)")
    p.add_argument("--to", dest="target", required=True, metavar="DB",
                   help="the database copied to (a new file is created; a PostgreSQL database must exist)")
    p.add_argument("meeting", nargs="?", help="the meeting to copy (default: every meeting)")
    p.add_argument("--force", action="store_true",
                   help="the target already holds meetings: replace the one copied (or, with no MEETING, all of them)")

    p = command("export", help="export the minutes of a meeting")
    p.add_argument("meeting")
    p.add_argument("--format", default="md", choices=["md", "html", "txt", "docx", "csv", "json", "summary", "speakers"],
                   help="md, html, txt, docx: minutes; csv: one row per intervention; json: the whole record; "
                   "summary: the chair's summary (Markdown, names nobody); speakers: every item's speakers list "
                   "as it stands (Markdown, as floor serve shows it under /public/)")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: MEETING-minutes.FORMAT; MEETING-speakers.md)")
    p.add_argument("--template", type=Path, help="your own Jinja2 template (md, html, txt)")
    return parser


class CliError(Exception):
    """Bad input on the command line: printed as "floor: …", exit status 2."""


#: The role each command's process acts in (``models.roles``); a command not
#: named here acts as the chair. Reading commands act as the display: they never write.
COMMAND_ROLES = {
    "run": "chair", "notes": "rapporteur", "display": "display", "serve": "display",
    "correct": "secretariat", "finalize": "secretariat", "import-roster": "secretariat", "attach": "secretariat",
    "list": "display", "status": "display", "search": "display", "trends": "display", "plan": "display",
    "export": "display", "register": "display", "links": "secretariat", "publish": "display",
}


def _store(args, create: bool = False, write: bool = False, read_only: bool | None = None, role: str | None = None):
    """Open the database. Commands that only read (``create=False``) never
    create a file: a missing SQLite file is an error; a file this user may not
    write is opened read-only. ``write``: the command is about to write (the
    chair's screen, the rapporteur's desk): a database that cannot be written
    now is said before anything starts (``Store.check_writable``).
    ``role``: what the process may write (``models.roles``: "chair",
    "rapporteur", "secretariat", "display"; default: the command's, from
    :data:`COMMAND_ROLES`), set on the store and checked by the model at each write.

    Raises:
        CliError: no database there, or one this Floor cannot use (schema).
        StoreError: it cannot be opened (or written, with ``write``).
    """
    from sqlalchemy.exc import NoSuchModuleError

    from models.schema import SchemaError
    from models.store import Store, default_db_path

    db = str(args.db or default_db_path())
    args.db_name = db
    _no_password(db)
    if not create and _missing_file(db):
        raise CliError(f"no database at {db}; 'floor run AGENDA.yaml' creates it (or give --db / FLOOR_DB)")
    _refuse_network_share(args, db)
    try:
        store = Store(db, read_only=read_only)
    except SchemaError as exc:
        raise CliError(str(exc)) from exc
    except (ModuleNotFoundError, NoSuchModuleError) as exc:  # mysql://, bogus://: no driver for that kind
        raise CliError(f"cannot open the database {db}: {str(exc).splitlines()[0]} — Floor runs on SQLite "
                       "(a file path) or PostgreSQL (postgresql+psycopg://…)") from exc
    # what this process may write (models.roles), checked by the model
    store.role = role or COMMAND_ROLES.get(getattr(args, "command", ""), "chair")
    if write:
        store.check_writable()
    return store


def _no_password(db: str) -> None:
    """Refuse a database URL with a password in it (the URL is not repeated).

    Raises:
        CliError: it has one.
    """
    from models.store import PasswordInUrl, refuse_password

    try:
        refuse_password(db)
    except PasswordInUrl as exc:
        raise CliError(str(exc)) from None


def _clock(store):
    """The clock this command uses: on PostgreSQL the server's
    (``models.clock.ServerClock``, offset measured now), with a warning on
    stderr when this machine's clock is more than a second off; on SQLite the
    machine's own. Returns (clock, warning or "")."""
    from models.clock import ServerClock, SystemClock, clock_warning

    offset = store.clock_offset()
    if offset is None:
        return SystemClock(), ""
    warning = clock_warning(offset) or ""
    if warning:
        _err(f"warning: {warning}")
    return ServerClock(SystemClock(), offset), warning


def _refuse_network_share(args, db: str) -> None:
    """Refuse a SQLite file on a network file system (nothing opened, nothing
    created), unless ``--i-know``: then warn on stderr and keep what was found
    in ``args.network_share`` for :func:`_log_network_share`.

    Raises:
        CliError: the database's folder is on a network file system (exit 2).
    """
    from models.backup_paths import sqlite_path
    from models.network_share import network_share, refusal
    from models.store import Store

    if getattr(args, "network_share_checked", False):
        return
    path = sqlite_path(Store.url_for(db))
    share = network_share(path) if path is not None else None
    args.network_share, args.network_share_checked = share, True
    if share is None:
        return
    if not getattr(args, "i_know", False):
        raise CliError(refusal(db, share))
    _err(f"warning: the database {db} is on a network file system ({share.where}); opened all the same "
         "(--i-know). SQLite's write-ahead log does not work there: never open it from a second machine, and "
         "move the meeting to a local disk (floor backup -o FILE, then --db FILE) as soon as you can.")


def _log_network_share(args, store, meeting_id: str, actor: str = "chair") -> None:
    """Put on the meeting's procedural log that ``--i-know`` opened its database
    on a network file system (``procedure.note_network_share``); nothing otherwise."""
    share = getattr(args, "network_share", None)
    if share is None:
        return
    from models import procedure
    from models.clock import SystemClock

    procedure.note_network_share(store, meeting_id, SystemClock().now(), share.where, str(share.folder), args.command,
                                 actor=actor)


def _missing_file(db: str) -> bool:
    """True if ``db`` names a SQLite file (a path or a ``sqlite:///`` URL) that does not exist."""
    from sqlalchemy.exc import ArgumentError

    from models.backup_paths import sqlite_path
    from models.store import Store

    try:
        path = sqlite_path(Store.url_for(db))
    except ArgumentError as exc:
        raise CliError(f"{db} is neither a file nor a database URL: {exc}") from exc
    return path is not None and not path.expanduser().exists()


def _err(message: str) -> None:
    from models.unstyle import visible

    print(visible(f"floor: {message}", breaks=True), file=sys.stderr)


def cmd_check(args) -> int:
    """Validate an agenda; print every problem; exit 2 if any."""
    from models.agenda import AgendaError, load_agenda

    try:
        agenda = load_agenda(args.agenda)
    except AgendaError as exc:
        _print_problems(exc, args.agenda)
        return EXIT_USAGE
    n_speakers = sum(len(i.speakers) for i in agenda.items)
    print(
        f"{args.agenda}: OK — meeting {agenda.meeting['id']}, {len(agenda.items)} items, "
        f"{len(agenda.participants)} participants, {n_speakers} inscriptions"
    )
    if agenda.meeting.get("series"):
        _check_plan(args, agenda)
    return EXIT_OK


def _check_plan(args, agenda) -> None:
    """``floor check``'s lines on the plan (``models.plan``), when the agenda's
    series has history in the database. The database is opened read-only
    (check writes nothing); no database, one this Floor cannot open as it is
    (an older schema, a server that refuses), or no history: nothing is said;
    a failure while reading it: one line on stderr, and check's exit status unchanged."""
    from models.plan import plan_programme
    from models.schema import SchemaError
    from models.store import Store, StoreError, default_db_path
    from models.unstyle import visible

    db = str(args.db or default_db_path())
    try:
        _no_password(db)
        if _missing_file(db):
            return
        _refuse_network_share(args, db)
        store = Store(db, read_only=True)
    except (CliError, SchemaError, StoreError):
        return
    try:
        plan = plan_programme(store, agenda)
    except Exception as exc:  # the agenda is checked whatever the database says: its exit status stays check's
        from models.store import database_fault, safe_url

        _err(f"no plan: {database_fault(exc, safe_url(db)).message}")
        return
    finally:
        store.dispose()
    if plan.has_history:
        for line in plan_verdict_lines(plan):
            print(visible(line))


def plan_verdict_lines(plan) -> list[str]:
    """The plan's short verdict: one line per item at risk, then the programme's."""
    from models.statistics import floor_time_words

    lines = [f"Plan (from {len(plan.meetings)} meeting(s) of {plan.series_id}): item {i.number} {i.verdict} — "
             f"needs {floor_time_words(i.estimate_s)} [{floor_time_words(i.low_s)}–{floor_time_words(i.high_s)}] of {floor_time_words(i.planned_s)}; "
             f"{plan_suggestion(i)}" for i in plan.at_risk]
    total = sum(i.planned_s for i in plan.items)
    need = sum(i.estimate_s for i in plan.items)
    high = sum(i.high_s for i in plan.items)
    verdict = "fits" if not plan.at_risk else f"{len(plan.at_risk)} item(s) at risk"
    lines.append(f"Plan (from {len(plan.meetings)} meeting(s) of {plan.series_id}): the programme needs "
                 f"{floor_time_words(need)} [up to {floor_time_words(high)}] of {floor_time_words(total)} planned: {verdict}")
    return lines


def plan_suggestion(item) -> str:
    """What makes an item at risk fit, in words ("" when it fits)."""
    from models.statistics import floor_time_words

    if item.fits:
        return ""
    extra = f"allot {item.extra_min} more minute{'s' if item.extra_min != 1 else ''}"
    if item.limit_s is None:
        return extra
    return f"cap every timed speaker at {floor_time_words(item.limit_s)}, or {extra}"


def _print_problems(exc, path) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s) in {path}; nothing was written.", file=sys.stderr)


def _resolve_meeting(args) -> tuple[object, str] | None:
    """Check the agenda (before touching any database), then import it on the
    first run or find the meeting. Returns (store, meeting id), or None after
    printing what is wrong."""
    from models.agenda import AgendaError, import_agenda, load_agenda

    target = args.target
    if not (target.endswith((".yaml", ".yml")) or Path(target).exists()):
        store = _store(args, write=True)
        args.clock, args.clock_note = _clock(store)
        if store.meeting(target) is None:
            _err(f"no meeting '{target}' in {store.url}; 'floor list' shows the meetings, or give an agenda file")
            return None
        return store, target
    try:
        agenda = load_agenda(target)
    except AgendaError as exc:
        _print_problems(exc, target)
        return None
    store = _store(args, create=True, write=True)
    args.clock, args.clock_note = _clock(store)
    meeting_id = agenda.meeting["id"]
    existing = store.meeting(meeting_id)
    if existing is None:
        with store.transaction() as s:
            import_agenda(s, agenda, args.clock.now())
    elif existing.agenda_sha256 != agenda.sha256:
        args.note = (
            f"{target} changed since meeting {meeting_id} was imported; "
            "the meeting resumes as stored (the database is the record)."
        )
    return store, meeting_id


def _run_app(app) -> int:
    """Run a Floor screen (chair, desk or display) until it quits; its exit status."""
    try:
        app.run()
    finally:
        app.close_writer()
    return app.return_code or EXIT_OK


def cmd_run(args) -> int:
    """Open the chair's screen on a meeting."""
    threshold = _interruption_s(args)
    found = _resolve_meeting(args)
    if found is None:
        return EXIT_USAGE
    store, meeting_id = found
    _log_network_share(args, store, meeting_id)
    from tui.app import FloorApp

    note = " ".join(n for n in (getattr(args, "note", ""), args.clock_note.capitalize()) if n)
    app = FloorApp(store, meeting_id, clock=args.clock, startup_note=note, interruption_s=threshold)
    return _run_app(app)


def cmd_notes(args) -> int:
    """Open the rapporteur's desk."""
    store = _store(args, write=True)
    if store.meeting(args.meeting) is None:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}; 'floor list' shows the meetings")
    _log_network_share(args, store, args.meeting, actor="rapporteur")
    clock, _warned = _clock(store)
    from tui.app import FloorApp

    app = FloorApp(store, args.meeting, clock=clock, mode="rapporteur", actor="rapporteur")
    return _run_app(app)


def cmd_display(args) -> int:
    """Open the room's display, on the database opened read-only: it never writes."""
    store = _store(args, read_only=True)
    if store.meeting(args.meeting) is None:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}; 'floor list' shows the meetings")
    clock, _warned = _clock(store)  # the countdown on the server's time, as the chair's
    from tui.app import FloorApp

    app = FloorApp(store, args.meeting, clock=clock, mode="display", actor="display")
    return _run_app(app)


def cmd_serve(args) -> int:
    """Serve the rapporteur's desk and the display to web browsers (``tui.serve``)."""
    if not 0 < args.port < 65536:
        raise CliError(f"--port {args.port}: a port is a number from 1 to 65535")
    store = _store(args)
    try:
        if store.meeting(args.meeting) is None:
            raise CliError(f"no meeting '{args.meeting}' in {store.url}; 'floor list' shows the meetings")
        db = str(store.path.resolve()) if store.path is not None else store.url
    finally:
        store.dispose()
    from tui.serve import SERVED, serve

    served = [s for s in SERVED if s.command in COMMANDS]  # each role whose screen this Floor has
    try:
        serve(args.meeting, db, served, host=args.host, port=args.port)
    except OSError as exc:
        raise CliError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return EXIT_OK


def cmd_list(args) -> int:
    """Print the meetings: id, state, date, title."""
    store = _store(args)
    meetings = store.meetings()
    if not meetings:
        print(f"No meetings in {store.url}. Start one with: floor run AGENDA.yaml")
        return EXIT_OK
    from models.unstyle import visible

    width = max(len(m.id) for m in meetings)
    for m in meetings:  # a title is data: its control characters never reach the terminal
        print(visible(f"{m.id:<{width}}  {m.state.value:<10}  {m.date}  {m.title}"))
    return EXIT_OK


def cmd_series(args) -> int:
    """List the series and their meetings, or (``--move``) move a meeting into a series."""
    from models.unstyle import visible

    if args.screen:
        if args.move is not None or args.number is not None or args.title is not None:
            raise CliError("--screen opens the Series screen; it takes a series id, not --move, --number or --title")
        return _series_screen(args)
    if args.move is None:
        if args.meeting is not None or args.number is not None or args.title is not None:
            raise CliError("give --move SERIES to move a meeting (floor series MEETING --move SERIES [--number N])")
        from models.series import list_series

        listing = list_series(_store(args, role="display"))
        if not listing:
            print("No series in this database. An agenda names its series (meeting.series), "
                  "or: floor series MEETING --move SERIES --title \"…\"")
            return EXIT_OK
        for one in listing:  # titles are data: their control characters never reach the terminal
            print(visible(f"{one.id}  {one.title}"))
            for m in one.meetings:
                number = f"{m.number:>3}" if m.number is not None else "  -"
                print(visible(f"  {number}  {m.id}  {m.date}  {m.title}"))
        return EXIT_OK
    if args.meeting is None:
        raise CliError("name the meeting to move: floor series MEETING --move SERIES [--number N]")
    from models import procedure
    from models.procedure.series import move_to_series

    store = _store(args, role="secretariat")
    if store.meeting(args.meeting) is None:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}")
    try:
        move_to_series(store, args.meeting, args.move, _clock(store)[0].now(), args.number, args.title)
    except procedure.ProcedureError as exc:
        raise CliError(str(exc)) from exc
    place = f" as number {args.number}" if args.number is not None else ""
    print(visible(f"{args.meeting}: moved into series {args.move}{place}"))
    return EXIT_OK


def _series_screen(args) -> int:
    """Open the Series screen alone, on the database opened read-only (the display's role): it never writes."""
    from models.series import list_series

    store = _store(args, read_only=True, role="display")
    if args.meeting is not None and args.meeting not in {one.id for one in list_series(store)}:
        raise CliError(f"no series '{args.meeting}' in {store.url}; 'floor series' lists the series")
    from tui.app import FloorApp

    app = FloorApp(store, "", clock=_clock(store)[0], mode="series", actor="display", series_id=args.meeting)
    return _run_app(app)


def cmd_search(args) -> int:
    """Print what was found, best first: notes (meeting, item, date, delegation in attributed records only),
    chair's summary passages ("chair's summary" and its section) and written statements (always named), then
    the snippet."""
    from models.search import SearchError, search
    from models.unstyle import visible

    store = _store(args)
    try:
        hits = search(store, args.text, series=args.series, category=args.category, tag=args.tag,
                      since=args.since, limit=args.limit, offset=args.offset)
    except SearchError as exc:
        raise CliError(str(exc)) from exc
    if not hits:
        print(f"Nothing found for {args.text!r}.")
        return EXIT_OK
    for hit in hits:  # notes and names are data: printed as text, control characters made visible
        if hit.source == "summary":
            where = "chair's summary" + (f" — {hit.heading}" if hit.heading else "")
            print(visible(f"{hit.meeting_id}  {hit.date}  {where}"))
        else:
            who = f"  {hit.delegation}" if hit.delegation else ""
            where = f"item {hit.item_number}" if hit.item_number else "the meeting"
            what = "  written statement" if hit.source == "statement" else ""
            print(visible(f"{hit.meeting_id}  {where}  {hit.date}{who}{what}"))
        print(visible(f"    {hit.snippet}"))
    return EXIT_OK


def cmd_register(args) -> int:
    """Export the register of recommendations of a series, or (``--set``) set a recommendation's status."""
    from models.register_export import FORMATS, RegisterError, export_register
    from models.unstyle import visible

    if args.set is None:
        if args.reason is not None or args.on is not None:
            raise CliError("--reason and --on go with --set REF STATUS")
        store = _store(args)
        if args.find is not None and args.output is None and args.format == "md":  # the answer, on the terminal
            from models.register_export import build_register, render_markdown, series_timezone

            try:
                reg = build_register(store, args.series, args.find)
            except RegisterError as exc:
                raise CliError(str(exc)) from exc
            print(visible(render_markdown(reg, _clock(store)[0].now(), series_timezone(store, reg)), breaks=True),
                  end="")
            return EXIT_OK
        output = args.output or Path(f"{args.series}-register.{args.format}")
        if output.is_dir():
            output = output / f"{args.series}-register.{args.format}"
        elif not output.parent.is_dir():
            raise CliError(f"no folder {output.parent}: create it first, or give -o a file in an existing folder")
        assert args.format in FORMATS
        try:
            written = export_register(store, args.series, args.format, output, _clock(store)[0].now(), args.find)
        except RegisterError as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            _err(f"could not write {output}: {exc.strerror or exc}")
            return EXIT_FAIL
        print(visible(f"wrote {written}"))
        return EXIT_OK
    from datetime import date

    from models import procedure
    from models.procedure.register import set_status

    try:
        decided_on = date.fromisoformat(args.on) if args.on else None
    except ValueError:
        raise CliError(f"--on {args.on!r} is not a date; expected YYYY-MM-DD") from None
    store = _store(args, role="secretariat")
    now = _clock(store)[0].now()
    ref, status = args.set
    try:
        entry = set_status(store, ref, status, args.reason or "", decided_on, now, series_id=args.series)
    except procedure.ProcedureError as exc:
        raise CliError(str(exc)) from exc
    print(visible(f"{entry.summary} (series {entry.series_id})"))
    return EXIT_OK


def cmd_trends(args) -> int:
    """Write the trends of a series (CSV, Markdown, SVG or PNG chart)."""
    from models.charts import ChartError
    from models.trends import UnknownSeries
    from models.trends_export import TREND_FORMATS, export_trends

    store = _store(args)
    clock, _warned = _clock(store)
    output = args.output or Path(f"{args.series}{TREND_FORMATS[args.format]}")
    if output.is_dir():
        output = output / f"{args.series}{TREND_FORMATS[args.format]}"
    elif not output.parent.is_dir():
        raise CliError(f"no folder {output.parent}: create it first, or give -o a file in an existing folder")
    try:
        written = export_trends(store, args.series, args.format, output, clock.now())
    except UnknownSeries as exc:
        raise CliError(str(exc)) from exc
    except ChartError as exc:
        _err(str(exc))
        return EXIT_FAIL
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from exc
    from models.unstyle import visible

    print(visible(f"Trends of {args.series} written to {written}"))
    return EXIT_OK


def cmd_plan(args) -> int:
    """Print the plan of an agenda from its series' history: per item the
    estimate, median [low–high], the time planned, the verdict and what would
    make it fit. No history: says so (exit 0). A bad agenda, or a --series
    not in the database: exit 2."""
    from models.agenda import AgendaError, load_agenda
    from models.plan import plan_programme
    from models.statistics import floor_time_words
    from models.unstyle import visible

    try:
        agenda = load_agenda(args.agenda)
    except AgendaError as exc:
        _print_problems(exc, args.agenda)
        return EXIT_USAGE
    series = args.series or (agenda.meeting.get("series") or {}).get("id")
    if not series:
        print(f"{args.agenda}: the agenda names no series (meeting.series), and no --series was given: "
              "no history to plan from.")
        return EXIT_OK
    store = _store(args)
    if args.series:  # named on the command line: a typo is refused, not read as a series without history
        from models.series import list_series, no_such_series

        known = [one.id for one in list_series(store)]
        if args.series not in known:
            raise CliError(no_such_series(args.series, known))
    clock, _warned = _clock(store)
    plan = plan_programme(store, agenda, series, clock.now())
    if not plan.has_history:
        print(visible(f"No history for series {series}: no meeting of it has risen in {store.url}; "
                      "nothing to estimate from."))
        return EXIT_OK
    print(visible(f"Plan of {agenda.meeting['id']} from {len(plan.meetings)} meeting(s) of series {series}: "
                  f"{', '.join(plan.meetings)}"))
    for ev in plan.categories.values():
        print(visible(f"  {ev.label}: {floor_time_words(ev.median_s)} per speaker [{floor_time_words(ev.low_s)}–{floor_time_words(ev.high_s)}] "
                      f"({ev.interventions} intervention{'s' if ev.interventions != 1 else ''}); median {ev.speakers_per_item} speaker(s) per item"))
    print(f"  change-over {floor_time_words(plan.changeover_s)}; points of order: {plan.points} in {plan.interventions} "
          f"interventions, {floor_time_words(plan.point_s)} each")
    rows = [("Item", "Estimate [low–high]", "Planned", "Verdict", "Suggestion")]
    for i in plan.items:
        rows.append((i.number, f"{floor_time_words(i.estimate_s)} [{floor_time_words(i.low_s)}–{floor_time_words(i.high_s)}]",
                     floor_time_words(i.planned_s), i.verdict, plan_suggestion(i)))
    widths = [max(len(r[k]) for r in rows) for k in range(4)]
    for r in rows:
        print(visible("  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[4]).rstrip())
    print(visible(plan_verdict_lines(plan)[-1]))
    return EXIT_OK


def cmd_publish(args) -> int:
    """Write the static website of the final outcomes (``models.publish``);
    drafts left out and anything skipped (a PDF, a summary) said on stderr."""
    from models.charts import ChartError
    from models.publish import PublishError, publish
    from models.unstyle import visible

    store = _store(args)
    clock, _warned = _clock(store)
    try:
        done = publish(store, args.target, args.output, clock.now(), args.base_url)
    except PublishError as exc:
        raise CliError(str(exc)) from exc
    except ChartError as exc:
        _err(f"{exc}; nothing was published")
        return EXIT_FAIL
    for mid in done.skipped:
        print(visible(f"skipped {mid}: its record is a draft (floor finalize {mid})"), file=sys.stderr)
    for notice in done.notices:
        print(visible(notice), file=sys.stderr)
    print(visible(f"Published {len(done.meetings)} meeting(s) and {len(done.series)} series to {done.folder}: "
                  f"open {done.folder / 'index.html'}"))
    return EXIT_OK


def cmd_status(args) -> int:
    """Print the live state of a meeting as JSON."""
    from models.state import load_state, status_dict

    store = _store(args)
    clock, _warned = _clock(store)
    try:
        state = load_state(store, args.meeting)
    except KeyError:
        _err(f"no meeting '{args.meeting}' in {store.url}")
        return EXIT_USAGE
    from models.exports import json_escape_controls

    print(json_escape_controls(json.dumps(status_dict(state, clock.now()), ensure_ascii=False, indent=2)))
    return EXIT_OK


def cmd_export(args) -> int:
    """Write the minutes of a meeting."""
    store = _store(args)
    clock, _warned = _clock(store)
    if store.meeting(args.meeting) is None:
        _err(f"no meeting '{args.meeting}' in {store.url}")
        return EXIT_USAGE
    if args.template is not None:
        if args.format not in ("md", "html", "txt"):
            raise CliError("--template works with --format md, html or txt")
        if not args.template.is_file():
            raise CliError(f"no template file {args.template}")
    from jinja2 import TemplateError

    from models.exports import FORMATS, LISTS, export
    from models.summary import SummaryRefused

    name = f"{args.meeting}-minutes{FORMATS[args.format]}" if args.format in FORMATS else f"{args.meeting}{LISTS[args.format]}"
    output = args.output or Path(name)
    if output.is_dir():  # a folder: the file goes in it under its usual name
        output = output / name
    elif not output.parent.is_dir():  # a mistyped folder is not made silently
        raise CliError(f"no folder {output.parent}: create it first, or give -o a file in an existing folder")
    try:
        written = export(store, args.meeting, args.format, output, clock.now(), template=args.template)
    except TemplateError as exc:
        raise CliError(f"the template {args.template} cannot be used: {exc}") from exc
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from exc
    except SummaryRefused as exc:
        from models.unstyle import visible

        for flag in exc.flags:
            print(visible(f"{flag.where}: names {', '.join(flag.names)}"), file=sys.stderr)
        raise CliError(f"the chair's summary names nobody: rephrase the {len(exc.flags)} note(s) above "
                       "(on the rapporteur's desk, F3 puts a neutral subject in place of the names)") from exc
    what = "Minutes" if args.format in ("md", "html", "txt", "docx") else "Speakers' lists" if args.format in LISTS else "Record"
    print(f"{what} written to {written}")
    return EXIT_OK


def _links_files(args) -> tuple[Path, Path]:
    """The CSV and the printable page ``floor links`` writes: ``-o`` (a file, or a
    folder for MEETING-links.csv in it) and the same name with .html.

    Raises:
        CliError: the folder is missing, or either file exists (links are never overwritten:
            the old file may hold the only copy of live links).
    """
    output = args.output or Path(f"{args.meeting}-links.csv")
    if output.is_dir():
        output = output / f"{args.meeting}-links.csv"
    if output.suffix.lower() != ".csv":
        raise CliError(f"-o {output}: give a .csv file (the printable page goes next to it, as .html)")
    if not output.parent.is_dir():
        raise CliError(f"no folder {output.parent}: create it first, or give -o a file in an existing folder")
    page = output.with_suffix(".html")
    for path in (output, page):
        if path.exists():
            raise CliError(f"{path} exists: links are never overwritten (it may hold the only copy of live links); "
                           "move it away or give another -o")
    return output, page


def cmd_links(args) -> int:
    """Issue (or reissue, or revoke) participants' personal links; write them
    as a CSV for a mail merge and a printable page, once the links are committed."""
    import os

    from models import procedure
    from models.exports import write_atomically
    from models.link_sheets import links_csv, links_html
    from tui.serve import address_for_links, in_url

    store = _store(args)
    meeting = store.meeting(args.meeting)
    if meeting is None:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}")
    _log_network_share(args, store, args.meeting)
    now = _clock(store)[0].now()
    if args.revoke:
        if args.reissue is not None or args.category:
            raise CliError("--revoke goes alone (then --reissue ID gives a new link)")
        for key in args.revoke:
            try:
                entry = procedure.revoke_link(store, args.meeting, now, key)
            except procedure.ProcedureError as exc:
                raise CliError(str(exc)) from exc
            print(entry.summary, file=sys.stderr)
        return EXIT_OK
    known = set(meeting.settings.get("categories", [])) | {p.category for p in _participants(store, args.meeting)}
    if args.category and args.category not in known:
        raise CliError(f"no category '{args.category}' in {args.meeting} (it has: {', '.join(sorted(known))})")
    base_url = args.base_url or f"http://{in_url(address_for_links('0.0.0.0'))}:8000"
    if not base_url.startswith(("http://", "https://")):
        raise CliError(f"--base-url {base_url}: give an address that starts with http:// or https://")
    csv_path, page_path = _links_files(args)
    keys = args.reissue or None
    try:
        issued = procedure.issue_links(store, args.meeting, now, category=args.category, keys=keys,
                                       reissue=args.reissue is not None)
    except procedure.ProcedureError as exc:
        raise CliError(str(exc)) from exc
    if issued.links:
        try:  # written once the links are committed; the tokens are nowhere else: only this user may read them
            for path, text, newline in ((csv_path, links_csv(issued.links, base_url), ""),
                                        (page_path, links_html(meeting.title, issued.links, base_url), "\n")):
                write_atomically(path, text, newline=newline)
                os.chmod(path, 0o600)
        except OSError as exc:
            raise CliError(f"the links were issued but cannot be written to {exc.filename or csv_path}: "
                           f"{exc.strerror or exc}; run again with --reissue to replace them") from exc
    n, kept = len(issued.links), len(issued.kept)
    print(f"{n} link{'s' if n != 1 else ''} {'reissued' if args.reissue is not None else 'issued'}"
          + (f", written to {csv_path} and {page_path}" if n else "")
          + (f"; {kept} participant{'s' if kept != 1 else ''} kept their live link (--reissue to replace)" if kept else ""),
          file=sys.stderr)
    return EXIT_OK


def _participants(store, meeting_id: str) -> list:
    from models.state import read_meeting

    with store.read() as s:
        return read_meeting(s, meeting_id)[2]


def cmd_import_roster(args) -> int:
    """Add participants from a CSV roster; every bad row reported, nothing half-imported."""
    from models import procedure
    from models.agenda import AgendaError
    from models.roster import read_roster_csv

    store = _store(args)
    meeting = store.meeting(args.meeting)
    if meeting is None:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}")
    from models.state import load_state

    existing = load_state(store, args.meeting).participants
    warnings: list = []
    updates: list = []
    try:
        specs = read_roster_csv(args.roster, meeting.settings.get("categories", []), meeting.settings.get("limits_s", {}),
                                existing, warnings=warnings, updates=updates)
    except AgendaError as exc:
        _print_problems(exc, args.roster)
        return EXIT_USAGE
    for warning in warnings:
        print(warning, file=sys.stderr)
    skipped = [w for w in warnings if w.line > 1]  # line 1: the header's ignored columns
    _log_network_share(args, store, args.meeting)
    now = _clock(store)[0].now()
    if specs:
        procedure.import_roster(store, args.meeting, now, specs=specs)
    if updates:
        procedure.update_participation(store, args.meeting, now, changes=updates)
    from models.unstyle import visible

    for change in updates:
        print(visible(participation_change_line(change)))
    print(f"{len(specs)} participant(s) added to {args.meeting} from {args.roster}"
          + (f"; {len(updates)} participation(s) updated" if updates else "")
          + (f"; {len(skipped)} already in the meeting, skipped" if skipped else ""))
    return EXIT_OK


def participation_change_line(change) -> str:
    """How ``floor import-roster`` reports a participant's accreditation
    changed by a re-imported roster (``models.roster.ParticipationChange``):
    "status updated: Objected Org objected_to → approved; date — → 2026-11-28;
    basis '' → 'Objection withdrawn'" (only what changed)."""
    (was_status, was_on, was_basis), (status, on, basis) = change.was, change.now
    parts = [f"status updated: {change.delegation} {was_status} → {status}" if status != was_status
             else f"participation updated: {change.delegation} ({status})"]
    if on != was_on:
        parts.append(f"date {was_on or '—'} → {on or '—'}")
    if basis != was_basis:
        parts.append(f"basis '{was_basis}' → '{basis}'")
    return "; ".join(parts)


def cmd_finalize(args) -> int:
    """Lock the record."""
    from models import procedure

    store = _store(args)
    if store.meeting(args.meeting) is not None:
        _log_network_share(args, store, args.meeting)
    try:
        entry = procedure.finalize(store, args.meeting, _clock(store)[0].now(), without_summary=args.without_summary,
                                   despite_warnings=args.despite_warnings)
    except procedure.ProcedureError as exc:
        raise CliError(str(exc)) from exc
    from models.unstyle import visible

    print(f"{args.meeting}: {entry.summary.lower()}")
    if "summary_not_stored" in entry.detail:  # the names are data: printed as text
        print(visible(f"The chair's summary was not stored for search (--without-summary): the rapporteur's notes "
                      f"name participants ({entry.detail['summary_not_stored']}), and a non-attributed summary names "
                      "nobody. floor search still finds the notes."), file=sys.stderr)
    elif entry.detail.get("summary_passages"):
        print(f"The chair's summary was stored for search ({entry.detail['summary_passages']} passage(s)).")
    return EXIT_OK


def cmd_attach(args) -> int:
    """Attach a written statement: the file read and checked first (nothing written on a bad one), then one action."""
    from models import procedure
    from models.statement_files import StatementFileError, read_statement
    from models.unstyle import visible

    try:
        statement = read_statement(args.file)
    except StatementFileError as exc:
        raise CliError(str(exc)) from exc
    store = _store(args)
    if store.meeting(args.meeting) is None:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}")
    _log_network_share(args, store, args.meeting, actor="secretariat")
    try:
        entry = procedure.attach_statement(store, args.meeting, _clock(store)[0].now(), args.participant, statement,
                                           reason=args.reason, item_number=args.item, title=args.title)
    except procedure.ProcedureError as exc:
        raise CliError(str(exc)) from exc
    print(visible(f"{entry.summary} (SHA-256 {statement.sha256})"))
    return EXIT_OK


def cmd_correct(args) -> int:
    """Correct one intervention, found by its Annex II number."""
    from models import procedure
    from models.minutes import build_minutes

    store = _store(args)
    now = _clock(store)[0].now()
    try:
        rec = build_minutes(store, args.meeting, now)
    except KeyError:
        raise CliError(f"no meeting '{args.meeting}' in {store.url}") from None
    match = [sp for it in rec.items for sp in it.speakers if sp.order == args.number]
    if not match:
        raise CliError(f"no intervention number {args.number} in Annex II of {args.meeting}")
    _log_network_share(args, store, args.meeting)
    try:
        entry = procedure.correct(store, args.meeting, now, intervention_id=match[0].intervention_id,
                                  field=args.field, value=args.value)
    except procedure.ProcedureError as exc:
        raise CliError(str(exc)) from exc
    from models.unstyle import visible

    print(visible(entry.summary))
    return EXIT_OK


def cmd_backup(args) -> int:
    """Write a backup of the whole database now, or list the backups."""
    from models.backup import BackupError, backup, list_backups
    from models.backup_paths import backup_name, backups_dir
    from models.clock import SystemClock

    store = _store(args)
    store.dispose()
    if args.list:
        found = list_backups(store.url)
        for path in found:
            print(f"{path}\t{path.stat().st_size:,} bytes")
        if not found:
            print(f"no backups in {backups_dir(store.url)}")
        return EXIT_OK
    target = args.output or backups_dir(store.url) / backup_name(SystemClock().now(), "manual")
    try:
        backup(store.url, target)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"backup written: {target}")
    return EXIT_OK


def cmd_copy(args) -> int:
    """Copy a meeting (or every meeting) between two databases, any engines."""
    from models.backup import BackupError, copy_meetings
    from models.schema import SchemaError
    from models.store import Store

    for db in (args.source, args.target):
        _no_password(db)
    if Store.url_for(args.source) == Store.url_for(args.target):
        raise CliError("--from and --to name the same database")
    if _missing_file(args.source):
        raise CliError(f"no database at {args.source}")
    try:
        copied = copy_meetings(args.source, args.target, args.meeting, replace=args.force)
    except (BackupError, SchemaError) as exc:
        raise CliError(str(exc)) from exc
    print(f"{len(copied)} meeting(s) copied from {args.source} to {args.target}: {', '.join(copied) or 'none'}")
    return EXIT_OK


def cmd_restore(args) -> int:
    """Replace the database with a backup, after backing up what it replaces."""
    from models import presence
    from models.backup import BackupError, restore
    from models.clock import SystemClock
    from models.store import Store, default_db_path

    db = str(args.db or default_db_path())
    _no_password(db)
    now = SystemClock().now()
    if not _missing_file(db):  # a database is there: not while a Floor screen has it open
        store = _store(args)
        open_now = presence.open_screens(store, now)
        store.dispose()
        if open_now and not args.force:
            roles = ", ".join(sorted({f"{row.role} (process {row.pid} on {row.host})" for row in open_now}))
            raise CliError(f"Floor screens have {db} open: {roles}; close them first (or --force)")
    _refuse_network_share(args, db)
    url = Store.url_for(db)
    try:
        kept = restore(url, args.backup, now)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"restored {db} from {args.backup}" + (f"; what it replaced is kept in {kept}" if kept else ""))
    return EXIT_OK


COMMANDS = {"copy": cmd_copy, "backup": cmd_backup, "restore": cmd_restore, "notes": cmd_notes, "display": cmd_display, "serve": cmd_serve, "links": cmd_links, "finalize": cmd_finalize, "correct": cmd_correct, "attach": cmd_attach, "import-roster": cmd_import_roster, "check": cmd_check, "run": cmd_run, "list": cmd_list, "series": cmd_series, "search": cmd_search, "register": cmd_register, "trends": cmd_trends, "plan": cmd_plan, "publish": cmd_publish, "status": cmd_status, "export": cmd_export}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``floor`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        _no_password(str(args.db or ""))  # before anything could repeat it
        return COMMANDS[args.command](args)
    except CliError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback: one line that says what to do
        from models.store import safe_url

        return _failed(exc, safe_url(getattr(args, "db_name", None) or str(args.db or "the database")))


def _failed(exc: Exception, db: str) -> int:
    """Say what failed in one line; return the exit status (see ``main``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from models.store import StoreError, database_fault

    if isinstance(exc, (StoreError, SQLAlchemyError)) or type(exc).__module__ == "sqlite3":
        fault = database_fault(exc, db)
        _err(fault.message)
        return fault.exit_status
    if isinstance(exc, OSError):
        _err(f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}")
        return EXIT_FAIL
    _err(f"unexpected error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
         "nothing more was written — please report it")
    return EXIT_FAIL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def console() -> None:  # pragma: no cover - thin wrapper
    """Console-script wrapper: exit with :func:`main`'s status."""
    sys.exit(main())
