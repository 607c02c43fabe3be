"""The rapporteur's desk: notes on a second screen, following the chair live.

Opened by ``floor notes MEETING`` (a second terminal or laptop on the same
database). It reads the meeting every half second, so the current item,
speaker and countdown follow the chair's actions within a second. A note
attaches to the intervention being given when its first key was typed: if the
chair gives the floor to someone else mid-sentence, the note stays where it
was started and the desk offers to follow (F2). The rapporteur can go back to
any earlier intervention or item, filter by text or #tag, and never touches
the speakers list.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static, TextArea

from models import presence, procedure
from models.roster import fold
from models.state import FloorState, NoteRow, load_state, notes_index
from models.summary import names_in, roster_names
from models.timing import remaining_seconds, used_seconds
from models.unstyle import local, minutes_and_seconds, tags_in
from tui.widgets.meeting_bar import MeetingBar
from tui.widgets.notes import NotesArea

#: Seconds between reads of the shared database.
FOLLOW_INTERVAL = 0.5
#: Seconds between heartbeats that make the chair's notes read-only.
BEAT_INTERVAL = 2.0


class RapporteurScreen(Screen):
    """Notes for every intervention and item, with tags and a filter."""

    DEFAULT_CSS = """
    RapporteurScreen #floor-line { height: 1; padding: 0 1; background: $boost; }
    RapporteurScreen #desk { height: 1fr; }
    RapporteurScreen #index { width: 46; }
    RapporteurScreen #filter { height: 3; }
    RapporteurScreen #entries { height: 1fr; }
    RapporteurScreen #editor-pane { width: 1fr; }
    RapporteurScreen #editor { height: 1fr; border: round $secondary; border-title-style: bold; }
    RapporteurScreen #editor:focus { border: round $accent; }
    RapporteurScreen #tags { height: auto; max-height: 4; padding: 0 1; }
    RapporteurScreen #flags { height: auto; max-height: 3; padding: 0 1; color: $warning; }
    """
    BINDINGS = [
        Binding("f2", "follow", "Follow the floor", id="follow", priority=True),
        Binding("ctrl+f,slash", "filter", "Filter", id="filter"),
        Binding("enter", "edit", "Edit notes", id="edit", show=False),
        Binding("x", "export", "Export", id="export", tooltip="Export the minutes, the record or the chair's summary"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("question_mark", "app.help", "Help", id="help", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: FloorState | None = None
        self.rows: list[NoteRow] = []
        self.following = True
        self._current_id: int | None = None
        self._signature: tuple = ()
        self._names: list[str] = []
        self._started_at: datetime | None = None

    def compose(self) -> ComposeResult:
        yield MeetingBar(id="meeting-bar")
        yield Static(id="floor-line")
        with Horizontal(id="desk"):
            with Vertical(id="index"):
                yield Input(placeholder="Filter: words or #tag (Ctrl+F)", id="filter")
                yield DataTable(cursor_type="row", zebra_stripes=True, id="entries")
            with Vertical(id="editor-pane"):
                yield NotesArea(self._save, id="editor")
                yield Static(id="flags")
                yield Static(id="tags")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#entries", DataTable)
        table.add_column("Time", key="time", width=5)
        table.add_column("Who", key="who", width=29)
        table.add_column("", key="mark", width=3)
        self.query_one("#editor", NotesArea).border_subtitle = "Esc: list · F2: follow the floor"
        self._beat()
        self.set_interval(BEAT_INTERVAL, self._beat)
        self.refresh_desk()
        self.set_interval(FOLLOW_INTERVAL, self.refresh_desk)
        self.query_one("#editor", NotesArea).focus() if not self.query_one("#editor", NotesArea).disabled else table.focus()

    # ------------------------------------------------------------------ shared database

    def _beat(self) -> None:
        presence.beat(self.app.store, self.app.meeting_id, "rapporteur", self.app.clock.now())

    def refresh_desk(self) -> None:
        """Read the meeting again and redraw; follow the floor if asked to."""
        app = self.app
        now = app.clock.now()
        self.state = load_state(app.store, app.meeting_id)
        if not self._names:
            self._names = roster_names(self.state.participants)
        self.rows = notes_index(app.store, app.meeting_id)
        self.query_one(MeetingBar).show(self.state, now)
        self._show_floor(now)
        self._show_index()
        self._show_tags()
        current = self.state.current
        current_id = current.id if current else None
        editor = self.query_one("#editor", NotesArea)
        if current_id != self._current_id:
            self._current_id = current_id
            if self.following and current_id is not None and not self._typing():
                self._edit(("intervention", current_id))
        final = self.state.meeting.record_status == "final"
        if editor.read_only != final:
            editor.read_only = final
            editor.border_subtitle = "read-only: the record is final" if final else "Esc: list · F2: follow the floor"
        if editor.target_id is None and not editor.dirty:
            target = self._default_target()
            if target is not None:
                self._edit(target)
        elif not editor.dirty and not editor.has_focus:
            self._reload_editor_text()

    def _typing(self) -> bool:
        """True while a note is being typed (unsaved text, or a key in the last 3 s)."""
        editor = self.query_one("#editor", NotesArea)
        return editor.dirty or (editor.last_key_at is not None and (self.app.clock.now() - editor.last_key_at).total_seconds() < 3)

    def _default_target(self) -> tuple[str, int] | None:
        if self.state and self.state.current:
            return ("intervention", self.state.current.id)
        if self.rows:
            return (self.rows[-1].kind, self.rows[-1].id)
        return None

    # ------------------------------------------------------------------ display

    def _show_floor(self, now: datetime) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        current = self.state.current if self.state else None
        if current is None:
            line.append("Nobody has the floor.", style="dim")
        else:
            p, iv = current.participant, current.intervention
            left = remaining_seconds(iv, now)
            line.append("▶ ", style="bold green")
            line.append(p.delegation, style="bold")
            if iv.reply_number:
                line.append(f" — right of reply ({iv.reply_number})", style="italic")
            if p.on_behalf_of:
                line.append(f" (on behalf of {p.on_behalf_of})")
            line.append(f" · {p.speaker}" if p.speaker else "")
            clock = minutes_and_seconds(used_seconds(iv, now), up=False) if left is None else minutes_and_seconds(left)
            line.append(f" · {clock}", style="bold red" if left is not None and left < 0 else "bold")
            if iv.paused_since is not None:
                line.append("  PAUSED", style="bold reverse")
            editor = self.query_one("#editor", NotesArea)
            if editor.target_kind == "intervention" and editor.target_id != current.id:
                line.append("  — F2: follow the floor", style="yellow")
        self.query_one("#floor-line", Static).update(line)

    def _matches(self, row: NoteRow) -> bool:
        query = self.query_one("#filter", Input).value.strip()
        if not query:
            return True
        words = query.split()
        tags = set(tags_in(row.notes))
        hay = fold(" ".join((row.label, row.speaker, row.notes)))
        return all((w[1:].lower() in tags) if w.startswith("#") else fold(w) in hay for w in words)

    def _show_index(self) -> None:
        table = self.query_one("#entries", DataTable)
        tz = self.state.meeting.timezone if self.state else "UTC"
        shown = [r for r in self.rows if self._matches(r)]
        signature = tuple((r.kind, r.id, r.notes, r.status) for r in shown) + (self._current_id,)
        if signature == self._signature:
            return
        self._signature = signature
        selected = None
        if table.row_count:
            try:
                selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            except Exception:
                selected = None
        table.clear()
        for r in shown:
            when = local(r.started_at, tz).format("HH:mm") if r.started_at else ""
            style = "bold" if r.kind == "item" else ("bold green" if r.id == self._current_id and r.kind == "intervention" else "")
            mark = "⚠" if names_in(r.notes, self._names) and tags_in(r.notes) else ("✎" if r.notes.strip() else "")
            table.add_row(when, Text(r.label, style=style, overflow="ellipsis", no_wrap=True), Text(mark, style="yellow"),
                          key=f"{r.kind}:{r.id}")
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)

    def _show_tags(self) -> None:
        counts: dict[str, int] = {}
        for r in self.rows:
            for tag in tags_in(r.notes):
                counts[tag] = counts.get(tag, 0) + 1
        topics = self.state.meeting.settings.get("topics", []) if self.state else []
        text = Text("Tags: ", style="bold")
        for tag in list(dict.fromkeys([*topics, *sorted(counts)])):
            text.append(f"#{tag}", style="cyan" if counts.get(tag) else "dim")
            text.append(f" ({counts.get(tag, 0)})  ")
        self.query_one("#tags", Static).update(text)
        editor = self.query_one("#editor", NotesArea)
        named = names_in(editor.text, self._names) if tags_in(editor.text) else []
        self.query_one("#flags", Static).update(
            f"⚠ This tagged note names {', '.join(named)}: rephrase it for the chair's summary." if named else ""
        )

    # ------------------------------------------------------------------ editing

    def _edit(self, target: tuple[str, int]) -> None:
        kind, target_id = target
        row = next((r for r in self.rows if r.kind == kind and r.id == target_id), None)
        editor = self.query_one("#editor", NotesArea)
        if row is None:
            if kind == "intervention" and self.state and self.state.current and self.state.current.id == target_id:
                cur = self.state.current
                row = NoteRow("intervention", cur.id, self.state.item.number if self.state.item else "",
                              cur.intervention.started_at, cur.participant.delegation, cur.participant.speaker,
                              cur.notes)
            else:
                return
        tz = self.state.meeting.timezone if self.state else "UTC"
        when = local(row.started_at, tz).format("HH:mm") if row.started_at else ""
        title = f"Item {row.item_number} — notes on the item" if kind == "item" else f"Notes — {row.delegation} (item {row.item_number}, {when})"
        editor.bind_to(target_id, row.notes, title, kind=kind)
        key = f"{kind}:{target_id}"
        table = self.query_one("#entries", DataTable)
        if key in table.rows:
            table.move_cursor(row=table.get_row_index(key), animate=False)

    def _reload_editor_text(self) -> None:
        editor = self.query_one("#editor", NotesArea)
        row = next((r for r in self.rows if r.kind == editor.target_kind and r.id == editor.target_id), None)
        if row is not None and row.notes != editor.text:
            with editor.prevent(TextArea.Changed):
                editor.load_text(row.notes)

    async def _save(self, target_id: int, text: str) -> None:
        editor = self.query_one("#editor", NotesArea)
        app = self.app
        if editor.saving_kind == "item":
            await app.write(procedure.save_item_notes, app.store, target_id, text, app.clock.now())
        else:
            await app.write(procedure.save_notes, app.store, target_id, text, app.clock.now(), editor.saving_started_at)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        kind, _, target = str(event.row_key.value).partition(":")
        self.following = False
        self._edit((kind, int(target)))
        self.query_one("#editor", NotesArea).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self._signature = ()
            self._show_index()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#entries", DataTable).focus()

    def action_follow(self) -> None:
        """Go back to the intervention being given, and keep following the floor."""
        self.following = True
        if self.state and self.state.current:
            self._edit(("intervention", self.state.current.id))
        self.query_one("#editor", NotesArea).focus()

    def action_export(self) -> None:
        """Open the export dialog."""
        from pathlib import Path

        from tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(Path.cwd(), self.app.meeting_id))

    def action_filter(self) -> None:
        """Put the cursor in the filter."""
        self.query_one("#filter", Input).focus()

    def action_edit(self) -> None:
        """Edit the notes of the selected row."""
        self.query_one("#editor", NotesArea).focus()

    async def flush_notes(self) -> None:
        """Save the note being typed (at quit)."""
        await self.query_one("#editor", NotesArea).flush()

    def on_unmount(self) -> None:
        presence.leave(self.app.store, self.app.meeting_id, "rapporteur")
