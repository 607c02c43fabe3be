"""Real database faults for tests: a full disk (SQLite's ``max_page_count``)
and a lock held by another connection."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event

from models.store import Store

#: SQLite's largest page count: no limit.
NO_LIMIT = 1073741823


class FullDisk:
    """Makes the store's writes fail with SQLITE_FULL ("database or disk is
    full"), as a full disk does: every connection the writer takes is limited
    to the pages the file has (``PRAGMA max_page_count``), and :meth:`fill`
    fills the pages' free room first, so the next write that needs a page fails.
    :meth:`lift` frees the disk again."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.limited = False
        event.listen(store.engine, "checkout", self._limit)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS test_filler (junk BLOB)")

    def _limit(self, dbapi_connection, _record, _proxy) -> None:
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA max_page_count={1 if self.limited else NO_LIMIT}")  # 1: as small as the file is now
        cur.close()

    def fill(self) -> None:
        """The disk is full from now on: no page is left for a write."""
        self.limited = True
        self.store.engine.dispose()  # every connection from now on gets the limit
        for size in (2000, 500, 100, 20):
            while True:
                try:
                    with self.store.engine.begin() as conn:
                        conn.exec_driver_sql("INSERT INTO test_filler VALUES (zeroblob(?))", (size,))
                except Exception as exc:  # noqa: BLE001 - SQLITE_FULL is what we wait for
                    assert "full" in str(exc), exc
                    break

    def lift(self) -> None:
        """Space was freed."""
        self.limited = False
        self.store.engine.dispose()


def hold_write_lock(path) -> sqlite3.Connection:
    """Another process's connection holding the write lock (``BEGIN IMMEDIATE``)
    until ``.rollback()``."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn
