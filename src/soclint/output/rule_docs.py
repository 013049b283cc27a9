"""The rule list and one rule's documentation, as `soclint rules` and `soclint rule` print them.

A pack's rules come from the policy repository, so their names, summaries and
documentation are shown `visible`.
"""

from __future__ import annotations

from collections.abc import Iterable

from soclint.output.console import visible, visible_lines
from soclint.output.json import json_text
from soclint.registry import Rule

FORMATS = ("text", "json")
UNWAIVABLE = "It guards the integrity of an approval: a document cannot waive it."


def listing(rules: Iterable[Rule], output_format: str) -> str:
    """One rule a line (text), or a JSON list of {code, name, severity, summary, waivable}."""
    if output_format == "json":
        return json_text(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "severity": r.severity.value,
                    "summary": r.summary,
                    "waivable": r.waivable,
                }
                for r in rules
            ]
        )
    return "".join(
        f"{visible(r.code)}  {visible(r.name):<32} {r.severity.value:<8} {visible(r.summary)}\n"
        for r in rules
    )


def explanation(rule: Rule) -> str:
    """The code, name and severity, the summary, whether it may be waived, the documentation."""
    head = f"{visible(rule.code)} {visible(rule.name)} ({rule.severity.value})"
    waiving = "" if rule.waivable else f"{UNWAIVABLE}\n\n"
    return f"{head}\n\n{visible(rule.summary)}\n\n{waiving}{visible_lines(rule.documentation)}\n"
