"""The readiness report's content: where the program stands before its audit period.

The checklist is the one a security lead works through before a Type 2 period
starts. Each item is there or not (a signed scope, an approved policy suite, a
recorded activity) and carries the findings of the rules that judge it; it is
done when it is there and none of those findings is an error. Beside it: the
coverage matrix, the risk heat map, what falls due in the next twelve months,
the exceptions, and the period replayed from git history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from soclint.audit.approvals import ApprovalEntry
from soclint.audit.intervals import PeriodHistory
from soclint.coverage_matrix import Matrix
from soclint.dates import as_date
from soclint.document import Document
from soclint.engine import Evaluation
from soclint.finding import Finding, Severity
from soclint.lifecycle import CONTROLLED_TYPES, is_approved, review_due
from soclint.pack import Pack
from soclint.register_deadlines import exception_approved_on, exception_name
from soclint.repository import Repository
from soclint.rules.risks import integer, is_open, levels

CALENDAR_DAYS = 365
SOON_DAYS = 90

# Whether the thing an item asks for is there: None when it is, else what is missing.
Presence = Callable[[Repository, dict[str, date]], str | None]


@dataclass(frozen=True)
class ChecklistItem:
    title: str
    present: Presence
    # The rules whose findings bear on the item, and, for activity rules, the activity kinds.
    codes: frozenset[str]
    kinds: tuple[str, ...] = ()
    # The document types whose approval findings bear on it (None: a finding about no
    # document, or one of a type no item names).
    approvals_of: frozenset[str | None] = frozenset()


@dataclass(frozen=True)
class ItemStatus:
    title: str
    done: bool
    # What is missing, when the thing itself is not there.
    missing: str | None
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeatMap:
    """Open risks counted per (likelihood, impact) cell of a register's scale."""

    register: str
    likelihoods: int
    impacts: int
    counts: dict[tuple[int, int], int]
    # The level of each cell's score ("high", "medium", "low"), when thresholds are set.
    level: dict[tuple[int, int], str]


@dataclass(frozen=True)
class Due:
    due: date
    subject: str
    path: str


@dataclass(frozen=True)
class ExceptionEntry:
    id: str
    policy: str
    subject: str
    expires: date | None
    approved_by: str | None
    approved_on: date | None
    path: str


@dataclass(frozen=True)
class Readiness:
    title: str
    as_of: date
    checklist: tuple[ItemStatus, ...]
    coverage: Matrix
    heat_maps: tuple[HeatMap, ...]
    calendar: tuple[Due, ...]
    exceptions: tuple[ExceptionEntry, ...]
    # The audit period replayed, or why it could not be.
    history: PeriodHistory | str
    approvals: tuple[ApprovalEntry, ...] = ()

    @property
    def soon(self) -> tuple[Due, ...]:
        """What falls due in the next SOON_DAYS days (and anything already overdue)."""
        limit = self.as_of + timedelta(days=SOON_DAYS)
        return tuple(d for d in self.calendar if d.due <= limit)

    @property
    def later(self) -> tuple[Due, ...]:
        limit = self.as_of + timedelta(days=SOON_DAYS)
        return tuple(d for d in self.calendar if d.due > limit)


def _document(doc_type: str, what: str) -> Presence:
    def present(repository: Repository, _done: dict[str, date]) -> str | None:
        return None if repository.of_type(doc_type) else f"no {what}"

    return present


def _signed_scope(repository: Repository, _done: dict[str, date]) -> str | None:
    system = repository.first("system-description")
    if system is None:
        return "no system description"
    return None if system.get("approval", "date") is not None else "no management sign-off"


def _policy_suite(repository: Repository, _done: dict[str, date]) -> str | None:
    policies = repository.of_type("policy")
    if not policies:
        return "no policy"
    drafts = [doc.id or doc.path for doc in policies if not is_approved(doc)]
    return f"not approved: {', '.join(drafts)}" if drafts else None


def _signed_risks(repository: Repository, _done: dict[str, date]) -> str | None:
    register = repository.first("risk-register")
    if register is None or not repository.rows("risk-register"):
        return "no risk register with risks"
    return None if register.get("signoff", "date") is not None else "no management sign-off"


def _rows(doc_type: str, what: str) -> Presence:
    def present(repository: Repository, _done: dict[str, date]) -> str | None:
        return None if repository.rows(doc_type) else f"no {what}"

    return present


