"""Time `soclint check` against its peers on the same program, and profile it by stage.

    .venv/bin/python benchmarks/peers.py PROGRAM [--runs N] [--changed N] [--no-profile]
                                         [--no-peers] [--no-yamllint]

PROGRAM is a program folder (policies-example/, or one benchmarks/synthetic.py made).
The peers need the `bench` extra (`pip install -e '.[bench]'`): check-jsonschema, with
ruamel.yaml's C parser installed (its fastest configuration), validates the same
front-matter, written out as YAML files, against soclint's schemas combined into one
(no lines, no rules); yamllint lints those files too.

Each round runs every command once, in turn, as a whole process; the table shows
the median of `runs` rounds, the ratio to check-jsonschema and each command's peak
memory (the largest resident set of the process or a child it waited for). With
`--changed N` (the program must be a git work tree with N policies under
policies/generated/), N policies are edited in the working tree and pull-request mode
(`--diff-base HEAD`) is timed against a full check of the same tree; the runner then
checks that pull-request mode reported exactly the full check's new findings (besides
those of the rules only a change can break), and restores the files. Last, the stages
of one check are timed in this process: discover, parse, validate, git, the rules by
family, output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Command:
    label: str
    argv: Sequence[str]
    # Where it runs and its environment: the caller's when None.
    cwd: Path | None = None
    env: dict[str, str] | None = None


@dataclass
class Timing:
    seconds: list[float]
    # User plus system CPU seconds of each run: on a loaded machine, steadier than wall time.
    cpu_seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)


def run_once(command: Command) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MiB) of one run of `command`."""
    argv = command.argv
    began = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=command.cwd, env=command.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(argv[:3])}... exited {process.returncode}: {error[-500:]}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def user_environment() -> dict[str, str]:
    """The caller's environment without the switch that stops Python writing bytecode: the
    warm-up round leaves every command's modules compiled, as an installed package has them
    (an editable install of soclint would otherwise compile its sources on every run)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def alternate(commands: Sequence[Command], runs: int) -> dict[str, Timing]:
    """Each command `runs` times, in turn, after one warm-up round."""
    timings = {command.label: Timing([]) for command in commands}
    for round_number in range(runs + 1):
        for command in commands:
            seconds, cpu, peak = run_once(command)
            timing = timings[command.label]
            timing.peak_mib = max(timing.peak_mib, peak)
            if round_number:
                timing.seconds.append(seconds)
                timing.cpu_seconds.append(cpu)
    return timings


def front_matter_files(program: Path, into: Path) -> list[Path]:
    """The front-matter of each Markdown document of `program`, written as a YAML file
    under `into`; the files written."""
    from soclint.document import split_file

    written = []
    for file in sorted(program.rglob("*.md")):
        relative = file.relative_to(program)
        if relative.parts[0].startswith("."):
            continue
        try:
            _, front_matter, _ = split_file(file.read_text(encoding="utf-8"))
        except ValueError:
            continue
        target = into / relative.with_suffix(".yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter, encoding="utf-8")
        written.append(target)
    return written


def combined_schema() -> dict[str, Any]:
    """soclint's document schemas as one, chosen by `type`, references expanded."""
    from soclint.document import DOCUMENT_TYPES
    from soclint.validation import document_schema

    branches = [
        {
            "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
            "then": document_schema(name),
        }
        for name in DOCUMENT_TYPES
    ]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": branches}


def peer_commands(program: Path, work: Path, yamllint: bool = True) -> tuple[list[Command], int]:
    """The commands compared (yamllint among them unless not `yamllint`), and how many
    front-matter files the peers read."""
    files = front_matter_files(program, work / "front-matter")
    schema = work / "front-matter.schema.json"
    schema.write_text(json.dumps(combined_schema()), encoding="utf-8")
    names = [str(file) for file in files]
    env = user_environment()
    commands = [
        Command("soclint check", [str(BIN / "soclint"), "check", str(program)], env=env),
        Command(
            "check-jsonschema",
            [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *names],
            env=env,
        ),
    ]
    if yamllint:
        commands.append(
            Command("yamllint", [str(BIN / "yamllint"), "-d", "relaxed", *names], env=env)
        )
    return commands, len(files)


def print_peers(timings: dict[str, Timing], documents: int) -> None:
    peer, soclint = timings["check-jsonschema"], timings["soclint check"]
    rows = list(timings.items())
    yamllint = timings.get("yamllint")
    if yamllint is not None:
        both = Timing(
            [a + b for a, b in zip(peer.seconds, yamllint.seconds, strict=True)],
            [a + b for a, b in zip(peer.cpu_seconds, yamllint.cpu_seconds, strict=True)],
        )
        rows.append(("check-jsonschema + yamllint", both))
    print(f"\n{documents} documents; medians of {len(soclint.seconds)} rounds")
    print(
        f"{'command':<30} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} "
        f"{'soclint / it (wall)':>20} {'(CPU)':>6}"
    )
    for label, timing in rows:
        wall = soclint.median / timing.median
        cpu = soclint.cpu_median / timing.cpu_median
        peak = f"{timing.peak_mib:9.0f}" if timing.peak_mib else f"{'':>9}"
        print(
            f"{label:<30} {timing.median:8.3f} {timing.cpu_median:8.3f} {peak} "
            f"{wall:20.2f} {cpu:6.2f}"
        )
    print(
        f"soclint check / check-jsonschema: {soclint.median / peer.median:.2f} (wall), "
        f"{soclint.cpu_median / peer.cpu_median:.2f} (CPU)"
    )


