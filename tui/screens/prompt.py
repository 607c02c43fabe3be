"""Small forms: one line of text, and the time-limit dialog."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from tui.literal import plain
from tui.widgets.text import TextInput


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter gives it (empty allowed only if ``allow_empty``), Esc cancels.
    ``question`` and ``value`` may hold data (a delegation, a subject, a title): shown as text, never as markup."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical { width: 80%; max-width: 90; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt_cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "", allow_empty: bool = False) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question))
            yield TextInput(value=self.value, placeholder=self.placeholder)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip() and not self.allow_empty:
            self.notify("Please type something, or Esc to cancel.", severity="warning")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class LimitScreen(ModalScreen[tuple[str | None, int] | None]):
    """Change the time limit of everyone still waiting on the item.

    Choose "all remaining speakers" (a cap: a category already lower keeps its
    limit) or one category, type the new limit in seconds (or m:ss), Enter.
    Dismisses with (None, seconds) for a cap, (category, seconds), or None.
    """

    DEFAULT_CSS = """
    LimitScreen { align: center middle; }
    LimitScreen > Vertical { width: 70; height: auto; border: thick $warning; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="limit_cancel")]
    ALL = "__all__"

    def __init__(self, categories: Sequence[tuple[str, str]], suggestion_s: int | None = None) -> None:
        super().__init__()
        self.categories = list(categories)
        self.suggestion_s = suggestion_s

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Change the time limit[/b] for the speakers still waiting (Enter to apply, Esc to cancel)")
            yield Select([("All remaining speakers (cap)", self.ALL), *self.categories], value=self.ALL, allow_blank=False)
            yield TextInput(
                value=str(self.suggestion_s) if self.suggestion_s else "",
                placeholder="New limit: seconds (180) or minutes:seconds (3:00)",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        seconds = parse_seconds(event.value)
        if seconds is None or seconds < 1:
            self.notify("Type a limit such as 180 or 3:00.", severity="warning")
            return
        choice = self.query_one(Select).value
        self.dismiss((None if choice == self.ALL else str(choice), seconds))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


def parse_seconds(text: str) -> int | None:
    """ "180" → 180, "3:00" → 180, "2:30" → 150; None if not a duration."""
    text = text.strip()
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return int(minutes) * 60 + int(seconds)
        return int(text)
    except ValueError:
        return None


#: How the chair words a change of contingent (the ``K`` key of the chair's screen).
CONTINGENT_HELP = ("Contingent: a category and a change — '10:00' sets it, '+2:00' or '-60' adds or subtracts, "
                   "'reset' removes it, 'share' shares out its overrun. Categories: {categories}")


def parse_contingent(text: str, categories: Sequence[str]) -> tuple[str, dict] | str:
    """Read the chair's words for a contingent change.

    ``text``: "CATEGORY CHANGE" where CHANGE is a duration ("10:00", "600":
    set), a signed one ("+2:00", "-60": add or subtract), "reset" or
    "share". The category may be its id or a unique start of it.

    Returns:
        (action name in ``models.procedure.ACTIONS``, its keyword arguments),
        or a message saying what is wrong.
    """
    words = text.split()
    if len(words) != 2:
        return "Type a category and a change, e.g. 'ngo +2:00'."
    typed, change = words[0].lower(), words[1].lower()
    found = [c for c in categories if c == typed] or [c for c in categories if c.startswith(typed)]
    if len(found) != 1:
        return f"No single category matches '{words[0]}'; categories: {', '.join(categories)}."
    category = found[0]
    if change == "reset":
        return "set_contingent", {"category": category, "reset": True}
    if change == "share":
        return "share_overrun", {"category": category}
    sign = change[0] if change[0] in "+-" else ""
    seconds = parse_seconds(change[1:] if sign else change)
    if seconds is None:
        return f"'{words[1]}' is not a duration (10:00, +2:00, -60), 'reset' or 'share'."
    if sign:
        return "set_contingent", {"category": category, "delta_s": seconds if sign == "+" else -seconds}
    return "set_contingent", {"category": category, "value_s": seconds}