def _approved_policy(kind: str) -> Presence:
    def present(repository: Repository, _done: dict[str, date]) -> str | None:
        found = [d for d in repository.of_type("policy") if d.get("kind") == kind]
        if not found:
            return f"no {kind} policy"
        return None if any(is_approved(d) for d in found) else f"the {kind} policy is not approved"

    return present


def _activity(*kinds: str) -> Presence:
    def present(_repository: Repository, done: dict[str, date]) -> str | None:
        if any(kind in done for kind in kinds):
            return None
        return f"no {' or '.join(kinds)} recorded in the activity log"

    return present


def _both(first: Presence, second: Presence) -> Presence:
    def present(repository: Repository, done: dict[str, date]) -> str | None:
        return first(repository, done) or second(repository, done)

    return present


_APPROVAL = frozenset({"A001", "A003", "A004", "A005", "A010", "A011"})
_ACTIVITY = frozenset({"O008", "O009"})

CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "Scope signed by management",
        _signed_scope,
        _APPROVAL | {"C001", "C003", "C004", "C005"},
        approvals_of=frozenset({"system-description"}),
    ),
    ChecklistItem(
        "Policy suite approved and published",
        _policy_suite,
        _APPROVAL | {"P002"},
        approvals_of=frozenset({*CONTROLLED_TYPES, None}),
    ),
    ChecklistItem(
        "Risk assessment complete and signed",
        _signed_risks,
        _APPROVAL | {f"K{n:03}" for n in range(1, 11)} | _ACTIVITY,
        ("risk-assessment",),
        approvals_of=frozenset({"risk-register"}),
    ),
    ChecklistItem(
        "Security awareness training done",
        _activity("security-training"),
        _ACTIVITY,
        ("security-training",),
    ),
    ChecklistItem(
        "Vendor due diligence done",
        _rows("vendor-register", "vendor in the vendor register"),
        frozenset({"O001", "O002", "O003"}),
    ),
    ChecklistItem(
        "Logging and alerting active",
        _approved_policy("logging-monitoring"),
        frozenset({"O006", "O007"}),
    ),
    ChecklistItem(
        "Vulnerability scans running with SLAs",
        _activity("vulnerability-scan"),
        _ACTIVITY | {"D101"},
        ("vulnerability-scan",),
    ),
    ChecklistItem(
        "First access review done", _activity("access-review"), _ACTIVITY, ("access-review",)
    ),
    ChecklistItem(
        "A backup/DR test done",
        _activity("backup-restore-test", "dr-test"),
        _ACTIVITY,
        ("backup-restore-test", "dr-test"),
    ),
    ChecklistItem(
        "An incident tabletop held", _activity("ir-tabletop"), _ACTIVITY, ("ir-tabletop",)
    ),
    ChecklistItem(
        "The evidence library populated",
        _both(
            _rows("evidence-register", "evidence in the evidence register"),
            _document("evidence-register", "evidence register"),
        ),
        frozenset({"O006", "O007", "R003"}),
    ),
)


def _document_of(finding: Finding, repository: Repository) -> Document | None:
    return repository.by_path.get(finding.path) if finding.path is not None else None


def _approval_of(finding: Finding, repository: Repository) -> str | None:
    """The type of the document whose approval a finding is about, when an item names it."""
    doc = _document_of(finding, repository)
    doc_type = doc.type if doc is not None else None
    named = any(doc_type in item.approvals_of for item in CHECKLIST)
    return doc_type if named else None


def _activity_kind(finding: Finding, repository: Repository) -> str | None:
    """The activity kind of the log row an activity finding points at."""
    doc = _document_of(finding, repository)
    if doc is None or doc.type != "activity-log" or len(finding.key_path) < 2:
        return None
    kind = doc.get(*finding.key_path[:2], "kind")
    return kind if isinstance(kind, str) else None


def _bears_on(item: ChecklistItem, finding: Finding, repository: Repository) -> bool:
    if finding.code not in item.codes:
        return False
    if finding.code in _APPROVAL:
        return _approval_of(finding, repository) in item.approvals_of
    if finding.code not in _ACTIVITY:
        return True
    kind = _activity_kind(finding, repository)
    if kind is not None:
        return kind in item.kinds
    return any(k in finding.message for k in item.kinds)


