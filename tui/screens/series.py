"""The "Series" screen (issue 13): the series of meetings and their meetings,
and a search (``/``) of the rapporteur's notes and the chair's summaries
across them (``models.search``); Enter on a hit opens the intervention.

Reached by ``h`` from the chair's screen and the rapporteur's desk, and by
``floor series --screen [SERIES]`` (read-only: the display's role). Its tabs
leave room for more views of a series (the "Trends" panel of issue 13 point 4
goes in a second ``TabPane`` beside "Meetings & search").
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from models.search import Found, Hit, SearchError, open_hit, search
from models.series import SeriesListing, list_series
from models.unstyle import minutes_and_seconds, un_time_range
from tui.literal import plain

#: The label of the option that searches every series.
EVERY_SERIES = "every-series"


class SeriesScreen(Screen[None]):
    """The series in the database (left), the selected series' meetings
    (right), and below them the search: ``/`` opens the field, Enter searches
    the selected series (or every meeting when "All meetings" is selected),
    Enter on a hit opens it (:class:`FoundScreen`), Esc goes back.

    Args:
        series_id: the series selected first (None: the meeting's own series
            when opened over a meeting, else the first).
        standalone: the app's only screen (``floor series --screen``): ``q``
            quits the app; otherwise ``q`` and Esc return to the screen below.
    """

    #: Hits read per search (the first page, best first).
    PAGE = 50

    BINDINGS = [
        Binding("slash", "search", "Search", id="series_search", tooltip="Search the notes and chair's summaries"),
        Binding("escape", "back", "Back", id="series_back"),
        Binding("q", "close", "Close", id="series_close"),
        Binding("question_mark", "app.help", "Help", id="series_help", show=False),
    ]

    def __init__(self, series_id: str | None = None, standalone: bool = False) -> None:
        super().__init__()
        self.series_id = series_id
        self.standalone = standalone
        self.listing: list[SeriesListing] = []
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Series", "bold"), " — past meetings and what was said · / search · "
                                   "Enter open · Esc back"), id="series-title")
        with TabbedContent(id="series-tabs"):
            with TabPane("Meetings & search", id="series-meetings"):
                with Horizontal(id="series-listing"):
                    yield OptionList(id="series-list")
                    yield DataTable(id="series-meeting-table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="series-search"):
                    yield Input(placeholder="Words to find (accents and case ignored), then Enter", id="series-query")
                    yield Static(id="series-status")
                    yield DataTable(id="series-hits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from models.store import StoreError
        from tui import faults

        app = self.app
        try:
            self.listing = faults.read_now(app, "Reading the series", list_series, app.store)
            if self.series_id is None and getattr(app, "meeting_id", None):
                meeting = faults.read_now(app, "Reading the series", app.store.meeting, app.meeting_id)
                self.series_id = meeting.series_id if meeting is not None else None
        except StoreError:
            self.listing = []
        options = self.query_one("#series-list", OptionList)
        for one in self.listing:
            options.add_option(Option(plain(f"{one.id} — {one.title}", overflow="ellipsis", no_wrap=True), id=one.id))
        options.add_option(Option(Text("All meetings (every series and none)", style="italic"), id=EVERY_SERIES))
        meetings = self.query_one("#series-meeting-table", DataTable)
        for label, width in (("No.", 4), ("Meeting", 20), ("Date", 10), ("Title", None)):
            meetings.add_column(label, width=width)
        hits = self.query_one("#series-hits", DataTable)
        for label, width in (("Meeting", 18), ("Item", 7), ("Date", 10), ("Delegation", 18), ("Found", None)):
            hits.add_column(label, width=width)
        ids = [one.id for one in self.listing]
        options.highlighted = ids.index(self.series_id) if self.series_id in ids else 0
        self.query_one("#series-status", Static).update(self._status_hint())
        options.focus()

    # ------------------------------------------------------------------ the series and their meetings

    @property
    def selected(self) -> str | None:
        """The id of the series the list has selected (None: every meeting)."""
        options = self.query_one("#series-list", OptionList)
        if options.highlighted is None:
            return None
        chosen = options.get_option_at_index(options.highlighted).id
        return None if chosen == EVERY_SERIES else chosen

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        table = self.query_one("#series-meeting-table", DataTable)
        table.clear()
        one = next((s for s in self.listing if s.id == event.option.id), None)
        for m in one.meetings if one else ():
            table.add_row(Text("" if m.number is None else str(m.number)), plain(m.id), plain(m.date),
                          plain(m.title, overflow="ellipsis", no_wrap=True))
        if not self.query_one("#series-query", Input).has_focus:
            self.query_one("#series-status", Static).update(self._status_hint())

    def _status_hint(self) -> Text:
        if not self.listing:
            return Text("No series in this database yet (an agenda names its series, or floor series MEETING "
                        "--move SERIES). / searches every meeting.")
        where = self.selected
        return Text.assemble("/ searches ", plain(f"series {where}") if where else "every meeting",
                             ": the rapporteur's notes and the chair's summaries.")

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        """Open the search field (and put the cursor in it)."""
        self.add_class("-searching")
        self.query_one("#series-query", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        from models.store import StoreError
        from tui import faults

        text, where = event.value, self.selected
        try:
            self.hits = faults.read_now(self.app, "Searching", search, self.app.store, text, series=where,
                                        limit=self.PAGE)
        except SearchError as exc:
            self.app.notify(str(exc), severity="warning")
            return
        except StoreError:
            return
        table = self.query_one("#series-hits", DataTable)
        table.clear()
        for hit in self.hits:
            table.add_row(*self._cells(hit))
        scope = f"series {where}" if where else "every meeting"
        found = f"{len(self.hits)} found" if self.hits else "Nothing found"
        more = " (the best first; refine the words to see others)" if len(self.hits) == self.PAGE else ""
        self.query_one("#series-status", Static).update(
            Text.assemble(f"{found} for ", plain(repr(text)), " in ", plain(scope), more,
                          " · Enter opens the highlighted one" if self.hits else ""))
        if self.hits:
            table.move_cursor(row=0, animate=False)
            table.focus()

    @staticmethod
    def _cells(hit: Hit) -> list[Text]:
        """A hit as the table shows it; a passage of a chair's summary marked as such."""
        if hit.source == "summary":
            return [plain(hit.meeting_id), Text("summary", style="italic"), plain(hit.date),
                    Text("chair's summary", style="italic"), plain(hit.snippet, overflow="ellipsis", no_wrap=True)]
        return [plain(hit.meeting_id), plain(hit.item_number), plain(hit.date), plain(hit.delegation or ""),
                plain(hit.snippet, overflow="ellipsis", no_wrap=True)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "series-hits" or not 0 <= event.cursor_row < len(self.hits):
            return
        event.stop()
        from models.store import StoreError
        from tui import faults

        try:
            found = faults.read_now(self.app, "Opening the note", open_hit, self.app.store, self.hits[event.cursor_row])
        except KeyError:
            self.app.notify("That note is no longer in the database (changed since the search): search again.",
                            severity="warning")
            return
        except StoreError:
            return
        self.app.push_screen(FoundScreen(found))

    # ------------------------------------------------------------------ leaving

    def action_back(self) -> None:
        """Esc: from the search field or the hits, back to the series; from the series, back to the screen below."""
        if self.has_class("-searching"):
            self.remove_class("-searching")
            self.query_one("#series-list", OptionList).focus()
            return
        self.action_close()

    def action_close(self) -> None:
        """``q``: back to the screen below (the chair's screen, the desk); alone, quit."""
        if self.standalone:
            self.app.exit()
        else:
            self.dismiss()


class FoundScreen(ModalScreen[None]):
    """One hit opened: the meeting, the item, the speaker and delegation (only
    where the record is attributed), the intervention's times and the whole
    note — or the chair's summary passage — as plain text. Esc closes it."""

    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close", id="close_found")]

    def __init__(self, found: Found) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="found"):
            yield Static(self.head(), id="found-head")
            yield Static(plain(self.found.text, breaks=True), id="found-text")
        yield Footer()

    def head(self) -> Text:
        """The lines above the text: where and who, as plain text."""
        f, hit = self.found, self.found.hit
        lines = [Text.assemble(plain(f"{hit.meeting_id} — {f.title}", style="bold"), " · ", plain(hit.date))]
        if hit.source == "summary":
            lines.append(Text.assemble(("Chair's summary", "italic"),
                                       *((" — ", plain(hit.heading)) if hit.heading else ())))
        else:
            lines.append(plain(f"Item {hit.item_number}: {f.item_title}"))
            if f.delegation:
                lines.append(plain(f.delegation + (f" — {f.speaker}" if f.speaker else "")))
            elif hit.intervention_id is not None:
                lines.append(Text("Non-attributed record: the speaker is not named.", style="italic"))
            else:
                lines.append(Text("Notes on the item", style="italic"))
            if f.started_at is not None:
                used = f" · {minutes_and_seconds(f.used_s)} used" if f.used_s is not None else ""
                lines.append(plain(un_time_range(f.started_at, f.ended_at, f.timezone) + used))
        return Text("\n").join(lines)
