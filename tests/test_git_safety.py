"""Nothing the checked repository configures runs: every git setting that names a program,
set to one that leaves a mark, against every command that reads git."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROSTER, write_files
from gitrepo import commit, git, init

from soclint.cli import main
from soclint.history.git_history import GitHistory

POLICY = "policies/access.md"
RISKS = "risks.md"
RISK_REGISTER = "---\ntype: risk-register\nid: risks\ntitle: Risks\nrisks:\n{rows}---\n"
PROGRAM = {
    "soclint.yaml": "select: [A, N]\nas_of: 2026-06-01\nprovenance: signed\n",
    "roster.md": ROSTER,
    "notes.txt": "Notes.\n",
    "system.md": "---\ntype: system-description\nid: scope\ntitle: S\ncategories: [security]\n---",
    RISKS: RISK_REGISTER.format(rows=""),
    "acks.md": "---\ntype: acknowledgement-register\nid: acks\ntitle: A\nacknowledgements: []\n---",
    POLICY: (
        "---\ntype: policy\nid: POL-ACCESS\ntitle: Access\nkind: access-control\n"
        'owner: priya\nstatus: approved\nversion: "1.0"\n'
        "approval:\n  by: daniel\n  date: 2026-01-10\nreview:\n  cycle: annual\n---\n\n"
        "# Access\n\nAccess is least privilege.\n"
    ),
    # Each file is handed to other drivers: one attribute of a kind per path.
    ".gitattributes": (
        "policies/*.md filter=plain diff=shown merge=joined\nroster.md filter=served\n"
        "notes.txt diff=told\n"
    ),
}
# Every hook git knows; any of them may run from core.hooksPath or .git/hooks.
HOOKS = (
    "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit",
    "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout",
    "post-merge", "pre-push", "pre-receive", "update", "proc-receive", "post-receive",
    "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc", "post-rewrite",
    "sendemail-validate", "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist",
    "p4-post-changelist", "p4-pre-submit", "post-index-change",
)  # fmt: skip
SIGNATURES = {
    "gpg.program": "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----",
    "gpg.x509.program": "-----BEGIN SIGNED MESSAGE-----\n\nAAAA\n-----END SIGNED MESSAGE-----",
    "gpg.ssh.program": "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----",
}


def _marker(folder: Path) -> tuple[Path, Path]:
    """A program that appends its first argument to a file of marks: (program, marks)."""
    folder.mkdir(parents=True, exist_ok=True)
    marks = folder / "marks"
    program = folder / "mark"
    program.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"$1\" >> '{marks}'\n"
        'case "$1" in\n'
        "  filter.clean|filter.smudge|core.pager|pager.log) exec cat ;;\n"
        "  gpg.*) exec cat >/dev/null ;;  # read what git sends, or it may stop on SIGPIPE\n"
        '  diff.textconv) exec cat "$2" ;;\n'
        "esac\n"
    )
    _executable(program)
    return program, marks


def _executable(file: Path) -> None:
    file.chmod(file.stat().st_mode | stat.S_IEXEC)


def _trap(folder: Path, mark: Path, name: str) -> str:
    """A program called `name` that leaves `name` as its mark (git runs some without a shell)."""
    program = folder / name
    program.write_text(f'#!/bin/sh\nexec {mark} {name} "$@"\n')
    _executable(program)
    return str(program)


def _settings(folder: Path, mark: Path, signers: Path) -> dict[str, str]:
    """Every program-running git setting, each set to a program that leaves its own mark."""
    named = {
        key: _trap(folder, mark, key)
        for key in (
            "core.fsmonitor", "core.pager", "pager.log", "diff.external", "core.editor",
            "sequence.editor", "core.askPass", "core.sshCommand", "core.gitProxy",
            "core.alternateRefsCommand", "uploadpack.packObjectsHook", "gpg.program",
            "gpg.x509.program", "gpg.ssh.program", "gpg.ssh.defaultKeyCommand",
        )
    }  # fmt: skip
    return {
        **named,
        "filter.plain.clean": _trap(folder, mark, "filter.clean"),
        "filter.plain.smudge": _trap(folder, mark, "filter.smudge"),
        "filter.served.process": _trap(folder, mark, "filter.process"),
        "diff.shown.textconv": _trap(folder, mark, "diff.textconv"),
        "diff.told.command": _trap(folder, mark, "diff.command"),
        "merge.joined.driver": _trap(folder, mark, "merge.driver"),
        "credential.helper": _trap(folder, mark, "credential.helper"),
        "submodule.any.update": "!" + _trap(folder, mark, "submodule.update"),
        "core.hooksPath": str(folder / "hooks"),
        "log.showSignature": "true",
        "gpg.ssh.allowedSignersFile": str(signers),
    }


def _hooks(folder: Path, mark: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in HOOKS:
        hook = folder / name
        hook.write_text(f"#!/bin/sh\nexec {mark} hook.{name}\n")
        _executable(hook)


def _signed_commit(root: Path, signature: str, when: int) -> None:
    """A commit on HEAD of what is staged, carrying `signature` (which git verifies)."""
    tree = git(root, "write-tree").strip()
    parent = git(root, "rev-parse", "HEAD").strip()
    folded = signature.replace("\n", "\n ")
    raw = (
        f"tree {tree}\nparent {parent}\nauthor A <a@example.com> {when} +0000\n"
        f"committer A <a@example.com> {when} +0000\ngpgsig {folded}\n\nSigned\n"
    )
    (root / ".git" / "raw-commit").write_text(raw)
    sha = git(root, "hash-object", "-t", "commit", "-w", ".git/raw-commit").strip()
    git(root, "update-ref", "HEAD", sha)


def _armed_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A program with an edit after its approval, and every setting armed: (root, marks)."""
    mark, marks = _marker(tmp_path / "trap")
    root = init(tmp_path / "repo")
    write_files(root, PROGRAM)  # type: ignore[arg-type]
    commit(root, "Program", "2026-01-10")
    file = root / POLICY
    file.write_text(file.read_text().replace("least privilege", "need to know"))
    for name in ("roster.md", "notes.txt"):
        (root / name).write_text((root / name).read_text() + "\nMore.\n")
    commit(root, "Reword", "2026-02-01")
    # Each signed commit records a risk's acceptance: provenance reads its signature.
    rows = ""
    for number, signature in enumerate(SIGNATURES.values()):
        rows += f"  - id: R-{number}\n    acceptance: {{by: daniel, date: 2026-03-0{number + 1}}}\n"
        (root / RISKS).write_text(RISK_REGISTER.format(rows=rows))
        git(root, "add", RISKS)
        _signed_commit(root, signature, 1772000000 + number)
    signers = tmp_path / "trap" / "allowed_signers"
    signers.write_text("a@example.com ssh-ed25519 AAAA\n")
    _hooks(tmp_path / "trap" / "hooks", mark)
    _hooks(root / ".git" / "hooks", mark)
    for key, value in _settings(tmp_path / "trap", mark, signers).items():
        git(root, "config", key, value)
    return root, marks


