"""`soclint ack`: record acknowledgements of policies in the acknowledgement register.

A row `{person, document, version, date}` is added to the program's
acknowledgement register for each policy acknowledged, by one person
(`soclint ack PATH... --by PERSON`) or from a CSV export of an HR or
e-signature tool (`soclint ack --import FILE.csv`, columns found by their
header). Every row is checked before any is written: the person is in the
roster and was there on the date, the document is an approved policy, the
version is one it has or had, the date is not in the future. One bad row
refuses the whole command, naming every reason (a CSV row by its line), and
leaves the register as it was. A row already recorded is not added twice.
The register is read, planned and written while its folder is locked, as
`soclint approve` edits, keeping every line it does not add byte for byte.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from soclint.acknowledgements import PolicyVersions, policy_versions
from soclint.atomic_write import folder_locks
from soclint.config import shown_path
from soclint.dates import parse_iso_date
from soclint.document import MAX_FILE_BYTES, Document
from soclint.edit.front_matter import edited_text
from soclint.edit.plan import Plan, distinct, future_date_refusals, read_for_edit, write_plans
from soclint.edit.programs import Programs
from soclint.errors import UsageError
from soclint.facts import Facts
from soclint.lifecycle import is_approved
from soclint.people import Person
from soclint.program import Program
from soclint.versions import parse_version

REGISTER = "acknowledgement-register"
# The CSV header names each column may have, compared in lower case with `_` and `-` as spaces.
COLUMNS = {
    "person": ("person", "person id", "employee", "employee id", "email", "employee email",
               "user", "user email"),
    "document": ("document", "document id", "policy", "policy id"),
    "version": ("version", "document version", "policy version"),
    "date": ("date", "acknowledged", "acknowledged on", "acknowledged at", "signed",
             "signed on", "signed at", "completed", "completed on", "completed at"),
}  # fmt: skip
# A date, or the date of a timestamp such as 2026-03-04T10:22:00Z.
_DAY = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ].*)?$")


@dataclass(frozen=True)
class NewRow:
    """An acknowledgement to record, and where it came from (for refusals)."""

    person: str
    document: str
    version: str
    day: date

    @property
    def key(self) -> tuple[str, str, tuple[int, ...] | None]:
        return self.person, self.document, parse_version(self.version)


class _Checks:
    """What a program says of the people, policies and versions rows name."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.facts = Facts(program.repository, program.config, program.pack)
        self.policies: dict[str, Document] = {}
        for doc in program.repository.of_type("policy"):
            if doc.id:
                self.policies.setdefault(doc.id, doc)
        self._versions: dict[Document, PolicyVersions] = {}

    def person(self, value: str) -> Person | str:
        """The roster person `value` names, by id or by an address of theirs."""
        people = self.facts.people
        if value in people:
            return people[value]
        found = [p for p in people.values() if "@" in value and p.commits_as(value)]
        return found[0] if found else f"'{value}' is not a person in the roster"

    def policy(self, value: str) -> Document | str:
        """The policy `value` names, by id or by its path in the program."""
        doc = self.policies.get(value) or self.program.repository.by_path.get(value)
        if doc is None:
            return f"'{value}' is not the id of a policy"
        if doc.type != "policy" or doc.id is None:
            return f"{doc.path} is not a policy"
        if not is_approved(doc) or parse_version(doc.get("version")) is None:
            return f"{doc.path} is not an approved policy with a version"
        return doc

    def read_versions(self, docs: Iterable[Document]) -> None:
        """Read from git history, in one pass, the versions of `docs` checks will ask about."""
        wanted = [doc for doc in dict.fromkeys(docs) if doc not in self._versions]
        if wanted:
            self._versions.update(
                policy_versions(lambda: self.facts.full_history, wanted, self.program.config.as_of)
            )

    def problems(self, person: Person, policy: Document, version: str, day: date) -> list[str]:
        """Why `person` cannot have acknowledged `version` of `policy` on `day`."""
        found = []
        if not person.there_on(day):
            found.append(
                f"'{person.id}' was not there on {day.isoformat()} (start and end in the roster)"
            )
        approved = policy.get("approval", "date")
        if isinstance(approved, date) and day < approved and version == policy.get("version"):
            found.append(
                f"{day.isoformat()} is before {policy.id} {version} was approved "
                f"({approved.isoformat()})"
            )
        wanted, current = parse_version(version), parse_version(policy.get("version"))
        if wanted is None:
            found.append(f"'{version}' is not a version such as 2.3")
        elif wanted != current:
            self.read_versions([policy])
            known = self._versions[policy].known
            if known is None:
                found.append(
                    f"cannot tell whether {policy.id} had version {version} (no git history); "
                    f"its version now is {policy.get('version')}"
                )
            elif wanted not in known:
                found.append(f"{policy.id} never had version {version}")
        return found


