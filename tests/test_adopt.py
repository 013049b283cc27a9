"""`soclint adopt` over real policy repositories: comply's, 2lines', and a website's with
its git history, made in tmp_path."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import located, run, write_files
from gitrepo import commit, git, init

from soclint.adoption.adopt import Adoption, adopt_repository
from soclint.adoption.front_matter import COMPLY_NAME
from soclint.cli import main
from soclint.errors import UsageError

TODAY = date(2026, 11, 1)
COMPANY = "Acme Inc."
CORPORA = Path(__file__).parent / "data" / "corpora"
COMPLY_SOC2 = CORPORA / "comply" / "themes" / "comply-soc2"
TWO_LINES = CORPORA / "2lines"


def committed_copy(source: Path, root: Path) -> Path:
    """A git repository at `root` holding a copy of `source`, all committed."""
    shutil.copytree(source, root)
    init(root)
    commit(root, "Import the policies", "2026-01-05")
    return root


def adopt(root: Path, dry_run: bool = False) -> Adoption:
    return adopt_repository(root, COMPANY, TODAY, dry_run)


def codes(report: object) -> set[str]:
    return {code for code, _path, _line in located(report)}  # type: ignore[arg-type]


def told(adoption: Adoption, path: str) -> tuple[str, ...]:
    return next(adopted.told for adopted in adoption.adopted if adopted.path == path)


def steps(adoption: Adoption) -> list[str]:
    return [str(step) for step in adoption.todo]


# comply: YAML first, then a `---` line, then the body.


@pytest.mark.slow
def test_comply_soc2_becomes_a_program_with_no_structure_finding(tmp_path: Path) -> None:
    root = committed_copy(COMPLY_SOC2, tmp_path / "comply")

    adoption = adopt(root)

    report = run(root)
    assert not any(code.startswith("S") or code == "V002" for code in codes(report))
    # comply maps CC9.9, which the criteria do not hold: reported at each document's line.
    wrong = sorted(
        (path, number)
        for path in (p.relative_to(root).as_posix() for p in root.glob("policies/*.md"))
        for number, line in enumerate((root / path).read_text().splitlines(), 1)
        if line.startswith("controls:") and "CC9.9" in line
    )
    assert len(wrong) == 5
    assert sorted((p, n) for c, p, n in located(report) if c == "M001") == wrong
    assert {(p, n) for p, n in wrong} <= {(s.path, s.line) for s in adoption.todo}
    # The program reads the adopted documents, the roster and the system description.
    adopted = {a.path for a in adoption.adopted}
    assert {doc.path for doc in report_documents(root)} == adopted | {
        "roster.md",
        "system-description.md",
    }
    assert len(adopted) == 31 and not any(path.startswith("narratives/") for path in adopted)


def report_documents(root: Path) -> list:  # type: ignore[type-arg]
    from soclint.program import load_program

    return load_program(root, as_of=TODAY).repository.documents


@pytest.mark.slow
def test_comply_bodies_stay_byte_for_byte_apart_from_the_company_name(tmp_path: Path) -> None:
    root = committed_copy(COMPLY_SOC2, tmp_path / "comply")

    adoption = adopt(root)

    for adopted in adoption.adopted:
        before = (COMPLY_SOC2 / adopted.path).read_text(encoding="utf-8")
        after = (root / adopted.path).read_text(encoding="utf-8")
        assert after.startswith("---\ntype: ")
        # What changed: soclint's lines added at the top, and {{.Name}} where it was.
        changes = [
            op
            for op in difflib.SequenceMatcher(
                None, before.splitlines(), after.splitlines(), autojunk=False
            ).get_opcodes()
            if op[0] != "equal"
        ]
        assert changes[0][:3] == ("insert", 0, 0)
        for tag, start, end, _start, _end in changes:
            named = before.splitlines()[start:end]
            assert tag == "insert" or (tag == "replace" and all(COMPLY_NAME in n for n in named))
        assert after.count(COMPLY_NAME) == 0
        _head, _, body = before.partition("\n---\n")
        assert after.endswith("\n---\n" + body.replace(COMPLY_NAME, COMPANY))
        assert "rewritten to open with a `---` line" in told(adoption, adopted.path)


@pytest.mark.slow
def test_comply_keys_are_kept_as_the_repository_s_own_and_mapped(tmp_path: Path) -> None:
    root = committed_copy(COMPLY_SOC2, tmp_path / "comply")

    adoption = adopt(root)

    access = (root / "policies/access.md").read_text()
    assert access.startswith(
        "---\ntype: policy\nid: AOTP\ntitle: Access Onboarding and Termination Policy\n"
        'kind: access-control\nstatus: draft\nversion: "1.0"\nreview: {cycle: annual}\n'
        "controls: [CC6.1, CC6.2, CC6.3]\nname: Access Onboarding and Termination Policy\n"
    )
    config = (root / "soclint.yaml").read_text()
    assert "  policy: [acronym, majorRevisions, name, satisfies]\n" in config
    assert "  procedure: [cron, name]\n" in config
    assert "kind access-control: a guess from the title" in told(adoption, "policies/access.md")[3]
    # Words comply uses, read as the suite kinds they stand for.
    kinds = {a.path: next(t for t in a.told if t.startswith("kind")) for a in adoption.adopted
             if a.doc_type == "policy"}  # fmt: skip
    assert kinds["policies/retention.md"].startswith("kind record-retention")
    assert kinds["policies/disaster.md"].startswith("kind business-continuity")
    assert kinds["policies/vendor.md"].startswith("kind vendor-risk")
    assert kinds["policies/encryption.md"].startswith("kind cryptography")
    assert kinds["policies/availability.md"] == "kind: none of the suite kinds matches; choose one"
    assert "policies/availability.md:1: kind: choose the suite kind" in "\n".join(steps(adoption))


@pytest.mark.slow
def test_comply_narratives_are_folded_into_the_system_description(tmp_path: Path) -> None:
    root = committed_copy(COMPLY_SOC2, tmp_path / "comply")

    adoption = adopt(root)

    names = ("control", "organizational", "products", "security", "system")
    assert adoption.folded == [f"narratives/{name}.md" for name in names]
    description = (root / "system-description.md").read_text()
    assert "<!-- from narratives/security.md -->" in description
    assert "Acme Inc. is a Delaware C-Corporation" in description
    assert COMPLY_NAME not in description
    told_of = next(plan.summary for plan in adoption.plans if plan.path == "system-description.md")
    assert told_of.endswith(
        f"{COMPLY_NAME} replaced by {COMPANY} in narratives/control.md, "
        "narratives/organizational.md, narratives/security.md; the report and components to "
        "fill in"
    )
    # comply still builds from its narratives: they are kept as they were.
    assert (root / "narratives/control.md").read_bytes() == (
        COMPLY_SOC2 / "narratives/control.md"
    ).read_bytes()
    left_out = {refused.path: refused.reason for refused in adoption.left_out}
    assert left_out["TODO.md"] == "a to-do list"
    assert left_out["README.md"] == left_out["policies/README.md"] == "a project file, not a policy"


def test_malformed_comply_documents_are_left_out_at_their_line(tmp_path: Path) -> None:
    root = committed_copy(CORPORA / "comply" / "fixtures", tmp_path / "fixtures")

    adoption = adopt(root)

    left_out = {(r.path, r.line) for r in adoption.left_out}
    assert left_out == {
        ("narratives/invalid-control.md", 5),
        ("policies/invalid-access.md", 10),
        ("procedures/invalid-workstation.md", 2),
    }
    for path, line in left_out:
        assert (root / path).read_bytes() == (CORPORA / "comply" / "fixtures" / path).read_bytes()
        step = next(s for s in adoption.todo if s.path == path)
        assert step.line == line and "cannot be read" in step.text
    assert adoption.adopted == []
    assert not any(code.startswith("S") for code in codes(run(root)))


# 2lines: its own front-matter keys, and templates.


@pytest.mark.slow
def test_2lines_keeps_its_keys_and_leaves_its_templates_out(tmp_path: Path) -> None:
    root = committed_copy(TWO_LINES, tmp_path / "2lines")

    adoption = adopt(root)

    assert not any(code.startswith("S") or code == "V002" for code in codes(run(root)))
    left_out = {refused.path: refused.reason for refused in adoption.left_out}
    assert all(left_out[path] == "a template" for path in left_out if "template" in path)
    assert left_out["templates/policies/access-control-policy.md"] == "a template"
    assert "for another tool" in left_out["compliance/agents/AGENT-001-soc2-compliance-worker.md"]
    confidentiality = (root / "compliance/controls/tsc-confidentiality.md").read_text()
    # Its own keys kept, `tsc_criteria: [C1]` naming the series mapped as its criteria.
    assert confidentiality.startswith(
        '---\ntype: standard\nid: TSC-CONF\ntitle: "TSC: Confidentiality"\nstatus: draft\n'
        'version: "1.0"\ncontrols: [C1.1, C1.2]\ntsc_criteria: [C1]\n---\n'
    )
    assert (
        "status 'approved' -> draft: nothing in the repository records an approval soclint "
        "can verify" in told(adoption, "compliance/controls/tsc-confidentiality.md")
    )
    config = (root / "soclint.yaml").read_text()
    assert "  standard: [tsc_criteria]\n" in config
    assert "  - /templates/\n" in config
    # Template text left in an adopted document is on the to-do list, at its line.
    assert any(
        s.path == "compliance/config/scope.md" and "{{company_name}}" in s.text
        for s in adoption.todo
    )


# A website's policies (Hugo), with real git history.

ACCESS = """\
---
title: Access Control Policy
slug: access
weight: 10
last_updated: 2025-01-10
---

