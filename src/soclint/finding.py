"""Findings: what a run reports, and the Hit a rule yields before the engine places it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soclint.document import Document
    from soclint.keypaths import KeyPath


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Hit:
    """A rule's report: what is wrong and where, as a document and key path.

    `line` is given only where no key path can say it: a line of the body, or
    a position the YAML parser reported. `file` names a file of the program
    that is not a document (soclint.yaml) when the hit is at its `line`.
    """

    message: str
    document: Document | None = None
    key_path: KeyPath = ()
    line: int | None = None
    column: int | None = None
    file: str | None = None


@dataclass(frozen=True)
class Finding:
    """A placed finding. One about the program as a whole, where no document it
    concerns exists, has no location: `path`, `line` and `column` are None."""

    code: str
    name: str
    severity: Severity
    path: str | None
    line: int | None
    column: int | None
    message: str
    document: str | None = None
    key_path: KeyPath = ()

    @property
    def sort_key(self) -> tuple[bool, str, int, int, str, str]:
        """By file, line and column; findings without a location last."""
        return (
            self.path is None,
            self.path or "",
            self.line or 0,
            self.column or 0,
            self.code,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "document": self.document,
        }
