"""`soclint approve` and `soclint review`: record an approval or a review in the front-matter.

Every file is checked before any is written: a person without the authority,
a document that cannot be read or a review of changed content refuses the
whole command (exit 2) and leaves every file as it was. Edits keep comments,
key order, quoting and the body byte for byte; only the approval, review,
version and status lines change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from soclint.config import Config, find_root, load_config, shown_path
from soclint.dates import as_date
from soclint.digest import digest_of, document_from_text
from soclint.document import Document, read_document
from soclint.drift import (
    Revisions,
    changes_after,
    digest_mismatch,
    history_drift,
    recorded_digest,
)
from soclint.edit import edited_text, write_atomic
from soclint.errors import UsageError
from soclint.history import GitHistory, HistoryUnavailable
from soclint.lifecycle import (
    CONTROLLED_TYPES,
    SIGNATURES,
    review_cycle,
    review_due,
    separation_of_duties,
)
from soclint.pack import Pack, load_pack
from soclint.repository import Repository, load_repository
from soclint.versions import bump_version

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


@dataclass
class _Program:
    config: Config
    pack: Pack
    repository: Repository


@dataclass(frozen=True)
class _Plan:
    file: Path
    text: str
    summary: str


class _Programs:
    """The program (config, pack, documents) each file belongs to, loaded once per root."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd.resolve()
        self._loaded: dict[Path, _Program] = {}

    def root_of(self, file: Path) -> Path:
        root = find_root(file.parent)
        if (root / "soclint.yaml").is_file():
            return root
        return self.cwd if file.is_relative_to(self.cwd) else file.parent

    def of(self, file: Path) -> _Program:
        root = self.root_of(file)
        if root not in self._loaded:
            config = load_config(root)
            pack = load_pack([(p, shown_path(p, root)) for p in config.packs], root=root)
            self._loaded[root] = _Program(config, pack, load_repository(config))
        return self._loaded[root]


def _document(file: Path, program: _Program) -> Document:
    path = shown_path(file, program.config.root)
    doc = next((d for d in program.repository.documents if d.path == path), None)
    doc = doc or read_document(file, path)
    if doc.data is None or doc.problems:
        problem = doc.problems[0] if doc.problems else None
        where = f":{problem.line}" if problem else ""
        raise UsageError(f"{path}{where}: cannot edit: {problem.message if problem else 'no data'}")
    return doc


def _check_person(program: _Program, doc: Document, person: str, authority: str) -> None:
    repository = program.repository
    if repository.first("roster") is None:
        raise UsageError(f"{doc.path}: no roster (type: roster) to check '{person}' against")
    if repository.row("roster", person) is None:
        raise UsageError(f"{doc.path}: '{person}' is not a person in the roster")
    if not repository.holds(person, authority):
        raise UsageError(f"{doc.path}: '{person}' does not hold the authority '{authority}'")


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


def _plan(file: Path, doc: Document, change: Callable[[Any], None], summary: str) -> _Plan:
    try:
        text = file.read_bytes().decode("utf-8")
        updated = edited_text(text, change)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"{doc.path}: cannot edit: {error}") from None
    # The edit touches bookkeeping keys only, so the content must read back unchanged.
    if digest_of(document_from_text(updated, doc.path)) != digest_of(doc):
        raise UsageError(f"{doc.path}: cannot edit: the edit would change the content")
    return _Plan(file, updated, summary)


