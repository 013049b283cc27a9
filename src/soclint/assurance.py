"""Third-party assurance: whether a vendor's SOC 2 report still speaks for it.

A vendor's SOC 2 report is current while its period ended no longer ago than
the pack's `soc2-report-max-age` (SOC 2 pack: 12 months): the vendor rules
judge critical and high vendors by it, and a carve-out to a subservice
organisation relies on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from soclint.dates import add_period, as_date
from soclint.pack import Pack
from soclint.repository import Row


@dataclass(frozen=True)
class Soc2Report:
    """A vendor's SOC 2 report: its type (1, 2, or None when not given), the end of the
    period it covers, and the last day it counts as current."""

    type: int | None
    period_end: date
    max_age: str
    current_until: date

    def current(self, as_of: date) -> bool:
        return as_of <= self.current_until


def soc2_report(vendor: Row, pack: Pack) -> Soc2Report | None:
    """The SOC 2 report the vendor register records for `vendor`, when it records one with
    a period end and the pack gives reports a maximum age."""
    max_age = pack.cadences.get("soc2-report-max-age")
    period_end = as_date(vendor.document.get(*vendor.key_path, "soc2", "period_end"))
    if period_end is None or not isinstance(max_age, str):
        return None
    until = add_period(period_end, max_age)
    if until is None:
        return None
    kind = vendor.document.get(*vendor.key_path, "soc2", "type")
    report_type = kind if isinstance(kind, int) and not isinstance(kind, bool) else None
    return Soc2Report(report_type, period_end, max_age, until)