def _stat_dirty(root: Path) -> None:
    """Change every file's times, as a checkout, a copy or an editor does: git must look again."""
    for name in PROGRAM:
        os.utime(root / name, (1_900_000_000, 1_900_000_000))


def _marks(marks: Path) -> set[str]:
    return set(marks.read_text().split()) if marks.exists() else set()


def _despite_failure(root: Path, *args: str) -> None:
    """Run git; a program it ran in place of a real one may make it fail."""
    with contextlib.suppress(subprocess.CalledProcessError):
        git(root, *args)


@pytest.mark.slow
def test_the_traps_are_live_for_git_itself(tmp_path: Path) -> None:
    # The same repository, read by plain git: each trap below does fire, so the
    # test that soclint fires none of them can fail.
    root, marks = _armed_repository(tmp_path)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, symlinks=True)
    _stat_dirty(copy)

    for args in (
        ["status"],
        ["log", "-3"],
        ["diff", "HEAD~4", "HEAD~3"],
        ["diff", "--no-ext-diff", "HEAD~4", "HEAD~3", "--", "policies"],
    ):
        _despite_failure(copy, *args)
    (copy / POLICY).unlink()
    # Without the process filter, which fails by design and could stop the checkout first.
    _despite_failure(copy, "-c", "filter.served.process=", "checkout", "--", POLICY)

    assert _marks(marks) >= {
        "core.fsmonitor", "filter.clean", "filter.process", "filter.smudge",
        "hook.post-index-change", "hook.post-checkout", "diff.textconv", "diff.command",
        "diff.external", *SIGNATURES,
    }  # fmt: skip