def checklist(
    findings: Sequence[Finding], repository: Repository, done: dict[str, date]
) -> tuple[ItemStatus, ...]:
    """Each checklist item with its status and the findings behind it."""
    statuses = []
    for item in CHECKLIST:
        behind = tuple(f for f in findings if _bears_on(item, f, repository))
        missing = item.present(repository, done)
        failing = any(f.severity is Severity.ERROR for f in behind)
        statuses.append(ItemStatus(item.title, missing is None and not failing, missing, behind))
    return tuple(statuses)


def heat_maps(repository: Repository) -> tuple[HeatMap, ...]:
    """A heat map of each risk register whose scale is given: its open risks per cell."""
    maps = []
    for doc in repository.of_type("risk-register"):
        likelihoods, impacts = (
            integer(doc.get("scale", "likelihood")),
            integer(doc.get("scale", "impact")),
        )
        if (
            likelihoods is None
            or impacts is None
            or not (0 < likelihoods <= 10 and 0 < impacts <= 10)
        ):
            continue
        counts: dict[tuple[int, int], int] = {}
        for row in repository.rows("risk-register"):
            if row.document is not doc or not is_open(row.fields):
                continue
            cell = (integer(row.fields.get("likelihood")), integer(row.fields.get("impact")))
            if cell[0] in range(1, likelihoods + 1) and cell[1] in range(1, impacts + 1):
                counted = (cell[0] or 0, cell[1] or 0)
                counts[counted] = counts.get(counted, 0) + 1
        found = levels(doc)
        level = {
            (li, im): found.of(li * im)
            for li in range(1, likelihoods + 1)
            for im in range(1, impacts + 1)
            if found is not None
        }
        maps.append(HeatMap(doc.id or doc.path, likelihoods, impacts, counts, level))
    return tuple(maps)


def calendar(evaluation: Evaluation, as_of: date, pack: Pack) -> tuple[Due, ...]:
    """Reviews and register deadlines due up to CALENDAR_DAYS from `as_of`, overdue ones
    included, by date."""
    repository = evaluation.ctx.repository
    found = [
        Due(due, f"review of {doc.id or doc.path}", doc.path)
        for doc in repository.of_type(*CONTROLLED_TYPES)
        if is_approved(doc) and (due := review_due(doc, pack)) is not None
    ]
    found += [Due(d.due, d.subject, d.document.path) for d in evaluation.ctx.facts.deadlines.all()]
    limit = as_of + timedelta(days=CALENDAR_DAYS)
    return tuple(
        sorted((d for d in found if d.due <= limit), key=lambda d: (d.due, d.subject, d.path))
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def exceptions(repository: Repository) -> tuple[ExceptionEntry, ...]:
    """Every exception of the exception registers, by expiry."""
    found = [
        ExceptionEntry(
            id=_text(row.fields.get("id")),
            policy=_text(row.fields.get("policy")),
            subject=_text(row.fields.get("subject")) or exception_name(row),
            expires=as_date(row.fields.get("expires")),
            approved_by=_approver(row.fields.get("approval")),
            approved_on=exception_approved_on(row),
            path=row.document.path,
        )
        for row in repository.rows("exception-register")
    ]
    return tuple(sorted(found, key=lambda e: (e.expires or date.max, e.id)))


def _approver(approval: object) -> str | None:
    by = approval.get("by") if isinstance(approval, dict) else None
    return by if isinstance(by, str) else None


def readiness(evaluation: Evaluation, history: PeriodHistory | str) -> Readiness:
    """The readiness report of the program `evaluation` judged."""
    ctx = evaluation.ctx
    repository, as_of = ctx.repository, ctx.as_of
    done = {kind: day for kind, (day, _row) in ctx.facts.latest_activities.items()}
    system = repository.first("system-description")
    title = system.get("title") if system is not None else None
    return Readiness(
        title=title if isinstance(title, str) else "The program",
        as_of=as_of,
        checklist=checklist(
            sorted(evaluation.findings, key=lambda f: f.sort_key), repository, done
        ),
        coverage=ctx.facts.coverage,
        heat_maps=heat_maps(repository),
        calendar=calendar(evaluation, as_of, ctx.pack),
        exceptions=exceptions(repository),
        history=history,
    )
