"""Where backups of a Floor database go and what they are called.

Shared by ``models.backup`` (backups and restores) and ``models.schema``
(the copy taken before an upgrade); imports nothing of Floor.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL, or None (in-memory, or another engine)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backups_dir(url: str) -> Path:
    """Where the automatic backups of the database at ``url`` go."""
    path = sqlite_path(url)
    if path is not None:
        return path.with_name(path.name + ".backups")
    from platformdirs import user_data_path

    parsed = make_url(url)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{parsed.get_backend_name()}-{parsed.host or 'local'}-{parsed.database}")
    return user_data_path("floor", appauthor=False) / "backups" / name


def backup_name(now: datetime, reason: str) -> str:
    """``floor-20261129T142300.123456Z-<reason>.db``: sorts by time (UTC)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"floor-{stamp}-{re.sub(r'[^a-z0-9_-]+', '-', reason.lower())}.db"


def copy_sqlite_file(source: Path, target: Path, check: bool = False) -> str:
    """Copy the SQLite file ``source`` into the new file ``target`` with
    SQLite's online backup API (a consistent snapshot while others write):
    written as ``<target>.partial``, made one self-contained file (rollback
    journal), then renamed into place; the partial file never stays.

    With ``check``, the copy is checked first (``PRAGMA quick_check``) and,
    if damaged, not kept. Returns "ok" or what the check found.

    Raises:
        sqlite3.Error, OSError: the copy failed (nothing at ``target``).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True, timeout=5.0)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = dst.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        finally:
            dst.close()
        if verdict == "ok":
            os.replace(partial, target)
        return verdict
    finally:
        src.close()
        partial.unlink(missing_ok=True)


def backup_before_upgrade(url: str, revision: str) -> Path | None:
    """Copy the SQLite database at ``url``, as it is at ``revision``, into its
    backups folder before an upgrade (:func:`copy_sqlite_file`). Returns the
    file, or None for an in-memory database."""
    source = sqlite_path(url)
    if source is None:
        return None
    target = backups_dir(url) / backup_name(datetime.now(UTC), f"before-upgrade-from-{revision}")
    copy_sqlite_file(source, target)
    return target
