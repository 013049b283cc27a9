"""`soclint package`: the auditor's package of a period, read from git history, the same
bytes on every run, every file in the manifest with its sha256, nothing from outside the
repository."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_files
from gitrepo import commit, git
from test_audit_history import EXCEPTIONS, POLICY, audited_program

from soclint.cli import main

ACTIVITIES = """\
---
type: activity-log
id: activities
title: Activity Log
activities:
  - {kind: access-review, date: 2026-02-10, by: priya, outcome: pass, evidence: [EV-AR]}
---
"""

EVIDENCE = """\
---
type: evidence-register
id: evidence
title: Evidence
evidence:
  - {id: EV-AR, control: CC6.2, location: evidence/access-review.csv}
  - {id: EV-OUTSIDE, control: CC6.2, location: ../secret.txt}
  - {id: EV-LINK, control: CC6.2, location: evidence/linked.txt}
  - {id: EV-URL, control: CC6.2, location: "https://example.com/report"}
---
"""

PERIOD = "2026-01-01..2026-06-30"


def packaged_program(tmp_path: Path) -> Path:
    """The audited program (a review caught up late, an exception that expired), with an
    activity log and evidence: a file, a path out of the repository, a link out of it."""
    root = audited_program(tmp_path / "repo")
    (tmp_path / "secret.txt").write_text("not the auditor's", encoding="utf-8")
    write_files(
        root,
        {
            "registers/activities.md": ACTIVITIES,
            "registers/evidence.md": EVIDENCE,
            "evidence/access-review.csv": "user,decision\nada,keep\n",
        },
    )
    os.symlink("../../secret.txt", root / "evidence" / "linked.txt")
    commit(root, "Record the first access review", "2026-03-25")
    return root


def _package(root: Path, out: Path, period: str = PERIOD) -> object:
    return CliRunner().invoke(main, ["package", str(root), "--period", period, "-o", str(out)])


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_two_runs_give_the_same_bytes_and_the_manifest_matches_them(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)

    first, second = _package(root, tmp_path / "one"), _package(root, tmp_path / "two")

    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    assert second.exit_code == 0, second.output  # type: ignore[attr-defined]
    files = _files(tmp_path / "one")
    assert files == _files(tmp_path / "two")
    listed = json.loads(files.pop("manifest.json"))["files"]
    assert [entry["path"] for entry in listed] == sorted(files)
    for entry in listed:
        content = files[entry["path"]]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["bytes"] == len(content)


@pytest.mark.slow
def test_each_version_in_force_with_its_blob_commit_approval_and_interval(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    out = tmp_path / "package"
    _package(root, out)
    data = json.loads((out / "package.json").read_text(encoding="utf-8"))
    path = "policies/access-control.md"
    first_blob = git(root, "rev-parse", f"HEAD~2:{path}").strip()
    second_blob = git(root, "rev-parse", f"HEAD:{path}").strip()
    review_commit = git(root, "rev-parse", "HEAD~1").strip()

    versions = [
        (v["path"], v["blob"], v["in_force"], v["review"]["last"], v["approval"])
        for v in data["documents"]
    ]

    assert versions == [
        (path, first_blob, {"from": "2025-12-20", "until": "2026-03-19"}, "2025-12-01",
         {"by": "daniel", "date": "2025-12-01"}),
        (path, second_blob, {"from": "2026-03-20", "until": None}, "2026-03-20",
         {"by": "daniel", "date": "2025-12-01"}),
    ]  # fmt: skip
    # The review brought the second version; the approval it holds was recorded when
    # the program started.
    start_commit = git(root, "rev-parse", "HEAD~2").strip()
    assert [(v["recorded_by"]["sha"], v["brought_by"]["sha"]) for v in data["documents"]] == [
        (start_commit, start_commit),
        (start_commit, review_commit),
    ]
    text = (out / data["documents"][0]["text"]).read_text(encoding="utf-8")
    assert text == POLICY


@pytest.mark.slow
def test_activities_per_slot_and_the_findings_of_the_period(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    out = tmp_path / "package"
    _package(root, out)
    data = json.loads((out / "package.json").read_text(encoding="utf-8"))

    access = [
        (a["slot"]["from"], a["slot"]["until"], [d["date"] for d in a["done"]], a["missing"])
        for a in data["activities"]
        if a["kind"] == "access-review"
    ]
    assert access == [
        ("2026-01-01", "2026-03-31", ["2026-02-10"], False),
        ("2026-04-01", "2026-06-30", [], True),
    ]
    findings = [(f["code"], f["start"], f["end"]) for f in data["findings"]]
    assert ("A005", "2026-03-02", "2026-03-20") in findings
    assert ("O010", "2026-04-16", None) in findings
    assert [e["id"] for e in data["exceptions"]] == ["EXC-1"]


@pytest.mark.slow
def test_evidence_is_copied_with_its_sha256_and_nothing_from_outside(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    out = tmp_path / "package"
    _package(root, out)
    data = json.loads((out / "package.json").read_text(encoding="utf-8"))

    evidence = {e["id"]: e for e in data["evidence"]}

    digest = hashlib.sha256(b"user,decision\nada,keep\n").hexdigest()
    assert evidence["EV-AR"]["sha256"] == digest
    assert (out / evidence["EV-AR"]["copied"]).read_bytes() == b"user,decision\nada,keep\n"
    for outside in ("EV-OUTSIDE", "EV-LINK", "EV-URL"):
        assert evidence[outside]["copied"] is None
    assert all(b"not the auditor's" not in content for content in _files(out).values())
    assert sorted(p.name for p in (out / "evidence").iterdir()) == [f"{digest}.csv"]


@pytest.mark.slow
def test_index_html_escapes_text_from_the_repository(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    exceptions = root / "registers" / "exceptions.md"
    exceptions.write_text(
        exceptions.read_text(encoding="utf-8").replace(
            "subject: A legacy host", "subject: <script>alert(1)</script> A legacy host"
        ),
        encoding="utf-8",
    )
    commit(root, "Rename the exception", "2026-03-26")
    out = tmp_path / "package"

    _package(root, out)

    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A legacy host" in html


@pytest.mark.slow
def test_refuses_a_folder_that_is_not_empty_and_a_period_that_is_not_one(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine", encoding="utf-8")

    refused = _package(root, full)
    malformed = _package(root, tmp_path / "new", "2026-01-01-2026-06-30")
    backwards = _package(root, tmp_path / "new", "2026-06-30..2026-01-01")

    assert refused.exit_code == 2  # type: ignore[attr-defined]
    assert "is not an empty folder" in refused.output  # type: ignore[attr-defined]
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    assert malformed.exit_code == 2 and "is not START..END" in malformed.output  # type: ignore[attr-defined]
    assert backwards.exit_code == 2 and "ends before it starts" in backwards.output  # type: ignore[attr-defined]
    assert not (tmp_path / "new").exists()


def test_a_policy_covers_nothing_before_its_approval_date(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    change_management = (
        POLICY.replace("POL-AC", "POL-CM")
        .replace("Access Control", "Change Management")
        .replace("kind: access-control", "kind: change-management")
        .replace("2025-12-01", "2026-05-10")
        .replace("[CC6.1]", "[CC8.1]")
    )
    write_files(root, {"policies/change-management.md": change_management})
    commit(root, "Add the change management policy, approved from May", "2026-04-20")
    out = tmp_path / "package"

    assert _package(root, out).exit_code == 0  # type: ignore[attr-defined]

    coverage = json.loads((out / "package.json").read_text(encoding="utf-8"))["coverage"]
    gap = {"from": "2026-01-01", "until": "2026-05-09", "covered_by": []}
    assert coverage["CC8.1"] == {
        "runs": [gap, {"from": "2026-05-10", "until": "2026-06-30", "covered_by": ["POL-CM"]}],
        "gaps": [gap],
    }


def test_a_version_names_the_commit_that_recorded_its_approval(tmp_path: Path) -> None:
    root = packaged_program(tmp_path)
    policy = root / "policies/access-control.md"
    reworded = policy.read_text(encoding="utf-8").replace("# Access Control", "# Access rules")
    policy.write_text(reworded, encoding="utf-8")
    reworded_in = commit(root, "Reword the access control policy", "2026-04-02")
    policy.write_text(reworded.replace("date: 2025-12-01}", "date: 2026-04-10}"), encoding="utf-8")
    approved_in = commit(root, "Approve the rewording", "2026-04-10")
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("last: 2026-03-20", "last: 2026-05-01"),
        encoding="utf-8",
    )
    reviewed_in = commit(root, "Review the access control policy", "2026-05-01")
    out = tmp_path / "package"

    assert _package(root, out).exit_code == 0  # type: ignore[attr-defined]

    documents = json.loads((out / "package.json").read_text(encoding="utf-8"))["documents"]
    start_commit = git(root, "rev-parse", "HEAD~5").strip()
    assert [
        (
            v["in_force"]["from"],
            v["approval"]["date"],
            v["recorded_by"]["sha"],
            v["brought_by"]["sha"],
        )
        for v in documents
    ] == [
        ("2025-12-20", "2025-12-01", start_commit, start_commit),
        ("2026-03-20", "2025-12-01", start_commit, git(root, "rev-parse", "HEAD~4").strip()),
        ("2026-04-02", "2025-12-01", start_commit, reworded_in),
        ("2026-04-10", "2026-04-10", approved_in, approved_in),
        ("2026-05-01", "2026-04-10", approved_in, reviewed_in),
    ]


VENDORS = """\
---
type: vendor-register
id: vendors
title: Vendors
vendors:
  - {id: VND-CLOUD, name: Cloud, tier: critical, owner: priya, last_review: 2026-01-15}
