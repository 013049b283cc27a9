"""Benchmark: `soclint history` over a year of the example program's operation.

Generates, in a temporary folder, a git repository of the example program
(policies-example/) and 1,000 further commits over the following twelve months
(through `git fast-import`, in a few seconds). The commits do what a
security team does in a year: most edit a policy, procedure or standard and
approve it again (a new digest, version and date) or record its review; the
others log an activity, record an evidence collection, review a vendor or the
risk register, renew an exception, or change an evidence file. Then it times, in this process, the
replay of the twelve months (what it judged, ran again and reused), and
`soclint history` as a command.

Run: .venv/bin/python benchmarks/audit_period.py [--commits N] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# The fast-import commit of the history benchmark (each continues from the one before).
from history import _commit

from soclint.digest import digest_of
from soclint.document import document_from_text

EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"
START = date(2026, 11, 1)  # the example checks clean as of this day
DAYS = 365
ISO = r"\d{4}-\d{2}-\d{2}"
CADENCE_DAYS = {"quarterly": 91, "annual": 365}
ACTIVITIES = "registers/activities.md"
ACTIVITY_KINDS = {
    "access-review": "quarterly",
    "vulnerability-scan": "quarterly",
    "backup-restore-test": "annual",
    "risk-assessment": "annual",
    "dr-test": "annual",
    "ir-tabletop": "annual",
    "security-training": "annual",
    "vendor-review": "annual",
}


class Program:
    """The files of the example program, changed the way a year of operation changes them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.files = {
            path.relative_to(EXAMPLE).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(EXAMPLE.rglob("*"))
            if path.is_file()
        }
        self.controlled = sorted(
            p for p in self.files if p.startswith(("policies/", "procedures/", "standards/"))
        )
        self.latest = {kind: date.min for kind in ACTIVITY_KINDS}
        for kind, day in re.findall(rf"kind: ([a-z-]+)\n    date: ({ISO})", self.files[ACTIVITIES]):
            self.latest[kind] = max(self.latest[kind], date.fromisoformat(day))

    def _set(self, path: str, pattern: str, value: str, count: int = 1) -> None:
        text, done = re.subn(pattern, lambda m: m.group(1) + value, self.files[path], count=count)
        assert done, (path, pattern)
        self.files[path] = text

    def approve_edit(self, day: date, number: int) -> str:
        path = self.rng.choice(self.controlled)
        self.files[path] += f"\nClarified in change {number}.\n"
        self._set(path, rf"(approval:\n  by: [^\n]+\n  date: ){ISO}", day.isoformat())
        self._set(path, rf"(review:\n  last: ){ISO}", day.isoformat())
        major, minor = re.search(r'version: "(\d+)\.(\d+)"', self.files[path]).groups()  # type: ignore[union-attr]
        self._set(path, r'(version: )"\d+\.\d+"', f'"{major}.{int(minor) + 1}"')
        digest = digest_of(document_from_text(self.files[path], path))
        assert digest is not None
        self._set(path, r"(  digest: )sha256:[0-9a-f]{64}", digest)
        return f"Edit and approve {path}"

    def review(self, day: date, number: int) -> str:
        path = self.rng.choice(self.controlled)
        self._set(path, rf"(review:\n  last: ){ISO}", day.isoformat())
        return f"Review {path}"

    def _oldest(self, path: str, key: str) -> None:
        """Set the oldest `key: DATE` of the register at `path` to the day."""
        text = self.files[path]
        found = min(re.finditer(rf"({key}: )({ISO})", text), key=lambda m: m.group(2))
        self.files[path] = text[: found.start(2)] + self.today + text[found.end(2) :]

    def collect(self, day: date, number: int) -> str:
        self._oldest("registers/evidence.md", "collected")
        return "Record an evidence collection"

    def vendor(self, day: date, number: int) -> str:
        self._oldest("registers/vendors.md", "last_review")
        self._oldest("registers/vendors.md", "period_end")
        return "Review a vendor"

    def risks(self, day: date, number: int) -> str:
        path = "registers/risks.md"
        line = f"  - {{date: {day.isoformat()}, by: priya.raman}}\n"
        self.files[path] = self.files[path].replace("risks:\n  - id:", line + "risks:\n  - id:", 1)
        signed = re.search(rf"signoff:\n  by: [^\n]+\n  date: ({ISO})", self.files[path])
        if signed and date.fromisoformat(signed.group(1)) < day - timedelta(days=300):
            self._set(path, rf"(signoff:\n  by: [^\n]+\n  date: ){ISO}", day.isoformat())
        # Treatments due and acceptances expiring soon get a new date, agreed at the review.
        soon = (day + timedelta(days=40)).isoformat()
        later = (day + timedelta(days=180)).isoformat()
        self.files[path] = re.sub(
            rf"((?:\n    due|\n      expires): )({ISO})",
            lambda m: m.group(1) + (later if m.group(2) <= soon else m.group(2)),
            self.files[path],
        )
        return "Review the risk register"

    def activity(self, day: date, number: int) -> str:
        def lateness(kind: str) -> int:
            return (day - self.latest[kind]).days - CADENCE_DAYS[ACTIVITY_KINDS[kind]]

        kind = max(ACTIVITY_KINDS, key=lateness)
        self.latest[kind] = day
        row = (
            f"  - kind: {kind}\n    date: {day.isoformat()}\n    by: priya.raman\n"
            f"    scope: Entry {number}\n    outcome: pass\n    evidence: [EV-ACCESS-REVIEW]\n"
        )
        text = self.files[ACTIVITIES]
        self.files[ACTIVITIES] = text.replace(
            "---\n\n# Activity Log", row + "---\n\n# Activity Log"
        )
        return f"Record the {kind}"

    def exception(self, day: date, number: int) -> str:
        path = "registers/exceptions.md"
        text = self.files[path]
        found = min(re.finditer(rf"(expires: )({ISO})", text), key=lambda m: m.group(2))
        renewed = (day + timedelta(days=150)).isoformat()
        text = text[: found.start(2)] + renewed + text[found.end(2) :]
        approval = list(
            re.finditer(
                rf"(    approval:\n      by: [^\n]+\n      date: )({ISO})", text[: found.start()]
            )
        )[-1]
        self.files[path] = text[: approval.start(2)] + day.isoformat() + text[approval.end(2) :]
        return "Renew an exception"

    def evidence_file(self, day: date, number: int) -> str:
        path = self.rng.choice([p for p in self.files if p.startswith("evidence/")])
        self.files[path] += f"{day.isoformat()},change {number}\n"
        return f"Update {path}"

    def change(self, day: date, number: int) -> str:
        self.today = day.isoformat()
        choices = [
            (self.approve_edit, 55),
            (self.review, 15),
            (self.activity, 6),
            (self.collect, 6),
            (self.vendor, 4),
            (self.risks, 4),
            (self.exception, 2),
            (self.evidence_file, 8),
        ]
        action = self.rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
        return action(day, number)


