"""Reading a written statement's file (``floor attach``): its text, hash and media type.

Plain text and Markdown (UTF-8), Word (``.docx``: the paragraphs, with
python-docx) and PDF (the pages' text, with pypdf). The text is what search
and the minutes read; the SHA-256 of the file's bytes lets anyone holding the
file check it is the one attached. Nothing here writes to the database.
"""

from __future__ import annotations

import hashlib
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Media type by file suffix (lower case): the kinds of file a statement may come in.
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}

#: Largest file accepted, in bytes (a statement, not a report's annexes).
MAX_BYTES = 20 * 1024 * 1024

#: Control characters a statement's text never keeps (all but tab and line feed; form feeds between PDF pages too).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class StatementFileError(ValueError):
    """The file cannot be attached; ``str`` names the file and says what was expected."""


@dataclass(frozen=True)
class StatementFile:
    """A statement's file as read: its name (without folders), the SHA-256 of
    its bytes (hex), its media type and its text (paragraphs separated by a
    blank line, no control characters but line feeds and tabs)."""

    file_name: str
    sha256: str
    media_type: str
    text: str


def read_statement(path: str | Path) -> StatementFile:
    """Read a statement's file and extract its text.

    Raises:
        StatementFileError: an unknown kind of file (by its suffix), a file
            that cannot be read, too large, not UTF-8 (text), not a Word or PDF
            file after all, an encrypted PDF, or no text in it (a scanned PDF).
    """
    path = Path(path)
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise StatementFileError(f"{path}: not a kind of file Floor reads; expected one of: {', '.join(MEDIA_TYPES)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise StatementFileError(f"{path}: {size} bytes; a statement's file holds at most {MAX_BYTES} bytes")
        data = path.read_bytes()
    except IsADirectoryError:
        raise StatementFileError(f"{path}: a folder, not a file") from None
    except OSError as exc:
        raise StatementFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".txt", ".md"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise StatementFileError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    elif path.suffix.lower() == ".docx":
        text = _docx_text(path, data)
    else:
        text = _pdf_text(path, data)
    text = _tidy(text)
    if not text:
        raise StatementFileError(f"{path}: holds no text" + (" (a scanned PDF? attach its text instead)"
                                                              if media_type == MEDIA_TYPES[".pdf"] else ""))
    return StatementFile(path.name, hashlib.sha256(data).hexdigest(), media_type, text)


def _docx_text(path: Path, data: bytes) -> str:
    """The paragraphs of a Word file, one blank line between them (tables' cells row by row, after them)."""
    import zipfile

    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise StatementFileError(f"{path}: not a Word (.docx) file: {exc}") from None
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n\n".join(p for p in parts if p.strip())


@contextmanager
def _quiet_pypdf():
    """pypdf's own warnings (its ``pypdf`` logger, Python warnings) silenced
    while a PDF is read: a damaged file makes pypdf print its raw bytes
    ("invalid pdf header: b'\\x86…'") on stderr; Floor says what is wrong itself."""
    import logging
    import warnings

    logger = logging.getLogger("pypdf")  # its modules' loggers ("pypdf._reader") take its level
    was = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(was)


def _pdf_text(path: Path, data: bytes) -> str:
    """The text of every page of a PDF (pypdf), a blank line between pages."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise StatementFileError(f"{path}: reading a PDF needs pypdf (pip install pypdf)") from None
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise StatementFileError(f"{path}: the PDF is encrypted; attach a copy without a password")
            return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except StatementFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise StatementFileError(f"{path}: not a readable PDF: {exc}") from None


def _tidy(text: str) -> str:
    """Line ends made ``\\n``, control characters (and bidirectional overrides) made spaces,
    trailing blanks and runs of blank lines dropped."""
    text = _CONTROLS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
