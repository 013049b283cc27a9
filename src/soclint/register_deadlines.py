"""The dated obligations of the operational registers: vendor reviews and assurance, evidence
collections, recurring activities and exception expiries.

Each is worked out once a run (Facts.deadlines) as a Deadline. The rule that
reports an obligation overdue and the one that warns ahead of it read the same
Deadline, so the two always agree on the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import chain

from soclint.dates import add_period, as_date
from soclint.deadlines import Deadline, period_adjective
from soclint.future_dates import in_future
from soclint.pack import Pack
from soclint.repository import Repository, Row

# Tiers that must show current third-party assurance (a SOC 2 report or a questionnaire).
ASSURED_TIERS = ("critical", "high")


def vendor_tier(row: Row) -> str | None:
    tier = row.fields.get("tier")
    return tier if isinstance(tier, str) else None


def vendor_name(row: Row) -> str:
    vendor_id = row.fields.get("id")
    tier = vendor_tier(row)
    name = f"vendor '{vendor_id}'" if isinstance(vendor_id, str) else "the vendor"
    return f"{tier} {name}" if tier else name


def vendor_review_period(row: Row, pack: Pack) -> str | None:
    """How often the vendor is reviewed: the pack's `cadences.vendor-review` for its tier."""
    tier = vendor_tier(row)
    periods = pack.cadences.get("vendor-review", {})
    period = periods.get(tier) if tier and isinstance(periods, dict) else None
    return period if isinstance(period, str) else None


def assurance_sources(row: Row, pack: Pack) -> list[tuple[date, tuple[str, str], str]]:
    """Each (valid until, key path, description) of the vendor's SOC 2 report and questionnaire."""
    found = []
    max_age = pack.cadences.get("soc2-report-max-age")
    period_end = as_date(row.document.get(*row.key_path, "soc2", "period_end"))
    until = add_period(period_end, max_age) if period_end and isinstance(max_age, str) else None
    if period_end is not None and until is not None:
        described = f"SOC 2 report period ended {period_end.isoformat()}, max age {max_age}"
        found.append((until, ("soc2", "period_end"), described))
    review_period = vendor_review_period(row, pack)
    asked = as_date(row.document.get(*row.key_path, "questionnaire", "date"))
    until = add_period(asked, review_period) if asked and review_period else None
    if asked is not None and until is not None:
        described = f"questionnaire of {asked.isoformat()}, cadence {review_period}"
        found.append((until, ("questionnaire", "date"), described))
    return found


def evidence_name(row: Row) -> str:
    evidence_id = row.fields.get("id")
    return f"evidence '{evidence_id}'" if isinstance(evidence_id, str) else "the evidence"


def evidence_cadence(row: Row) -> str | None:
    cadence = row.fields.get("cadence")
    return cadence if isinstance(cadence, str) else None


def exception_name(row: Row) -> str:
    exception_id = row.fields.get("id")
    return f"exception '{exception_id}'" if isinstance(exception_id, str) else "the exception"


def exception_approved_on(row: Row) -> date | None:
    return as_date(row.document.get(*row.key_path, "approval", "date"))


def required_activities(pack: Pack) -> dict[str, str]:
    """Activity kind -> period, from the pack's `cadences.activities`."""
    periods = pack.cadences.get("activities", {})
    if not isinstance(periods, dict):
        return {}
    return {kind: period for kind, period in periods.items() if isinstance(period, str)}


def latest_activities(repository: Repository, as_of: date) -> dict[str, tuple[date, Row]]:
    """The latest entry of each activity kind across every activity log, up to the as-of date.

    Entries dated in the future of the as-of date do not count yet, so a run
    `--as-of` the end of an audit period sees the log as it stood then; an
    entry dated the day after counts, since the person who recorded it may be
    a day ahead of UTC. Of two entries on the same day, the later in the log
    counts.
    """
    latest: dict[str, tuple[date, Row]] = {}
    for row in repository.rows("activity-log"):
        kind, done = row.fields.get("kind"), as_date(row.fields.get("date"))
        if not isinstance(kind, str) or done is None or in_future(done, as_of):
            continue
        if kind not in latest or done >= latest[kind][0]:
            latest[kind] = (done, row)
    return latest