def generate(root: Path, commits: int, seed: int = 11) -> None:
    program = Program(random.Random(seed))
    stream = [_commit(START - timedelta(days=1), "The example program", dict(program.files))]
    for number in range(1, commits + 1):
        day = START + timedelta(days=(number - 1) * DAYS // commits)
        before = dict(program.files)
        message = program.change(day, number)
        changed = {p: t for p, t in program.files.items() if before.get(p) != t}
        stream.append(_commit(day, message, changed))
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def _timed(label: str, action):  # type: ignore[no-untyped-def]
    """Run `action`; print its wall time and this process's CPU time (the figure that
    holds on a shared machine; a subprocess's CPU time is its children's)."""
    began, cpu = time.perf_counter(), time.process_time()
    children = os.times().children_user + os.times().children_system
    result = action()
    spent = time.process_time() - cpu + os.times().children_user + os.times().children_system
    print(f"{label:<58} {time.perf_counter() - began:7.3f} s, CPU {spent - children:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="soclint-period-"))
    root = folder / "program"
    end = START + timedelta(days=DAYS - 1)
    try:
        _timed(f"generate {options.commits} commits", lambda: generate(root, options.commits))

        from soclint.audit.intervals import period_history
        from soclint.audit.replay import ReplayWork, open_history, replay
        from soclint.audit.span import Span
        from soclint.program import load_program

        program = load_program(root)
        span = Span(START, end)
        work = ReplayWork()
        history = _timed(
            f"replay {span} (in this process)",
            lambda: period_history(replay(program, open_history(program), span, work), span),
        )
        print(
            f"{'':<58} {work.days} days, {work.judged} judged, {work.commits} commits; "
            f"{work.parsed} documents parsed; {work.rule_runs} rule runs, {work.reused} reused; "
            f"{len(history.intervals)} intervals, {history.days_without_error} days without error"
        )
        command = [sys.executable, "-m", "soclint", "history", str(root),
                   "--since", START.isoformat(), "--until", end.isoformat()]  # fmt: skip
        _timed(
            "soclint history (the whole command)",
            lambda: subprocess.run(command, capture_output=True, check=False),
        )
        if options.keep:
            print(f"kept: {root}")
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
