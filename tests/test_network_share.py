"""A database on a network share is refused (issue 11, case 4).

No NFS server is mounted here: the mount table is injected as text, the way
Linux gives it in /proc/self/mountinfo (proc(5)) and macOS prints it with ``mount``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath

import pytest

from models import network_share as ns
from models.network_share import (
    filesystem_of,
    is_network_filesystem,
    mounts_from_mount_output,
    mounts_from_mountinfo,
    network_share,
)
from models.state import procedural_log
from models.store import Store
from tui import cli

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
31 27 0:40 / /home rw,relatime shared:2 - nfs4 fileserver:/export/home rw,vers=4.2,addr=10.0.0.5
32 31 259:3 / /home/chair/local rw,relatime shared:3 - ext4 /dev/nvme0n1p3 rw
33 27 0:41 / /mnt/Meeting\\040Share rw,relatime - cifs //unog-fs/meetings rw,vers=3.1.1
34 27 0:42 / /mnt/laptop rw,nosuid - fuse.sshfs chair@laptop:/srv rw,user_id=0
35 27 0:43 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs
36 27 0:44 / /srv/cephdata rw - ceph 10.0.0.9:/ rw
"""


@pytest.mark.parametrize(("path", "fstype"), [
    ("/home/rapporteur/floor/floor.db", "nfs4"),
    ("/home/chair/local/floor.db", None),  # a local disk mounted inside the NFS home
    ("/mnt/Meeting Share/tip/floor.db", "cifs"),  # octal escapes in the table: \040 is a space
    ("/mnt/laptop/floor.db", "fuse.sshfs"),
    ("/mnt/c/Users/chair/floor.db", "9p"),
    ("/srv/cephdata/floor.db", "ceph"),
    ("/var/lib/floor/floor.db", None),  # the root file system: ext4
    ("/mnt/cdrom/floor.db", None),  # no mount of its own: the root's
])
def test_the_file_system_of_the_databases_folder_is_found_in_the_mount_table(path, fstype):
    found = network_share(Path(path), mountinfo=MOUNTINFO, platform="linux")
    assert (found.filesystem if found else None) == fstype
    if found:
        assert found.folder == Path(path).parent


def test_the_longest_mount_point_wins_and_a_later_mount_hides_an_earlier_one():
    mounts = [("/", "ext4"), ("/data", "ext4"), ("/data", "nfs"), ("/data/x", "tmpfs")]
    assert filesystem_of(PurePath("/data/meetings"), mounts) == ("/data", "nfs")
    assert filesystem_of(PurePath("/data/x/y"), mounts) == ("/data/x", "tmpfs")
    assert filesystem_of(PurePath("/database"), mounts) == ("/", "ext4")  # not a prefix of the string


def test_malformed_mountinfo_lines_are_skipped():
    assert mounts_from_mountinfo("garbage\n\n1 2 3 / /x rw - nfs srv:/ rw\n") == [("/x", "nfs")]


def test_the_network_file_systems_named_in_the_issue_are_all_refused():
    for fstype in ("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs", "ceph", "glusterfs", "davfs",
                   "NFS4"):
        assert is_network_filesystem(fstype), fstype
    for fstype in ("ext4", "xfs", "btrfs", "apfs", "tmpfs", "overlay", "zfs", "fuse.portal"):
        assert not is_network_filesystem(fstype), fstype


def test_macos_mount_output():
    output = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//chair@unog-fs._smb._tcp.local/Meetings on /Volumes/Meetings (smbfs, nodev, nosuid, mounted by chair)
