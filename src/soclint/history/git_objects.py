"""Git objects as soclint reads them: tree listings, blobs within a size limit, and the
comparison of a working-tree file with a blob.

Blob sizes are asked first (`cat-file --batch-check`), so a blob over the limit
is never read; the others stream from one `cat-file --batch`, one at a time.
A working-tree file is compared with a blob by hashing its bytes here, as git
would store them without filters: git's own comparison (`git diff`,
`hash-object` without `--no-filters`) runs the repository's clean filters and
refreshes the index, which runs its hooks.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from soclint.history.git_command import GitCommand, HistoryUnavailable

# SHA-1 or, in a repository with objectFormat sha256, SHA-256.
OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_HASHES = {40: "sha1", 64: "sha256"}
_CHUNK = 1024 * 1024


LINK_MODE = "120000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True)
class TreeEntry:
    """A file of a tree: its path, git mode, blob and size in bytes (a symbolic link's
    blob is its target; a submodule's is its commit, of size 0)."""

    path: str
    mode: str
    blob: str
    size: int

    @property
    def is_link(self) -> bool:
        return self.mode == LINK_MODE


def list_tree(
    git: GitCommand, treeish: str, pathspec: list[str], submodules: bool = False
) -> dict[str, TreeEntry]:
    """The files of `treeish` under `pathspec` (all when empty), by path from the top;
    with `submodules`, the submodules too."""
    output = git.text("ls-tree", "-r", "-l", "-z", "--full-tree", treeish, "--", *pathspec)
    kinds = ("blob", "commit") if submodules else ("blob",)
    files: dict[str, TreeEntry] = {}
    for record in output.split("\0"):
        meta, tab, path = record.partition("\t")
        fields = meta.split()
        if tab and len(fields) == 4 and fields[1] in kinds:
            size = int(fields[3]) if fields[3].isdigit() else 0
            files[path] = TreeEntry(path, fields[0], fields[2], size)
    return files


def _checked(blobs: Iterable[str]) -> list[str]:
    wanted = sorted(set(blobs))
    for blob in wanted:
        if not OBJECT_ID.fullmatch(blob):
            raise HistoryUnavailable(f"'{blob}' is not a git object id")
    return wanted


@contextmanager
def id_lines(names: list[str]) -> Iterator[IO[bytes]]:
    """Object ids `names` one a line, in a file: git reads its input while soclint reads
    its output."""
    with tempfile.TemporaryFile() as requests:
        requests.write("".join(f"{name}\n" for name in names).encode("ascii"))
        requests.seek(0)
        yield requests


def blob_sizes(git: GitCommand, blobs: Iterable[str]) -> dict[str, int]:
    """The size in bytes of each of `blobs`; HistoryUnavailable when one is not a blob here."""
    wanted = _checked(blobs)
    if not wanted:
        return {}
    with id_lines(wanted) as requests:
        output = git.text("cat-file", "--batch-check", stdin=requests)
    sizes: dict[str, int] = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] == "blob" and fields[2].isdigit():
            sizes[fields[0]] = int(fields[2])
    for blob in wanted:
        if blob not in sizes:
            raise HistoryUnavailable(f"git cannot read object {blob[:7]}")
    return sizes


def read_blobs(
    git: GitCommand, blobs: Iterable[str], limit: int, sizes: dict[str, int] | None = None
) -> Iterator[tuple[str, bytes | None]]:
    """Each of `blobs` with its bytes, or None when it is larger than `limit` bytes.

    `sizes` are the blobs' sizes when a tree listing gave them (else git is asked).
    Only the blob being yielded is held in memory.
    """
    sizes = blob_sizes(git, blobs) if sizes is None else {b: sizes[b] for b in set(blobs)}
    small = [blob for blob, size in sizes.items() if size <= limit]
    for blob, size in sizes.items():
        if size > limit:
            yield blob, None
    if not small:
        return
    with id_lines(small) as requests, git.stream("cat-file", "--batch", stdin=requests) as output:
        for blob in small:
            header = output.readline(200).split()
            if len(header) != 3 or header[0].decode("ascii", "replace") != blob:
                raise HistoryUnavailable(f"git cannot read object {blob[:7]}")
            size = int(header[2])
            if size != sizes[blob]:
                raise HistoryUnavailable(f"git cannot read object {blob[:7]}")
            data = output.read(size)
            output.read(1)  # the newline after each object
            yield blob, data


def _hasher(like: str) -> hashlib._Hash:
    return hashlib.new(_HASHES.get(len(like), "sha1"))


def matches_blob(file: Path, entry: TreeEntry) -> bool | None:
    """Whether `file` holds exactly the bytes of `entry`'s blob; None when nothing is there.

    A symbolic link is compared by its target, as git stores it; anything but
    a file or a link (a folder, a pipe) does not match.
    """
    try:
        status = os.lstat(file)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if stat.S_ISLNK(status.st_mode):
        try:
            target = os.fsencode(os.readlink(file))
        except OSError:
            return False
        digest = _hasher(entry.blob)
        digest.update(b"blob %d\0%s" % (len(target), target))
        return digest.hexdigest() == entry.blob
    if not stat.S_ISREG(status.st_mode) or status.st_size != entry.size:
        return False
    return _file_hash(file, entry) == entry.blob


def _file_hash(file: Path, entry: TreeEntry) -> str | None:
    """The blob id of the regular file `file` of `entry.size` bytes; None if it changed."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(file, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        digest = _hasher(entry.blob)
        digest.update(b"blob %d\0" % entry.size)
        read = 0
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > entry.size:
                return None
            digest.update(chunk)
    return digest.hexdigest() if read == entry.size else None
