"""Every built-in rule is documented: its docstring has the fixed headings, in order."""

from __future__ import annotations

import re

import pytest

from soclint.registry import DOC_SECTIONS, builtin_rules

RULES = builtin_rules()


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_documentation_has_the_fixed_headings(code: str) -> None:
    rule = RULES[code]
    # Examples in fenced code may hold Markdown headings of their own.
    prose = re.sub(r"^```.*?^```", "", rule.documentation, flags=re.MULTILINE | re.DOTALL)
    headings = re.findall(r"^## (.+)$", prose, flags=re.MULTILINE)
    assert tuple(headings) == DOC_SECTIONS
    assert re.fullmatch(r"[A-Z][0-9]{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name)
