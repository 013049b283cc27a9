"""Policies written by others (tests/data/corpora), given soclint front-matter for a test.

A comply document opens with its own YAML (`name`, `acronym`, `satisfies`), then a
`---` line, then its body. `as_soclint_policy` keeps the body byte for byte under a
soclint front-matter built from comply's, and says where the body's lines moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from soclint.yamltree import parse_yaml

TESTS = Path(__file__).parent
CORPORA = TESTS / "data" / "corpora"
COMPLY_POLICIES = CORPORA / "comply" / "themes" / "comply-soc2" / "policies"
TWO_LINES = CORPORA / "2lines"
# Real policy repositories written by others, kept beside the project (shared/corpora).
SHARED_CORPORA = next(
    (folder / "shared" / "corpora" for folder in TESTS.resolve().parents
     if (folder / "shared" / "corpora").is_dir()),
    Path("shared") / "corpora",
)  # fmt: skip


@dataclass(frozen=True)
class Converted:
    """A corpus document as soclint reads it: `text`, and how many lines its body moved."""

    text: str
    shift: int

    def line(self, original: int) -> int:
        """The line of the converted file that holds line `original` of the corpus file."""
        return original + self.shift


def as_soclint_policy(file: Path, kind: str = "information-security") -> Converted:
    """The comply document `file` as an approved soclint policy mapping what comply's
    `satisfies` lists, one criterion per line."""
    text = file.read_text(encoding="utf-8")
    head, separator, body = text.partition("\n---\n")
    assert separator, f"{file} has no `---` line"
    comply = parse_yaml(head).value
    criteria = comply.get("satisfies", {}).get("TSC", [])
    lines = [
        "---",
        "type: policy",
        f"id: POL-{comply['acronym']}",
        f"title: {comply['name']}",
        f"kind: {kind}",
        "status: draft",
        "controls:",
        *(f"  - {criterion}" for criterion in criteria),
        "---",
    ]
    body_line = head.count("\n") + 3  # the head, its last line, the `---` line
    return Converted("\n".join(lines) + "\n" + body, len(lines) + 1 - body_line)


def case_documents() -> list[tuple[str, str]]:
    """(name, text) of every Markdown file of the rule cases under tests/cases."""
    found = []
    for case in sorted((TESTS / "cases").rglob("*.yaml")):
        spec = parse_yaml(case.read_text(encoding="utf-8")).value
        for name, text in (spec.get("files") or {}).items():
            if str(name).endswith(".md") and isinstance(text, str):
                found.append((f"{case.name}:{name}", text))
    return found


def folder_documents(folder: Path) -> list[tuple[str, str]]:
    """(path, text) of every Markdown file under `folder`; none when it does not exist."""
    if not folder.is_dir():
        return []
    return [
        (str(file), file.read_text(encoding="utf-8", errors="replace"))
        for file in sorted(folder.rglob("*.md"))
    ]