def _unique(files: Sequence[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for file in files:
        seen.setdefault(file.resolve(), None)
    return list(seen)


def _write(plans: list[_Plan]) -> list[str]:
    for plan in plans:
        write_atomic(plan.file, plan.text.encode("utf-8"))
    return [plan.summary for plan in plans]


def _not_in_future(on: date, today: date, what: str) -> None:
    if on > today:
        raise UsageError(f"cannot record {what} dated {on.isoformat()}, after today")


def approve_documents(
    files: Sequence[Path], person: str, on: date, bump: str, today: date, cwd: Path
) -> list[str]:
    """Record `person`'s approval on `on` in each file; one line per file says what changed."""
    _not_in_future(on, today, "an approval")
    programs = _Programs(cwd)
    plans = []
    for file in _unique(files):
        program = programs.of(file)
        doc = _document(file, program)
        authority = APPROVABLE.get(doc.type or "")
        if authority is None:
            raise UsageError(
                f"{doc.path}: soclint approve records the approval of a policy, procedure, "
                f"standard or system description, not of a {doc.type or 'file without a type'}"
            )
        _check_person(program, doc, person, authority)
        owner = doc.get("owner")
        if person == owner and separation_of_duties(program.config, program.pack):
            raise UsageError(
                f"{doc.path}: '{person}' owns this document; separation of duties needs "
                "another approver"
            )
        plans.append(_approval_plan(file, doc, person, on, bump))
    return _write(plans)


def _approval_plan(file: Path, doc: Document, person: str, on: date, bump: str) -> _Plan:
    digest = digest_of(doc) or ""
    controlled = doc.type in CONTROLLED_TYPES
    old_version = doc.get("version")
    new_version = None if bump == "none" else bump_version(old_version, bump)

    def change(data: Any) -> None:
        approval = _block(data, "approval", _APPROVAL_AFTER)
        _set(approval, "by", person)
        _set(approval, "date", on)
        _set(approval, "digest", _quoted_in_flow(approval, digest))
        if not controlled:
            return
        _set(data, "status", "approved")
        if new_version is not None:
            _set(data, "version", str(new_version))
        review = data.get("review")
        if isinstance(review, dict):
            last = as_date(review.get("last"))
            if last is None or last < on:
                _set(review, "last", on)

    version = ""
    if controlled and new_version is not None:
        version = f", version {old_version or 'none'} -> {new_version}"
    summary = f"{doc.path}: approved by {person} on {on.isoformat()}{version}, digest recorded"
    return _plan(file, doc, change, summary)


def _content_unchanged(doc: Document, program: _Program, approved: date, today: date) -> None:
    """Refuse a review when the content changed after its approval, or when nothing can tell."""
    advice = "a changed document needs soclint approve"
    if recorded_digest(doc) is not None:
        if digest_mismatch(doc):
            raise UsageError(
                f"{doc.path}: the content changed after its approval on {approved.isoformat()} "
                f"(the digest no longer matches); {advice}"
            )
        return
    try:
        history = GitHistory.open(program.config.root)
        if history.is_shallow:
            raise HistoryUnavailable("the clone is shallow")
        later = changes_after(doc, approved, history, today)
        drift = history_drift(doc, later, Revisions(history))
    except HistoryUnavailable as error:
        raise UsageError(
            f"{doc.path}: cannot tell whether the content changed after its approval on "
            f"{approved.isoformat()}: it has no approval.digest and {error}; approve it "
            "instead (soclint approve --bump none records a digest)"
        ) from None
    if drift is not None:
        raise UsageError(
            f"{doc.path}: the content changed {drift.describe()}, after its approval on "
            f"{approved.isoformat()}; {advice}"
        )


def review_documents(
    files: Sequence[Path], person: str, on: date, today: date, cwd: Path
) -> list[str]:
    """Record a review by `person` on `on` of each file whose content is as approved."""
    _not_in_future(on, today, "a review")
    programs = _Programs(cwd)
    plans = []
    for file in _unique(files):
        program = programs.of(file)
        doc = _document(file, program)
        if doc.type not in CONTROLLED_TYPES:
            raise UsageError(
                f"{doc.path}: soclint review records the review of a policy, procedure or "
                f"standard, not of a {doc.type or 'file without a type'}"
            )
        _check_person(program, doc, person, "approve-policy")
        approved = as_date(doc.get("approval", "date"))
        if doc.get("status") != "approved" or approved is None:
            raise UsageError(
                f"{doc.path}: only an approved document is reviewed; it is "
                f"'{doc.get('status')}'{'' if approved else ' with no approval date'} "
                "(soclint approve records an approval)"
            )
        if on < approved:
            raise UsageError(
                f"{doc.path}: the review date {on.isoformat()} is before the approval on "
                f"{approved.isoformat()}"
            )
        _content_unchanged(doc, program, approved, today)
        plans.append(_review_plan(file, doc, program, person, on))
    return _write(plans)


def _review_plan(file: Path, doc: Document, program: _Program, person: str, on: date) -> _Plan:
    cycle = review_cycle(doc, program.pack) or "annual"

    def change(data: Any) -> None:
        review = _block(data, "review", _REVIEW_AFTER)
        _set(review, "last", on)
        if "cycle" not in review:
            review["cycle"] = cycle

    plan = _plan(file, doc, change, "")
    due = review_due(document_from_text(plan.text, doc.path), program.pack)
    after = f"; next review due {due.isoformat()}" if due else ""
    summary = f"{doc.path}: reviewed by {person} on {on.isoformat()}{after}"
    return _Plan(plan.file, plan.text, summary)