def _register(program: Program, chosen: Path | None) -> tuple[Path, str] | str:
    """The acknowledgement register to add rows to: (file, path), or why there is none."""
    registers = program.repository.of_type(REGISTER)
    if chosen is not None:
        shown = shown_path(chosen, program.root)
        named = [doc for doc in registers if doc.path == shown]
        if not named:
            return f"{shown} is not an acknowledgement register of the program at {program.root}"
        registers = named
    if not registers:
        return (
            f"the program at {program.root} has no acknowledgement register: add a document "
            "with type: acknowledgement-register and acknowledgements: []"
        )
    if len(registers) > 1:
        return (
            f"the program at {program.root} has several acknowledgement registers "
            f"({', '.join(doc.path for doc in registers)}); choose one with --register"
        )
    return registers[0].file, registers[0].path


def _recorded(doc: Document) -> set[tuple[str, str, tuple[int, ...] | None]]:
    rows = doc.rows("acknowledgements")
    return {
        (
            str(fields.get("person")),
            str(fields.get("document")),
            parse_version(fields.get("version")),
        )
        for _index, fields in rows
    }


def _append(file: Path, path: str, rows: Sequence[NewRow], source: str) -> Plan:
    """The plan that adds `rows` (less those recorded already) to the register `file`."""
    original, doc = read_for_edit(file, path)
    recorded = _recorded(doc)
    new = [row for row in dict((row.key, row) for row in rows).values() if row.key not in recorded]
    if not isinstance(doc.get("acknowledgements"), list):
        raise UsageError(f"{path}: cannot edit: acknowledgements is not a list")

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        rows = data["acknowledgements"]
        if not rows and isinstance(rows, CommentedSeq):
            rows.fa.set_block_style()
        for row in new:
            item = CommentedMap()
            item["person"], item["document"] = row.person, row.document
            item["version"], item["date"] = DoubleQuotedScalarString(row.version), row.day
            item.fa.set_flow_style()
            rows.append(item)

    try:
        text = edited_text(original.decode("utf-8"), change) if new else original.decode("utf-8")
    except ValueError as error:
        raise UsageError(f"{path}: cannot edit: {error}") from None
    again = len(rows) - len(new)
    kept = f" ({again} already recorded)" if again else ""
    if not new:
        return Plan(file, path, original, text, f"{path}: already recorded, nothing to change")
    return Plan(file, path, original, text, f"{path}: {source}{kept}")


def _write(register: tuple[Path, str], rows: list[NewRow], source: str, dry_run: bool) -> Plan:
    file, path = register
    with nullcontext() if dry_run else folder_locks([file.parent]):
        plan = _append(file, path, rows, source)
        if not dry_run:
            write_plans([plan])
    return plan


def acknowledge_documents(
    files: Sequence[Path],
    person_id: str,
    on: date,
    today: date,
    register: Path | None = None,
    dry_run: bool = False,
) -> list[Plan]:
    """Record that `person_id` acknowledged, on `on`, the current version of each policy in
    `files`; the plans say what changed (with `dry_run`, what would)."""
    refusals = future_date_refusals(on, today, "an acknowledgement")
    programs = Programs()
    by_program: dict[Path, list[NewRow]] = {}
    checked: dict[Path, _Checks] = {}
    for file in files:
        try:
            program = programs.of(file)
        except UsageError as error:
            refusals += error.messages
            continue
        checks = checked.setdefault(program.root, _Checks(program))
        path = shown_path(file, program.root)
        policy = checks.policy(path)
        person = checks.person(person_id)
        if isinstance(policy, str) or isinstance(person, str):
            problems = [problem for problem in (policy, person) if isinstance(problem, str)]
        else:
            version = str(policy.get("version"))
            problems = checks.problems(person, policy, version, on)
            by_program.setdefault(program.root, []).append(
                NewRow(person.id, str(policy.id), version, on)
            )
        refusals += [f"{path}: {problem}" for problem in problems]
    targets = {}
    for root, checks in checked.items():
        found = _register(checks.program, register)
        if isinstance(found, str):
            refusals.append(found)
        else:
            targets[root] = found
    if refusals:
        raise UsageError(*distinct(refusals))
    plans = []
    for root, rows in by_program.items():
        named = ", ".join(f"{row.document} {row.version}" for row in rows)
        source = f"{rows[0].person} acknowledged {named} on {on.isoformat()}"
        plans.append(_write(targets[root], rows, source, dry_run))
    return plans


