"""Every rule is documented the same way and has a stable, unique identity."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLE

from soclint.json_form import to_json
from soclint.options import schema_properties
from soclint.pack import load_pack
from soclint.program import load_program, rule_options
from soclint.registry import DOC_SECTIONS, Rule
from soclint.resources import data_path
from soclint.rules import builtin_rules
from soclint.validation import violations
from soclint.yamltree import parse_yaml

RULES = load_program(EXAMPLE).rules


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_rule_is_documented_with_every_section_in_order(rule: Rule) -> None:
    # Examples in fenced code may hold Markdown headings of their own.
    prose = re.sub(r"^```.*?^```", "", rule.documentation, flags=re.MULTILINE | re.DOTALL)
    headings = re.findall(r"^## (.+)$", prose, flags=re.MULTILINE)
    assert headings == list(DOC_SECTIONS), rule.code
    sections = "|".join(re.escape(name) for name in DOC_SECTIONS)
    for section in re.split(rf"^## (?:{sections})$", rule.documentation, flags=re.MULTILINE)[1:]:
        assert section.strip(), f"{rule.code}: an empty section"
    assert rule.summary.endswith("."), rule.code


def test_codes_and_names_are_unique_and_well_formed() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
    for code, rule in RULES.items():
        assert re.fullmatch(r"[A-Z][0-9]{3}", code), code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name


def test_builtin_pack_is_valid_against_the_pack_schema() -> None:
    # The run trusts the shipped pack without validating it; this is the check.
    tree = parse_yaml((data_path("rules") / "soc2.yaml").read_text(encoding="utf-8"))

    options = schema_properties(rule_options(builtin_rules()), in_pack=True)
    assert list(violations("pack", to_json(tree.value), options)) == []


def test_catalog_has_the_61_trust_services_criteria() -> None:
    catalog = load_pack().catalog
    assert len(catalog.criteria) == 61
    by_category: dict[str, int] = {}
    for criterion in catalog.criteria.values():
        by_category[criterion.category] = by_category.get(criterion.category, 0) + 1
    assert by_category == {
        "security": 33,
        "availability": 3,
        "confidentiality": 2,
        "processing-integrity": 5,
        "privacy": 18,
    }
