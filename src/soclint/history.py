"""Git history of the policy repository, read through gitpython in a few git calls.

One `git log --raw` pass gives every commit that touched a file under the
root, newest first, with the blob ids before and after each change; one
`git diff HEAD` gives the files with uncommitted changes; file contents come
from one long-running `git cat-file --batch`. Nothing here runs git once per
file. gitpython is imported only when a history is opened.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import IO, Any

NO_BLOB = "0" * 40
# Settings for every git call: pathspecs are literal file names, nothing takes the
# index lock, a repository's own fsmonitor hook is never started, and signatures
# are not printed into the log.
_ENVIRONMENT = {"GIT_LITERAL_PATHSPECS": "1", "GIT_OPTIONAL_LOCKS": "0"}
_CONFIG = {"core.fsmonitor": "false", "log.showSignature": "false"}


def _environment() -> dict[str, str]:
    """_ENVIRONMENT and _CONFIG as variables, after any GIT_CONFIG_* the caller set (CI does)."""
    given = os.environ.get("GIT_CONFIG_COUNT", "0")
    first = int(given) if given.isdigit() else 0
    settings = dict(_ENVIRONMENT, GIT_CONFIG_COUNT=str(first + len(_CONFIG)))
    for index, (key, value) in enumerate(_CONFIG.items(), start=first):
        settings[f"GIT_CONFIG_KEY_{index}"] = key
        settings[f"GIT_CONFIG_VALUE_{index}"] = value
    return settings


_RECORD = "\x01"
_LOG_FORMAT = "%x01%H%x00%as%x00%an"


class HistoryUnavailable(Exception):
    """Git history cannot be read here; the message says why."""


@dataclass(frozen=True)
class Commit:
    sha: str
    day: date
    author: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class TreeEntry:
    """A file of a commit's tree: path relative to the root, git mode, object id, size."""

    path: str
    mode: str
    blob: str
    size: int

    @property
    def is_link(self) -> bool:
        return self.mode == "120000"


@dataclass(frozen=True)
class Change:
    """One commit's change to a file: its blob before (None when added) and after."""

    commit: Commit
    before: str | None
    after: str


def _blob(sha: str) -> str | None:
    return None if sha == NO_BLOB else sha


def _raw_entries(tokens: list[str]) -> Iterator[tuple[str, str, str, str, str | None]]:
    """(status, before blob, after blob, path, path before a rename) of `--raw -z` tokens."""
    position = 0
    while position < len(tokens):
        meta = tokens[position].lstrip("\n")
        position += 1
        if not meta.startswith(":"):
            continue
        fields = meta[1:].split(" ")
        if len(fields) < 5 or position >= len(tokens):
            return
        status = fields[4][:1]
        if status in "RC":
            source, path = tokens[position], tokens[position + 1]
            position += 2
            yield status, fields[2], fields[3], path, source
        else:
            path = tokens[position]
            position += 1
            yield status, fields[2], fields[3], path, None


def _first_line(error: Any) -> str:
    """What git said first ("fatal: ..."), without gitpython's framing."""
    text = str(error.stderr).strip().removeprefix("stderr:").strip().strip("'")
    return next((line.strip() for line in text.splitlines() if line.strip()), str(error))


