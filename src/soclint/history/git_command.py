"""Git, run so that nothing the checked repository configures is executed.

A policy repository may come from anyone, and its `.git/config` can name
programs that git runs on its behalf: clean and smudge filters, textconv and
external diff drivers, an fsmonitor, a pager, hooks, signature verifiers,
transports. soclint only ever reads: it never runs a git command that
filters working-tree files, refreshes or writes the index or contacts a
remote. On top of that, every call overrides each program-running setting on
the command line, where it wins over the repository's files and over the
GIT_CONFIG_* settings of the caller (which are kept: CI sets some), and
forbids every transport, so that even a lazy fetch of a partial clone cannot
start one.

Signatures are verified in one case only: `provenance: signed` asks whether a
commit is signed by an approver's SSH key (`GitCommand.verifying`). Git
verifies an SSH signature by running `gpg.ssh.program`; that call names the
ssh-keygen found on the caller's PATH, outside the checked work tree, and the
allowed-signers file soclint wrote from the roster, and leaves the OpenPGP
and X.509 programs neutral: nothing the repository names runs.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# A path that exists and cannot be executed: a program or hook set to it never runs.
_NOTHING = os.devnull

# `-c` settings of every call. Keys that only matter to commands soclint never
# runs (merge drivers, editors, credential and transport settings) are set too,
# so that the list reads as the whole set of programs git can be told to run.
NEUTRAL_SETTINGS: dict[str, str] = {
    "core.hooksPath": _NOTHING,
    "core.fsmonitor": "false",
    "core.pager": "cat",
    "core.editor": _NOTHING,
    "core.askPass": _NOTHING,
    "core.sshCommand": _NOTHING,
    "core.gitProxy": _NOTHING,
    "core.alternateRefsCommand": _NOTHING,
    "core.untrackedCache": "false",
    "sequence.editor": _NOTHING,
    "diff.external": _NOTHING,
    "diff.relative": "false",
    "credential.helper": "",  # an empty value empties the list of helpers
    "gpg.program": _NOTHING,
    "gpg.openpgp.program": _NOTHING,
    "gpg.x509.program": _NOTHING,
    "gpg.ssh.program": _NOTHING,
    "gpg.ssh.defaultKeyCommand": _NOTHING,
    "log.showSignature": "false",
    "log.follow": "false",
    "submodule.recurse": "false",
    "protocol.allow": "never",
    "i18n.logOutputEncoding": "UTF-8",
}

_SETTINGS = [part for key, value in NEUTRAL_SETTINGS.items() for part in ("-c", f"{key}={value}")]

_ENVIRONMENT = {
    "GIT_LITERAL_PATHSPECS": "1",  # pathspecs are file names, never patterns
    "GIT_OPTIONAL_LOCKS": "0",  # nothing takes the index lock
    "GIT_NO_REPLACE_OBJECTS": "1",  # objects as stored, not as refs/replace says
    "GIT_ALLOW_PROTOCOL": "",  # no transport at all, whatever protocol.<name>.allow says
    "GIT_NO_LAZY_FETCH": "1",  # a partial clone does not fetch what it lacks
    "GIT_TERMINAL_PROMPT": "0",
    "LANGUAGE": "C",
    "LC_ALL": "C",
}


_STREAM_BUFFER = 1024 * 1024


class HistoryUnavailable(Exception):
    """Git history cannot be read here; the message says why."""


class NotARepository(HistoryUnavailable):
    """The folder is in no git repository at all."""


class GitFailed(HistoryUnavailable):
    """git ran and failed; `said` is the first line of what it wrote on its error output."""

    def __init__(self, said: str) -> None:
        super().__init__(f"git failed: {said}")
        self.said = said


def visible(text: str) -> str:
    """`text` from git (an author name, an error) with control characters replaced by U+FFFD."""
    return "".join(c if c.isprintable() else "\ufffd" for c in text)


def _first_line(stderr: bytes) -> str:
    """What git said first ("fatal: ..."), on one line."""
    text = stderr.decode("utf-8", "replace")
    return visible(next((line.strip() for line in text.splitlines() if line.strip()), "no message"))


def trusted_ssh_keygen(work_tree: Path) -> str:
    """The ssh-keygen of the caller's PATH, looked for only in absolute folders outside
    `work_tree`: a `.` in PATH, or a folder of the checked repository, could hold a
    program of the repository's choosing. HistoryUnavailable when there is none."""
    inside = work_tree.resolve()
    for folder in os.get_exec_path():
        if not os.path.isabs(folder):
            continue
        candidate = Path(folder, "ssh-keygen")
        try:
            resolved = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if resolved.is_relative_to(inside) or Path(folder).resolve().is_relative_to(inside):
            continue
        if resolved.is_file() and os.access(resolved, os.X_OK):
            return str(resolved)
    raise HistoryUnavailable("ssh-keygen, which checks SSH signatures, is not installed")


