"""Approval provenance: the commit that recorded an approval shows its approver made it.

Real repositories with commits by the approver and by others, signed with SSH
keys made here by ssh-keygen, judged at each `provenance` level.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import located, run, write_files
from gitrepo import commit, git, init

from soclint.edit.init import create_program
from soclint.history.commit_identities import commit_identities
from soclint.history.git_command import GitCommand, HistoryUnavailable, trusted_ssh_keygen
from soclint.history.provenance import provenance_level
from soclint.people import roster_people, signers_file
from soclint.program import load_program

POLICY = "policies/access.md"
DANIEL = ("Daniel", "d@x.example")
TOM = ("Tom", "t@x.example")


def _keypair(folder: Path, name: str) -> tuple[Path, str]:
    """A new ed25519 key pair in `folder`: (private key file, public key line)."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed, so no SSH signature can be made")
    folder.mkdir(parents=True, exist_ok=True)
    private = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(private)],
        check=True,
    )
    return private, (folder / f"{name}.pub").read_text().strip()


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("keys")
    return {name: _keypair(folder, name) for name in ("daniel", "tom", "stranger")}


def roster(keys: dict[str, tuple[Path, str]]) -> str:
    return f"""\
---
type: roster
id: roster
title: People
people:
  - id: priya
    name: Priya
    email: p@x.example
    roles: [security-lead]
  - id: daniel
    name: Daniel
    email: d@x.example
    git_emails: [daniel@home.example]
    github: dan-o
    keys: ["{keys["daniel"][1]}"]
    roles: [cto]
  - id: tom
    name: Tom
    email: t@x.example
    keys: ["{keys["tom"][1]}"]
    roles: [sre]
authority:
  approve-policy: [cto, security-lead]
  sign-off-risk: [cto]
---
"""


def policy(approval: str = "") -> str:
    status = "approved" if approval else "draft"
    return (
        f"---\ntype: policy\nid: POL-ACCESS\ntitle: Access\nkind: access-control\n"
        f'owner: priya\nstatus: {status}\nversion: "1.0"\n{approval}---\n\n# Access\n'
    )


APPROVAL = "approval:\n  by: daniel\n  date: 2026-02-10\n"
# The line of `by` in the approved policy.
BY_LINE = 10


def configure(root: Path, level: str) -> None:
    (root / "soclint.yaml").write_text(
        f"provenance: {level}\nselect: [A012, A019, A020]\nas_of: 2026-11-01\n"
    )


def program(root: Path, keys: dict[str, tuple[Path, str]]) -> Path:
    """A repository whose policy was written as a draft by priya."""
    init(root)
    write_files(root, {"roster.md": roster(keys), POLICY: policy()})
    configure(root, "off")
    commit(root, "Draft", "2026-01-05", "Priya", "p@x.example")
    return root


def record_approval(
    root: Path, by: tuple[str, str], key: Path | None = None, when: str = "2026-02-10"
) -> str:
    (root / POLICY).write_text(policy(APPROVAL))
    return commit(root, "Approve", when, by[0], by[1], signing_key=key)


def findings_at(root: Path, level: str) -> list[tuple[str, str, int]]:
    configure(root, level)
    return located(run(root))


UNPROVEN = [("A019", POLICY, BY_LINE)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("recorder", "signer", "expected"),
    [
        (DANIEL, None, {"off": [], "author": [], "signed": UNPROVEN}),
        (TOM, None, {"off": [], "author": UNPROVEN, "signed": UNPROVEN}),
        (DANIEL, "daniel", {"off": [], "author": [], "signed": []}),
        (TOM, "daniel", {"off": [], "author": UNPROVEN, "signed": []}),
        (DANIEL, "tom", {"off": [], "author": [], "signed": UNPROVEN}),
        (DANIEL, "stranger", {"off": [], "author": [], "signed": UNPROVEN}),
    ],
    ids=[
        "by-the-approver",
        "by-someone-else",
        "signed-by-the-approver",
        "authored-by-another-signed-by-the-approver",
        "signed-by-another-person",
        "signed-by-a-key-of-no-one",
    ],
)
def test_each_level_judges_the_commit_that_recorded_the_approval(
    tmp_path: Path,
    keys: dict[str, tuple[Path, str]],
    recorder: tuple[str, str],
    signer: str | None,
    expected: dict[str, list[tuple[str, str, int]]],
) -> None:
    root = program(tmp_path / "repo", keys)
    record_approval(root, recorder, keys[signer][0] if signer else None)

    for level, findings in expected.items():
        assert findings_at(root, level) == findings, level


