"""The program a command works on: where its root is, and its configuration, rule pack,
rules and documents, found and loaded the same way by every command.

The program root is the nearest folder upward that holds soclint.yaml, else the
top of the git work tree, else the folder the command starts from. The search
stops at the top of the work tree: a soclint.yaml above it belongs to no
program in the repository. Git is not run to find the top: a `.git` entry marks
it, so nothing the checked repository configures can run.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from soclint.config import Config, load_config, shown_path, starts_program
from soclint.errors import UsageError
from soclint.options import Option
from soclint.pack import Pack, load_pack
from soclint.registry import Rule
from soclint.repository import Repository, load_repository
from soclint.rules import builtin_rules
from soclint.rules.declarative import declarative_rule


def find_root(start: Path) -> Path:
    """The root of the program that folder `start` belongs to."""
    for folder in (start, *start.parents):
        if starts_program(folder):
            return folder
    return start


@dataclass(frozen=True)
class Target:
    """The program that a command's path arguments belong to, and the part of it they name.

    `paths` are relative to the root with `/`; None names the whole program.
    """

    root: Path
    paths: tuple[str, ...] | None


def target(paths: Sequence[Path], cwd: Path) -> Target:
    """The program of `paths` (files or folders; none given: the folder `cwd`)."""
    if not paths:
        return Target(find_root(cwd.resolve()), None)
    found = [_absolute(cwd / path) for path in paths]
    roots = {find_root(file if file.is_dir() else file.parent): file for file in found}
    if len(roots) > 1:
        (first, one), (second, other) = list(roots.items())[:2]
        raise UsageError(
            f"{one} and {other} belong to different programs ({first} and {second}); "
            "check one program at a time"
        )
    root = next(iter(roots))
    named = tuple(dict.fromkeys(file.relative_to(root).as_posix() for file in found))
    return Target(root, None if "." in named else named)


def _absolute(path: Path) -> Path:
    """`path` with its folders' symbolic links resolved, but not a file's own link: a
    document that is a link is reported at its own path."""
    if path.is_dir():
        return path.resolve()
    return path.parent.resolve() / path.name


@dataclass
class Program:
    config: Config
    pack: Pack
    # Built-in rules and the pack's declarative rules, by code.
    rules: dict[str, Rule]

    @property
    def root(self) -> Path:
        return self.config.root

    @cached_property
    def repository(self) -> Repository:
        """The program's documents, read on first use (listing rules reads none)."""
        return load_repository(self.config)

    def with_repository(self, repository: Repository) -> Program:
        """This program judging `repository` instead of the documents on disk."""
        program = replace(self)
        program.__dict__["repository"] = repository
        return program


def load_program(root: Path, **choices: Any) -> Program:
    """The program at `root`: soclint.yaml with the command line's `choices` over it (see
    `config.load_config`), the rule pack and the rules; UsageError for what must be fixed."""
    return program_of(load_configuration(root, **choices))


def load_configuration(root: Path, **choices: Any) -> Config:
    """The configuration of the program at `root`, which may set the built-in rules' options."""
    return load_config(root, declared=rule_options(builtin_rules()), **choices)


def rule_options(rules: dict[str, Rule]) -> list[Option[Any]]:
    """The options `rules` declare, each once."""
    return list(dict.fromkeys(option for rule in rules.values() for option in rule.options))


def program_of(config: Config) -> Program:
    """The program `config` describes: its rule pack and rules loaded and checked."""
    builtin = builtin_rules()
    packs = [(p, shown_path(p, config.root)) for p in config.packs]
    declared = rule_options(builtin)
    pack = load_pack(packs, taken=set(builtin), root=config.root, declared=declared)
    rules = dict(builtin)
    rules.update((spec.code, declarative_rule(spec)) for spec in pack.rules)
    rules = dict(sorted(rules.items()))
    return Program(_with_codes(config, rules), pack, rules)


def _with_codes(config: Config, rules: dict[str, Rule]) -> Config:
    """`config` with each rule name in select, ignore and severity replaced by its code.

    A selector that is no code, prefix or name is a usage error at the place it
    was given: its line in soclint.yaml, or the command-line option.
    """
    by_name = {rule.name: code for code, rule in rules.items()}

    def code_of(key: str, selector: str) -> str:
        if selector in by_name:
            return by_name[selector]
        if any(code.startswith(selector) for code in rules):
            return selector
        where = config.named_at.get((key, selector), key)
        raise UsageError(
            f"{where}: '{selector}' is not a rule code, prefix or name{_hint(selector, rules)}"
        )

    return replace(
        config,
        select=tuple(code_of("select", s) for s in config.select),
        ignore=tuple(code_of("ignore", s) for s in config.ignore),
        severity={code_of("severity", s): level for s, level in config.severity.items()},
    )


def _hint(selector: str, rules: dict[str, Rule]) -> str:
    if any(code.startswith(selector.upper()) for code in rules):
        return f" (codes are upper case: '{selector.upper()}')"
    names = sorted(rule.name for rule in rules.values())
    close = difflib.get_close_matches(selector, names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else "; `soclint rules` lists them"
