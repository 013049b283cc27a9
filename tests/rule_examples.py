"""A rule's documented examples, as changes to a copy of the example program.

The "Failing example" and "Passing example" of a rule's documentation change
policies-example/, which is judged as of its soclint.yaml (2026-11-01). A
fenced block is part of the change when its info string names a file:

- ```` ```yaml PATH ````: front-matter keys, each replacing the key of that
  name or added after the others. A block with a `type` key is the whole
  front-matter; for a new file it is the front-matter of that file. In a YAML
  file such as soclint.yaml, the keys are the file's own.
- ```` ```markdown PATH ````: the body, or the whole of a new file.
- ```` ```text PATH ````: the whole of a file that is not a document, such as
  `.github/CODEOWNERS`.
- ```` ```sh ````: lines `git rm PATH`, each deleting that file.

A block whose info string ends in `committed YYYY-MM-DD` is committed, with the
blocks before it, on that day. Such an example, and every example of a rule
that judges a change, runs in a git repository whose first commit holds the
example program (dated 2026-01-05); a rule that judges a change compares what
the blocks leave uncommitted, the pull request, with the last commit. A block
that names no file only illustrates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gitrepo import commit, init
from markdown_it import MarkdownIt

from soclint.document import split_file

FIRST_COMMIT = "2026-01-05"
VERDICTS = {"failing": "Failing example", "passing": "Passing example"}

_COMMITTED = re.compile(r"(?P<head>.*?)\s+committed\s+(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})")
_GIT_RM = re.compile(r"git rm (\S+)")
# A key at the start of a line: a plain or quoted scalar followed by `:` and a blank.
_TOP_LEVEL_KEY = re.compile(r"""("[^"]*"|'[^']*'|[^\s#'"?\-][^:]*?):(?:[ \t]|$)""")


@dataclass(frozen=True)
class Block:
    language: str
    path: str | None
    committed: str | None  # the day it is committed, YYYY-MM-DD
    text: str

    @property
    def changes(self) -> bool:
        return self.path is not None or self.language == "sh"


def documented_blocks(documentation: str, verdict: str) -> list[Block]:
    """The fenced blocks of the "Failing example" or "Passing example" section."""
    heading, blocks, section = VERDICTS[verdict], [], None
    tokens = MarkdownIt().parse(documentation)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = tokens[index + 1].content
        elif token.type == "fence" and section == heading:
            blocks.append(_block(token.info, token.content))
    return blocks


def _block(info: str, text: str) -> Block:
    committed = _COMMITTED.fullmatch(info.strip())
    head = committed["head"] if committed else info
    language, _, path = head.strip().partition(" ")
    return Block(language, path.strip() or None, committed["date"] if committed else None, text)


def in_git(blocks: list[Block]) -> bool:
    return any(block.committed for block in blocks)


class ProgramCopy:
    """A copy of the example program that examples change, and that is put back after each."""

    def __init__(self, root: Path, example: Path) -> None:
        self.root = root
        self._files = {
            p.relative_to(example).as_posix(): p.read_bytes()
            for p in sorted(example.rglob("*"))
            if p.is_file()
        }
        self._changed: set[str] = set()
        for path in self._files:
            self._put_back(path)

    def apply(self, blocks: list[Block], git: bool) -> None:
        """Make the change `blocks` describe; with `git`, commit the program first and
        each block marked committed on its day."""
        if git:
            init(self.root)
            commit(self.root, "The example program", FIRST_COMMIT)
        for block in blocks:
            if block.language == "sh":
                self._delete(block.text)
            elif block.path is not None:
                self._change(block)
            if block.committed:
                commit(self.root, f"Change {block.path}", block.committed)

    def written(self, blocks: list[Block]) -> list[str]:
        """The documents `blocks` leave in the program."""
        paths = {b.path for b in blocks if b.path and b.path.endswith(".md")}
        return sorted(p for p in paths if (self.root / p).exists())

    def restore(self) -> None:
        """Put back the files the last example changed, deleted or added."""
        for path in sorted(self._changed):
            self._put_back(path)
        self._changed.clear()

    def _put_back(self, path: str) -> None:
        target = self.root / path
        if path in self._files:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self._files[path])
        else:
            target.unlink(missing_ok=True)

    def _delete(self, script: str) -> None:
        for line in script.splitlines():
            command = _GIT_RM.fullmatch(line.strip())
            if command is None:
                raise ValueError(f"a sh block of an example holds `git rm PATH` only: {line!r}")
            self._changed.add(command[1])
            (self.root / command[1]).unlink()

    def _change(self, block: Block) -> None:
        assert block.path is not None
        target = self.root / block.path
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if block.language == "markdown":
            new = block.text if old is None else _with_body(old, block.text)
        elif block.language == "text":
            new = block.text
        elif block.language == "yaml":
            new = _with_keys(old, block.text, yaml_file=not block.path.endswith(".md"))
        else:
            raise ValueError(
                f"an example block is yaml, markdown, text or sh, not {block.language!r}"
            )
        self._changed.add(block.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(new, encoding="utf-8")


def _with_body(old: str, body: str) -> str:
    opening, front_matter, rest = split_file(old)
    return opening + front_matter + rest.split("\n", 1)[0] + "\n" + body


def _with_keys(old: str | None, keys: str, yaml_file: bool) -> str:
    """`old` with the top-level keys of `keys` in place of its own (see the module's doc)."""
    if yaml_file:
        return _spliced(old or "", keys)
    if old is None:
        return f"---\n{keys}---\n"
    opening, front_matter, rest = split_file(old)
    whole = any(key == "type" for key, _ in _by_key(keys))
    return opening + (keys if whole else _spliced(front_matter, keys)) + rest


def _spliced(yaml: str, keys: str) -> str:
    """`yaml` with each top-level key of `keys` replacing its own, or added at the end."""
    given: dict[str | None, list[str]] = {}
    for key, lines in _by_key(keys):
        given.setdefault(key, []).extend(lines)
    leading = given.pop(None, [])
    out: list[str] = []
    for key, lines in _by_key(yaml):
        if key in given:
            out += leading + given.pop(key)
            leading = []
        else:
            out += lines
    for lines in given.values():
        out += leading + lines
        leading = []
    return "".join(out + leading)


def _by_key(yaml: str) -> list[tuple[str | None, list[str]]]:
    """The lines of `yaml` by top-level key, each key's with the lines under it; lines
    before the first key under None."""
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in yaml.splitlines(keepends=True):
        key = _TOP_LEVEL_KEY.match(line)
        if key is not None:
            groups.append((key[1].strip("'\""), [line]))
        else:
            groups[-1][1].append(line)
    return [group for group in groups if group[1]]
