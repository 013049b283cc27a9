"""Generate a synthetic SOC 2 program of any size, with its git history.

    .venv/bin/python benchmarks/synthetic.py DEST [--policies N] [--rows N]
        [--commits N] [--defective SHARE] [--seed N]

The program is the example program (policies-example/) grown by:

- `policies` more policies in folders of 50, approved: every other one with a content
  digest, the others without (their drift is judged from git history);
- `rows` more rows in each of the risk register, the asset inventory, the vendor
  register, the evidence register and the activity log;
- an acknowledgement of each generated policy by everyone on the roster who must
  acknowledge policies (the present staff);
- a git history of `commits` dated commits, made with `git fast-import`: the first
  adds the program, each later one edits the body of a random generated policy and
  re-approves it that day (a squash-merged pull request), so the program stays clean;
- a `defective` share (0 to 1) of the generated policies broken in one of several
  ways (a misspelt status, an unknown key, a missing owner, a malformed date, a body
  changed after approval).

With `defective` 0 the program checks clean. The same seed gives the same program.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "policies-example"
# The first commit: before every date the example program records.
FIRST_COMMIT = date(2024, 1, 2)
# Later commits fall in this range, so no generated review is due by the example's as_of.
HISTORY_START = date(2026, 1, 5)
HISTORY_END = date(2026, 10, 25)
SUITE_KINDS = (
    "acceptable-use",
    "information-security",
    "access-control",
    "change-management",
    "secure-sdlc",
    "incident-response",
    "data-classification",
    "cryptography",
    "logging-monitoring",
    "workstation-mobile",
    "hr-security",
    "record-retention",
)
PARAGRAPH = (
    "Access to production systems is granted on least privilege, approved by the "
    "system owner, reviewed every quarter and removed on the last working day."
)
DIGEST_LINE = "  digest: DIGEST\n"
# How a defective policy is broken: each is a finding of a different rule family.
DEFECTS = ("misspelt-status", "unknown-key", "missing-owner", "bad-date", "changed-body")


@dataclass
class Policy:
    number: int
    approved: date
    defect: str | None = None
    revisions: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"policies/generated/area-{self.number // 50:03d}/policy-{self.number:05d}.md"

    def text(self) -> str:
        if self.number % 2 and self.defect != "changed-body":
            undigested = self._front_matter().replace(DIGEST_LINE, "")
            return f"---\n{undigested}---\n{self._body()}"
        return _with_digest(self._front_matter(), self._body(), self.defect == "changed-body")

    def _front_matter(self) -> str:
        day = self.approved.isoformat()
        status = "aproved" if self.defect == "misspelt-status" else "approved"
        owner = "" if self.defect == "missing-owner" else "owner: priya.raman\n"
        extra = "reviewed_by: maya.chen\n" if self.defect == "unknown-key" else ""
        review = "2026-13-01" if self.defect == "bad-date" else day
        return (
            f"type: policy\nid: POL-GEN-{self.number:05d}\n"
            f"title: Generated Policy {self.number}\n"
            f"kind: {SUITE_KINDS[self.number % len(SUITE_KINDS)]}\n{owner}"
            f'status: {status}\nversion: "1.{len(self.revisions)}"\n{extra}'
            f"approval:\n  by: daniel.okafor\n  date: {day}\n  digest: DIGEST\n"
            f"review:\n  last: {review}\n  cycle: annual\n"
            "controls: [CC6.1, CC6.2]\napplies_to: [web-app, database]\n"
        )

    def _body(self) -> str:
        paragraphs = [f"{PARAGRAPH} Clause {n}." for n in range(12)] + self.revisions
        return (
            f"\n# Generated Policy {self.number}\n\n## Purpose\n\n{paragraphs[0]}\n\n"
            "## Scope\n\nEvery in-scope component.\n\n## Policy\n\n"
            + "\n\n".join(paragraphs[1:])
            + "\n"
        )


def _with_digest(front_matter: str, body: str, stale: bool) -> str:
    """The document text, its approval digest that of its content (of other content when
    `stale`: the body was changed after approval)."""
    from soclint.digest import digest_of
    from soclint.document import document_from_text

    approved_body = body + "An approved sentence that was later removed.\n" if stale else body
    doc = document_from_text(f"---\n{front_matter}---\n{approved_body}", "policy.md")
    digest = digest_of(doc)
    assert digest is not None, doc.problems
    return f"---\n{front_matter.replace('DIGEST', digest)}---\n{body}"


def risk_rows(count: int) -> str:
    return "".join(
        f"\n  - {{id: R-B{i}, title: Risk {i}, asset: AST-OKTA, owner: priya.raman, "
        f"likelihood: {1 + i % 5}, impact: {1 + i % 3}, treatment: mitigate, "
        f"plan: Plan {i}, due: 2027-06-30, status: open, controls: [CC6.1]}}"
        for i in range(count)
    )


def evidence_rows(count: int) -> str:
    return "".join(
        f"\n  - {{id: EV-B{i}, title: Evidence {i}, controls: [CC6.1], owner: priya.raman, "
        "cadence: annual, collected: 2026-10-01, "
        "location: evidence/2026-q3-access-review.csv}"
        for i in range(count)
    )


def activity_rows(count: int) -> str:
    start = date(2026, 10, 31)
    return "".join(
        f"\n  - {{kind: access-review, date: {start - timedelta(days=i % 60)}, "
        "by: priya.raman, outcome: pass, evidence: [EV-ACCESS-REVIEW]}"
        for i in range(count)
    )


def asset_rows(count: int) -> str:
    return "".join(
        f"\n  - {{id: AST-B{i}, name: Laptop {i}, kind: workstation, owner: sofia.alvarez, "
        "purpose: Engineering workstation, data: Source code (Confidential), component: corp-it}"
        for i in range(count)
    )


def vendor_rows(count: int) -> str:
    return "".join(
        f"\n  - {{id: vendor-b{i}, name: Vendor {i}, tier: low, owner: grace.lindqvist, "
        "services: [Newsletter], data: No customer data, last_review: 2026-06-16}"
        for i in range(count)
    )


# The present staff of the example's roster, and the day each acknowledges the policies
# generated on HISTORY_START (within 30 days of the approval, or of their start).
ACKNOWLEDGING = {
    **dict.fromkeys(
        (
            "maya.chen",
            "daniel.okafor",
            "priya.raman",
            "jonas.weber",
            "elena.petrova",
            "amara.nwosu",
            "tom.nakamura",
            "sofia.alvarez",
            "marcus.bell",
            "grace.lindqvist",
        ),
        HISTORY_START + timedelta(days=5),
    ),
    "hana.ito": date(2026, 7, 10),
}


def acknowledgement_rows(generated: list[Policy]) -> str:
    """An acknowledgement of each approved generated policy's first version by everyone
    in ACKNOWLEDGING (a minor revision asks for none again)."""
    return "".join(
        f'\n  - {{person: {person}, document: POL-GEN-{policy.number:05d}, version: "1.0", '
        f"date: {day.isoformat()}}}"
        for policy in generated
        if policy.defect != "misspelt-status"
        for person, day in ACKNOWLEDGING.items()
    )


def grow_register(file: Path, rows: str) -> None:
    """Append `rows` (YAML list items) to the list that ends `file`'s front-matter."""
    text = file.read_text(encoding="utf-8")
    front_matter, fence, body = text.partition("\n---\n")
    file.write_text(front_matter + rows + fence + body, encoding="utf-8")


