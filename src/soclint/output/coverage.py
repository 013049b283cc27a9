"""The coverage matrix as text, JSON or Markdown: uncovered criteria first.

Ids, paths and titles come from the policy repository and its pack: text
shows them `visible`, JSON is `json_text`, and Markdown escapes its markup, so
none of them can add a line, a row or a workflow command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from soclint.coverage_matrix import CriterionCoverage, Mapping, Matrix
from soclint.output.console import visible
from soclint.output.json import json_text
from soclint.output.markup import markdown_text
from soclint.subservice import Subservice

if TYPE_CHECKING:
    from soclint.accountability import Accountability

FORMATS = ("text", "json", "md")


def render(matrix: Matrix, output_format: str, people: Accountability | None = None) -> str:
    """The matrix in `output_format`; JSON also holds `people` (provenance and
    acknowledgements) when given."""
    if output_format == "json":
        return _json(matrix, people)
    return _text(matrix) if output_format == "text" else _markdown(matrix)


def summary(matrix: Matrix) -> str:
    total, uncovered, carved = len(matrix.criteria), len(matrix.uncovered), len(matrix.carved_out)
    carved_out = f"{carved} carved out, " if carved else ""
    return (
        f"{total} criteria in scope ({', '.join(matrix.categories)}) as of "
        f"{matrix.as_of.isoformat()}: {total - uncovered - carved} covered, {carved_out}"
        f"{uncovered} uncovered."
    )


def _status(row: CriterionCoverage) -> str:
    if row.covered:
        return "covered"
    return "carved-out" if row.carved_out_to is not None else "uncovered"


def _vendor(entry: Subservice) -> str:
    """The vendor a carve-out relies on, with the report it relies on."""
    report = entry.report
    if report is None:
        return str(entry.vendor_id)
    kind = f" type {report.type}" if report.type else ""
    return f"{entry.vendor_id} (SOC 2{kind} report, period ended {report.period_end.isoformat()})"


def _subservice_note(row: CriterionCoverage) -> str:
    """What the criterion's subservice entries add to its cell, beyond a carve-out relied on."""
    notes = []
    for entry in row.subservices:
        if entry.vendor_id is None or (entry is row.carved_out_to and not row.covered):
            continue
        if entry is row.carved_out_to:
            notes.append(f"also carved out to {entry.vendor_id}")
        elif entry.carved_out:
            notes.append(f"carved out to {entry.vendor_id}, which cannot be relied on")
        else:
            notes.append(f"{entry.vendor_id} included (inclusive method)")
    return "".join(f"; {note}" for note in notes)


def _name(mapping: Mapping) -> str:
    doc = mapping.document
    name = doc.id or doc.path
    return name if mapping.via is None else f"{name} via {mapping.via}"


def coverage_cell(row: CriterionCoverage) -> str:
    """Who covers the criterion, or, when nobody does, who maps it without counting; and
    the vendors the system description names for it."""
    return _documents(row) + _subservice_note(row)


def _documents(row: CriterionCoverage) -> str:
    if row.covered:
        return ", ".join(_name(m) for m in row.covering)
    if row.carved_out_to is not None:
        return f"carved out to {_vendor(row.carved_out_to)}"
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
        status = {"covered": "covered  ", "carved-out": "carve-out"}.get(_status(row), "UNCOVERED")
        title = "" if row.satisfied else f"{row.criterion.title.rstrip('.')}: "
        line = f"{row.criterion.id:<{width}}  {status}  {title}{coverage_cell(row)}"
        lines.append(visible(line))
    return "\n".join([*lines, "", visible(summary(matrix))]) + "\n"


def _json(matrix: Matrix, people: Accountability | None) -> str:
    def mapping(m: Mapping) -> dict[str, object]:
        return {"id": m.document.id, "path": m.document.path, "via": m.via, "standing": m.standing}

    def subservice(entry: Subservice) -> dict[str, object]:
        return {
            "vendor": entry.vendor_id,
            "method": entry.method,
            "relied_on": entry.relied_on(matrix.as_of) if entry.carved_out else None,
        }

    document = {
        "version": 1,
        "as_of": matrix.as_of.isoformat(),
        "categories": list(matrix.categories),
        "criteria": [
            {
                "id": row.criterion.id,
                "category": row.criterion.category,
                "title": row.criterion.title,
                "status": _status(row),
                "covered": row.covered,
                "covered_by": [mapping(m) for m in row.covering],
                "not_in_force": [mapping(m) for m in row.mappings if not m.in_force],
                "carved_out_to": row.carved_out_to.vendor_id if row.carved_out_to else None,
                "subservice": [subservice(entry) for entry in row.subservices],
            }
            for row in matrix.ordered()
        ],
        "summary": {
            "criteria": len(matrix.criteria),
            "covered": len(matrix.criteria) - len(matrix.uncovered) - len(matrix.carved_out),
            "carved_out": len(matrix.carved_out),
            "uncovered": len(matrix.uncovered),
        },
    }
    if people is not None:
        document.update(people.to_json())
    return json_text(document)


def _markdown(matrix: Matrix) -> str:
    lines = [
        "# Coverage of the criteria in scope",
        "",
        markdown_text(summary(matrix)),
        "",
        "| Criterion | Title | Status | Covered by |",
        "|---|---|---|---|",
    ]
    for row in matrix.ordered():
        status = {"covered": "covered", "carved-out": "carved out"}.get(
            _status(row), "**uncovered**"
        )
        criterion = row.criterion
        lines.append(
            f"| {markdown_text(criterion.id)} | {markdown_text(criterion.title)} | {status} "
            f"| {markdown_text(coverage_cell(row))} |"
        )
    return "\n".join(lines) + "\n"