class GitHistory:
    """The history of the files under `root`, a folder of the repository `repo`."""

    def __init__(self, repo: Any, root: Path) -> None:
        self._repo = repo
        top = Path(repo.working_tree_dir).resolve()
        relative = root.resolve().relative_to(top).as_posix()
        self.prefix = "" if relative == "." else relative + "/"
        self._pathspec = relative
        self._texts: dict[str, str] = {}
        self._tip = "HEAD"  # where the log starts: the checkout, or a past commit (`at`)

    @classmethod
    def open(cls, root: Path) -> GitHistory:
        """The history of the repository holding `root`; HistoryUnavailable says why not."""
        try:
            import git
        except ImportError as error:  # gitpython checks on import that git can be run
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "no git"
            raise HistoryUnavailable(f"git cannot be run ({reason})") from None
        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise HistoryUnavailable("the folder is not inside a git repository") from None
        except git.GitError as error:
            raise HistoryUnavailable(f"git cannot read the repository ({error})") from None
        if repo.bare or repo.working_tree_dir is None:
            raise HistoryUnavailable("the repository has no working tree")
        repo.git.update_environment(**_environment())
        try:
            return cls(repo, root)
        except ValueError:
            raise HistoryUnavailable(
                "the folder is outside the repository's working tree"
            ) from None

    def _run(self, args: list[str], stdin: IO[bytes] | None = None) -> bytes:
        import git

        try:
            output: bytes = self._repo.git.execute(
                ["git", *args], istream=stdin, stdout_as_string=False,
                strip_newline_in_stdout=False,
            )  # fmt: skip
        except git.GitCommandNotFound:
            raise HistoryUnavailable("the git program is not installed") from None
        except git.GitCommandError as error:
            raise HistoryUnavailable(f"git failed: {_first_line(error)}") from None
        return output

    def _git(self, *args: str) -> str:
        return self._run(list(args)).decode("utf-8", "surrogateescape")

    def _limit(self) -> list[str]:
        """The log's pathspec: none for the whole repository, else the root's folder.

        A pathspec makes git compare each commit with its parent twice (once to
        simplify history, once for the output), so the whole repository is
        read without one; a folder of a larger repository is worth limiting to.
        """
        return ["--"] if not self.prefix else ["--", self._pathspec]

    def _relative(self, path: str) -> str | None:
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    @cached_property
    def is_shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository").strip() == "true"

    @cached_property
    def has_commits(self) -> bool:
        try:
            self._git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        except HistoryUnavailable:
            return False
        return True

    @cached_property
    def changes(self) -> dict[str, list[Change]]:
        """Each file's changes, newest first, under the path it has now (renames followed)."""
        if not self.has_commits:
            return {}
        output = self._git(
            "log", "--raw", "-z", "--no-abbrev", "-M", "--root", "--topo-order", "--no-color",
            f"--format={_LOG_FORMAT}", self._tip, *self._limit(),
        )  # fmt: skip
        found: dict[str, list[Change]] = {}
        now_called: dict[str, str] = {}  # a path in older commits -> the file's path today
        # Paths whose older commits belong to an earlier file of the same name.
        ended: set[str] = set()
        for record in output.split(_RECORD)[1:]:
            tokens = record.split("\0")
            if len(tokens) < 3:
                continue
            sha, day, author = tokens[0], tokens[1], tokens[2]
            commit = Commit(sha, date.fromisoformat(day), author)
            for status, before, after, path, source in _raw_entries(tokens[3:]):
                if status == "D" or path in ended:
                    continue
                current = now_called.get(path, path)
                found.setdefault(current, []).append(Change(commit, _blob(before), after))
                if status == "R" and source is not None:
                    now_called[source] = current
                if status in "ARC":
                    ended.add(path)
        return {
            relative: changes
            for path, changes in found.items()
            if (relative := self._relative(path)) is not None
        }

    @cached_property
    def uncommitted(self) -> dict[str, str | None]:
        """Files whose working copy differs from HEAD: path -> blob at HEAD (None: new)."""
        if not self.has_commits or self._tip != "HEAD":
            return {}
        output = self._git(
            "diff", "HEAD", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-color",
            "--", self._pathspec,
        )  # fmt: skip
        found: dict[str, str | None] = {}
        for status, before, _after, path, _source in _raw_entries(output.split("\0")):
            relative = self._relative(path)
            if status != "D" and relative is not None:
                found[relative] = _blob(before)
        return found

    def prefetch(self, blobs: Iterable[str]) -> None:
        """Read `blobs` with one `git cat-file --batch`, so that `text` finds them."""
        import tempfile

        wanted = sorted(set(blobs) - self._texts.keys())
        if not wanted:
            return
        with tempfile.TemporaryFile() as requests:
            requests.write("".join(f"{blob}\n" for blob in wanted).encode("ascii"))
            requests.seek(0)
            output = self._run(["cat-file", "--batch"], stdin=requests)
        position = 0
        while position < len(output):
            end = output.index(b"\n", position)
            header = output[position:end].split()
            position = end + 1
            if len(header) == 3:  # else "<name> missing": text() reports it if asked
                size = int(header[2])
                data = output[position : position + size]
                self._texts[header[0].decode("ascii")] = data.decode("utf-8", "surrogateescape")
                position += size + 1

    def text(self, blob: str) -> str:
        """The content of `blob` as text (undecodable bytes kept as escapes)."""
        if blob not in self._texts:
            try:
                _sha, _kind, _size, data = self._repo.git.get_object_data(blob)
            except ValueError as error:
                raise HistoryUnavailable(f"git cannot read object {blob[:7]} ({error})") from None
            self._texts[blob] = data.decode("utf-8", "surrogateescape")
        return self._texts[blob]

    def commit(self, rev: str) -> Commit:
        """The commit `rev` names, dated by its committer date."""
        if rev.startswith("-"):
            raise HistoryUnavailable(f"'{rev}' is not a revision")
        try:
            output = self._git("log", "-1", "--no-color", "--format=%H%x00%cs%x00%an", rev, "--")
        except HistoryUnavailable as error:
            raise HistoryUnavailable(
                f"'{rev}' is not a commit of this clone; if it exists upstream, fetch it "
                "(actions/checkout with fetch-depth: 0)"
            ) from error
        sha, day, author = output.strip("\n").split("\0")
        return Commit(sha, date.fromisoformat(day), author)

    def merge_base(self, rev: str) -> Commit:
        """The newest commit that `rev` and HEAD share: where a pull request branched off."""
        named = self.commit(rev)
        try:
            shared = self._git("merge-base", named.sha, "HEAD").strip()
        except HistoryUnavailable:
            raise HistoryUnavailable(
                f"'{rev}' and HEAD share no commit in this clone; fetch more history "
                "(actions/checkout with fetch-depth: 0)"
            ) from None
        return named if shared == named.sha else self.commit(shared)

    def changed_since(self, base: Commit) -> dict[str, str | None]:
        """Files that differ between `base` and the working tree: path -> blob at base.

        The blob is None for files added since `base`, untracked ones included.
        """
        output = self._git(
            "diff", base.sha, "--raw", "-z", "--no-abbrev", "-M", "--no-color",
            "--", self._pathspec,
        )  # fmt: skip
        found: dict[str, str | None] = {}
        for status, before, _after, path, _source in _raw_entries(output.split("\0")):
            relative = self._relative(path)
            if status != "D" and relative is not None:
                found[relative] = None if status == "A" else _blob(before)
        untracked = self._git(
            "ls-files", "--others", "--exclude-standard", "-z", "--", self._pathspec
        )
        for path in untracked.split("\0"):
            relative = self._relative(path)
            if path and relative is not None:
                found.setdefault(relative, None)
        return found

    def at(self, commit: Commit) -> GitHistory:
        """The history as it stood at `commit`: the log ends there, and nothing is uncommitted."""
        past = copy.copy(self)  # the same repository and blob cache
        for computed in ("changes", "uncommitted"):
            past.__dict__.pop(computed, None)
        past._tip = commit.sha
        return past

    def tree(self, commit: Commit) -> list[TreeEntry]:
        """Every file under the root in `commit`'s tree (submodules as mode 160000, size 0)."""
        output = self._git(
            "ls-tree", "-r", "-l", "-z", "--full-tree", commit.sha, "--", self._pathspec
        )
        entries = []
        for line in output.split("\0"):
            meta, tab, path = line.partition("\t")
            fields = meta.split()
            relative = self._relative(path)
            if tab and len(fields) == 4 and relative:
                mode, _kind, blob, size = fields
                entries.append(TreeEntry(relative, mode, blob, int(size) if size.isdigit() else 0))
        return entries

    def renamed_since(self, base: Commit) -> dict[str, str]:
        """Files renamed between `base` and HEAD: path at HEAD -> path at `base`.

        Commits only: comparing two trees never reads (or filters) the working tree.
        """
        output = self._git(
            "diff", base.sha, "HEAD", "--raw", "-z", "--no-abbrev", "-M", "--diff-filter=R",
            "--no-color", "--", self._pathspec,
        )  # fmt: skip
        found: dict[str, str] = {}
        for _status, _before, _after, path, source in _raw_entries(output.split("\0")):
            now, then = self._relative(path), self._relative(source or "")
            if now and then:
                found[now] = then
        return found
