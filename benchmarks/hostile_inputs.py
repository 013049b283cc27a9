"""How long `soclint check` takes, and how much memory, on inputs built to make it slow.

Each case builds a small repository whose one document (or configuration, rule pack or git
history) is pathological for some part of soclint: regular expressions that backtrack, work
that grows with the square of the input, YAML aliases that expand, history blobs that are
small in git and huge once read. soclint must finish each in under 2 seconds and 200 MiB
(interpreter start included) with a finding or a one-line error, never a traceback.

    .venv/bin/python benchmarks/hostile_inputs.py [--strict] [CASE ...]

Prints one row per case: wall and CPU seconds, peak memory of the soclint process, exit
status, and the last line soclint printed. The budget is judged on CPU time, which is the
wall time of an idle machine. With --strict the exit status is 1 when a case is over budget.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SECONDS_BUDGET = 2.0
MIB_BUDGET = 200
TIMEOUT = 60.0
SOCLINT = Path(sys.executable).with_name("soclint")

HEAD = "---\ntype: standard\nid: STD-A\ntitle: T\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def markdown_anchor_tags(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n" + "<a " * 300_000 + "\n"})
    return ["--select", "L"]


def markdown_long_heading(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n# a" + " " * 1_000_000 + "x\n"})
    return ["--select", "L"]


def markdown_many_broken_links(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n" + ("[x](nope.md) " * 10 + "\n") * 7500})
    return ["--select", "L001"]


def markdown_definition_blanks(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n[r]:" + " " * 1_000_000 + "\n\n"})
    return ["--select", "L"]


def markdown_links_in_destinations(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n" + "](" * 500_000 + "\n"})
    return ["--select", "L"]


def markdown_misspelt_anchors(root: Path) -> list[str]:
    headings = "".join(f"# heading {index}\n" for index in range(20_000))
    links = "".join(f"[x](#headin-{index})\n\n" for index in range(20_000))
    _write(root, {"a.md": HEAD + "---\n" + headings + links})
    return ["--select", "L001"]


def waiver_comments_each_line(root: Path) -> list[str]:
    waived = "<!-- soclint-disable-next-line L003 -- quoted -->\nTODO\n"
    _write(root, {"a.md": HEAD + "---\n" + waived * 6_000})
    return ["--select", "L003,W"]


def waiver_comments_one_line(root: Path) -> list[str]:
    waivers = "<!-- soclint-disable-line L003 -- r -->" * 24_000
    _write(root, {"a.md": HEAD + "---\nTODO " + waivers + "\n" + "TODO\n" * 5_000})
    return ["--select", "L003,W"]


def waiver_comments_blocks(root: Path) -> list[str]:
    blocks = "".join(
        f"<!-- soclint-disable L003 -- r -->\nTODO\n<!-- soclint-enable X{index:03} -->\n"
        for index in range(6_000)
    )
    _write(root, {"a.md": HEAD + "---\n" + blocks})
    return ["--select", "L003,W"]


def markdown_open_brackets(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n" + "[ab " * 250_000 + "\n"})
    return ["--select", "L"]


def markdown_escaped_brackets(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "---\n" + "\\[ab\\] " * 120_000 + "\n"})
    return ["--select", "L003"]


def markdown_joined_headings(root: Path) -> list[str]:
    body = "# " + "a and " * 120_000 + "\n" + "## b & c, d / e + " * 10_000 + "\n"
    _write(root, {"a.md": "---\ntype: policy\nid: POL-A\ntitle: T\n---\n" + body})
    return ["--select", "L002"]


def markdown_case_folded_links(root: Path) -> list[str]:
    deep = "/".join(["d"] * 40)
    (root / deep).mkdir(parents=True)
    _write(root, {f"{deep}/x.md": "# X\n"})
    links = "".join(f"[x]({deep.upper()}/X{index}.md)\n\n" for index in range(5_000))
    _write(root, {"a.md": HEAD + "---\n" + links})
    return ["--select", "L001"]


def config_site_prefixes(root: Path) -> list[str]:
    prefixes = "".join(f"  /p{index}/q: f{index}\n" for index in range(5_000))
    links = "".join(f"[x](/p{index}/r/)\n\n" for index in range(3_000))
    _write(root, {"soclint.yaml": "site_paths:\n" + prefixes, "a.md": HEAD + "---\n" + links})
    return ["--select", "L001,L004"]


def mapping_criterion_ranges(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "controls: [CC1.1]\n---\n" + "CC6.1–CC6.8, " * 65_000})
    return ["--select", "M005"]


def mapping_unknown_criteria(root: Path) -> list[str]:
    ids = ", ".join(f"XX{index}.{index % 7}" for index in range(90_000))
    _write(root, {"a.md": HEAD + "controls: [" + ids + "]\n---\n"})
    return ["--select", "M001"]


def yaml_alias_amplification(root: Path) -> list[str]:
    big = "x" * 700_000
    text = (
        HEAD + 'owner: priya\nstatus: approved\nversion: "1.0"\n'
        f'approval: {{by: dan, date: 2026-01-01, digest: "sha256:{"0" * 64}"}}\n'
        f'review: {{cycle: annual}}\nx-big: &a "{big}"\nx-list: [' + ", ".join(["*a"] * 70_000)
    )
    _write(root, {"a.md": text + "]\n---\n# A\n"})
    return ["--select", "A010,V"]


def yaml_huge_integer(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "version: " + "9" * 900_000 + "\n---\n"})
    return []


def yaml_long_numbers(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + f"x-n: {'9' * 4301}\nx-h: 0x{'f' * 4000}\n---\n# A\n"})
    return []


def yaml_calendar_end(root: Path) -> list[str]:
    text = HEAD + 'owner: priya\nstatus: approved\nversion: "1.0"\n'
    text += 'review: {last: 9999-12-31, cycle: "99999999 days"}\n---\n# A\n'
    _write(root, {"a.md": text})
    return []


def yaml_many_unknown_keys(root: Path) -> list[str]:
    keys = "".join(f"k{index}: v\n" for index in range(80_000))
    _write(root, {"a.md": HEAD + keys + "---\n"})
    return ["--select", "V"]


def schema_repeated_items(root: Path) -> list[str]:
    _write(root, {"a.md": HEAD + "controls:\n" + "  - CC6.1\n" * 100_000 + "---\n"})
    return ["--select", "V003"]


def config_glob_stars(root: Path) -> list[str]:
    for index in range(200):
        _write(root, {f"access-control-policy-{index:04}.md": HEAD + "---\n"})
    _write(root, {"soclint.yaml": "include: ['" + "*" * 25 + ".x']\n"})
    return []


def pack_pattern_backtracking(root: Path) -> list[str]:
    _write(
        root,
        {
            "a.md": "---\ntype: standard\nid: STD-A\ntitle: " + "a" * 40 + "b\n---\n# A\n",
            "soclint.yaml": "packs: [pack.yaml]\n",
            "pack.yaml": "pack: evil\ntitle: Evil\nrules:\n"
            "  - {code: X001, name: x, summary: s, severity: error, message: m, match: {},"
            ' assert: {properties: {title: {pattern: "^(a+)+$"}}}}\n',
        },
    )
    return ["--select", "X"]


def pack_pattern_largest(root: Path) -> list[str]:
    """The costliest kind of pattern RE2 accepts (its automaton cannot be cached), as large
    as a pack may write it, on a title of 1 MiB less the front-matter."""
    title = "".join(random.Random(1).choices("ab", k=1_040_000))
    _write(
        root,
        {
            "a.md": "---\ntype: standard\nid: STD-A\ntitle: " + title + "\n---\n# A\n",
            "soclint.yaml": "packs: [pack.yaml]\n",
            "pack.yaml": "pack: evil\ntitle: Evil\nrules:\n"
            "  - {code: X001, name: x, summary: s, severity: error, message: m, match: {},"
            ' assert: {properties: {title: {pattern: "[ab]*a[ab]{120}x"}}}}\n',
        },
    )
    return ["--select", "X"]


def pack_catalog_fifo(root: Path) -> list[str]:
    _write(
        root,
        {
            "a.md": HEAD + "controls: [CC1.1]\n---\n# A\n",
            "soclint.yaml": "packs: [pack.yaml]\n",
            "pack.yaml": "pack: evil\ntitle: Evil\ncatalog: catalog.yaml\n",
        },
    )
    os.mkfifo(root / "catalog.yaml")
    return []


def pack_catalog_device(root: Path) -> list[str]:
    _write(
        root,
        {
            "a.md": HEAD + "controls: [CC1.1]\n---\n# A\n",
            "soclint.yaml": "packs: [pack.yaml]\n",
            "pack.yaml": "pack: evil\ntitle: Evil\ncatalog: /dev/zero\n",
        },
    )
    return []


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(
        ["git", "-c", "user.name=a", "-c", "user.email=a@example.com", *args],
        cwd=root, env=env, check=True, capture_output=True,
    )  # fmt: skip


def history_blob_bomb(root: Path) -> list[str]:
    """Ten commits of a 25 MB front-matter that git stores in a few kilobytes each."""
    _git(root, "init", "-q", ".")
    draft = HEAD + 'owner: priya\nstatus: draft\nversion: "1.0"\nreview: {cycle: annual}\n'
    for index in range(10, 20):
        _write(root, {"a.md": draft + f'x-big: "{str(index) * (12 * 1024 * 1024)}"\n---\n# A\n'})
        _git(root, "add", "a.md")
        _git(root, "commit", "-qm", f"big {index}")
    _write(root, {"a.md": draft + "---\n# B\n", "soclint.yaml": 'draft_max_age: "1 days"\n'})
    _git(root, "commit", "-qam", "small")
    return ["--select", "A"]


CASES: dict[str, Callable[[Path], list[str]]] = {
    case.__name__.replace("_", "-"): case
    for case in (
        markdown_anchor_tags,
        markdown_long_heading,
        markdown_many_broken_links,
        markdown_definition_blanks,
        markdown_links_in_destinations,
        markdown_misspelt_anchors,
        waiver_comments_each_line,
        waiver_comments_one_line,
        waiver_comments_blocks,
        markdown_open_brackets,
        markdown_escaped_brackets,
        markdown_joined_headings,
        markdown_case_folded_links,
        mapping_criterion_ranges,
        mapping_unknown_criteria,
        yaml_alias_amplification,
        yaml_huge_integer,
        yaml_long_numbers,
        yaml_calendar_end,
        yaml_many_unknown_keys,
        schema_repeated_items,
        config_glob_stars,
        config_site_prefixes,
        pack_pattern_backtracking,
        pack_pattern_largest,
        pack_catalog_device,
        pack_catalog_fifo,
        history_blob_bomb,
    )
}


def measure(arguments: list[str]) -> tuple[float, float, float, int | None, str]:
    """(wall and CPU seconds, peak MiB, exit status or None when killed, last line printed)
    of one run."""
    with tempfile.TemporaryFile() as output:
        started = time.monotonic()
        process = subprocess.Popen(arguments, stdout=output, stderr=subprocess.STDOUT)
        status: int | None = None
        while True:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                break
            if time.monotonic() - started > TIMEOUT:
                process.kill()
                _pid, _status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - started
        process.returncode = -1  # reaped above; keeps Popen from waiting again
        output.seek(0)
        lines = output.read().decode("utf-8", "replace").strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, status, lines[-1][:70] if lines else ""


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    chosen = [name for name in argv if not name.startswith("--")] or list(CASES)
    unknown = set(chosen) - CASES.keys()
    if unknown:
        print(f"unknown cases: {', '.join(sorted(unknown))}; cases: {', '.join(CASES)}")
        return 2
    over = 0
    print(f"{'case':<32} {'wall s':>7} {'CPU s':>6} {'MiB':>5} {'exit':>5}  last line")
    for name in chosen:
        root = Path(tempfile.mkdtemp(prefix="soclint-hostile-"))
        try:
            options = CASES[name](root)
            seconds, cpu, mib, status, last = measure([str(SOCLINT), "check", str(root), *options])
        finally:
            shutil.rmtree(root, ignore_errors=True)
        # CPU time is the wall time of an idle machine; on a busy one, wall time says how busy.
        late = cpu > SECONDS_BUDGET or mib > MIB_BUDGET or status not in (0, 1, 2)
        over += late
        shown = "kill" if status is None else str(status)
        mark = "  OVER BUDGET" if late else ""
        print(f"{name:<32} {seconds:7.2f} {cpu:6.2f} {mib:5.0f} {shown:>5}  {last}{mark}")
    return 1 if strict and over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
