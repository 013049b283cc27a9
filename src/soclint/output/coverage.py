"""The coverage matrix as text, JSON or Markdown: uncovered criteria first.

Ids, paths and titles come from the policy repository and its pack: text
shows them `visible`, JSON is `json_text`, and Markdown escapes its markup, so
none of them can add a line, a row or a workflow command.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from soclint.coverage_matrix import CriterionCoverage, Mapping, Matrix
from soclint.output.console import visible
from soclint.output.json import json_text

if TYPE_CHECKING:
    from soclint.accountability import Accountability

FORMATS = ("text", "json", "md")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def render(matrix: Matrix, output_format: str, people: Accountability | None = None) -> str:
    """The matrix in `output_format`; JSON also holds `people` (provenance and
    acknowledgements) when given."""
    if output_format == "json":
        return _json(matrix, people)
    return _text(matrix) if output_format == "text" else _markdown(matrix)


def summary(matrix: Matrix) -> str:
    total, uncovered = len(matrix.criteria), len(matrix.uncovered)
    return (
        f"{total} criteria in scope ({', '.join(matrix.categories)}) as of "
        f"{matrix.as_of.isoformat()}: {total - uncovered} covered, {uncovered} uncovered."
    )


def _name(mapping: Mapping) -> str:
    doc = mapping.document
    name = doc.id or doc.path
    return name if mapping.via is None else f"{name} via {mapping.via}"


def _cell(row: CriterionCoverage) -> str:
    """Who covers the criterion, or, when nobody does, who maps it without counting."""
    if row.covered:
        return ", ".join(_name(m) for m in row.covering)
    if row.unparsed:
        paths = [m.document.path for m in row.unparsed]
        verb = "does" if len(paths) == 1 else "do"
        return f"covered only by {', '.join(paths)}, which {verb} not parse"
    if row.mappings:
        return "mapped only by " + ", ".join(f"{_name(m)} ({m.standing})" for m in row.mappings)
    return "mapped by no document"


def _text(matrix: Matrix) -> str:
    width = max((len(row.criterion.id) for row in matrix.criteria), default=0)
    lines = []
    for row in matrix.ordered():
        status = "covered  " if row.covered else "UNCOVERED"
        title = "" if row.covered else f"{row.criterion.title.rstrip('.')}: "
        line = f"{row.criterion.id:<{width}}  {status}  {title}{_cell(row)}"
        lines.append(visible(line))
    return "\n".join([*lines, "", visible(summary(matrix))]) + "\n"


def _json(matrix: Matrix, people: Accountability | None) -> str:
    def mapping(m: Mapping) -> dict[str, object]:
        return {"id": m.document.id, "path": m.document.path, "via": m.via, "standing": m.standing}

    document = {
        "version": 1,
        "as_of": matrix.as_of.isoformat(),
        "categories": list(matrix.categories),
        "criteria": [
            {
                "id": row.criterion.id,
                "category": row.criterion.category,
                "title": row.criterion.title,
                "covered": row.covered,
                "covered_by": [mapping(m) for m in row.covering],
                "not_in_force": [mapping(m) for m in row.mappings if not m.in_force],
            }
            for row in matrix.ordered()
        ],
        "summary": {
            "criteria": len(matrix.criteria),
            "covered": len(matrix.criteria) - len(matrix.uncovered),
            "uncovered": len(matrix.uncovered),
        },
    }
    if people is not None:
        document.update(people.to_json())
    return json_text(document)


def _escape(text: str) -> str:
    """Text that reads the same in a Markdown table: one `visible` line, markup
    characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(" ".join(text.split())))


def _markdown(matrix: Matrix) -> str:
    lines = [
        "# Coverage of the criteria in scope",
        "",
        _escape(summary(matrix)),
        "",
        "| Criterion | Title | Status | Covered by |",
        "|---|---|---|---|",
    ]
    for row in matrix.ordered():
        status = "covered" if row.covered else "**uncovered**"
        lines.append(
            f"| {_escape(row.criterion.id)} | {_escape(row.criterion.title)} | {status} "
            f"| {_escape(_cell(row))} |"
        )
    return "\n".join(lines) + "\n"