def _columns(header: list[str], shown: str) -> dict[str, int]:
    """Which column holds each field, from the header row; UsageError when one is missing."""
    names = [" ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())
             for name in header]  # fmt: skip
    found: dict[str, int] = {}
    for field, aliases in COLUMNS.items():
        matching = [index for index, name in enumerate(names) if name in aliases]
        if len(matching) > 1:
            raise UsageError(
                f"{shown}:1: columns {', '.join(repr(header[i]) for i in matching)} all name "
                f"the {field}; keep one"
            )
        if not matching:
            raise UsageError(
                f"{shown}:1: no column names the {field} (the header has "
                f"{', '.join(repr(name) for name in header) or 'no names'}); name the columns "
                "person (or email), document, version and date"
            )
        found[field] = matching[0]
    return found


def _csv_rows(csv_file: Path, shown: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """The column of each field and the data rows, each with its line in the file."""
    try:
        if csv_file.stat().st_size > 64 * MAX_FILE_BYTES:
            raise UsageError(f"{shown}: the file is larger than soclint reads (64 MiB)")
        text = csv_file.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise UsageError(f"{shown}: cannot read it: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{shown}: not UTF-8 text (byte {error.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise UsageError(f"{shown}: the file is empty; it needs a header row")
        columns = _columns(header, shown)
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise UsageError(f"{shown}:{reader.line_num}: not CSV soclint can read ({error})") from None
    return columns, rows


def import_acknowledgements(
    csv_file: Path,
    root: Path,
    today: date,
    register: Path | None = None,
    dry_run: bool = False,
) -> list[Plan]:
    """Record the acknowledgements of the CSV export `csv_file` in the register of the
    program at `root`; UsageError naming each bad row by its line when any is bad."""
    shown = str(csv_file)
    columns, rows = _csv_rows(csv_file, shown)
    program = Programs().of(root)
    checks = _Checks(program)
    refusals: list[str] = []
    parsed: list[tuple[int, Person, Document, str, date]] = []
    for line, cells in rows:
        value = {field: cells[i].strip() if i < len(cells) else "" for field, i in columns.items()}
        problems = [f"no {field}" for field, text in value.items() if not text]
        person = checks.person(value["person"]) if value["person"] else None
        policy = checks.policy(value["document"]) if value["document"] else None
        day_match = _DAY.match(value["date"])
        day = parse_iso_date(day_match[1]) if day_match else None
        if value["date"] and day is None:
            problems.append(f"'{value['date']}' is not a date such as 2026-03-04")
        problems += [problem for problem in (person, policy) if isinstance(problem, str)]
        if day is not None:
            problems += future_date_refusals(day, today, "an acknowledgement")
        if problems:
            refusals += [f"{shown}:{line}: {problem}" for problem in problems]
        elif isinstance(person, Person) and isinstance(policy, Document) and day is not None:
            parsed.append((line, person, policy, value["version"], day))
    current = {doc: doc.get("version") for _, _, doc, _, _ in parsed}
    checks.read_versions(doc for _, _, doc, version, _ in parsed if version != current[doc])
    new = []
    for line, person, policy, version, day in parsed:
        problems = checks.problems(person, policy, version, day)
        refusals += [f"{shown}:{line}: {problem}" for problem in problems]
        new.append(NewRow(person.id, str(policy.id), version, day))
    target = _register(program, register)
    if isinstance(target, str):
        refusals.append(target)
    if refusals:
        raise UsageError(*distinct(refusals))
    assert not isinstance(target, str)
    if not new:
        raise UsageError(f"{shown}: no acknowledgements to import (only the header row)")
    source = f"{len(set(row.key for row in new))} acknowledgements recorded from {csv_file.name}"
    return [_write(target, new, source, dry_run)]
