"""Is a SQLite database on a network file system? Then Floor refuses it.

Floor keeps every SQLite database in write-ahead-log mode (``models.store``),
and SQLite's own documentation says WAL does not work over a network file
system: "All processes using a database must be on the same host computer;
WAL does not work over a network filesystem" (https://www.sqlite.org/wal.html,
"Overview" and "Disadvantages"), because the readers and the writer share an
index in memory (the ``-shm`` file) that a network file system does not share
between machines. A meeting kept in a shared folder opened from two laptops
can be corrupted, silently. So the file system of the database's folder is
looked up before the database is opened:

- Linux: the mount table of the process (``/proc/self/mountinfo``): the mount
  whose mount point is the longest ancestor of the folder, and its type;
- macOS: the output of ``mount`` (``… on /Volumes/share (smbfs, …)``);
- Windows: a UNC path (``\\\\server\\share\\…``) or a drive letter that
  ``GetDriveTypeW`` calls remote (a mapped network drive).

The mount table is text given to the functions here, so tests inject one
(no NFS server is needed to test the refusal).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

#: File system types (as the mount table names them) on which SQLite's WAL is unsafe.
NETWORK_FILESYSTEMS = frozenset({
    # Linux kernel clients
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "openafs", "ceph", "glusterfs", "lustre",
    "gpfs", "coda", "davfs", "orangefs", "beegfs",
    # Linux FUSE clients (the mount table says "fuse.<program>")
    "fuse.sshfs", "sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.ceph-fuse", "fuse.davfs", "fuse.davfs2",
    "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.gvfsd-fuse", "fuse.smbnetfs", "fuse.curlftpfs",
    "fuse.juicefs", "fuse.onedriver",
    # macOS
    "afpfs", "webdav",
})

#: The folder a Windows UNC path names: ``\\server\share\…``.
_UNC = re.compile(r"^[\\/]{2}(?![?.][\\/])")


@dataclass(frozen=True)
class NetworkShare:
    """A database folder found on a network file system.

    ``folder``: the database's folder (absolute); ``filesystem``: its type as
    the system names it ("nfs4", "cifs", "fuse.sshfs", "smbfs", "UNC path",
    "network drive"); ``mount_point``: where that file system is mounted
    ("" when not known: Windows).
    """

    folder: Path
    filesystem: str
    mount_point: str

    @property
    def where(self) -> str:
        """"nfs4 at /mnt/share" (or the type alone)."""
        return f"{self.filesystem} at {self.mount_point}" if self.mount_point else self.filesystem


def _unescape(field: str) -> str:
    """A mount table field with its octal escapes undone ("My\\040Share" → "My Share")."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mounts_from_mountinfo(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of every line of a Linux
    ``/proc/self/mountinfo`` (proc(5): fields 5 and, after the "-", 1), in
    the table's order; malformed lines are skipped."""
    mounts = []
    for line in text.splitlines():
        before, sep, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if not sep or len(fields) < 5 or not tail:
            continue
        mounts.append((_unescape(fields[4]), _unescape(tail[0])))
    return mounts


_MOUNT_LINE = re.compile(r"^.* on (?P<point>/.*?) \((?P<type>[^,)]+)")


def mounts_from_mount_output(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of every line of macOS/BSD ``mount``
    output (``//user@server/share on /Volumes/share (smbfs, nodev, …)``)."""
    mounts = []
    for line in text.splitlines():
        m = _MOUNT_LINE.match(line)
        if m:
            mounts.append((m.group("point"), m.group("type").strip()))
    return mounts


def filesystem_of(folder: PurePath, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount that holds ``folder`` (absolute): (mount point, type) of the
    longest mount point that is the folder or one of its ancestors; of two
    mounts on the same point the later one (it hides the earlier). None if
    no mount point holds it."""
    best: tuple[str, str] | None = None
    for point, fstype in mounts:
        mount = PurePath(point)
        if (folder == mount or mount in folder.parents) and (best is None or len(mount.parts) >= len(PurePath(best[0]).parts)):
            best = (point, fstype)
    return best


def is_network_filesystem(fstype: str) -> bool:
    """True if SQLite's WAL is unsafe on a file system of this type (:data:`NETWORK_FILESYSTEMS`)."""
    return fstype.lower() in NETWORK_FILESYSTEMS


def _folder(db_path: Path) -> Path:
    """The database's folder, absolute, symbolic links resolved (as far as they exist)."""
    return Path(os.path.realpath(db_path.expanduser())).parent


def _platform() -> str:
    return sys.platform


def _read_mountinfo() -> str | None:
    try:
        return Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _read_mount_output() -> str | None:
    import subprocess

    try:
        return subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _windows_share(folder: str) -> str | None:
    """"UNC path" or "network drive" if this Windows folder is on another machine, else None."""
    if _UNC.match(folder):
        return "UNC path"
    drive = PureWindowsPath(folder).drive
    if sys.platform == "win32" and drive:
        import ctypes

        if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return "network drive"
    return None


def network_share(db_path: Path, *, mountinfo: str | None = None, mount_output: str | None = None,
                  platform: str | None = None) -> NetworkShare | None:
    """The network file system the SQLite file ``db_path`` would be on, or
    None (a local disk, or nothing could be told: the check never stops Floor
    on a system it cannot read).

    Args:
        db_path: the database file (it need not exist yet: its folder is looked up).
        mountinfo: Linux: the text of ``/proc/self/mountinfo`` (read when None).
        mount_output: macOS: the output of ``mount`` (run when None).
        platform: ``sys.platform`` (tests give another).
    """
    platform = platform or _platform()
    if platform == "win32" or _UNC.match(str(db_path)):
        found = _windows_share(str(db_path.parent) if _UNC.match(str(db_path)) else str(_folder(db_path)))
        return NetworkShare(Path(db_path).parent, found, "") if found else None
    folder = _folder(db_path)
    if platform.startswith("linux"):
        text = mountinfo if mountinfo is not None else _read_mountinfo()
        mounts = mounts_from_mountinfo(text or "")
    elif platform == "darwin" or "bsd" in platform:
        text = mount_output if mount_output is not None else _read_mount_output()
        mounts = mounts_from_mount_output(text or "")
    else:
        return None
    found = filesystem_of(folder, mounts)
    if found is None or not is_network_filesystem(found[1]):
        return None
    return NetworkShare(folder, found[1], found[0])


#: Why, and what to do instead: said when a database on a network share is refused.
REFUSAL = (
    "SQLite's write-ahead log, which Floor uses, does not work on a network file system "
    "(https://www.sqlite.org/wal.html): a meeting kept there can be corrupted. Nothing was opened. "
    "Safe ways: keep the database on this laptop's own disk (--db /a/local/folder/floor.db, or FLOOR_DB) "
    "and open the rapporteur's desk and the "
    "room's display in other terminals of this laptop (floor notes, floor display); to work from "
    "several machines, serve the desk to browsers from the chair's laptop (floor serve, planned) or "
    "use an organisation's PostgreSQL server (--db postgresql+psycopg://user@host/dbname). "
    "To open it there all the same, at your own risk: floor --i-know … (logged)"
)


def refusal(db: str, share: NetworkShare) -> str:
    """The one-paragraph refusal for the database ``db`` found on ``share``."""
    return f"the database {db} is on a network file system ({share.where}). {REFUSAL}"
