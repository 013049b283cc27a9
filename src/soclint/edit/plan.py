"""Planned edits of files: read once, checked all together, then written, or shown as a diff.

A command that edits several files plans each one from the bytes it read,
gathers every reason to refuse, and writes only when there is none. Before
writing it checks that no file changed since it was read, so an edit is
never made over someone else's: with the folder locks of atomic_write, two
soclint runs take turns, and an editor that saved in between is caught.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from soclint.atomic_write import unwritable, write_atomic
from soclint.document import NO_OWN_KEYS, Document, OwnKeys, document_from_text, read_document
from soclint.edit.front_matter import split_lines
from soclint.errors import UsageError
from soclint.future_dates import in_future


@dataclass(frozen=True)
class Plan:
    """The new `text` of `file` (shown as `path`), planned from the `original` bytes;
    `created` when the file does not exist yet (and `original` is empty)."""

    file: Path
    path: str
    original: bytes
    text: str
    summary: str
    created: bool = False

    @property
    def changed(self) -> bool:
        return self.text.encode("utf-8") != self.original

    def diff(self) -> str:
        """The change as a unified diff, paths as git shows them (a/PATH, b/PATH)."""
        before = split_lines(self.original.decode("utf-8"))
        after = split_lines(self.text)
        source = "/dev/null" if self.created else f"a/{self.path}"
        lines = difflib.unified_diff(before, after, source, f"b/{self.path}")
        return "".join(_terminated(line) for line in lines)


def _terminated(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def read_for_edit(file: Path, path: str, own_keys: OwnKeys = NO_OWN_KEYS) -> tuple[bytes, Document]:
    """The bytes of `file` and the Document they make; UsageError when it cannot be edited.

    `own_keys` are the keys the repository declares as its own, by document type.
    """
    checked = read_document(file, path, own_keys)
    if checked.data is None or checked.problems:
        problem = checked.problems[0] if checked.problems else None
        where = f":{problem.line}" if problem else ""
        raise UsageError(f"{path}{where}: cannot edit: {problem.message if problem else 'no data'}")
    try:
        content = file.read_bytes()
        doc = document_from_text(content.decode("utf-8"), path, own_keys)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot edit: {error}") from None
    if doc.data is None or doc.problems:
        raise UsageError(f"{path}: cannot edit: it changed while soclint was reading it")
    return content, doc


def future_date_refusals(on: date, today: date, what: str) -> list[str]:
    """The refusal of a date no one could have written yet, if `on` is one."""
    if not in_future(on, today):
        return []
    return [
        f"cannot record {what} dated {on.isoformat()}, more than a day after today "
        f"({today.isoformat()})"
    ]


def distinct(messages: Iterable[str]) -> list[str]:
    """`messages` without repeats, in their order."""
    return list(dict.fromkeys(messages))


def _refusals_to_write(plans: list[Plan]) -> list[str]:
    refusals = []
    for plan in plans:
        if plan.created:
            if plan.file.exists() or plan.file.is_symlink():
                refusals.append(
                    f"{plan.path}: the file appeared while soclint was writing the others; "
                    "nothing was written, run the command again"
                )
            elif (reason := unwritable(plan.file)) is not None:
                refusals.append(f"{plan.path}: cannot write it: {reason}")
            continue
        try:
            now = plan.file.read_bytes()
        except OSError as error:
            refusals.append(f"{plan.path}: cannot read it again before writing: {error.strerror}")
            continue
        if now != plan.original:
            refusals.append(
                f"{plan.path}: the file changed while soclint was editing it; "
                "nothing was written, run the command again"
            )
        reason = unwritable(plan.file)
        if reason is not None:
            refusals.append(f"{plan.path}: cannot write it: {reason}")
    return refusals


def write_plans(plans: list[Plan]) -> None:
    """Write every plan that changes its file, or none when any cannot be written (UsageError)."""
    changing = [plan for plan in plans if plan.changed]
    refusals = _refusals_to_write(changing)
    if refusals:
        raise UsageError(*refusals)
    written: list[str] = []
    for plan in changing:
        try:
            write_atomic(plan.file, plan.text.encode("utf-8"))
        except OSError as error:
            done = f" ({', '.join(written)} already written)" if written else ""
            reason = error.strerror or str(error)
            raise UsageError(f"{plan.path}: cannot write it: {reason}{done}") from None
        written.append(plan.path)
