"""Inscribing a speaker: type-ahead over the roster."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models.categories import label
from models.procedure.participation import WORDS, eligible, status_of
from models.roster import search
from models.tables import Participant
from tui.literal import literal
from tui.widgets.text import TextInput


class InscribeScreen(ModalScreen[str | None]):
    """Type a delegation, an id, a speaker's name or another name (accents
    optional: "cote" finds "Côte d'Ivoire", "turkey" finds "Türkiye"); Up/Down
    choose, Enter inscribes, Esc cancels. Dismisses with the participant's
    key, or None.

    Enter takes only a match the chair can see is meant: the one match, the
    one whose id is exactly what was typed, or the one highlighted with the
    arrows (or the mouse). With several matches and none highlighted, Enter
    says so and inscribes nobody.

    ``title`` names what the choice is for (inscribing, a point of order, a
    right of reply); with ``ask_subject`` a second field asks for the subject
    and the screen dismisses with "KEY\tsubject".
    """

    DEFAULT_CSS = """
    InscribeScreen { align: center middle; }
    InscribeScreen > Vertical { width: 90%; max-width: 100; height: 80%; border: thick $primary; background: $surface; padding: 0 1; }
    InscribeScreen OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="inscribe_cancel"),
        Binding("down", "cursor(1)", "Next match", id="inscribe_down", show=False),
        Binding("up", "cursor(-1)", "Previous match", id="inscribe_up", show=False),
    ]

    #: Matches listed at once (the best first); a long roster is narrowed by typing.
    SHOWN = 50

    def __init__(
        self, participants: Sequence[Participant], title: str = "Inscribe a speaker", ask_subject: bool = False
    ) -> None:
        super().__init__()
        self.participants = list(participants)
        self.title_text = title
        self.ask_subject = ask_subject

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text.assemble((literal(self.title_text), "bold"),
                                       " — type a delegation, id or name; Enter to choose, Esc to cancel"))
            yield TextInput(placeholder="e.g. cote, ST-CIV, Placeholder", id="query")
            if self.ask_subject:
                yield TextInput(placeholder="Subject (optional), then Enter", id="subject")
            yield OptionList(id="matches")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "query":
            self._fill(event.value)

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        found = search(self.participants, query)
        shown = []
        for p in found[:self.SHOWN]:  # names are data: a Text prompt, never markup ("[/bold]" is a name)
            extra = f" — for {p.on_behalf_of}" if p.on_behalf_of else ""
            speaker = f" · {p.speaker}" if p.speaker else ""
            role = f" ({p.role})" if p.role else ""
            line = Text(literal(f"{p.delegation}{extra}  [{p.key}] {label(p.category)}{speaker}{role}"))
            if p.note:  # the secretariat's note, for the chair's eyes when inscribing
                line.append(literal(f"  — {p.note}"), style="italic")
            if not eligible(p):  # why an inscription will be refused (the Chair's override still inscribes it)
                line.append(literal(f"  — participation {WORDS.get(status_of(p), status_of(p))}"), style="bold red")
            shown.append(Option(line, id=p.key))
        if len(found) > self.SHOWN:
            shown.append(Option(f"… {len(found) - self.SHOWN} more: type more of the name", disabled=True))
        options.add_options(shown)
        exact = [p for p in found if p.key.casefold() == query.strip().casefold()]
        if len(found) == 1 or len(exact) == 1:  # several: the chair chooses with the arrows
            options.highlighted = found.index(exact[0]) if len(exact) == 1 else 0

    def action_cursor(self, delta: int) -> None:
        """Move the highlighted match."""
        options = self.query_one(OptionList)
        if options.option_count:
            if options.highlighted is None:  # the first arrow press highlights the first (Up: the last) match
                options.highlighted = 0 if delta > 0 else options.option_count - 1
            else:
                options.highlighted = max(0, min(options.option_count - 1, options.highlighted + delta))
            if options.get_option_at_index(options.highlighted).disabled:  # "… N more" is not a participant
                options.highlighted = max(0, options.highlighted - 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            if options.option_count:
                self.notify("Several match: choose one with the arrows (or type more of the name).", severity="warning")
            else:
                self.notify("No participant matches.", severity="warning")
            return
        if self.ask_subject and event.input.id == "query":
            self.query_one("#subject", Input).focus()
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, key: str | None) -> None:
        if self.ask_subject and key is not None:
            self.dismiss(f"{key}\t{self.query_one('#subject', Input).value.strip()}")
        else:
            self.dismiss(key)

    def action_cancel(self) -> None:
        """Close without inscribing anyone."""
        self.dismiss(None)
