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


def backup_before_upgrade(url: str, revision: str) -> Path | None:
    """Copy the SQLite database at ``url``, as it is at ``revision``, into its
    backups folder before an upgrade (SQLite's online backup API, on a
    connection of its own). Returns the file, or None for an in-memory database."""
    source = sqlite_path(url)
    if source is None:
        return None
    folder = backups_dir(url)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(datetime.now(UTC), f"before-upgrade-from-{revision}")
    partial = target.with_name(target.name + ".partial")
    src, dst = sqlite3.connect(source, timeout=5.0), sqlite3.connect(partial)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.replace(partial, target)
    return target