@contextmanager
def edited(program: Path, count: int) -> Iterator[list[Path]]:
    """`count` generated policies of `program` with a sentence added to their body, put
    back as they were on leaving."""
    files = sorted((program / "policies" / "generated").rglob("*.md"))[:count]
    if len(files) < count:
        raise SystemExit(f"--changed {count}: {program} has {len(files)} generated policies")
    originals = {file: file.read_bytes() for file in files}
    try:
        for file in files:
            file.write_text(file.read_text(encoding="utf-8") + "\nA sentence added.\n")
        yield files
    finally:
        for file, content in originals.items():
            file.write_bytes(content)


def findings(argv: Sequence[str]) -> set[tuple[str, str, int, str]]:
    done = subprocess.run([*argv, "--format", "json"], capture_output=True, check=False)
    return {
        (f["code"], f["path"], f["line"], f["message"]) for f in json.loads(done.stdout)["findings"]
    }


def compare_pull_request(program: Path, changed: int, runs: int) -> None:
    """Pull-request mode against a full check, timed and compared, on `changed` edited files."""
    full = [str(BIN / "soclint"), "check", str(program)]
    diff = [*full, "--diff-base", "HEAD"]
    before = findings(full)
    with edited(program, changed):
        timings = alternate([Command("full", full), Command("diff", diff)], runs)
        new = findings(full) - before
        reported = findings(diff)
    from soclint.registry import Subject
    from soclint.rules import builtin_rules

    # Rules that judge a change run only in pull-request mode: a full check has none.
    change_only = {code for code, rule in builtin_rules().items() if rule.subject is Subject.CHANGE}
    of_change = {finding for finding in reported if finding[0] in change_only}
    reported -= of_change
    ratio = timings["diff"].median / timings["full"].median
    cpu_ratio = timings["diff"].cpu_median / timings["full"].cpu_median
    print(
        f"\npull-request mode also reported {len(of_change)} findings of rules that judge a change"
    )
    print(
        f"\npull-request mode, {changed} files changed: {timings['diff'].median:.3f} s, "
        f"full check {timings['full'].median:.3f} s, ratio {ratio:.2f} (CPU {cpu_ratio:.2f}); "
        f"{len(reported)} findings, the full check's new ones: "
        f"{'identical' if reported == new else 'DIFFERENT'} ({len(new)})"
    )
    if reported != new:
        for finding in sorted(reported ^ new):
            print("  only in", "diff" if finding in reported else "full", finding)


def stage_profile(program: Path) -> list[tuple[str, float]]:
    """(stage, seconds) of one check of `program` in this process, stage by stage."""
    from soclint.context import Context
    from soclint.document import read_document
    from soclint.engine import chosen_rules, run_rules
    from soclint.facts import Facts
    from soclint.output import renderer
    from soclint.program import find_root, load_program
    from soclint.registry import Subject
    from soclint.report import Report
    from soclint.repository import Repository, discover

    stages: list[tuple[str, float]] = []

    def timed(stage: str, action: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        result = action()
        stages.append((stage, time.perf_counter() - began))
        return result

    loaded = timed("start: configuration, pack, rules", lambda: load_program(find_root(program)))
    config, pack = loaded.config, loaded.pack
    found = timed("discover", lambda: discover(config))
    documents = timed("parse", lambda: [read_document(file, path) for file, path in found.files])
    repository = Repository(config.root, documents)
    facts = Facts(repository, config, pack)
    timed("validate", lambda: [facts.violations(doc) for doc in documents])
    chosen = chosen_rules(config, loaded.rules)
    readers = tuple(rule.history_for for rule, _ in chosen if rule.history_for is not None)
    ctx = Context(repository, config, pack, facts, history_readers=readers)
    if any(True for documents_of in readers for _ in documents_of(ctx)):
        timed("git history", lambda: facts.full_history)
    results = []
    for family in sorted({rule.family for rule, _ in chosen}):
        of_family = [
            (rule, severity)
            for rule, severity in chosen
            if rule.family == family and rule.subject not in (Subject.WAIVER, Subject.CHANGE)
        ]
        results += timed(f"rules: {family}", lambda rules=of_family: run_rules(rules, ctx))
    report = Report(results, len(documents), rules=loaded.rules, root=config.root)
    timed("output (text)", lambda: renderer("text")(report))
    return stages


def print_profile(stages: list[tuple[str, float]]) -> None:
    total = sum(seconds for _, seconds in stages)
    print(f"\nstages of one check, in this process ({total:.3f} s):")
    for stage, seconds in stages:
        print(f"  {stage:<36} {seconds:7.3f} s {100 * seconds / total:5.1f} %")


def main(arguments: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="rounds (medians; default 5)")
    parser.add_argument("--changed", type=int, default=0, help="time pull-request mode too")
    parser.add_argument("--no-profile", action="store_true", help="skip the stage profile")
    parser.add_argument(
        "--no-peers", action="store_true", help="skip the peers (with --changed: that alone)"
    )
    parser.add_argument(
        "--no-yamllint", action="store_true", help="check-jsonschema alone (large programs)"
    )
    options = parser.parse_args(arguments)
    program = options.program.resolve()
    if not options.no_peers:
        with tempfile.TemporaryDirectory(prefix="soclint-peers-") as folder:
            commands, documents = peer_commands(program, Path(folder), not options.no_yamllint)
            print_peers(alternate(commands, options.runs), documents)
    if options.changed:
        compare_pull_request(program, options.changed, options.runs)
    if not options.no_profile:
        print_profile(stage_profile(program))


if __name__ == "__main__":
    main()