# Access Control Policy

## Purpose

Access to systems follows least privilege (CC6.1–CC6.3).

## Scope

All systems.

## Policy

Vendors get access as the [vendor policy](/policies/vendor/) says.
"""
VENDORS = """\
---
title: Third-Party Vendor Management
slug: vendor
weight: 20
last_updated: 2025-02-01
---

# Third-Party Vendor Management

## Purpose

Vendors are reviewed (CC9.2).

## Scope

Every vendor.

## Policy

Review each vendor yearly.
"""
RETENTION = """\
# Data Retention

## Purpose

Keep records as long as needed.

## Scope

All data.

## Policy

Delete after seven years. TODO: name the owner.
"""


def website(root: Path) -> Path:
    """A Hugo site of policies, written by two people over three commits."""
    init(root)
    write_files(
        root,
        {
            "config.toml": 'baseURL = "https://security.example.com/"\n',
            ".gitignore": "public/\ndrafts/\n",
            "README.md": "# Security site\n",
            "CONTRIBUTING.md": "# Contributing\n",
            "archetypes/default.md": '---\ntitle: "{{ .Name }}"\ndraft: true\n---\n',
            "content/_index.md": "---\ntitle: Security\n---\nOur policies.\n",
            "content/policies/_index.md": "---\ntitle: Policies\nweight: 1\n---\n",
            "content/policies/access-control.md": ACCESS,
        },
    )
    commit(root, "Add the access policy", "2025-01-10", "Grace Hopper", "grace@example.com")
    write_files(
        root,
        {
            "content/policies/vendor-management.md": VENDORS,
            "content/policies/data-retention.md": RETENTION,
            "content/procedures/incident-runbook.md": "# Incident Runbook\n\n1. Page on-call.\n",
        },
    )
    commit(root, "Add the other documents", "2025-02-01", "Alan Turing", "alan@example.com")
    access = root / "content/policies/access-control.md"
    access.write_text(ACCESS.replace("2025-01-10", "2025-03-01").replace("All systems", "All"))
    commit(root, "Widen the access scope", "2025-03-01", "Grace Hopper", "grace@example.com")
    write_files(root, {"drafts/wip.md": "# Work in progress\n"})
    return root


@pytest.mark.slow
def test_a_website_gets_soclint_keys_above_its_own(tmp_path: Path) -> None:
    root = website(tmp_path / "site")

    adoption = adopt(root)

    access = (root / "content/policies/access-control.md").read_text()
    assert access == (
        "---\ntype: policy\nid: access\ntitle: Access Control Policy\nkind: access-control\n"
        'status: draft\nversion: "1.0"\nreview: {cycle: annual}\n'
        "controls: [CC6.1, CC6.2, CC6.3]\n"
        + ACCESS.replace("2025-01-10", "2025-03-01").replace("All systems", "All")[33:]
    )
    retention = (root / "content/policies/data-retention.md").read_text()
    assert retention == (
        "---\ntype: policy\nid: data-retention\ntitle: Data Retention\n"
        'kind: record-retention\nstatus: draft\nversion: "1.0"\nreview: {cycle: annual}\n'
        "---\n" + RETENTION
    )
    assert told(adoption, "content/policies/vendor-management.md")[:4] == (
        "type policy: its folder is policies/",
        "id vendor: the slug",
        "title from its title",
        "kind vendor-risk: a guess from the title 'Third-Party Vendor Management' ('third party')",
    )
    runbook = (root / "content/procedures/incident-runbook.md").read_text()
    assert runbook.startswith("---\ntype: procedure\nid: incident-runbook\n")
    left_out = {refused.path: refused.reason for refused in adoption.left_out}
    assert left_out == {
        "CONTRIBUTING.md": "a project file, not a policy",
        "README.md": "a project file, not a policy",
        "archetypes/default.md": "a template",
        "content/_index.md": "a website's section page",
        "content/policies/_index.md": "a website's section page",
    }
    assert "drafts/wip.md" not in {a.path for a in adoption.adopted}
    config = (root / "soclint.yaml").read_text()
    assert config.endswith("own_keys:\n  policy: [last_updated, slug, weight]\n")
    # `check` reads exactly the program: the adopted documents, the roster and the scope.
    assert sorted(doc.path for doc in report_documents(root)) == sorted(
        [a.path for a in adoption.adopted] + ["roster.md", "system-description.md"]
    )


@pytest.mark.slow
def test_the_roster_has_one_person_per_git_author(tmp_path: Path) -> None:
    root = website(tmp_path / "site")

    adopt(root)

    roster = (root / "roster.md").read_text()
    people = roster.split("people:\n", 1)[1].split("# Which roles", 1)[0]
    assert people == (
        "  - id: grace.hopper\n    name: Grace Hopper\n    email: grace@example.com\n"
        "    roles: []\n"
        "  - id: alan.turing\n    name: Alan Turing\n    email: alan@example.com\n"
        "    roles: []\n"
    )


@pytest.mark.slow
def test_the_to_do_list_names_file_and_line(tmp_path: Path) -> None:
    root = website(tmp_path / "site")

    adoption = adopt(root)

    assert steps(adoption) == [
        "content/policies/access-control.md:1: owner: name the person accountable for it (a "
        "person id of the roster)",
        "content/policies/access-control.md:5: kind: access-control is a guess from the title "
        "'Access Control Policy' ('access control'); confirm it or correct it",
        "content/policies/access-control.md:6: status: draft; approve it once it has its owner: "
        "soclint approve content/policies/access-control.md --by PERSON --bump none (whose role "
        "holds approve-policy)",
        "content/policies/data-retention.md:1: owner: name the person accountable for it (a "
        "person id of the roster)",
        "content/policies/data-retention.md:1: the policy maps no criterion or control; list "
        "what it addresses in `controls`",
        "content/policies/data-retention.md:5: kind: record-retention is a guess from the title "
        "'Data Retention' ('data retention'); confirm it or correct it",
        "content/policies/data-retention.md:6: status: draft; approve it once it has its owner: "
        "soclint approve content/policies/data-retention.md --by PERSON --bump none (whose role "
        "holds approve-policy)",
        "content/policies/data-retention.md:22: template text 'TODO' left in the document; "
        "finish or remove it",
        "content/policies/vendor-management.md:1: owner: name the person accountable for it (a "
        "person id of the roster)",
        "content/policies/vendor-management.md:5: kind: vendor-risk is a guess from the title "
        "'Third-Party Vendor Management' ('third party'); confirm it or correct it",
        "content/policies/vendor-management.md:6: status: draft; approve it once it has its "
        "owner: soclint approve content/policies/vendor-management.md --by PERSON --bump none "
        "(whose role holds approve-policy)",
        "content/procedures/incident-runbook.md:1: owner: name the person accountable for it (a "
        "person id of the roster)",
        "content/procedures/incident-runbook.md:5: status: draft; approve it once it has its "
        "owner: soclint approve content/procedures/incident-runbook.md --by PERSON --bump none "
        "(whose role holds approve-policy)",
        "roster.md:7: people: give each person the roles they hold, and add the people who own "
        "or approve documents without writing them",
        "roster.md:17: authority: name the roles that may approve policies and sign off the scope",
        "system-description.md:1: sign off the scope once it is complete: soclint approve "
        "system-description.md --by PERSON (whose role holds sign-off-scope)",
        "system-description.md:7: report: set its type and its date (type 1: as_of) or period "
        "(type 2: start, end)",
        "system-description.md:9: categories: add the categories the report covers besides "
        "security",
        "system-description.md:12: components: list the components of the system, each with "
        "its owner",
    ]


@pytest.mark.slow
def test_the_adoption_pull_request_passes_diff_mode_apart_from_the_to_do(tmp_path: Path) -> None:
    root = website(tmp_path / "site")
    git(root, "checkout", "-q", "-b", "adopt")
    adoption = adopt(root)
    commit(root, "Adopt soclint", "2026-10-30")

    report = run(root, diff_base="main")

    to_do = {(step.path, step.line) for step in adoption.todo}
    findings = located(report)
    assert findings
    # Nothing the adoption itself breaks: no structure or schema problem, no content changed
    # under an approval, no check weakened.
    assert not codes(report) & {"A010", "A011", "A013", "A014", "A015", "V002", "V003"}
    assert not any(code.startswith("S") for code in codes(report))
    # Every finding is a step of the to-do list, or one about the program as a whole.
    assert [f for f in findings if f[1] is not None and (f[1], f[2]) not in to_do] == []
    assert {code for code, path, _line in findings if path is None} <= {"O008"}


@pytest.mark.slow
def test_the_adoption_diff_is_what_a_dry_run_prints(tmp_path: Path) -> None:
    root = website(tmp_path / "site")
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)

    result = CliRunner().invoke(main, ["adopt", str(root), "--company", COMPANY, "--dry-run"])

    assert result.exit_code == 0, result.stderr
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""
    assert not (root / "soclint.yaml").exists() and not (root / "roster.md").exists()
    assert "To do (19 steps):" in result.stderr and "--- a/" not in result.stderr
    subprocess.run(["git", "apply"], cwd=root, input=result.stdout, text=True, check=True)
    adopt(twin)
    for file in sorted(twin.rglob("*")):
        relative = file.relative_to(twin)
        if ".git" not in relative.parts and file.is_file():
            assert (root / relative).read_bytes() == file.read_bytes(), relative


# Refusals: the adoption must be one change to review.


def test_uncommitted_changes_refuse_the_adoption_and_nothing_is_written(tmp_path: Path) -> None:
    root = website(tmp_path / "site")
    edited = root / "content/policies/vendor-management.md"
    edited.write_text(VENDORS + "\nA local edit.\n")
    write_files(root, {"content/policies/new.md": "# New policy\n"})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}

    with pytest.raises(UsageError) as refused:
        adopt(root)

    assert list(refused.value.messages) == [
        "content/policies/new.md: git does not track it; commit it (or ignore it in "
        ".gitignore) first, so that the adoption is one change to review",
        "content/policies/vendor-management.md: has uncommitted changes; commit or stash them "
        "first, so that the adoption is one change to review",
    ]
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before


@pytest.mark.slow
def test_adopt_refuses_a_program_and_a_folder_outside_git(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "plain", {"policy.md": "# Policy\n"})
    result = CliRunner().invoke(main, ["adopt", str(outside), "--company", COMPANY])
    assert result.exit_code == 2
    assert "adopt works in a git work tree" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr

    root = website(tmp_path / "site")
    adopt(root)
    commit(root, "Adopt soclint", "2026-10-30")
    again = CliRunner().invoke(main, ["adopt", str(root), "--company", COMPANY])
    assert again.exit_code == 2 and "is a soclint program already" in again.stderr


def test_what_adopt_prints_is_inert_on_a_terminal_and_in_a_workflow_log(tmp_path: Path) -> None:
    root = init(tmp_path / "repo")
    # A file name can hold an escape sequence, and a line break that starts a workflow command.
    write_files(root, {"policies/access\x1b[2J\n::error file=x::forged.md": "# Access\n"})
    commit(root, "Add a policy", "2026-01-05")

    result = CliRunner().invoke(main, ["adopt", str(root), "--company", COMPANY])

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert not any(line.lstrip().startswith("::") for line in result.stdout.splitlines())
    assert "  policies/access\\x1b[2J\\n::error file=x::forged.md: policy " in result.stdout
    assert result.stdout.endswith("Then `soclint check` lists what remains.\n")
