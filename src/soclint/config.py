"""soclint.yaml: which files a run reads, which rules it runs, and the date it judges against.

The closest soclint.yaml wins: there is no cascade of files. Unknown keys and
wrong values are usage errors (exit 2), found by the config's own schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from soclint.dates import as_date
from soclint.document import OwnKeys
from soclint.errors import UsageError
from soclint.finding import Severity
from soclint.globs import glob_problem
from soclint.keypaths import KeyPath
from soclint.options import Option, schema_properties
from soclint.settings_file import read_settings
from soclint.validation import defined_keys
from soclint.yamltree import Position, YamlTree, locate

CONFIG_NAME = "soclint.yaml"
# Markdown, as the pre-commit hook's `files` has it.
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown")
DEFAULT_WAIVER_TERM = "12 months"


@dataclass(frozen=True)
class Config:
    root: Path
    as_of: date
    file: Path | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    # None: the default list of files that are plainly not policies (discovery.py).
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    # False for a tree of files git tracks (diff mode's base): git ignores none of them.
    honour_gitignore: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    packs: tuple[Path, ...] = ()
    warn_days: int = 30
    # The severity from which findings fail the run; None: never.
    fail_on: Severity | None = Severity.ERROR
    # The rule options soclint.yaml sets, by key (see options.py; a rule reads its own).
    options: dict[str, Any] = field(default_factory=dict)
    # URL path prefix ("/security-policies", "/") -> the folder published under it.
    site_paths: dict[str, str] = field(default_factory=dict)
    # The longest a waiver may run, counted from the approval that vouches for it.
    waiver_max_term: str = DEFAULT_WAIVER_TERM
    # Front-matter keys the repository declares as its own, by document type.
    own_keys: OwnKeys = field(default_factory=dict)
    # Diff mode: compare with this revision; report_all keeps the findings the base had too.
    diff_base: str | None = None
    report_all: bool = False
    # Where each (key, rule selector) was given, for errors: 'soclint.yaml:3:10: select'
    # or '--select'.
    named_at: dict[tuple[str, str], str] = field(default_factory=dict)
    # Where each key and item of soclint.yaml is, for findings at its lines.
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    # The command line's as_of, select and ignore, to load another soclint.yaml with the
    # same choices (diff mode's base).
    command_line: dict[str, Any] = field(default_factory=dict)

    @property
    def shown_file(self) -> str:
        """The config file as findings show it: relative to the root when inside it."""
        return CONFIG_NAME if self.file is None else shown_path(self.file, self.root)

    def enabled(self, code: str) -> bool:
        """Whether `code` runs: the longest matching select or ignore entry decides."""
        selected = _longest(code, self.select) if self.select else 0
        return selected >= 0 and _longest(code, self.ignore) < selected

    def fails(self, code: str) -> bool:
        """Whether rule `code` runs and reports at error (its default severity is error)."""
        return self.enabled(code) and self.severity_of(code, Severity.ERROR) is Severity.ERROR

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The severity `code` reports at, or None when it is turned off."""
        best = max((p for p in self.severity if code.startswith(p)), key=len, default=None)
        if best is None:
            return default
        level = self.severity[best]
        return None if level == "off" else Severity(level)


def _longest(code: str, prefixes: Sequence[str]) -> int:
    """Length of the longest entry of `prefixes` that `code` starts with, -1 when none does."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def starts_program(folder: Path) -> bool:
    """Whether a program has its root at `folder`: it holds soclint.yaml, or it is the
    top of a git work tree (`.git` is a folder, or a file in worktrees and submodules)."""
    try:
        return (folder / CONFIG_NAME).is_file() or (folder / ".git").exists()
    except OSError:  # a folder that cannot be searched marks nothing
        return False


def work_tree_top(folder: Path) -> Path | None:
    """The nearest folder from `folder` upward with a `.git` entry (a folder or, in
    worktrees and submodules, a file): the top of its git work tree, found without git."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _fail_on(value: str) -> Severity | None:
    return None if value == "never" else Severity(value)


