"""Time soclint's pre-commit hook against check-jsonschema's, each run by pre-commit.

    .venv/bin/python benchmarks/pre_commit_hooks.py [PROGRAM] [--runs N] [--rev REV]

PROGRAM (default: policies-example/) is copied into a new git repository whose
`.pre-commit-config.yaml` names soclint's hook from this checkout as a pre-commit
repository (`file://`, at commit REV, default HEAD: commit what you want timed);
pre-commit installs it as `.pre-commit-hooks.yaml` declares it, with pip, into an
environment of its own (the package index must be reachable the first time). The
program's front-matter, written out as YAML files with soclint's schemas combined into
one (as `peers.py` does), goes into a second repository whose hook is check-jsonschema's
own (`check-jsonschema --schemafile`), declared there as a local hook that runs the
check-jsonschema of the `bench` extra: ruamel.yaml's C parser installed, its fastest
configuration; nothing is fetched for it. Both hooks pass before anything is timed.

Each round runs `pre-commit run --all-files` in each repository, in turn, as a whole
process after a warm-up round: both pay pre-commit's own start. The table shows the
medians of wall and CPU time (pre-commit and the hook it waited for) and the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from peers import (
    BIN,
    Command,
    Timing,
    alternate,
    combined_schema,
    front_matter_files,
    user_environment,
)

PROJECT = Path(__file__).resolve().parents[1]
SOCLINT_HOOK = "soclint"
PEER_HOOK = "check-jsonschema"


def _environment(work: Path) -> dict[str, str]:
    """pre-commit and git with no setting of the caller's: their own home for hook
    environments, no global or system git configuration, no colours."""
    config = work / "gitconfig"
    config.write_text(
        "[user]\n\tname = benchmark\n\temail = benchmark@example.com\n"
        "[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    return {
        **user_environment(),
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(work / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }


def _git(folder: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _committed(folder: Path, env: dict[str, str], config: str) -> Path:
    """`folder` as a git repository of one commit, with `config` as its pre-commit
    configuration."""
    (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(folder, env, "init", "-q")
    _git(folder, env, "add", "-A")
    _git(folder, env, "commit", "-q", "-m", "The program")
    return folder


def soclint_repository(program: Path, work: Path, rev: str, env: dict[str, str]) -> Path:
    """A repository holding `program`, checked by soclint's hook from this checkout."""
    folder = work / "soclint-program"
    shutil.copytree(program, folder, ignore=shutil.ignore_patterns(".git"))
    config = (
        f"repos:\n  - repo: {PROJECT.as_uri()}\n    rev: {rev}\n"
        f"    hooks:\n      - id: {SOCLINT_HOOK}\n"
    )
    return _committed(folder, env, config)


def peer_repository(program: Path, work: Path, env: dict[str, str]) -> tuple[Path, int]:
    """A repository holding the front-matter of `program` as YAML files and the combined
    schema, checked by check-jsonschema's hook; and how many files it checks."""
    import json

    folder = work / "front-matter"
    files = front_matter_files(program, folder / "documents")
    (folder / "schema.json").write_text(json.dumps(combined_schema()), encoding="utf-8")
    # The hook as check-jsonschema publishes it (entry, types), with the arguments and
    # files its documentation shows; only the program run is the one installed here.
    config = (
        "repos:\n  - repo: local\n    hooks:\n"
        f"      - id: {PEER_HOOK}\n        name: Validate JSON Schema\n"
        f"        entry: {BIN / 'check-jsonschema'}\n        language: system\n"
        "        types_or: [json, yaml, toml, json5]\n"
        "        args: [--schemafile, schema.json]\n        files: ^documents/\n"
    )
    return _committed(folder, env, config), len(files)


def _run_hooks(folder: Path, env: dict[str, str]) -> str:
    """`pre-commit run --all-files` in `folder`; its output, once it passed."""
    done = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or "Passed" not in done.stdout:
        raise SystemExit(f"the hook in {folder} did not pass:\n{done.stdout}{done.stderr}")
    return done.stdout


def print_ratio(timings: dict[str, Timing], documents: int) -> None:
    soclint, peer = timings[SOCLINT_HOOK], timings[PEER_HOOK]
    print(f"\n{documents} front-matter files; medians of {len(soclint.seconds)} rounds")
    print(f"{'pre-commit run --all-files':<30} {'wall s':>8} {'CPU s':>8}")
    for label, timing in timings.items():
        print(f"{label + ' hook':<30} {timing.median:8.3f} {timing.cpu_median:8.3f}")
    print(
        f"soclint hook / check-jsonschema hook: {soclint.median / peer.median:.2f} (wall), "
        f"{soclint.cpu_median / peer.cpu_median:.2f} (CPU)"
    )


def main(arguments: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program", type=Path, nargs="?", default=PROJECT / "policies-example")
    parser.add_argument("--runs", type=int, default=5, help="rounds (medians; default 5)")
    parser.add_argument("--rev", default="HEAD", help="the commit of this checkout to install")
    options = parser.parse_args(arguments)
    with tempfile.TemporaryDirectory(prefix="soclint-pre-commit-") as folder:
        work = Path(folder)
        env = _environment(work)
        rev = _git(PROJECT, env, "rev-parse", "--verify", f"{options.rev}^{{commit}}")
        print(f"soclint's hook at {rev[:12]}")
        ours = soclint_repository(options.program.resolve(), work, rev, env)
        theirs, documents = peer_repository(options.program.resolve(), work, env)
        for repository in (ours, theirs):
            _run_hooks(repository, env)  # installs the hook's environment; both must pass
        pre_commit = [str(BIN / "pre-commit"), "run", "--all-files"]
        commands = [
            Command(SOCLINT_HOOK, pre_commit, cwd=ours, env=env),
            Command(PEER_HOOK, pre_commit, cwd=theirs, env=env),
        ]
        print_ratio(alternate(commands, options.runs), documents)


if __name__ == "__main__":
    main()