---
"""


def test_rows_are_read_from_every_version_of_the_registers_in_the_period(
    tmp_path: Path,
) -> None:
    root = packaged_program(tmp_path)
    write_files(root, {"registers/vendors.md": VENDORS})
    commit(root, "Record the first vendor review", "2026-03-26")
    vendors = root / "registers/vendors.md"
    vendors.write_text(VENDORS.replace("2026-01-15", "2026-04-20"), encoding="utf-8")
    commit(root, "Record the second vendor review", "2026-04-20")
    # The access review and the exception leave the registers in May.
    write_files(
        root,
        {
            "registers/activities.md": ACTIVITIES.split("activities:")[0] + "activities: []\n---\n",
            "registers/exceptions.md": EXCEPTIONS.split("exceptions:")[0] + "exceptions: []\n---\n",
        },
    )
    commit(root, "Clear the registers", "2026-05-05")
    out = tmp_path / "package"

    assert _package(root, out).exit_code == 0  # type: ignore[attr-defined]

    data = json.loads((out / "package.json").read_text(encoding="utf-8"))
    assert [
        (v["vendor"], v["reviews"], v["last_review"], v["reviewed_in_period"], v["listed"])
        for v in data["vendor_reviews"]
    ] == [
        ("VND-CLOUD", ["2026-01-15", "2026-04-20"], "2026-04-20", True,
         {"from": "2026-03-26", "until": "2026-06-30"}),
    ]  # fmt: skip
    assert [(e["id"], e["expires"], e["listed"]) for e in data["exceptions"]] == [
        ("EXC-1", "2026-04-15", {"from": "2026-01-01", "until": "2026-05-04"})
    ]
    access = [
        (a["slot"]["from"], [(d["date"], d["listed"]) for d in a["done"]], a["missing"])
        for a in data["activities"]
        if a["kind"] == "access-review"
    ]
    assert access == [
        ("2026-01-01", [("2026-02-10", {"from": "2026-03-25", "until": "2026-05-04"})], False),
        ("2026-04-01", [], True),
    ]