def test_the_finding_names_the_commit_its_author_and_why(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = program(tmp_path / "repo", keys)
    sha = record_approval(root, TOM)

    configure(root, "author")
    (author,) = run(root).findings
    configure(root, "signed")
    (signed,) = run(root).findings

    assert author.message.startswith(
        f"approval.by: commit {sha[:7]} on 2026-02-10 by Tom <t@x.example> recorded this "
        "approval, and t@x.example is not an address of 'daniel' in the roster (d@x.example, "
        "daniel@home.example, dan-o@users.noreply.github.com)"
    )
    assert "the commit is not signed" in signed.message


def test_a_signature_by_another_person_names_whose_key_it_is(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = program(tmp_path / "repo", keys)
    record_approval(root, DANIEL, keys["tom"][0])
    configure(root, "signed")

    (finding,) = run(root).findings

    assert "it is signed with SHA256:" in finding.message
    assert "the key of tom" in finding.message


@pytest.mark.parametrize(
    "email", ["daniel@home.example", "DANIEL@HOME.example", "4321+dan-o@users.noreply.github.com"]
)
def test_the_approver_may_commit_with_any_address_the_roster_gives_them(
    tmp_path: Path, keys: dict[str, tuple[Path, str]], email: str
) -> None:
    root = program(tmp_path / "repo", keys)
    record_approval(root, ("Daniel", email))

    assert findings_at(root, "author") == []


def test_the_newest_change_of_the_approval_is_the_one_judged(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    # Daniel approved; then Tom moved the date: the approval as it stands is Tom's doing.
    root = program(tmp_path / "repo", keys)
    record_approval(root, DANIEL)
    (root / POLICY).write_text(policy(APPROVAL.replace("2026-02-10", "2026-02-11")))
    sha = commit(root, "Redate", "2026-02-12", *TOM)

    configure(root, "author")
    (finding,) = run(root).findings

    assert (finding.code, finding.line) == ("A019", BY_LINE)
    assert f"commit {sha[:7]}" in finding.message


def test_a_later_change_of_content_by_another_leaves_the_recording_as_it_was(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = program(tmp_path / "repo", keys)
    record_approval(root, DANIEL)
    (root / POLICY).write_text(policy(APPROVAL) + "\nMore.\n")
    commit(root, "Edit", "2026-03-01", *TOM)

    assert findings_at(root, "author") == []


def test_the_repository_mailmap_does_not_speak_for_the_approver(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = program(tmp_path / "repo", keys)
    (root / ".mailmap").write_text("Daniel <d@x.example> Tom <t@x.example>\n")
    git(root, "config", "log.mailmap", "true")
    record_approval(root, TOM)

    assert findings_at(root, "author") == UNPROVEN


def test_an_approval_not_yet_committed_is_not_yet_provable(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = program(tmp_path / "repo", keys)
    (root / POLICY).write_text(policy(APPROVAL))
    write_files(root, {"policies/new.md": policy(APPROVAL).replace("POL-ACCESS", "POL-NEW")})

    for level in ("author", "signed"):
        report = findings_at(root, level)
        assert report == [("A020", POLICY, BY_LINE), ("A020", "policies/new.md", BY_LINE)]
    configure(root, "author")
    assert all(f.severity.value == "info" for f in run(root).findings)
    assert "not yet provable" in run(root).findings[0].message


def test_row_sign_offs_are_judged_by_the_row_that_holds_them(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    # A risk inserted above the accepted one does not make the acceptance anyone else's.
    root = program(tmp_path / "repo", keys)
    risk = "  - id: {id}\n    title: T\n    treatment: accept\n"
    accepted = risk.format(id="R-2") + "    acceptance: {by: daniel, date: 2026-02-10}\n"
    register = "---\ntype: risk-register\nid: risks\ntitle: Risks\nrisks:\n{rows}---\n"
    write_files(root, {"risks.md": register.format(rows=accepted)})
    commit(root, "Accept", "2026-02-10", *DANIEL)
    write_files(root, {"risks.md": register.format(rows=risk.format(id="R-1") + accepted)})
    commit(root, "Another risk", "2026-03-01", *TOM)
    assert findings_at(root, "author") == []

    changed = accepted.replace("2026-02-10", "2026-02-11")
    write_files(root, {"risks.md": register.format(rows=risk.format(id="R-1") + changed)})
    commit(root, "Redate", "2026-03-02", *TOM)
    assert findings_at(root, "author") == [("A019", "risks.md", 12)]


def test_without_history_provenance_says_it_was_skipped(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = tmp_path / "plain"
    write_files(root, {"roster.md": roster(keys), POLICY: policy(APPROVAL)})

    assert findings_at(root, "author") == [("A012", POLICY, 9)]
    assert findings_at(root, "off") == []


def test_a_shallow_clone_says_provenance_was_skipped(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    origin = program(tmp_path / "origin", keys)
    record_approval(origin, TOM)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(clone))

    assert findings_at(clone, "signed") == [("A012", POLICY, 9)]


def test_without_ssh_keygen_a_signed_approval_is_not_proven(
    tmp_path: Path, keys: dict[str, tuple[Path, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = program(tmp_path / "repo", keys)
    record_approval(root, DANIEL, keys["daniel"][0])
    git_folder = Path(shutil.which("git") or "/usr/bin/git").parent
    lonely = tmp_path / "bin"
    lonely.mkdir()
    (lonely / "git").symlink_to(git_folder / "git")
    monkeypatch.setenv("PATH", str(lonely))

    configure(root, "signed")
    (finding,) = run(root).findings

    assert (finding.code, finding.line) == ("A019", BY_LINE)
    assert "its signature was not checked: ssh-keygen" in finding.message


def test_ssh_keygen_is_never_taken_from_the_checked_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = shutil.which("ssh-keygen")
    root = init(tmp_path / "repo")
    for folder in (root, root / "bin"):
        folder.mkdir(exist_ok=True)
        (folder / "ssh-keygen").write_text("#!/bin/sh\nexit 0\n")
        (folder / "ssh-keygen").chmod(0o755)
    monkeypatch.setenv("PATH", f"{root / 'bin'}:.:bin::{os.environ['PATH']}")
    monkeypatch.chdir(root)

    if installed is None:
        with pytest.raises(HistoryUnavailable, match="ssh-keygen"):
            trusted_ssh_keygen(root)
    else:
        assert trusted_ssh_keygen(root) == str(Path(installed).resolve())


def test_signatures_of_many_commits_are_read_in_one_call(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    root = program(tmp_path / "repo", keys)
    first = record_approval(root, DANIEL, keys["daniel"][0])
    (root / POLICY).write_text(policy(APPROVAL) + "\nMore.\n")
    second = commit(root, "Edit", "2026-03-01", *TOM)
    people = roster_people(load_program(root).repository)

    found = commit_identities(GitCommand(root), [first, second], signers_file(people))

    assert found[first].signature == "G"
    assert found[first].key in people["daniel"].fingerprints
    assert (found[second].signature, found[second].email) == ("N", "t@x.example")


def test_the_repository_cannot_vouch_for_a_signature(
    tmp_path: Path, keys: dict[str, tuple[Path, str]]
) -> None:
    # Tom signed; the repository names a verifier that vouches for anything, and an
    # allowed-signers file that gives Tom's key to Daniel. Neither is used.
    root = program(tmp_path / "repo", keys)
    record_approval(root, DANIEL, keys["tom"][0])
    marks = tmp_path / "marks"
    liar = tmp_path / "liar"
    liar.write_text(f"#!/bin/sh\necho ran >> '{marks}'\necho 'Good \"git\" signature'\nexit 0\n")
    liar.chmod(0o755)
    signers = tmp_path / "signers"
    signers.write_text(f'daniel namespaces="git" {keys["tom"][1]}\n')
    git(root, "config", "gpg.ssh.program", str(liar))
    git(root, "config", "gpg.ssh.allowedSignersFile", str(signers))

    assert findings_at(root, "signed") == UNPROVEN
    assert not marks.exists()


@pytest.mark.slow
def test_a_new_program_proves_approvals_by_author_with_no_identities_of_the_example(
    tmp_path: Path,
) -> None:
    create_program(tmp_path / "new", "Acme")

    program = load_program(tmp_path / "new")

    assert provenance_level(program.config, program.pack) == "author"
    people = roster_people(program.repository).values()
    assert people and all(not (p.keys or p.github) and len(p.emails) == 1 for p in people)