def load_config(
    root: Path,
    config_file: Path | None = None,
    as_of: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    diff_base: str | None = None,
    report_all: bool = False,
    declared: Sequence[Option[Any]] = (),
) -> Config:
    """The run's Config: soclint.yaml (or `config_file`) with command-line choices over it.

    `declared` are the rule options soclint.yaml may set besides the run's own settings.
    """
    if config_file is None and (root / CONFIG_NAME).is_file():
        config_file = root / CONFIG_NAME
    data: dict[str, Any] = {}
    shown_as = CONFIG_NAME
    named_at: dict[tuple[str, str], str] = {}
    positions: dict[KeyPath, Position] = {}
    site_paths: dict[str, str] = {}
    if config_file is not None:
        shown_as = shown_path(config_file, root)
        added = schema_properties(declared, in_pack=False)
        data, tree = read_settings(config_file, "config", shown_as, properties=added)
        for key, path, selector in _selectors_in(data):
            line, column = locate(tree.positions, path)
            named_at[(key, selector)] = f"{shown_as}:{line}:{column}: {key}"
        _check_globs(data, tree, shown_as)
        _check_own_keys(data, tree, shown_as)
        positions = tree.positions
        site_paths = _site_paths(data, tree, shown_as)
    named_at.update({("select", code): "--select" for code in select})
    named_at.update({("ignore", code): "--ignore" for code in ignore})
    base = config_file.parent if config_file is not None else root
    chosen_as_of = as_of or as_date(data.get("as_of")) or date.today()
    config = Config(
        root=root,
        as_of=chosen_as_of,
        file=config_file,
        include=tuple(data.get("include", DEFAULT_INCLUDE)),
        exclude=tuple(data["exclude"]) if "exclude" in data else None,
        extend_exclude=tuple(data.get("extend_exclude", ())),
        select=tuple(select) or tuple(data.get("select", ())),
        ignore=(*data.get("ignore", ()), *ignore),
        severity=dict(data.get("severity", {})),
        packs=tuple(base / p for p in data.get("packs", ())),
        warn_days=int(data.get("warn_days", 30)),
        fail_on=_fail_on(data.get("fail_on", "error")),
        options={option.key: data[option.key] for option in declared if option.key in data},
        site_paths=site_paths,
        waiver_max_term=data.get("waiver_max_term", DEFAULT_WAIVER_TERM),
        own_keys={doc_type: frozenset(keys) for doc_type, keys in data.get("own_keys", {}).items()},
        diff_base=diff_base,
        report_all=report_all,
        named_at=named_at,
        positions=positions,
        command_line={"as_of": as_of, "select": tuple(select), "ignore": tuple(ignore)},
    )
    for pack in config.packs:
        if not pack.is_file():
            raise UsageError(f"{shown_as}: rule pack {shown_path(pack, root)} does not exist")
    return config


def _selectors_in(data: dict[str, Any]) -> Iterator[tuple[str, KeyPath, str]]:
    """Each (key, key path, rule selector) of the select, ignore and severity settings."""
    for key in ("select", "ignore"):
        for index, selector in enumerate(data.get(key, ())):
            yield key, (key, index), selector
    for selector in data.get("severity", {}):
        yield "severity", ("severity", selector), selector


def _check_globs(data: dict[str, Any], tree: YamlTree, shown_as: str) -> None:
    for key in ("include", "exclude", "extend_exclude"):
        for index, pattern in enumerate(data.get(key, ())):
            problem = glob_problem(pattern)
            if problem is not None:
                line, column = locate(tree.positions, (key, index))
                raise UsageError(f"{shown_as}:{line}:{column}: {key}[{index}]: {problem}")


def _check_own_keys(data: dict[str, Any], tree: YamlTree, shown_as: str) -> None:
    """A key soclint defines cannot be declared the repository's own: it would escape
    the checks and the approval digest."""
    for doc_type, keys in data.get("own_keys", {}).items():
        defined = defined_keys(doc_type)
        for index, key in enumerate(keys):
            if key in defined:
                line, column = locate(tree.positions, ("own_keys", doc_type, index))
                raise UsageError(
                    f"{shown_as}:{line}:{column}: own_keys.{doc_type}[{index}]: '{key}' is a "
                    f"key soclint defines for a {doc_type}, so it cannot be the repository's own"
                )


def _site_paths(data: dict[str, Any], tree: YamlTree, shown_as: str) -> dict[str, str]:
    """`site_paths` with each prefix as `/a/b` (or `/`) and each folder as `a/b` (or `.`);
    a folder must be a path inside the repository."""
    found = {}
    for prefix, folder in data.get("site_paths", {}).items():
        parts = folder.split("/")
        if folder.startswith("/") or ".." in parts or "\0" in folder:
            line, column = locate(tree.positions, ("site_paths", prefix))
            raise UsageError(
                f"{shown_as}:{line}:{column}: site_paths: {folder!r} is not a folder inside the "
                "repository; name it relative to the repository root, without '..'"
            )
        found[prefix.rstrip("/") or "/"] = "/".join(p for p in parts if p not in ("", ".")) or "."
    return found


def shown_path(file: Path, root: Path) -> str:
    """`file` relative to `root` with `/` when it lies inside, else as given."""
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(file)
