"""Replacing a file in one step, one soclint writer per folder at a time.

A file is written to a temporary file beside it, flushed to disk and renamed
over the original, so a crash or `kill -9` leaves either the old file or the
new one. Every writer first takes an advisory lock on the folder (flock on the
folder itself, released by the kernel when the process dies, so no lock file
is ever left behind). Temporary files are named `.NAME.soclint-XXXXXXXX.tmp`
and only ever exist while their writer holds that lock: whoever holds it may
delete any it finds, since they were left by a writer that was killed.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from soclint.errors import UsageError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: writes still atomic, just unlocked
    fcntl = None  # type: ignore[assignment]

TEMPORARY_MARK = ".soclint-"
TEMPORARY_SUFFIX = ".tmp"
LOCK_TIMEOUT_SECONDS = 30.0
_POLL_SECONDS = 0.02

# Folder -> (descriptor, depth): a process that holds a folder's lock may take it again.
_held: dict[Path, tuple[int, int]] = {}


def is_temporary(name: str) -> bool:
    """Whether `name` is one of soclint's temporary files (`.NAME.soclint-XXXXXXXX.tmp`)."""
    return name.startswith(".") and TEMPORARY_MARK in name and name.endswith(TEMPORARY_SUFFIX)


def _remove_leftovers(folder: Path) -> None:
    """Delete the temporary files writers killed mid-write left in `folder` (lock held)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if is_temporary(name):
            leftover = folder / name
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink(missing_ok=True)


def _acquire(descriptor: int, folder: Path, timeout: float) -> bool:
    """Lock `folder` (open as `descriptor`); False where its file system has no locks."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise UsageError(
                    f"{folder}: another soclint command has been writing in this folder for "
                    f"{timeout:.0f} s; try again when it has finished"
                ) from None
            time.sleep(_POLL_SECONDS)
        except OSError:  # e.g. ENOLCK on some network file systems
            return False


def _locked_descriptor(folder: Path) -> int | None:
    """`folder` opened and locked, or None where it cannot be opened or locked."""
    if fcntl is None:
        return None
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        locked = _acquire(descriptor, folder, LOCK_TIMEOUT_SECONDS)
    except BaseException:
        os.close(descriptor)
        raise
    if not locked:
        os.close(descriptor)
        return None
    return descriptor


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the soclint write lock of `folder`; UsageError when another process holds it
    for longer than LOCK_TIMEOUT_SECONDS.

    Where the folder cannot be opened or locks do not exist, writes go ahead
    unlocked: they are still atomic, and leftovers are then left alone.
    """
    folder = folder.resolve()
    if folder in _held:
        descriptor, depth = _held[folder]
        _held[folder] = (descriptor, depth + 1)
    else:
        locked = _locked_descriptor(folder)
        if locked is None:
            yield
            return
        _held[folder] = (locked, 1)
        _remove_leftovers(folder)
    try:
        yield
    finally:
        descriptor, depth = _held[folder]
        if depth > 1:
            _held[folder] = (descriptor, depth - 1)
        else:
            del _held[folder]
            os.close(descriptor)  # closing the descriptor releases the lock


@contextmanager
def folder_locks(folders: list[Path]) -> Iterator[None]:
    """Hold the write locks of all `folders`, taken in one order so that two runs never deadlock."""
    ordered = sorted({folder.resolve() for folder in folders})
    with _nested(ordered):
        yield


@contextmanager
def _nested(folders: list[Path]) -> Iterator[None]:
    if not folders:
        yield
        return
    with folder_lock(folders[0]), _nested(folders[1:]):
        yield


def _read_only(status: os.stat_result) -> bool:
    return stat.S_IMODE(status.st_mode) & 0o222 == 0


def unwritable(file: Path) -> str | None:
    """Why `file` cannot or must not be replaced, or None when it can.

    A file or folder whose mode has no write bit was made read-only on
    purpose, so it is refused even for a user (root) the system would let
    through.
    """
    folder = file.parent
    try:
        if file.exists() and (_read_only(file.stat()) or not os.access(file, os.W_OK)):
            return "the file is read-only"
        if _read_only(folder.stat()) or not os.access(folder, os.W_OK | os.X_OK):
            return "its folder is read-only, so the file cannot be replaced"
    except OSError:
        return None  # the write itself then fails with the system's own reason
    return None


def write_atomic(file: Path, content: bytes) -> None:
    """Replace `file` with `content` in one step, keeping its permissions.

    OSError (PermissionError for a read-only file or folder) leaves `file`
    as it was.
    """
    reason = unwritable(file)
    if reason is not None:
        raise PermissionError(errno.EACCES, reason, str(file))
    mode = stat.S_IMODE(file.stat().st_mode) if file.exists() else 0o644
    with folder_lock(file.parent):
        handle, temporary = tempfile.mkstemp(
            dir=file.parent, prefix=f".{file.name}{TEMPORARY_MARK}", suffix=TEMPORARY_SUFFIX
        )
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(file.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk; some systems cannot sync a folder, which is no error."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