@dataclass(frozen=True)
class RegisterDeadlines:
    vendor_reviews: list[Deadline]
    vendor_assurance: list[Deadline]
    evidence_collections: list[Deadline]
    activities: list[Deadline]
    exception_expiries: list[Deadline]

    def all(self) -> list[Deadline]:
        return list(
            chain(
                self.vendor_reviews,
                self.vendor_assurance,
                self.evidence_collections,
                self.activities,
                self.exception_expiries,
            )
        )


def register_deadlines(
    repository: Repository, pack: Pack, as_of: date, latest: dict[str, tuple[date, Row]]
) -> RegisterDeadlines:
    """Every deadline of the operational registers; `latest` as `latest_activities` gives it."""
    return RegisterDeadlines(
        vendor_reviews=list(_vendor_reviews(repository, pack)),
        vendor_assurance=list(_vendor_assurance(repository, pack)),
        evidence_collections=list(_evidence_collections(repository, as_of)),
        activities=list(_activities(latest, pack)),
        exception_expiries=list(_exception_expiries(repository)),
    )


def _vendor_reviews(repository: Repository, pack: Pack) -> list[Deadline]:
    found = []
    for row in repository.rows("vendor-register"):
        period = vendor_review_period(row, pack)
        reviewed = as_date(row.fields.get("last_review"))
        due = add_period(reviewed, period) if period and reviewed else None
        if reviewed is None or period is None or due is None:
            continue
        found.append(
            Deadline(
                row.document,
                (*row.key_path, "last_review"),
                due,
                f"the {period_adjective(period)} review of {vendor_name(row)}",
                f"last review {reviewed.isoformat()}",
                "review the vendor (assurance, tier, data shared) and update last_review",
            )
        )
    return found


def _vendor_assurance(repository: Repository, pack: Pack) -> list[Deadline]:
    """When each critical or high vendor's assurance runs out: its newer report or questionnaire."""
    found = []
    for row in repository.rows("vendor-register"):
        if vendor_tier(row) not in ASSURED_TIERS:
            continue
        sources = assurance_sources(row, pack)
        if not sources:
            continue
        until, key, _ = max(sources)
        found.append(
            Deadline(
                row.document,
                (*row.key_path, *key),
                until,
                f"the assurance of {vendor_name(row)}",
                "; ".join(description for _, _, description in sorted(sources, reverse=True)),
                "obtain the vendor's current SOC 2 report (soc2.period_end) or a new questionnaire",
                expiry=True,
            )
        )
    return found


def _evidence_collections(repository: Repository, as_of: date) -> list[Deadline]:
    found = []
    for row in repository.rows("evidence-register"):
        collected, cadence = as_date(row.fields.get("collected")), evidence_cadence(row)
        due = add_period(collected, cadence) if collected and cadence else None
        if collected is None or cadence is None or due is None or in_future(collected, as_of):
            continue
        found.append(
            Deadline(
                row.document,
                (*row.key_path, "collected"),
                due,
                f"the {period_adjective(cadence)} collection of {evidence_name(row)}",
                f"last collected {collected.isoformat()}",
                "collect it again, then update collected and location",
            )
        )
    return found


def _activities(latest: dict[str, tuple[date, Row]], pack: Pack) -> list[Deadline]:
    found = []
    for kind, period in required_activities(pack).items():
        if kind not in latest:
            continue
        done, row = latest[kind]
        due = add_period(done, period)
        if due is None:
            continue
        found.append(
            Deadline(
                row.document,
                (*row.key_path, "date"),
                due,
                f"the {period_adjective(period)} {kind}",
                f"latest {kind} on {done.isoformat()}",
                f"carry out the {kind} and record it in the activity log",
            )
        )
    return found


def _exception_expiries(repository: Repository) -> list[Deadline]:
    found = []
    for row in repository.rows("exception-register"):
        expires = as_date(row.fields.get("expires"))
        if expires is None:
            continue
        by, approved = row.document.get(*row.key_path, "approval", "by"), exception_approved_on(row)
        basis = "approved" + (f" by {by}" if isinstance(by, str) else "")
        basis += f" on {approved.isoformat()}" if approved else ""
        found.append(
            Deadline(
                row.document,
                (*row.key_path, "expires"),
                expires,
                exception_name(row),
                basis if basis != "approved" else "no approval recorded",
                "close the gap and remove the exception, or renew it with a new approval",
                expiry=True,
            )
        )
    return found
