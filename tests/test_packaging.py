"""The wheel carries the schemas, rule packs and example, and runs outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_installed_wheel_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(dist),
            str(PROJECT),
        ],
        check=True,
    )
    [wheel] = dist.glob("soclint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "soclint/data/schemas/policy.schema.json",
        "soclint/data/rules/soc2.yaml",
        "soclint/data/rules/tsc2017.yaml",
        "soclint/data/policies-example/soclint.yaml",
    ):
        assert shipped in names
    licences = {name.rsplit("/", 1)[-1] for name in names if ".dist-info/" in name}
    assert {"LICENSE", "NOTICE"} <= licences

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def installed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "soclint", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import soclint; print(soclint.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    created = installed("init", "program", "--company", "Wheelwright")
    assert created.returncode == 0, created.stderr
    checked = installed("check", "program", "--select", "S,V,R,M001,P001")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no findings" in checked.stdout
    assert installed("rule", "D101").returncode == 0
