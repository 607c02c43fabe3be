"""Export from the app: pick formats and a folder; the files are written off
the event loop, atomically, with progress, and never over an existing file
without asking.

In a browser (``floor serve``), the files are downloaded by the browser
instead: nothing is written in a folder of the chair's laptop, and its
folders are never shown to a remote desk."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, SelectionList, Static

from models.exports import FORMATS
from tui.widgets.text import TextInput

LABELS = {
    "md": "Minutes — Markdown", "html": "Minutes — HTML (printable)", "docx": "Minutes — Word",
    "txt": "Minutes — plain text", "csv": "Interventions — CSV", "json": "Whole record — JSON",
    "summary": "Chair's summary — Markdown (names nobody)",
}


def _prompt(fmt: str, ticked: bool) -> Text:
    """A format's row: "[x] Minutes — Word" or "[ ] …" — the tick is a word, not only a colour (NO_COLOR)."""
    return Text(("[x] " if ticked else "[ ] ") + LABELS[fmt])


class ExportScreen(ModalScreen[list[Path] | None]):
    """Choose formats (Space) and a folder, then Enter or Export. Dismisses with the files written."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 80; height: auto; max-height: 95%; border: thick $primary; background: $surface; padding: 0 1; }
    ExportScreen SelectionList { height: auto; max-height: 9; }
    ExportScreen Horizontal { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 1; }
    ExportScreen #progress-line { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export_cancel")]

    def __init__(self, folder: Path, meeting_id: str, download: bool | None = None) -> None:
        """``download``: deliver the files to the browser instead of writing them
        in ``folder`` (default: when the app runs in a browser, ``App.is_web``)."""
        super().__init__()
        self.folder = folder
        self.meeting_id = meeting_id
        self._download = download
        self._spool: Path | None = None  # download: the private folder the files are written in first

    @property
    def download(self) -> bool:
        """Whether the files go to the browser as downloads (``floor serve``)."""
        return self.app.is_web if self._download is None else self._download

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Export[/b] — Space ticks a format; Enter in the folder field or Export writes the files")
            ticked = ("md", "docx", "html")
            yield SelectionList[str](*[(_prompt(f, f in ticked), f, f in ticked) for f in FORMATS], id="formats")
            if self.download:
                yield Static("Your browser downloads the files (nothing is written on the chair's laptop).", id="folder")
            else:
                yield TextInput(value=str(self.folder), placeholder="Folder", id="folder")
            with Horizontal(id="progress-line"):
                yield ProgressBar(total=1, show_eta=False, id="progress")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        """Rewrite each row's "[x]" / "[ ]" to match what is ticked."""
        formats = event.selection_list
        selected = set(formats.selected)
        for index, fmt in enumerate(FORMATS):
            formats.replace_option_prompt_at_index(index, _prompt(fmt, fmt in selected))

    def targets(self) -> list[tuple[str, Path]]:
        """(format, file) for each ticked format, in the chosen folder."""
        if self.download:
            if self._spool is None:
                import tempfile

                self._spool = Path(tempfile.mkdtemp(prefix="floor-download-"))
            folder = self._spool
        else:
            folder = Path(self.query_one("#folder", Input).value).expanduser()
        return [(f, folder / f"{self.meeting_id}-minutes{FORMATS[f]}") for f in self.query_one(SelectionList).selected]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.start()

    def start(self) -> None:
        """Check what would be overwritten, ask, then write."""
        from tui.screens.confirm import ConfirmScreen

        targets = self.targets()
        if not targets:
            self.notify("Tick at least one format (Space).", severity="warning")
            return
        existing = [path.name for _, path in targets if path.exists()]
        if existing:
            self.app.push_screen(
                ConfirmScreen("Overwrite existing files?", ", ".join(existing)),
                lambda yes: yes and self.write(targets),
            )
        else:
            self.write(targets)

    @work(group="export", exclusive=True)
    async def write(self, targets: list[tuple[str, Path]]) -> None:
        """Write each file on the app's writer thread, reporting progress."""
        from models.exports import export
        from models.store import DB_ERRORS
        from models.summary import SummaryRefused
        from tui import faults

        app = self.app
        for screen in app.screen_stack:  # notes being typed go into the export
            flush = getattr(screen, "flush_notes", None)
            if flush is not None:
                await flush()
        bar = self.query_one(ProgressBar)
        bar.update(total=len(targets), progress=0)
        written: list[Path] = []
        for fmt, path in targets:
            try:
                written.append(await app.write(export, app.store, app.meeting_id, fmt, path, app.clock.now()))
            except SummaryRefused as exc:
                self.notify(f"Chair's summary not written: notes name participants ({exc}). On the rapporteur's desk, "
                            "F3 puts a neutral subject in their place.", severity="error", timeout=10, markup=False)
            except OSError as exc:
                self.notify(f"{path}: {exc.strerror}", severity="error", timeout=10)
            except DB_ERRORS as exc:  # reading the record failed: the banner says why
                faults.report(app, exc, f"Exporting {path.name}")
            except Exception as exc:  # the chair's screen outlives any export that fails
                self.notify(f"{LABELS[fmt]} not written ({type(exc).__name__}: {exc}); the meeting goes on.",
                            severity="error", timeout=10)
            bar.advance(1)
        if written and self.download:
            for path in written:
                handle = open(path, "rb")  # noqa: SIM115 — deliver_binary closes it
                path.unlink()  # the open handle keeps the bytes; nothing stays on the chair's laptop
                app.deliver_binary(handle, save_filename=path.name)
            self.notify("Downloading: " + ", ".join(p.name for p in written), timeout=8)
        if self._spool is not None and not any(self._spool.iterdir()):  # every file went to the browser
            self._spool.rmdir()
            self._spool = None
        elif written:
            self.notify("Written: " + ", ".join(p.name for p in written) + f" in {written[0].parent}", timeout=8)
        self.dismiss(written)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
