"""Deadlines in the registers: when something falls due or expires, and how to say so.

The register rules describe each dated obligation (a vendor review, an
evidence collection, an acceptance's expiry) once, as a Deadline; the rule
for the overdue ones and the rule for the ones due soon both read it, so the
two always agree on the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from soclint.dates import parse_period
from soclint.document import Document
from soclint.finding import Hit
from soclint.keypaths import KeyPath, where


@dataclass(frozen=True)
class Deadline:
    """`subject` falls due (or, with `expiry`, expires) on `due`.

    `key_path` is the key a finding points at (the date it was computed
    from), `basis` what the date was computed from ("last review
    2025-06-16"), `advice` what to do, as the end of a sentence.
    """

    document: Document
    key_path: KeyPath
    due: date
    subject: str
    basis: str
    advice: str
    expiry: bool = False

    def passed(self, as_of: date) -> bool:
        """Past due on `as_of`; the due date itself still counts as on time."""
        return self.due < as_of

    def near(self, as_of: date, warn_days: int) -> bool:
        """Not yet past, but due within `warn_days` of `as_of`."""
        return 0 <= (self.due - as_of).days <= warn_days

    def overdue_hit(self, as_of: date) -> Hit:
        verb = "expired on" if self.expiry else "fell due on"
        ago = _days((as_of - self.due).days) + " ago"
        return self._hit(f"{self.subject} {verb} {self.due.isoformat()}, {ago}")

    def soon_hit(self, as_of: date) -> Hit:
        verb = "expires on" if self.expiry else "falls due on"
        days = (self.due - as_of).days
        when = "today" if days == 0 else f"in {_days(days)}"
        return self._hit(f"{self.subject} {verb} {self.due.isoformat()}, {when}")

    def _hit(self, what: str) -> Hit:
        prefix = f"{where(self.key_path)}: " if self.key_path else ""
        return Hit(f"{prefix}{what} ({self.basis}); {self.advice}", self.document, self.key_path)


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def period_adjective(period: str) -> str:
    """`annual` -> 'annual', `24 months` -> '24-month', `90 days` -> '90-day'."""
    parsed = parse_period(period)
    if parsed is None or not period[0].isdigit():
        return period
    count, unit = parsed
    return f"{count}-{unit[:-1]}"
