"""Every rule's documented examples run: the failing one reports the rule, the passing one does
not. How an example is written is in rule_examples.py."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE
from gitrepo import commit, init
from rule_examples import FIRST_COMMIT, VERDICTS, ProgramCopy, documented_blocks, in_git

from soclint.commands import check
from soclint.document import DOCUMENT_TYPES, read_document
from soclint.finding import Finding
from soclint.program import load_program
from soclint.registry import Rule, Subject

RULES = load_program(EXAMPLE).rules
# Examples about a file's bytes, size or kind, which a text block cannot hold, and one
# about who made a commit: the blocks' commits all have one author, so a passing example
# of A019 would need every approval of the program committed by its approver.
# test_examples_no_block_can_show builds them.
NO_BLOCK_CAN_SHOW = {"S004", "S005", "S010", "A019"}
# A change to the file at a path of the program's root.
Change = Callable[[Path, str], None]


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory: pytest.TempPathFactory) -> ProgramCopy:
    return ProgramCopy(tmp_path_factory.mktemp("examples") / "program", EXAMPLE)


# Rules that judge what the others did: which history rules were skipped, what a waiver
# silenced, what a change weakened. Each other rule runs alone, which keeps the examples quick.
JUDGE_OTHER_RULES = {Subject.HISTORY, Subject.WAIVER, Subject.CHANGE}


def _findings(root: Path, rule: Rule) -> list[Finding]:
    diff_mode = {"diff_base": "HEAD"} if rule.subject is Subject.CHANGE else {}
    alone = {} if rule.subject in JUDGE_OTHER_RULES else {"select": [rule.code]}
    return check(load_program(root, **alone, **diff_mode)).findings


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rule", "verdict"),
    [
        (rule, verdict)
        for rule in RULES.values()
        for verdict in VERDICTS
        if rule.code not in NO_BLOCK_CAN_SHOW
    ],
    ids=lambda value: value.code if isinstance(value, Rule) else value,
)
def test_documented_example(
    rule: Rule, verdict: str, shared_copy: ProgramCopy, tmp_path: Path
) -> None:
    blocks = documented_blocks(rule.documentation, verdict)
    assert any(block.changes for block in blocks), (
        f"{rule.code}: the {VERDICTS[verdict]} has no block that names the file it changes "
        "(```yaml PATH, ```markdown PATH or ```sh with `git rm PATH`); see tests/rule_examples.py"
    )
    git = in_git(blocks) or rule.subject is Subject.CHANGE
    copy = ProgramCopy(tmp_path / "program", EXAMPLE) if git else shared_copy
    try:
        copy.apply(blocks, git)
        findings = _findings(copy.root, rule)
        written = {path: read_document(copy.root / path, path) for path in copy.written(blocks)}
    finally:
        copy.restore()

    shown = "\n".join(f"{f.code} {f.path}:{f.line} {f.message}" for f in findings)
    codes = {finding.code for finding in findings}
    if verdict == "failing":
        assert rule.code in codes, shown
        return
    assert rule.code not in codes, shown
    # A passing example that soclint cannot read would pass whatever it holds.
    for path, doc in written.items():
        assert doc.data is not None and not doc.problems, f"{path}: {doc.problems}"
        assert doc.type in DOCUMENT_TYPES, path


def _with_cafe(encoding: str) -> Change:
    def change(root: Path, path: str) -> None:
        file = root / path
        text = (
            file.read_text(encoding="utf-8") + "\nStaff may use the café Wi-Fi only over the VPN.\n"
        )
        file.write_bytes(text.encode(encoding))

    return change


def _unchanged(root: Path, path: str) -> None:
    pass


def _grown_to_2_mb(root: Path, path: str) -> None:
    with (root / path).open("a", encoding="utf-8") as appended:
        appended.write("| R-099 | a row of a spreadsheet export |\n" * 50_000)


def _replaced_by_a_named_pipe(root: Path, path: str) -> None:
    (root / path).unlink()
    os.mkfifo(root / path)


def _approval_committed_by(email: str) -> Change:
    """With `provenance: author`, the approval of the document at `path` renewed in a
    commit whose author address is `email`."""

    def change(root: Path, path: str) -> None:
        config = root / "soclint.yaml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("provenance: off", "provenance: author"),
            encoding="utf-8",
        )
        init(root)
        commit(root, "The example program", FIRST_COMMIT)
        document = root / path
        text = document.read_text(encoding="utf-8")
        assert "  date: 2026-02-10\n" in text, path
        document.write_text(text.replace("  date: 2026-02-10\n", "  date: 2026-10-30\n", 1))
        commit(root, "Approve the access control policy", "2026-10-30", email=email)

    return change


# Each example as its documentation tells it (`told`): the file, and what the passing and
# the failing example do to it.
BUILT: dict[str, tuple[str, str, Change, Change]] = {
    "S004": (
        "policies/acceptable-use.md",
        "Windows-1252",
        _with_cafe("utf-8"),
        _with_cafe("cp1252"),
    ),
    "S005": ("registers/risks.md", "2 MB", _unchanged, _grown_to_2_mb),
    "S010": ("policies/access-control.md", "pipe", _unchanged, _replaced_by_a_named_pipe),
    "A019": (
        "policies/access-control.md",
        "daniel.okafor@kestrelledger.example",
        _approval_committed_by("daniel.okafor@kestrelledger.example"),
        _approval_committed_by("tom.nakamura@kestrelledger.example"),
    ),
}


def test_the_examples_no_block_can_show_are_built_here() -> None:
    assert set(BUILT) == NO_BLOCK_CAN_SHOW
    for code, (_path, told, _passing, _failing) in BUILT.items():
        assert told in RULES[code].documentation, code


@pytest.mark.parametrize("code", sorted(BUILT))
@pytest.mark.parametrize("verdict", list(VERDICTS))
def test_documented_example_of_a_file_no_block_can_show(
    code: str, verdict: str, tmp_path: Path
) -> None:
    path, _told, passing, failing = BUILT[code]
    root = ProgramCopy(tmp_path / "program", EXAMPLE).root

    (failing if verdict == "failing" else passing)(root, path)

    reported = (code, path) in {(f.code, f.path) for f in _findings(root, RULES[code])}
    assert reported == (verdict == "failing")