class GitCommand:
    """git in the work tree `work_tree`, with the settings above on every call."""

    def __init__(self, work_tree: Path, extra: tuple[str, ...] = ()) -> None:
        self.work_tree = work_tree
        self._environment = {**os.environ, **_ENVIRONMENT}
        self._extra = extra

    def command(self, args: tuple[str, ...]) -> list[str]:
        return ["git", "--no-pager", *_SETTINGS, *self._extra, *args]

    def verifying(self, allowed_signers: Path) -> GitCommand:
        """This git, checking SSH commit signatures (%G?) against `allowed_signers` with
        the trusted ssh-keygen; HistoryUnavailable when there is none."""
        settings = {
            "gpg.ssh.program": trusted_ssh_keygen(self.work_tree),
            "gpg.ssh.allowedSignersFile": str(allowed_signers),
            # Revocations come from the roster (a key removed from it), not from a file
            # the repository names.
            "gpg.ssh.revocationFile": os.devnull,
        }
        extra = tuple(part for key, value in settings.items() for part in ("-c", f"{key}={value}"))
        return GitCommand(self.work_tree, extra)

    def run(
        self, *args: str, stdin: IO[bytes] | None = None, timeout: float | None = None
    ) -> bytes:
        """git's standard output; HistoryUnavailable says why git failed, or that it gave no
        answer within `timeout` seconds (it was stopped)."""
        try:
            done = subprocess.run(
                self.command(args), cwd=self.work_tree, env=self._environment,
                stdin=subprocess.DEVNULL if stdin is None else stdin,
                capture_output=True, check=False, timeout=timeout,
            )  # fmt: skip
        except OSError as error:
            raise _not_runnable(error) from None
        except subprocess.TimeoutExpired:
            raise HistoryUnavailable(f"git gave no answer within {timeout:g} s") from None
        if done.returncode != 0:
            raise GitFailed(_first_line(done.stderr))
        return done.stdout

    def text(self, *args: str, stdin: IO[bytes] | None = None, timeout: float | None = None) -> str:
        return self.run(*args, stdin=stdin, timeout=timeout).decode("utf-8", "surrogateescape")

    @contextmanager
    def stream(self, *args: str, stdin: IO[bytes]) -> Iterator[IO[bytes]]:
        """git's standard output to read as it comes; git is stopped if the reader stops early."""
        import tempfile

        with tempfile.TemporaryFile() as errors:
            try:
                process = subprocess.Popen(
                    self.command(args), cwd=self.work_tree, env=self._environment,
                    stdin=stdin, stdout=subprocess.PIPE, stderr=errors, bufsize=_STREAM_BUFFER,
                )  # fmt: skip
            except OSError as error:
                raise _not_runnable(error) from None
            assert process.stdout is not None
            with process.stdout:
                try:
                    yield process.stdout
                except BaseException:
                    process.kill()
                    process.wait()
                    raise
            if process.wait() != 0:
                errors.seek(0)
                raise GitFailed(_first_line(errors.read()))


def _not_runnable(error: OSError) -> HistoryUnavailable:
    if isinstance(error, FileNotFoundError):
        return HistoryUnavailable("the git program is not installed")
    return HistoryUnavailable(f"git cannot be run ({error.strerror})")
