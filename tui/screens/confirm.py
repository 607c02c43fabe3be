"""A yes/no question for actions that cannot be taken back lightly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.literal import plain


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; dismisses with True (y / Enter on Yes) or False (n / Esc).
    ``question`` and ``detail`` may name delegations: they are shown as text, never as markup."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 60; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no"),
    ]

    #: The buttons' words (the keys are always n and y).
    NO_LABEL, YES_LABEL = "No (n)", "Yes (y)"

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question, style="bold"))
            if self.detail:
                yield Static(plain(self.detail, breaks=True))
            with Horizontal():
                yield Button(self.NO_LABEL, id="no")
                yield Button(self.YES_LABEL, id="yes", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)


class ObjectionScreen(ConfirmScreen):
    """The objection window of an announced decision: y confirms ("there being
    no objection"), n withdraws, Esc leaves it pending (the line on the chair's
    screen stays; l asks again). Dismisses with True, False or None."""

    BINDINGS = [
        Binding("y", "answer(True)", "Confirm", id="objection_confirm"),
        Binding("n", "answer(False)", "Withdraw", id="objection_withdraw"),
        Binding("escape", "later", "Decide later", id="objection_later"),
    ]

    NO_LABEL, YES_LABEL = "Withdraw (n)", "Confirm (y)"

    def action_later(self) -> None:
        """Leave the announcement pending."""
        self.dismiss(None)
