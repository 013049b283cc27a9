"""Subservice organisations: criteria the system description leaves to a vendor.

A SOC 2 report presents a vendor that runs part of the system (a cloud
provider running the data centres) by one of two methods, which the system
description records in `subservice: [{vendor, method, criteria}]`:

- `carve-out`: the vendor's controls are left out of the description and the
  audit; the company relies on the vendor's own SOC 2 report. The criteria
  carved out need no document of the company's own, as long as the vendor is
  in the vendor register with a current SOC 2 report (see assurance.py) of the
  report's type or better.
- `inclusive`: the vendor's controls are described and tested with the
  company's. Its criteria stay in scope and need covering documents like any
  other; the vendor must still be in the vendor register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from soclint.assurance import Soc2Report, soc2_report
from soclint.document import Document
from soclint.keypaths import KeyPath
from soclint.pack import Pack
from soclint.repository import Repository, Row
from soclint.unparsed import ids_of

CARVE_OUT = "carve-out"
INCLUSIVE = "inclusive"


@dataclass(frozen=True)
class Subservice:
    """One `subservice` entry of the system description `document`, with the vendor
    register's row for its vendor and that vendor's SOC 2 report, when there are."""

    document: Document
    index: int
    vendor_id: str | None
    method: str | None
    criteria: tuple[str, ...]
    vendor: Row | None
    report: Soc2Report | None
    # The vendor may be in a vendor register whose front-matter does not parse.
    vendor_unread: bool
    # The type (1 or 2) of the company's own report.
    report_type: object

    @property
    def key_path(self) -> KeyPath:
        return ("subservice", self.index)

    @property
    def carved_out(self) -> bool:
        return self.method == CARVE_OUT

    def gap(self, as_of: date) -> tuple[KeyPath, str] | None:
        """Why the company cannot rely on this entry on `as_of` (the key it is about, and
        the reason), or None when it can. A carve-out relies on the vendor's current SOC 2
        report; both methods need the vendor in the register."""
        vendor = f"'{self.vendor_id}'"
        if self.vendor_id is None:
            return self.key_path, "the entry names no vendor"
        if self.vendor is None:
            return (*self.key_path, "vendor"), f"{vendor} is not in the vendor register"
        if not self.carved_out:
            return None
        report = self.report
        if report is None:
            return (
                (*self.key_path, "vendor"),
                f"the vendor register records no SOC 2 report of {vendor} "
                "(soc2: {type, period_end}), which a carve-out relies on",
            )
        if not report.current(as_of):
            return (
                (*self.key_path, "vendor"),
                f"the SOC 2 report of {vendor} is not current: its period ended "
                f"{report.period_end.isoformat()}, more than {report.max_age} before "
                f"{as_of.isoformat()}",
            )
        if self.report_type == 2 and report.type == 1:
            return (
                (*self.key_path, "vendor"),
                f"the SOC 2 report of {vendor} is a type 1 report; a carve-out from a type 2 "
                "report relies on the vendor's type 2 report, which tests its controls over a "
                "period",
            )
        return None

    def relied_on(self, as_of: date) -> bool:
        """Whether this is a carve-out the company can rely on, on `as_of`."""
        return self.carved_out and self.gap(as_of) is None


def subservices(
    repository: Repository, pack: Pack, unparsed: Sequence[Document]
) -> list[Subservice]:
    """The `subservice` entries of the system description, in order; `unparsed` are the
    documents that do not parse, as unparsed.unparsed_documents guesses them."""
    scope = repository.first("system-description")
    entries = scope.get("subservice") if scope else None
    if scope is None or not isinstance(entries, list):
        return []
    unread = ids_of(unparsed, "vendor-register")
    found = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        vendor_id = scope.text("subservice", index, "vendor")
        vendor = repository.row("vendor-register", vendor_id) if vendor_id else None
        criteria = entry.get("criteria")
        found.append(
            Subservice(
                document=scope,
                index=index,
                vendor_id=vendor_id,
                method=scope.text("subservice", index, "method"),
                criteria=tuple(c for c in criteria if isinstance(c, str))
                if isinstance(criteria, list)
                else (),
                vendor=vendor,
                report=soc2_report(vendor, pack) if vendor else None,
                vendor_unread=vendor is None and vendor_id in unread,
                report_type=scope.get("report", "type"),
            )
        )
    return found
