"""`soclint package`: each version in force during the period with the commit that recorded
its approval and what it proves, and each policy version with the acknowledgements recorded
in the period and those missing at its end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from gitrepo import commit, git
from test_provenance import _keypair
from test_report_approvals import DANIEL, HOSTILE, TOM, program

from soclint.cli import main

PERIOD = "2026-01-01..2026-10-31"


def _package(root: Path, out: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["package", str(root), "--period", PERIOD, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads((out / "package.json").read_text(encoding="utf-8"))
    return data["approvals"]


def _sha(root: Path, message: str) -> str:
    return git(root, "log", "--format=%H", f"--grep=^{message}$").strip()


def _blob(root: Path, message: str, path: str) -> str:
    return git(root, "rev-parse", f"{_sha(root, message)}:{path}").strip()


def test_each_version_in_force_with_the_commit_that_recorded_its_approval(tmp_path: Path) -> None:
    # The crypto policy's approval is only in the working tree: the package reads git.
    root = program(tmp_path / "repo", "author")
    first, second = "Approve access and vendors", "Approve vendors 2.0"

    approvals = _package(root, tmp_path / "package")

    assert approvals["provenance"]["level"] == "author"
    assert [
        (v["path"], v["blob"], v["by"], v["commit"], v["author"], v["email"], v["proven"])
        for v in approvals["provenance"]["versions"]
    ] == sorted(
        [
            ("policies/access.md", _blob(root, first, "policies/access.md"), "daniel",
             _sha(root, first), "Daniel", "d@x.example", True),
            ("policies/vendors.md", _blob(root, first, "policies/vendors.md"), "daniel",
             _sha(root, first), "Daniel", "d@x.example", True),
            ("policies/vendors.md", _blob(root, second, "policies/vendors.md"), "daniel",
             _sha(root, second), "Tom", "t@x.example", False),
        ],
        key=lambda v: (v[0], v[1]),
    )  # fmt: skip
    unproven = next(v for v in approvals["provenance"]["versions"] if v["proven"] is False)
    assert "t@x.example is not an address of 'daniel' in the roster" in unproven["reason"]


def test_acknowledgements_recorded_in_the_period_and_missing_at_its_end(tmp_path: Path) -> None:
    approvals = _package(program(tmp_path / "repo", "author"), tmp_path / "package")

    assert approvals["acknowledgements"]["versions"] == [
        {
            "document": "POL-ACCESS",
            "version": "1.0",
            "recorded": [{"person": "tom", "version": "1.0", "date": "2026-02-20"}],
            "missing_at_end": [{"person": "ana", "due": "2026-03-12", "status": "overdue"}],
        },
        {
            "document": "POL-VENDORS",
            "version": "1.0",
            "recorded": [
                {"person": "tom", "version": "1.0", "date": "2026-02-20"},
                {"person": "ana", "version": "1.0", "date": "2026-02-21"},
            ],
            "missing_at_end": [],
        },
        {
            # A new major version: the acknowledgements of 1.0 do not meet it.
            "document": "POL-VENDORS",
            "version": "2.0",
            "recorded": [],
            "missing_at_end": [
                {"person": "ana", "due": "2026-05-31", "status": "overdue"},
                {"person": "tom", "due": "2026-05-31", "status": "overdue"},
            ],
        },
    ]


def test_signed_approvals_show_the_signature_git_verified(tmp_path: Path) -> None:
    key, public = _keypair(tmp_path / "keys", "daniel")
    root = program(tmp_path / "repo", "signed")
    roster = (root / "roster.md").read_text(encoding="utf-8")
    (root / "roster.md").write_text(
        roster.replace("email: d@x.example,", f'email: d@x.example, keys: ["{public}"],'),
        encoding="utf-8",
    )
    (root / "policies" / "crypto.md").unlink()
    (root / "policies" / "vendors.md").write_text(
        (root / "policies" / "vendors.md").read_text().replace("2026-05-01", "2026-06-01")
    )
    commit(root, "Approve vendors 2.0 again", "2026-06-01", *TOM, signing_key=key)

    versions = _package(root, tmp_path / "package")["provenance"]["versions"]

    by_commit = {v["commit"]: (v["signature"], v["proven"]) for v in versions}
    assert by_commit[_sha(root, "Approve vendors 2.0 again")] == ("G", True)
    assert by_commit[_sha(root, "Approve access and vendors")] == ("N", False)


def test_with_provenance_off_the_commits_are_shown_and_nothing_is_judged(tmp_path: Path) -> None:
    approvals = _package(program(tmp_path / "repo", "off"), tmp_path / "package")

    versions = approvals["provenance"]["versions"]
    assert approvals["provenance"]["level"] == "off"
    assert [(v["author"], v["proven"]) for v in versions] == [
        ("Daniel", None),
        ("Daniel", None),
        ("Tom", None),
    ]


def test_the_index_shows_both_escaped_and_the_bytes_do_not_change(tmp_path: Path) -> None:
    root = program(tmp_path / "repo", "author", tom=HOSTILE)

    _package(root, tmp_path / "one")
    _package(root, tmp_path / "two")

    index = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    for name in ("package.json", "index.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert '<h2 id="provenance">Approval provenance</h2>' in index
    assert '<h2 id="acknowledgements">Acknowledgements</h2>' in index
    assert "Tom | &amp; &quot;quoted&quot; &#x27;x&#x27; Lee &lt;evil@x.example&gt;" in index
    assert '<span class="missing">ana</span> (due 2026-05-31, overdue)' in index
    assert DANIEL[0] in index
