"""Rule options are declared once, next to their rule; rule codes say which family they are in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AS_OF, ROSTER, located, run, write_files

from soclint.cli import main
from soclint.options import Option
from soclint.program import load_program, rule_options
from soclint.registry import FAMILIES, rule
from soclint.resources import data_path
from soclint.rules import builtin_rules
from soclint.rules.content import REQUIRED_SECTIONS

RULES = builtin_rules()
OPTIONS = rule_options(RULES)

POLICY = """\
---
type: policy
id: POL-A
title: A
kind: access-control
owner: priya
status: draft
version: "1.0"
---

# A

## Purpose
"""
PROCEDURE = POLICY.replace("type: policy", "type: procedure").replace("POL-A", "PRC-A")
PACK = "pack: acme\ntitle: Acme\nsections:\n  policy: [Purpose, Scope]\n"


def test_every_option_is_declared_by_a_rule_and_by_no_schema_file() -> None:
    assert {option.key for option in OPTIONS} >= {
        "separation_of_duties",
        "draft_max_age",
        "required_sections",
    }
    for name in ("config", "pack"):
        schema = json.loads((data_path("schemas") / f"{name}.schema.json").read_text())
        declared_twice = {o.key for o in OPTIONS} | {o.in_pack for o in OPTIONS}
        assert not declared_twice & set(schema["properties"]), name


def test_an_option_is_listed_in_its_rules_documentation() -> None:
    (owner,) = [r for r in RULES.values() if REQUIRED_SECTIONS in r.options]
    options = owner.documentation.split("## Options", 1)[1]
    assert options.lstrip().startswith(f"- {REQUIRED_SECTIONS.described()}")
    assert "`required_sections` in soclint.yaml or `sections` in a rule pack" in options


def test_soclint_yaml_over_a_pack_over_the_default_a_mapping_key_by_key(tmp_path: Path) -> None:
    config = "select: [L002]\npacks: [acme.yaml]\nrequired_sections: {procedure: [Steps]}\n"
    write_files(
        tmp_path,
        {
            "soclint.yaml": config,
            "acme.yaml": PACK,
            "policies/a.md": POLICY,
            "procedures/a.md": PROCEDURE,
        },
    )

    report = run(tmp_path)

    # The pack's policy sections stay; soclint.yaml adds the procedure's.
    assert located(report) == [("L002", "policies/a.md", 11), ("L002", "procedures/a.md", 11)]
    assert "Scope" in report.findings[0].message
    assert "Steps" in report.findings[1].message


def test_soclint_yaml_turns_off_what_the_built_in_pack_turns_on(tmp_path: Path) -> None:
    approved = POLICY.replace("status: draft", "status: approved").replace(
        'version: "1.0"\n', 'version: "1.0"\napproval: {by: priya, date: 2026-10-01}\n'
    )
    write_files(tmp_path, {"soclint.yaml": "select: [A004]\n", "roster.md": ROSTER})
    write_files(tmp_path, {"policies/a.md": approved})
    assert located(run(tmp_path)) == [("A004", "policies/a.md", 9)]

    write_files(tmp_path, {"soclint.yaml": "select: [A004]\nseparation_of_duties: false\n"})
    assert located(run(tmp_path)) == []


@pytest.mark.parametrize(
    ("file", "text", "error"),
    [
        ("soclint.yaml", "draft_max_age: soon\n", "soclint.yaml:2:1: draft_max_age: 'soon' is not"),
        ("soclint.yaml", "sections: {policy: [A]}\n", "soclint.yaml:2:1: unknown key 'sections'"),
        ("acme.yaml", PACK + "separation_of_duties: 3\n", "acme.yaml:5:1: separation_of_duties:"),
    ],
)
def test_an_option_is_validated_where_it_is_set(
    tmp_path: Path, file: str, text: str, error: str
) -> None:
    config = {"soclint.yaml": "packs: [acme.yaml]\n", "acme.yaml": PACK}
    write_files(tmp_path, {**config, file: text if file == "acme.yaml" else config[file] + text})

    result = CliRunner().invoke(main, ["check", str(tmp_path), "--as-of", AS_OF.isoformat()])

    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"soclint: error: {error}"), result.output


def test_a_program_sees_the_options_its_files_set(tmp_path: Path) -> None:
    write_files(tmp_path, {"soclint.yaml": "draft_max_age: 90 days\n"})
    program = load_program(tmp_path)
    (max_age,) = [o for o in OPTIONS if o.key == "draft_max_age"]
    assert max_age.value(program.config, program.pack) == "90 days"
    assert REQUIRED_SECTIONS.value(program.config, program.pack) == {
        "policy": ["Purpose", "Scope", "Policy"]
    }


def test_every_code_prefix_names_the_family_whose_folder_or_module_holds_the_rule() -> None:
    for code, found in RULES.items():
        family = FAMILIES[code[0]]
        assert found.family == family, code
        module = found.check.__module__
        assert module == f"soclint.rules.{family}" or module.startswith(
            f"soclint.rules.{family}."
        ), code
    assert set(FAMILIES.values()) == {found.family for found in RULES.values()}


def test_a_rule_outside_its_familys_home_is_refused() -> None:
    def stray_rule() -> None:
        """Not a rule of the operations family."""

    stray_rule.__module__ = "soclint.rules.mapping"
    with pytest.raises(ValueError, match="O999 belongs in rules/operations"):
        rule("O999", "stray", "A stray rule.")(stray_rule)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="a family of its own"):
        rule("Q999", "stray", "A stray rule.")(stray_rule)  # type: ignore[arg-type]
    assert "O999" not in builtin_rules() and "Q999" not in builtin_rules()


def test_an_option_is_one_object_however_it_is_compared() -> None:
    first = Option("x", {}, default=None, help="x")
    second = Option("x", {}, default=None, help="x")
    assert len({first, second}) == 2
