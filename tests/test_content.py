"""Links that leave the repository through a symbolic link are findings, not followed."""

from __future__ import annotations

from pathlib import Path

from conftest import located, run, write_files

STANDARD = "---\ntype: standard\nid: STD-A\ntitle: A\n---\n"


def test_symbolic_links_out_of_the_repository_are_not_followed(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"secret.md": "# Secret heading\n"})
    root = write_files(
        tmp_path / "repo",
        {
            "a.md": STANDARD + "[file](docs/linked.md#secret-heading)\n[folder](docs/out/)\n"
            "[inside](docs/inside.md#title)\n",
            "docs/real.md": "# Title\n",
        },
    )
    (root / "docs" / "linked.md").symlink_to(outside / "secret.md")
    (root / "docs" / "out").symlink_to(outside)
    (root / "docs" / "inside.md").symlink_to(root / "docs" / "real.md")
    report = run(root, select=["L001"])
    assert located(report) == [("L001", "a.md", 6), ("L001", "a.md", 7)]
    assert all("points outside the repository" in f.message for f in report.findings)
