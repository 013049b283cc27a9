"""Evidence register: evidence collected on its cadence, and files that exist."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from soclint.context import Context
from soclint.dates import as_date
from soclint.finding import Hit
from soclint.future_dates import in_future
from soclint.keypaths import where
from soclint.register_deadlines import evidence_cadence, evidence_name
from soclint.registry import Subject, rule
from soclint.repository_paths import Place, RepositoryPaths
from soclint.rule_inputs import reads

# A URL (https://..., s3://...) or a Windows drive (C:\...): not a repository path.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@rule(
    "O006",
    "evidence-stale",
    "Evidence was last collected longer ago than its cadence.",
    subject=Subject.REPOSITORY,
    reads=reads("activity-log", "evidence-register", "exception-register", "vendor-register"),
)
def evidence_stale(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    Each evidence item's `collected` date plus its `cadence` (`annual`,
    `semiannual`, `quarterly`, `monthly`, `weekly`, `N months`, `N days`) has
    not passed. Months are calendar months, clamped to the month's end:
    quarterly evidence collected on 2025-11-30 is current up to 2026-02-28.
    An item with no `collected` date has never been collected, which is a
    finding too, and so is one collected more than a day after the as-of date:
    a future date would keep it current for a whole cadence it has not run
    (a day after is accepted, since whoever recorded it may be a day ahead
    of UTC). O013 warns `warn_days` before it falls due.

    ## Why an auditor cares

    A Type 2 report tests that controls operated throughout the period: a
    quarterly control needs evidence for every quarter. Evidence older than
    its cadence is a gap in the period, and gaps become exceptions in the
    report.

    ## Failing example

    ```yaml registers/evidence.md
    evidence:
      - {id: EV-ACCESS-REVIEW, title: Access review, cadence: quarterly, collected: 2026-04-16}
    # judged on 2026-11-01
    ```

    ## Passing example

    ```yaml registers/evidence.md
    evidence:
      - {id: EV-ACCESS-REVIEW, title: Access review, cadence: quarterly, collected: 2026-10-16}
    ```

    ## Options

    The cadence is each item's own `cadence`.
    """
    for deadline in ctx.facts.deadlines.evidence_collections:
        if deadline.passed(ctx.as_of):
            yield deadline.overdue_hit(ctx.as_of)
    for row in ctx.repository.rows("evidence-register"):
        cadence, collected = evidence_cadence(row), as_date(row.fields.get("collected"))
        if collected is not None and in_future(collected, ctx.as_of):
            path = (*row.key_path, "collected")
            yield Hit(
                f"{where(path)}: {evidence_name(row)} is recorded as collected on "
                f"{collected.isoformat()}, more than a day after the as-of date "
                f"{ctx.as_of.isoformat()}; a collection cannot be dated in the future",
                row.document,
                path,
            )
        if cadence is not None and row.fields.get("collected") is None:
            yield Hit(
                f"{where(row.key_path)}: {evidence_name(row)} has never been collected; "
                f"collect it ({cadence}) and record collected and location",
                row.document,
                row.key_path,
            )


def is_repository_path(location: str) -> bool:
    """A relative path: not a URL, not absolute."""
    return not (_SCHEME.match(location) or location.startswith(("/", "\\")))


def _missing_file(location: str, document: str, paths: RepositoryPaths) -> str | None:
    """Why `location` names no file or folder of the repository, else None.

    `document` is the register's path, for the hint when the location was
    written relative to the register's folder.
    """
    if "\0" in location:
        return "the path is not one the file system accepts"
    place = paths.resolve(location).place
    if place is Place.INSIDE:
        return None
    if place is Place.OUTSIDE:
        return f"'{location}' points outside the repository"
    reason = f"'{location}' does not exist in the repository"
    folder = posixpath.dirname(document)
    if folder and paths.resolve(posixpath.join(folder, location)).place is Place.INSIDE:
        reason += (
            f" (paths are relative to the repository root, not to {posixpath.basename(folder)}/)"
        )
    return reason


@rule(
    "O007",
    "evidence-file-missing",
    "An evidence location that is a repository path names no file.",
    subject=Subject.REPOSITORY,
    reads=reads("evidence-register", files=True),
)
def evidence_file_missing(ctx: Context) -> Iterator[Hit]:
    """
    ## What it checks

    An evidence item whose `location` is a relative path names a file or
    folder that exists, relative to the program's root (the folder of
    soclint.yaml), and does not climb out of it with `..` or through a
    symbolic link (whatever it leads to is not looked at). URLs
    (`https://...`, `s3://...`) and absolute paths are not checked: soclint
    never goes on the network.

    ## Why an auditor cares

    The register is the index the auditor samples from. An entry whose file
    was renamed or never committed points at nothing, and the evidence is
    as good as missing.

    ## Failing example

    ```yaml registers/evidence.md
    evidence:
      - {id: EV-VULN-SCAN, title: Vulnerability findings, cadence: quarterly,
         location: evidence/2026-10-vuln-summary.csv}
    # the file in evidence/ is 2026-10-vulnerability-summary.csv
    ```

    ## Passing example

    ```yaml registers/evidence.md
    evidence:
      - {id: EV-VULN-SCAN, title: Vulnerability findings, cadence: quarterly,
         location: evidence/2026-10-vulnerability-summary.csv}
      - {id: EV-OFFBOARDING, title: Offboarding issues, cadence: quarterly,
         location: "https://github.com/acme/it/issues?q=label%3Aoffboarding"}
    ```

    ## Options

    None.
    """
    judged: dict[tuple[str, str], str | None] = {}
    for row in ctx.repository.rows("evidence-register"):
        location = row.fields.get("location")
        if not isinstance(location, str) or not location.strip():
            continue
        if not is_repository_path(location):
            continue
        known = (location, row.document.path)
        if known not in judged:
            judged[known] = _missing_file(location, row.document.path, ctx.repository.paths)
        reason = judged[known]
        if reason is not None:
            path = (*row.key_path, "location")
            yield Hit(
                f"{where(path)}: {reason}; commit the evidence or correct the path",
                row.document,
                path,
            )
