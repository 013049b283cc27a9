"""The bundled example program checks clean, and so does its history of approvals."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, located, run
from gitrepo import commit, init

from soclint.commands import check
from soclint.edit.front_matter import edited_text
from soclint.lifecycle import sign_offs
from soclint.people import roster_people
from soclint.program import load_program


def test_example_checks_clean() -> None:
    report = check(load_program(EXAMPLE))
    assert [f"{f.path}:{f.line}: {f.code} {f.message}" for f in report.findings] == []
    assert report.documents >= 30


def _without(paths: list[tuple[str | int, ...]]) -> Callable[[Any], None]:
    """An edit that removes the sign-off blocks at `paths` from a front-matter."""

    def change(data: Any) -> None:
        for path in paths:
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            parent.pop(path[-1])

    return change


def _history(root: Path, impostor: str | None = None) -> dict[str, int]:
    """A repository of the example whose every sign-off was committed by the person who
    gave it, on its date, as that person's roster address: except the sign-offs of the file
    `impostor`, committed by Tom. Returns the line of each sign-off's `by`, by file."""
    shutil.copytree(EXAMPLE, root)
    init(root)
    program = load_program(root)
    people = roster_people(program.repository)
    texts: dict[str, list[str]] = {}
    events: list[tuple[date, str, int, str]] = []
    lines: dict[str, int] = {}
    for doc in program.repository.documents:
        blocks = sorted(sign_offs(doc), key=lambda block: block.fields["date"])
        text = doc.file.read_text(encoding="utf-8")
        # The file as it stood before its k-th sign-off: the later ones removed.
        texts[doc.path] = [
            edited_text(text, _without([b.key_path for b in blocks[k:]]))
            for k in range(len(blocks))
        ] + [text]
        for k, block in enumerate(blocks):
            events.append((block.fields["date"], doc.path, k + 1, block.fields["by"]))
            lines[doc.path] = doc.locate((*block.key_path, "by"))[0]
    for path, versions in texts.items():
        (root / path).write_text(versions[0], encoding="utf-8")
    commit(root, "The program, before its sign-offs", "2025-11-03", "Priya Raman",
           "priya.raman@kestrelledger.example")  # fmt: skip
    for day, path, k, by in sorted(events):
        (root / path).write_text(texts[path][k], encoding="utf-8")
        name, email = ("Tom Nakamura", "tom.nakamura@kestrelledger.example")
        if path != impostor:
            name, email = str(people[by].row.text("name")), people[by].emails[0]
        commit(root, f"Sign-off in {path}", day.isoformat(), name, email)
    config = root / "soclint.yaml"
    config.write_text(config.read_text().replace("provenance: off", "provenance: author"))
    return lines


@pytest.mark.slow
def test_the_example_history_proves_every_approval_by_its_approver(tmp_path: Path) -> None:
    root = tmp_path / "kestrel"
    _history(root)

    assert located(run(root)) == []


@pytest.mark.slow
@pytest.mark.parametrize("impostor", ["policies/access-control.md", "registers/risks.md"])
def test_a_sign_off_committed_by_someone_else_is_not_proven(tmp_path: Path, impostor: str) -> None:
    root = tmp_path / "kestrel"
    lines = _history(root, impostor)

    report = run(root)

    assert {(f.code, f.path) for f in report.findings} == {("A019", impostor)}
    assert lines[impostor] in {f.line for f in report.findings}
    assert all("by Tom Nakamura <tom.nakamura@kestrelledger.example>" in f.message
               for f in report.findings)  # fmt: skip
