"""What a run reports: its findings, what they were judged on, and what the formats need."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from soclint.finding import Finding, Severity
from soclint.registry import Rule


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    documents: int
    # What the machine formats need beyond the findings: each rule's metadata
    # (SARIF) and the program's folder (paths relative to the git checkout).
    rules: dict[str, Rule] = field(default_factory=dict)
    root: Path | None = None
    # The folder the text format shows paths from; None shows them from the root.
    cwd: Path | None = None
    # Findings of the program left out because they lie outside the paths asked for.
    elsewhere: int = 0
    # Diff mode: how many findings of the head the base already had (not shown unless
    # --all), and the stricter of the base's and the head's fail_on.
    predating: int | None = None
    fail_on: Severity | None = None
    # Diff mode: whether only what the change touches was judged, so that `predating`
    # counts the older findings there only.
    focused: bool = False
    # An existing file of the program (soclint.yaml, else the first document) for the
    # formats that cannot carry a finding without a file: GitHub code scanning refuses
    # a whole SARIF upload for one result without a location.
    anchor: str | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity.rank >= threshold.rank for f in self.findings)

    def within(self, paths: tuple[str, ...] | None) -> Report:
        """The report of the findings in `paths` (relative to the root); None keeps them all.

        A finding without a location is about the program as a whole, so only a
        report of the whole program keeps it.
        """
        if paths is None:
            return self
        kept = [f for f in self.findings if f.path is not None and inside(f.path, paths)]
        return replace(self, findings=kept, elsewhere=len(self.findings) - len(kept))

    def shown_from(self, cwd: Path) -> Report:
        """The report with text paths shown relative to `cwd`."""
        return replace(self, cwd=cwd)


def inside(path: str, paths: tuple[str, ...]) -> bool:
    """Whether `path` is one of `paths` or lies in one (all relative to the root, with `/`)."""
    return any(path == p or path.startswith(p + "/") for p in paths)