@pytest.mark.slow
def test_no_command_runs_a_program_the_repository_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, marks = _armed_repository(tmp_path)
    policy = str(root / POLICY)
    runner = CliRunner()
    # An ssh-keygen in the repository, and on a PATH that looks in the current folder.
    _trap(root, marks.parent / "mark", "ssh-keygen")
    monkeypatch.setenv("PATH", f".:{root}:{os.environ['PATH']}")
    monkeypatch.chdir(root)
    export = tmp_path / "export.csv"
    export.write_text("person,document,version,date\npriya,POL-ACCESS,0.9,2026-01-12\n")

    def command(*args: str) -> str:
        _stat_dirty(root)
        result = runner.invoke(main, list(args))
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert _marks(marks) == set(), f"soclint {args[0]} ran {_marks(marks)}"
        return result.output

    # Each command really reads the history: the rewording after the approval shows, and
    # the signatures of the commits that recorded the acceptances are checked.
    checked = command("check", str(root))
    assert "A011" in checked
    assert checked.count("carries a signature soclint cannot check") == 2  # OpenPGP, X.509
    assert "carries a signature that does not verify" in checked  # SSH
    assert "A01" in command("check", str(root), "--diff-base", "HEAD~4", "--all")
    assert '"signature": "N"' in command("coverage", str(root), "--format", "json")
    assert "never had version 0.9" in command("ack", "--import", str(export), str(root))
    on = ("--date", "2026-05-01")
    assert "changed in commit" in command("review", policy, "--by", "priya", *on)
    assert "approved by daniel" in command("approve", policy, "--by", "daniel", *on)
    assert "priya acknowledged POL-ACCESS" in command("ack", policy, "--by", "priya", *on)


@pytest.mark.slow
@pytest.mark.parametrize("transport", ["ssh", "ext"])
def test_a_partial_clone_fetches_nothing_and_says_history_was_skipped(
    tmp_path: Path, transport: str
) -> None:
    mark, marks = _marker(tmp_path / "trap")
    origin = init(tmp_path / "origin")
    write_files(origin, {k: v for k, v in PROGRAM.items() if k != ".gitattributes"})  # type: ignore[misc]
    commit(origin, "Program", "2026-01-10")
    file = origin / POLICY
    file.write_text(file.read_text().replace("least privilege", "need to know"))
    commit(origin, "Reword", "2026-02-01")
    old_blob = git(origin, "rev-parse", f"HEAD~1:{POLICY}").strip()
    git(origin, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-local", "--filter=blob:none", origin.as_uri(), str(clone))
    if transport == "ssh":
        git(clone, "config", "remote.origin.url", "ssh://example.invalid/policies")
        git(clone, "config", "core.sshCommand", _trap(tmp_path / "trap", mark, "core.sshCommand"))
    else:
        git(clone, "config", "remote.origin.url", f"ext::{mark} remote.ext")
        git(clone, "config", "protocol.ext.allow", "always")
    armed = tmp_path / "armed"
    shutil.copytree(clone, armed, symlinks=True)
    _despite_failure(armed, "cat-file", "-p", old_blob)
    assert _marks(marks) == ({"core.sshCommand"} if transport == "ssh" else {"remote.ext"})
    marks.unlink()

    result = CliRunner().invoke(main, ["check", str(clone)])

    assert _marks(marks) == set()
    assert "A012" in result.output and "the clone is partial" in result.output


def test_the_settings_of_the_caller_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI passes settings through GIT_CONFIG_*: here, a file of names git should ignore.
    root = init(tmp_path / "repo")
    write_files(root, {"a.md": "A\n"})
    commit(root, "A", "2026-01-10")
    write_files(root, {"scratch.md": "S\n", "new.md": "N\n"})
    ignored = tmp_path / "ignored"
    ignored.write_text("scratch.md\n")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.excludesFile")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(ignored))
    history = GitHistory.open(root)

    assert history.changed_since(history.commit("HEAD")) == {"new.md": None}