fileserver:/export on /Volumes/export (nfs, asynchronous)
"""
    assert mounts_from_mount_output(output)[2] == ("/Volumes/Meetings", "smbfs")
    found = network_share(Path("/Volumes/Meetings/tip/floor.db"), mount_output=output, platform="darwin")
    assert found is not None and found.where == "smbfs at /Volumes/Meetings"
    assert network_share(Path("/Users/chair/floor.db"), mount_output=output, platform="darwin") is None


def test_a_windows_unc_path_is_a_network_share():
    found = network_share(Path("//unog-fs/meetings/floor.db"), platform="win32")
    assert found is not None and found.filesystem == "UNC path"


def test_an_unreadable_mount_table_never_stops_floor():
    assert network_share(Path("/home/x/floor.db"), mountinfo="", platform="linux") is None


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def on_nfs(monkeypatch, tmp_path):
    """This test's temporary folder is an NFS mount (the process's mount table says so)."""
    table = f"27 1 259:2 / / rw - ext4 /dev/sda1 rw\n40 27 0:50 / {tmp_path} rw - nfs4 fs:/export rw\n"
    monkeypatch.setattr(ns, "_read_mountinfo", lambda: table)
    monkeypatch.setattr(ns, "_platform", lambda: "linux")
    return tmp_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_floor_run_on_a_network_share_is_refused_with_the_reason_and_the_safe_ways(on_nfs, capsys):
    from tests.replay import SAMPLE_AGENDA

    db = on_nfs / "floor.db"
    assert cli.main(["--db", str(db), "run", str(SAMPLE_AGENDA)]) == 2
    err = capsys.readouterr().err
    assert f"the database {db} is on a network file system (nfs4 at {on_nfs})" in err
    assert "write-ahead log" in err and "https://www.sqlite.org/wal.html" in err
    assert "floor serve" in err and "postgresql+psycopg://" in err and "--i-know" in err
    assert not db.exists() and list(on_nfs.iterdir()) == []  # nothing created


def test_an_existing_database_on_a_network_share_is_left_untouched(store, sample, db_path, monkeypatch, capsys):
    store.dispose()
    before = {p.name: _digest(p) for p in db_path.parent.iterdir()}
    table = f"27 1 259:2 / / rw - ext4 /dev/sda1 rw\n40 27 0:50 / {db_path.parent} rw - cifs //fs/x rw\n"
    monkeypatch.setattr(ns, "_read_mountinfo", lambda: table)
    monkeypatch.setattr(ns, "_platform", lambda: "linux")
    for argv in (["notes", sample], ["display", sample], ["list"], ["status", sample], ["run", sample],
                 ["import-roster", sample, "nothing.csv"], ["restore", "nothing.db"]):
        assert cli.main(["--db", str(db_path), *argv]) == 2, argv
        assert "cifs at" in capsys.readouterr().err
    assert {p.name: _digest(p) for p in db_path.parent.iterdir()} == before


def test_i_know_opens_it_warns_and_logs_it_on_the_meeting(store, sample, db_path, monkeypatch, capsys):
    table = f"27 1 259:2 / / rw - ext4 /dev/sda1 rw\n40 27 0:50 / {db_path.parent} rw - nfs fs:/x rw\n"
    monkeypatch.setattr(ns, "_read_mountinfo", lambda: table)
    monkeypatch.setattr(ns, "_platform", lambda: "linux")
    from tui.app import FloorApp

    monkeypatch.setattr(FloorApp, "run", lambda app: None)
    assert cli.main(["--i-know", "--db", str(db_path), "notes", sample]) == 0
    assert "warning: the database" in capsys.readouterr().err
    last = procedural_log(store, sample)[-1]
    assert last.action == "network_share_override" and last.actor == "rapporteur"
    assert f"nfs at {db_path.parent}" in last.summary and "--i-know notes" in last.summary
    assert last.before is None  # nothing to undo: the chair's z undoes the action before it
    # reading commands and the display open it too, and write nothing
    size = len(procedural_log(store, sample))
    assert cli.main(["--i-know", "--db", str(db_path), "list"]) == 0
    assert cli.main(["--i-know", "--db", str(db_path), "display", sample]) == 0
    assert len(procedural_log(store, sample)) == size


def test_a_database_on_a_local_disk_opens_as_before(store, sample, db_path, monkeypatch):
    monkeypatch.setattr(ns, "_read_mountinfo", lambda: "27 1 259:2 / / rw - ext4 /dev/sda1 rw\n")
    monkeypatch.setattr(ns, "_platform", lambda: "linux")
    assert cli.main(["--db", str(db_path), "list"]) == 0
    reader = Store(db_path)
    assert not [e for e in procedural_log(reader, sample) if e.action == "network_share_override"]
    reader.dispose()
