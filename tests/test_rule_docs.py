"""Every rule, built-in or from the SOC 2 pack, documents itself under the fixed headings."""

from __future__ import annotations

import re

import pytest

from soclint.engine import all_rules
from soclint.pack import load_pack
from soclint.registry import DOC_SECTIONS

RULES = all_rules(load_pack())


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_documentation_has_the_fixed_headings(code: str) -> None:
    headings = re.findall(r"^## (.+)$", RULES[code].documentation, flags=re.MULTILINE)
    assert tuple(headings) == DOC_SECTIONS


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_code_name_and_summary(code: str) -> None:
    rule = RULES[code]
    assert re.fullmatch(r"[A-Z]+[0-9]{3}", code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary.endswith(".") and "\n" not in rule.summary


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
