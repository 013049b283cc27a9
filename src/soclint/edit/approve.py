"""`soclint approve` and `soclint review`: record an approval or a review in the front-matter.

Every file is checked before any is written: a person without the authority,
a document that cannot be read, a date that would rewrite history or a
review of changed content refuses the whole command (exit 2, every reason at
once) and leaves every file as it was. Edits keep comments, key order,
quoting, line endings and the body byte for byte; only the approval, review,
version and status lines change. Files are read, planned and written while
their folders are locked, so parallel runs take turns instead of losing
each other's edits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from soclint.atomic_write import folder_locks
from soclint.config import shown_path
from soclint.dates import as_date
from soclint.digest import digest_mismatch, digest_of, recorded_digest
from soclint.document import Document, OwnKeys, document_from_text
from soclint.edit.front_matter import edited_text
from soclint.edit.plan import (
    Plan,
    distinct,
    future_date_refusals,
    read_for_edit,
    write_plans,
)
from soclint.edit.programs import Programs
from soclint.errors import UsageError
from soclint.history.git_history import GitHistory, HistoryUnavailable
from soclint.history.lineage import changes_after, history_drift
from soclint.history.revisions import Revisions
from soclint.lifecycle import (
    APPROVED,
    CONTROLLED_TYPES,
    SIGNATURES,
    review_cycle,
    review_due,
    says_approved,
)
from soclint.program import Program
from soclint.rules.approval.signatures import SEPARATION_OF_DUTIES
from soclint.versions import bump_version, parse_version

# The document types `approve` records, and the authority each needs. Registers
# (risk register sign-off, risk acceptances, exceptions) are signed row by row
# as part of editing them, so they are not approved as a whole.
APPROVABLE = {
    doc_type: authority
    for doc_type, signatures in SIGNATURES.items()
    for pattern, authority in signatures
    if pattern == ("approval",)
}
# Where a new approval or review block goes: after the first of these keys present.
_APPROVAL_AFTER = ("version", "status", "owner", "title")
_REVIEW_AFTER = ("approval", "version", "status", "owner", "title")


def _check_person(program: Program, doc: Document, person: str, authority: str) -> Iterator[str]:
    repository = program.repository
    if repository.first("roster") is None:
        yield (
            f"{doc.path}: the program at {program.root} has no roster (type: roster) "
            f"to check '{person}' against"
        )
    elif repository.row("roster", person) is None:
        yield f"{doc.path}: '{person}' is not a person in the roster"
    elif not repository.holds(person, authority):
        yield f"{doc.path}: '{person}' does not hold the authority '{authority}'"


def _styled(old: Any, new: Any) -> Any:
    """`new` written the way `old` was: a quoted string stays quoted."""
    if isinstance(old, str) and type(old) is not str:
        return type(old)(new.isoformat() if isinstance(new, date) else new)
    return new


def _set(mapping: Any, key: str, value: Any) -> None:
    if mapping.get(key) != value:
        mapping[key] = _styled(mapping.get(key), value)


def _block(data: Any, key: str, after: Sequence[str]) -> Any:
    """The mapping at `key`, inserted after the first key of `after` present when missing."""
    from ruamel.yaml.comments import CommentedMap

    found = data.get(key)
    if isinstance(found, dict):
        return found
    block = CommentedMap()
    keys = list(data)
    position = next((keys.index(k) + 1 for k in after if k in data), len(keys))
    if key in data:
        data[key] = block
    else:
        data.insert(position, key, block)
    return block


def _quoted_in_flow(mapping: Any, text: str) -> Any:
    """`text` as ruamel should write it in `mapping`: quoted inside a flow mapping `{...}`.

    A plain `sha256:...` is valid in block style but, in flow style, the
    colon trips YAML 1.1 parsers (libyaml) that soclint and others use.
    """
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    flow = getattr(mapping, "fa", None)
    return DoubleQuotedScalarString(text) if flow is not None and flow.flow_style() else text


def _declared(doc: Document) -> OwnKeys:
    """The keys the repository declares as its own for `doc`, to read other texts of it."""
    return {doc.type or "": doc.own_keys}


def _plan(
    file: Path, original: bytes, doc: Document, change: Callable[[Any], None], summary: str
) -> Plan:
    try:
        updated = edited_text(original.decode("utf-8"), change)
    except ValueError as error:
        raise UsageError(f"{doc.path}: cannot edit: {error}") from None
    # The edit touches bookkeeping keys only, so the content must read back unchanged.
    if digest_of(document_from_text(updated, doc.path, _declared(doc))) != digest_of(doc):
        raise UsageError(f"{doc.path}: cannot edit: the edit would change the content")
    if updated.encode("utf-8") == original:
        summary = f"{doc.path}: already recorded, nothing to change"
    return Plan(file, doc.path, original, updated, summary)


def _unique(files: Sequence[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for file in files:
        seen.setdefault(file.resolve(), None)
    return list(seen)


# Plans one file from its bytes and Document, read under the lock: yields each
# reason to refuse it, or, when there is none, its Plan.
_Planner = Callable[[Path, Program, bytes, Document], Iterator[str | Plan]]


def _carry_out(
    files: Sequence[Path],
    dry_run: bool,
    planner: _Planner,
    refusals: list[str],
    config_file: Path | None,
) -> list[Plan]:
    """Plan every file with `planner`, then write them all, or refuse with every reason at once
    (`refusals` holds those of the whole run). `config_file` replaces each program's
    soclint.yaml.

    The files' folders stay locked from the first read to the last write, so
    parallel runs take turns; a dry run takes no lock and writes nothing.
    """
    programs = Programs(config_file)
    targets: list[tuple[Path, Program]] = []
    for file in _unique(files):
        try:
            targets.append((file, programs.of(file)))
        except UsageError as error:
            refusals += error.messages
    plans: list[Plan] = []
    locks = nullcontext() if dry_run else folder_locks([file.parent for file, _ in targets])
    with locks:
        for file, program in targets:
            try:
                path = shown_path(file, program.config.root)
                original, doc = read_for_edit(file, path, program.config.own_keys)
                for outcome in planner(file, program, original, doc):
                    if isinstance(outcome, Plan):
                        plans.append(outcome)
                    else:
                        refusals.append(outcome)
            except UsageError as error:
                refusals += error.messages
        if refusals:
            raise UsageError(*distinct(refusals))
        if not dry_run:
            write_plans(plans)
    return plans


@dataclass
class _Histories:
    """Git history of each program root, opened once per run when a document needs it."""

    opened: dict[Path, GitHistory | HistoryUnavailable] = field(default_factory=dict)

    def of(self, program: Program) -> GitHistory:
        root = program.config.root
        if root not in self.opened:
            try:
                history = GitHistory.open(root)
                if history.is_shallow:
                    raise HistoryUnavailable("the clone is shallow")
                self.opened[root] = history
            except HistoryUnavailable as error:
                self.opened[root] = error
        found = self.opened[root]
        if isinstance(found, HistoryUnavailable):
            raise found
        return found


def _change_since(
    doc: Document, approved: date, history: Callable[[], GitHistory], today: date
) -> str | None:
    """How the content changed after its approval on `approved`, or None when it did not.

    The digest tells; without one, git history does (HistoryUnavailable when
    it cannot).
    """
    if recorded_digest(doc) is not None:
        if digest_mismatch(doc):
            return (
                f"the content changed after its approval on {approved.isoformat()} "
                "(the digest no longer matches)"
            )
        return None
    git = history()
    revisions = Revisions(git, _declared(doc))
    drift = history_drift(doc, changes_after(doc, approved, git, today), revisions)
    if drift is None:
        return None
    return f"the content changed {drift.describe()}, after its approval on {approved.isoformat()}"


@dataclass(frozen=True)
class _Refusal:
    message: str


@dataclass(frozen=True)
class _VersionChange:
    """The version an approval writes (None: left as it is), and how to say so."""

    new: str | None
    summary: str


def approve_documents(
    files: Sequence[Path],
    person: str,
    on: date,
    bump: str,
    today: date,
    dry_run: bool = False,
    config_file: Path | None = None,
) -> list[Plan]:
    """Record `person`'s approval on `on` in each file; the plans say what changed.

    With `dry_run` nothing is written: the plans show what would be.
    """
    histories = _Histories()

    def planner(
        file: Path, program: Program, original: bytes, doc: Document
    ) -> Iterator[str | Plan]:
        authority = APPROVABLE.get(doc.type or "")
        if authority is None:
            yield (
                f"{doc.path}: soclint approve records the approval of a policy, procedure, "
                f"standard or system description, not of a {doc.type or 'file without a type'}"
            )
            return
        refusals = list(_check_person(program, doc, person, authority))
        if person == doc.get("owner") and SEPARATION_OF_DUTIES.value(program.config, program.pack):
            refusals.append(
                f"{doc.path}: '{person}' owns this document; separation of duties needs "
                "another approver"
            )
        recorded = as_date(doc.get("approval", "date"))
        if recorded is not None and on < recorded:
            refusals.append(
                f"{doc.path}: the approval date {on.isoformat()} is before the approval already "
                f"recorded on {recorded.isoformat()}"
            )
        version = _version_change(doc, program, bump, today, histories)
        if isinstance(version, _Refusal):
            refusals.append(version.message)
        yield from refusals
        if not refusals:
            assert not isinstance(version, _Refusal)
            yield _approval_plan(file, original, doc, person, on, version)

    refusals = future_date_refusals(on, today, "an approval")
    return _carry_out(files, dry_run, planner, refusals, config_file)


def _version_change(
    doc: Document, program: Program, bump: str, today: date, histories: _Histories
) -> _VersionChange | _Refusal:
    """Whether and how an approval raises the version of `doc`.

    The version stays when asked (`--bump none`) and when the content is
    unchanged since the approval already recorded; it is never lowered: a
    version that is not a quoted number such as "2.3" is refused.
    """
    old = doc.get("version")
    if doc.type not in CONTROLLED_TYPES or bump == "none":
        return _VersionChange(None, "")
    approved = as_date(doc.get("approval", "date"))
    if approved is not None and _unchanged_since(doc, approved, program, today, histories):
        kept = f"version {old} kept" if old is not None else "no version"
        return _VersionChange(
            None, f", {kept}: the content is unchanged since the approval on {approved.isoformat()}"
        )
    if old is not None and parse_version(old) is None:
        return _Refusal(_version_refusal(doc, old))
    new = bump_version(old, bump)
    return _VersionChange(new, f", version {old or 'none'} -> {new}")


def _unchanged_since(
    doc: Document, approved: date, program: Program, today: date, histories: _Histories
) -> bool:
    """Whether the content is known to be as approved on `approved` (False when unknown)."""
    try:
        return _change_since(doc, approved, lambda: histories.of(program), today) is None
    except HistoryUnavailable:
        return False


def _version_refusal(doc: Document, value: Any) -> str:
    if isinstance(value, (int, float)):
        raw = doc.raw.get(("version",), str(value))
        return (
            f"{doc.path}: version {raw} is read as the number {value!r}, so it cannot be raised "
            f'safely; quote it (version: "{raw}") and approve again'
        )
    return (
        f"{doc.path}: version {value!r} is not dot-separated numbers such as '2.3', so it "
        "cannot be raised; correct it and approve again"
    )


def _approval_plan(
    file: Path, original: bytes, doc: Document, person: str, on: date, version: _VersionChange
) -> Plan:
    digest = digest_of(doc) or ""
    controlled = doc.type in CONTROLLED_TYPES

    def change(data: Any) -> None:
        approval = _block(data, "approval", _APPROVAL_AFTER)
        _set(approval, "by", person)
        _set(approval, "date", on)
        _set(approval, "digest", _quoted_in_flow(approval, digest))
        if not controlled:
            return
        _set(data, "status", APPROVED)
        if version.new is not None:
            _set(data, "version", version.new)
        review = data.get("review")
        if isinstance(review, dict):
            last = as_date(review.get("last"))
            if last is None or last < on:
                _set(review, "last", on)

    summary = (
        f"{doc.path}: approved by {person} on {on.isoformat()}{version.summary}, digest recorded"
    )
    return _plan(file, original, doc, change, summary)


def review_documents(
    files: Sequence[Path],
    person: str,
    on: date,
    today: date,
    dry_run: bool = False,
    config_file: Path | None = None,
) -> list[Plan]:
    """Record a review by `person` on `on` of each file whose content is as approved."""
    histories = _Histories()

    def planner(
        file: Path, program: Program, original: bytes, doc: Document
    ) -> Iterator[str | Plan]:
        if doc.type not in CONTROLLED_TYPES:
            yield (
                f"{doc.path}: soclint review records the review of a policy, procedure or "
                f"standard, not of a {doc.type or 'file without a type'}"
            )
            return
        refusals = list(_check_person(program, doc, person, "approve-policy"))
        approved = as_date(doc.get("approval", "date"))
        if not says_approved(doc) or approved is None:
            refusals.append(
                f"{doc.path}: only an approved document is reviewed; it is "
                f"'{doc.get('status')}'{'' if approved else ' with no approval date'} "
                "(soclint approve records an approval)"
            )
        else:
            refusals += _review_date_refusals(doc, on, approved)
            refusals += _changed_content(doc, program, approved, today, histories)
        yield from refusals
        if not refusals:
            yield _review_plan(file, original, doc, program, person, on)

    refusals = future_date_refusals(on, today, "a review")
    return _carry_out(files, dry_run, planner, refusals, config_file)


def _review_date_refusals(doc: Document, on: date, approved: date) -> list[str]:
    if on < approved:
        return [
            f"{doc.path}: the review date {on.isoformat()} is before the approval on "
            f"{approved.isoformat()}"
        ]
    reviewed = as_date(doc.get("review", "last"))
    if reviewed is not None and on < reviewed:
        return [
            f"{doc.path}: the review date {on.isoformat()} is before the review already "
            f"recorded on {reviewed.isoformat()}"
        ]
    return []


def _changed_content(
    doc: Document, program: Program, approved: date, today: date, histories: _Histories
) -> list[str]:
    """Why a review of `doc` is refused because its content changed, or cannot be told."""
    try:
        change = _change_since(doc, approved, lambda: histories.of(program), today)
    except HistoryUnavailable as error:
        return [
            f"{doc.path}: cannot tell whether the content changed after its approval on "
            f"{approved.isoformat()}: it has no approval.digest and {error}; approve it "
            "instead (soclint approve --bump none records a digest)"
        ]
    if change is None:
        return []
    return [f"{doc.path}: {change}; a changed document needs soclint approve"]


def _review_plan(
    file: Path, original: bytes, doc: Document, program: Program, person: str, on: date
) -> Plan:
    cycle = review_cycle(doc, program.pack) or "annual"

    def change(data: Any) -> None:
        review = _block(data, "review", _REVIEW_AFTER)
        _set(review, "last", on)
        if "cycle" not in review:
            review["cycle"] = cycle

    plan = _plan(file, original, doc, change, "")
    if not plan.changed:
        return plan
    due = review_due(document_from_text(plan.text, doc.path, _declared(doc)), program.pack)
    after = f"; next review due {due.isoformat()}" if due else ""
    summary = f"{doc.path}: reviewed by {person} on {on.isoformat()}{after}"
    return Plan(plan.file, plan.path, plan.original, plan.text, summary)
