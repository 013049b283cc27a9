"""The parts of `soclint adopt`: which files are documents, what their front-matter is, and
what can be told from it (type, kind, id, title, controls), each with how it was told."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_files

from soclint.adoption.candidates import why_not_a_policy
from soclint.adoption.drafts import authors_of, person_id, yaml_string
from soclint.adoption.guesses import (
    guess_controls,
    guess_id,
    guess_kind,
    guess_title,
    guess_type,
    kind_phrases,
)
from soclint.adoption.sources import AlreadyAdopted, Form, Refused, Source, read_source
from soclint.pack import Pack, load_pack
from soclint.yamltree import parse_yaml

PACK = load_pack([], taken=set(), root=Path("."))
PHRASES = kind_phrases(PACK)
CATALOG = PACK.catalog


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Data Retention Policy", "record-retention"),
        ("Records Management", "record-retention"),
        ("BCP", "business-continuity"),
        ("Disaster Recovery Plan", "business-continuity"),
        ("Third-Party Risk Management", "vendor-risk"),
        ("Vendor Management Policy", "vendor-risk"),
        ("Personnel Security", "hr-security"),
        ("Encryption Policy", "cryptography"),
        ("Acceptable Use Policy", "acceptable-use"),
        ("Security Incident Response Policy", "incident-response"),
        ("Access Onboarding and Termination Policy", "access-control"),
        ("Software Development Lifecycle Policy", "secure-sdlc"),
        ("Code of Conduct", "code-of-conduct"),
    ],
)
def test_a_policy_kind_is_guessed_from_the_title_words(title: str, kind: str) -> None:
    guess = guess_kind(title, "policies/x.md", PHRASES)
    assert guess is not None and guess.value == kind
    assert guess.how.startswith(f"a guess from the title {title!r}")


def test_without_a_kind_in_the_title_the_file_name_is_read_and_else_nothing_is_guessed() -> None:
    guess = guess_kind("Our commitments", "policies/incident-response.md", PHRASES)
    assert guess is not None and guess.value == "incident-response"
    assert guess.how == "a guess from the file name 'incident-response' ('incident response')"
    page_bundle = guess_kind("Overview", "content/logging/index.md", PHRASES)
    assert page_bundle is not None and page_bundle.value == "logging-monitoring"
    assert guess_kind("Availability Policy", "policies/availability.md", PHRASES) is None


def test_only_the_kinds_of_the_pack_are_guessed() -> None:
    pack = Pack(required_kinds=["access-control"])
    phrases = kind_phrases(pack)
    assert guess_kind("Vendor Management", "v.md", phrases) is None
    access = guess_kind("Remote Access", "r.md", phrases)
    assert access is not None and access.value == "access-control"


def test_the_type_comes_from_the_title_then_the_folders() -> None:
    assert guess_type("policies/encryption.md", "Encryption Standard").value == "standard"
    assert guess_type("docs/incident.md", "Incident Runbook").how == "the title says procedure"
    by_folder = guess_type("procedures/patch.md", "Apply OS patches")
    assert (by_folder.value, by_folder.how) == ("procedure", "its folder is procedures/")
    assert guess_type("compliance/controls/tsc.md", "TSC: Security").value == "standard"
    fallback = guess_type("content/access.md", "Access")
    assert fallback.value == "policy"
    assert fallback.how == "nothing names it a procedure or a standard"


def test_the_id_comes_from_the_acronym_the_slug_or_the_file_name() -> None:
    assert guess_id({"acronym": "AOTP", "slug": "x"}, "a.md").value == "AOTP"
    assert guess_id({"slug": "access-control"}, "a.md").how == "the slug"
    assert guess_id({}, "policies/Access Policy (v2).md").value == "Access-Policy-v2"
    assert guess_id({}, "content/vendors/index.md").value == "vendors"


def test_the_title_comes_from_comply_s_name_the_first_heading_or_the_file_name() -> None:
    assert guess_title({"name": "Password Policy"}, "# Other\n", "p.md").how == "comply's name"
    heading = guess_title({}, "Intro\n\n## Second\n\n# Main Title\n", "p.md")
    assert (heading.value, heading.how) == ("Main Title", "its first heading")
    assert guess_title({}, "No heading.\n", "policies/data_retention.md").value == "Data retention"


def test_declared_criteria_are_mapped_series_expanded_and_unknown_ids_kept() -> None:
    comply = guess_controls({"satisfies": {"TSC": ["CC6.1", "CC9.9"]}}, "", CATALOG)
    assert comply is not None
    assert (comply.value, comply.how, comply.unknown) == (
        ["CC6.1", "CC9.9"],
        "comply's satisfies",
        ["CC9.9"],
    )
    series = guess_controls({"tsc_criteria": ["C1", "CC1.1", "C1.1.1"]}, "", CATALOG)
    assert series is not None
    assert series.value == ["C1.1", "C1.2", "CC1.1", "C1.1.1"]
    assert series.unknown == ["C1.1.1"]


def test_criteria_the_text_names_are_mapped_with_ranges_expanded() -> None:
    body = "Access follows CC6.1–CC6.3 and CC8.1.\n\n`CC7.1` in code is not prose.\n"
    named = guess_controls({}, body, CATALOG)
    assert named is not None
    assert (named.value, named.how) == (
        ["CC6.1", "CC6.2", "CC6.3", "CC8.1"],
        "the criteria its text names",
    )
    assert guess_controls({}, "No criteria here, nor CC9.9.\n", CATALOG) is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("README.md", "a project file, not a policy"),
        ("policies/readme.markdown", "a project file, not a policy"),
        ("Changelog.md", "a project file, not a policy"),
        ("SECURITY.md", "a project file, not a policy"),
        ("docs/code_of_conduct.md", "a project file, not a policy"),
        ("vendor/lib/guide.md", "other people's code"),
        ("web/node_modules/x/notes.md", "other people's code"),
        ("templates/policies/access.md", "a template"),
        ("archetypes/default.md", "a template"),
        ("compliance/AGENT-template.md", "a template"),
        ("content/_index.md", "a website's section page"),
        ("TODO.md", "a to-do list"),
        ("PROVENANCE.md", "a project file, not a policy"),
        ("policies/security.md", None),
        ("policies/support.md", None),
        ("policies/access.md", None),
    ],
)
def test_what_is_plainly_not_a_policy(path: str, reason: str | None) -> None:
    assert why_not_a_policy(path) == reason


def read(tmp_path: Path, text: str) -> Source | Refused | AlreadyAdopted:
    write_files(tmp_path, {"doc.md": text})
    return read_source(tmp_path / "doc.md", "doc.md")


def test_the_three_forms_of_front_matter(tmp_path: Path) -> None:
    comply = read(tmp_path, "name: Access\nacronym: AP\n---\n# Body\n")
    assert isinstance(comply, Source) and comply.form is Form.COMPLY
    assert (comply.keys, comply.body) == ({"name": "Access", "acronym": "AP"}, "# Body\n")
    website = read(tmp_path, "---\ntitle: Access\nweight: 3\n---\n# Body\n")
    assert isinstance(website, Source) and website.form is Form.FRONT_MATTER
    assert (website.keys, website.body) == ({"title": "Access", "weight": 3}, "# Body\n")
    # A heading underlined with `---` after a line of prose is no front-matter.
    plain = read(tmp_path, "Note: read this first\n---\n\nText.\n")
    assert isinstance(plain, Source) and plain.form is Form.PLAIN and plain.keys == {}
    assert isinstance(read(tmp_path, "---\ntype: policy\nid: A\n---\n"), AlreadyAdopted)


def test_front_matter_adopt_cannot_keep_is_refused_at_its_line(tmp_path: Path) -> None:
    assert read(tmp_path, "+++\ntitle = 'x'\n+++\n") == Refused(
        "doc.md", "TOML front-matter (+++): soclint reads YAML; convert it", 1
    )
    foreign = read(tmp_path, "---\ntitle: Docs\ntype: docs\n---\n")
    assert isinstance(foreign, Refused) and foreign.line == 3
    assert "type: 'docs' for another tool" in foreign.reason
    broken = read(tmp_path, "name: A\nsatisfies: [CC6.1\n---\nBody\n")
    assert isinstance(broken, Refused) and broken.line == 3
    assert broken.reason.startswith("its front-matter (YAML, then a `---` line, as comply")
    duplicate = read(tmp_path, "---\ntitle: A\ntitle: B\n---\n")
    assert isinstance(duplicate, Refused) and duplicate.line == 3


@pytest.mark.parametrize(
    "text",
    ["Ada Lovelace", "O'Brien: Jr", "yes", "No", "123", "1.0", "#hash", "a b ", "- dash",
     "Zoë Åberg", "back\\slash", 'quote"d', "@handle", "*star", "/policies/[a].md"],
)  # fmt: skip
def test_a_yaml_string_reads_back_as_itself(text: str) -> None:
    assert parse_yaml(f"key: {yaml_string(text)}\n").value == {"key": text}


def test_people_are_told_apart_by_email_and_bots_left_out() -> None:
    authors = authors_of(
        [
            ("Ada Lovelace", "ada@example.com"),
            ("Ada L.", "ADA@example.com"),
            ("Ada Lovelace", "ada@example.com"),
            ("Alan Turing", "alan@example.com"),
            ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ]
    )
    assert [(a.name, a.email, a.commits) for a in authors] == [
        ("Ada Lovelace", "ada@example.com", 3),
        ("Alan Turing", "alan@example.com", 1),
    ]
    assert person_id("Zoë Åberg", "z@example.com") == "zoe.aberg"
    assert person_id("李雷", "li.lei@example.com") == "li.lei"