def fast_import_data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n%s\n" % (len(raw), raw)


def fast_import_commit(day: date, message: str, files: dict[str, str], second: int = 0) -> bytes:
    """One `git fast-import` commit on main, dated `day` (plus `second` seconds past noon);
    each continues from the one before."""
    stamp = int(time.mktime(day.timetuple())) + 12 * 3600 + second
    out = [
        b"commit refs/heads/main\n",
        b"author Ada Lovelace <ada@example.com> %d +0000\n" % stamp,
        b"committer Ada Lovelace <ada@example.com> %d +0000\n" % stamp,
        fast_import_data(message),
    ]
    for path, text in files.items():
        out.append(b"M 100644 inline %s\n" % path.encode())
        out.append(fast_import_data(text))
    return b"".join(out)


def import_history(root: Path, stream: list[bytes]) -> None:
    """A git repository at `root` holding the commits of `stream`, checked out."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=env
    )
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)


def generate(
    root: Path,
    policies: int = 2000,
    rows: int = 5000,
    commits: int = 5000,
    defective: float = 0.0,
    seed: int = 7,
) -> None:
    """The program described in this module's docstring, at `root` (which must not exist)."""
    rng = random.Random(seed)
    files = _example_files()
    registers = {
        "registers/risks.md": risk_rows,
        "registers/evidence.md": evidence_rows,
        "registers/activities.md": activity_rows,
        "registers/assets.md": asset_rows,
        "registers/vendors.md": vendor_rows,
    }
    for path, make_rows in registers.items():
        front_matter, fence, body = files[path].partition("\n---\n")
        files[path] = front_matter + make_rows(rows) + fence + body
    generated = [Policy(n, HISTORY_START) for n in range(policies)]
    for index in rng.sample(range(policies), round(policies * defective)):
        generated[index].defect = DEFECTS[index % len(DEFECTS)]
    path = "registers/acknowledgements.md"
    front_matter, fence, body = files[path].partition("\n---\n")
    files[path] = front_matter + acknowledgement_rows(generated) + fence + body
    stream = [
        fast_import_commit(
            FIRST_COMMIT, "Add the program", {**files, **{p.path: p.text() for p in generated}}
        )
    ]
    span = (HISTORY_END - HISTORY_START).days
    for index in range(1, commits):
        day = HISTORY_START + timedelta(days=1 + index * (span - 1) // max(commits, 1))
        policy = _revisable(generated, day, rng)
        if policy is None:
            stream.append(fast_import_commit(day, "Empty change", {}, index))
            continue
        policy.revisions.append(f"Revised on {day.isoformat()} (change {index}).")
        policy.approved = day
        stream.append(
            fast_import_commit(day, f"Revise {policy.path}", {policy.path: policy.text()}, index)
        )
    import_history(root, stream)


def _revisable(generated: list[Policy], day: date, rng: random.Random) -> Policy | None:
    """A random policy not yet revised on `day`: a second revision that day would be
    approved on the date its approval already records, which is drift (rule A011)."""
    for _attempt in range(20):
        policy = generated[rng.randrange(len(generated))] if generated else None
        if policy is not None and policy.approved != day:
            return policy
    return None


def _example_files() -> dict[str, str]:
    """Every file of the example program, by its path relative to the program."""
    return {
        file.relative_to(EXAMPLE).as_posix(): file.read_text(encoding="utf-8")
        for file in sorted(EXAMPLE.rglob("*"))
        if file.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path, help="the folder to create")
    parser.add_argument("--policies", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=5000, help="rows added to each register")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--defective", type=float, default=0.0, help="share, 0 to 1")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    if options.dest.exists():
        parser.error(f"{options.dest} exists")
    began = time.perf_counter()
    generate(
        options.dest,
        options.policies,
        options.rows,
        options.commits,
        options.defective,
        options.seed,
    )
    print(f"generated {options.dest} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
