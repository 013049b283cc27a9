"""How long the Markdown rules (links, sections, placeholders, criteria in prose) and the
coverage matrix take: on policies-example, and on the example with N generated policies,
once clean (sketches suffice) and once with a broken link in each (every body is parsed).

    .venv/bin/python benchmarks/content_rules.py [N]

Prints the best of five runs of `check` with and without those rules, in milliseconds.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from soclint.commands import check
from soclint.program import load_program

EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"
MARKDOWN_RULES = ("L", "M004", "M005")

POLICY = """\
---
type: policy
id: POL-{n}
title: Generated policy {n}
kind: clean-desk
owner: priya.raman
status: approved
version: "1.0"
approval: {{by: daniel.okafor, date: 2026-02-01}}
review: {{last: 2026-02-01, cycle: annual}}
controls: [CC6.1, CC6.{m}]
applies_to: [api]
---

# Generated policy {n}

## Purpose

Keeps the platform safe. See the [previous policy](policy-{p}.md#{anchor}) and the
[access control policy](../policies/access-control.md#reviews), which covers CC6.1.

## Scope

Every in-scope component; `code with CC9.9` and [evidence](../evidence/2026-q3-access-review.csv).

## Policy

{paragraphs}

## Exceptions

Recorded in the [exception register](../registers/exceptions.md).
"""

# Rule paragraphs: one in four links somewhere, as in the example's policies.
PARAGRAPH = """\
- Rule {i}: staff keep customer data on managed devices only, report a lost
  device within 24 hours, and lock their screen when they step away.
"""
LINKED = """\
- Rule {i}: staff follow the [procedure](../procedures/access-review.md) and
  record the result in the activity log.
"""


def _generate(root: Path, count: int, broken: bool = False) -> None:
    shutil.copytree(EXAMPLE, root)
    folder = root / "generated"
    folder.mkdir()
    paragraphs = "\n".join((LINKED if i % 4 == 0 else PARAGRAPH).format(i=i) for i in range(20))
    for n in range(count):
        text = POLICY.format(
            n=n,
            m=n % 7 + 2,
            p=(n - 1) % count,
            anchor="polcy" if broken else "policy",
            paragraphs=paragraphs,
        )
        (folder / f"policy-{n}.md").write_text(text, encoding="utf-8")


def _best(root: Path, ignore: Sequence[str] = ()) -> tuple[float, int]:
    best, findings = float("inf"), 0
    for _ in range(5):
        program = load_program(root, ignore=ignore)
        started = time.perf_counter()
        findings = len(check(program).findings)
        best = min(best, time.perf_counter() - started)
    return best * 1000, findings


def main(argv: list[str]) -> None:
    count = int(argv[1]) if len(argv) > 1 else 500
    with tempfile.TemporaryDirectory() as folder:
        clean, broken = Path(folder) / "clean", Path(folder) / "broken"
        _generate(clean, count)
        _generate(broken, count, broken=True)
        programs = (
            ("policies-example", EXAMPLE),
            (f"example + {count} policies", clean),
            (f"example + {count} policies, each with a broken link", broken),
        )
        for name, root in programs:
            without, _ = _best(root, ignore=MARKDOWN_RULES)
            with_rules, findings = _best(root)
            documents = len(list(root.rglob("*.md")))
            print(
                f"{name} ({documents} files): check {with_rules:.0f} ms, of which Markdown "
                f"rules {with_rules - without:.0f} ms ({findings} findings)"
            )


if __name__ == "__main__":
    main(sys.argv)
