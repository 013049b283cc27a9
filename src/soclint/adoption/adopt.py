"""`soclint adopt ROOT --company NAME`: the whole adoption, planned, checked, then written.

Adopt works in place on a git work tree, so that its result is one change a
person reviews: it refuses when a file it would edit is not committed as it
is. Every file is planned from the bytes read, and the plan is checked before
anything is written: the body and every key the file already had must read
back unchanged (comply's `{{.Name}}`, replaced and reported, aside), and
soclint.yaml must make `check` read exactly the adopted documents. The files
are then written as `approve` writes them (edit/plan.py).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from soclint.adoption.candidates import sort_files
from soclint.adoption.drafts import (
    Narrative,
    authors_of,
    config_text,
    roster_text,
    system_description_text,
)
from soclint.adoption.front_matter import (
    COMPLY_NAME,
    adopted_text,
    named,
    quoted,
    with_company,
)
from soclint.adoption.guesses import (
    Guess,
    as_id,
    guess_controls,
    guess_id,
    guess_kind,
    guess_title,
    guess_type,
    kind_phrases,
)
from soclint.adoption.sources import AlreadyAdopted, Form, Refused, Source, read_source
from soclint.adoption.todo import ToDo, found_in, in_order
from soclint.config import CONFIG_NAME, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, Config
from soclint.digest import document_from_text
from soclint.document import Document, OwnKeys
from soclint.edit.atomic_write import folder_locks
from soclint.edit.init import company_name
from soclint.edit.plan import Plan, write_plans
from soclint.errors import UsageError
from soclint.globs import GlobSet, literal_glob
from soclint.history.git_history import GitHistory, HistoryUnavailable
from soclint.json_form import to_json
from soclint.pack import Pack
from soclint.program import program_of
from soclint.repository import discover
from soclint.validation import defined_keys
from soclint.versions import parse_version

ROSTER_FILE = "roster.md"
SYSTEM_FILE = "system-description.md"
# comply keeps its narratives, the description of the system, in this folder.
NARRATIVES = "narratives"
NEW_VERSION = "1.0"
REVIEW = {"cycle": "annual"}


@dataclass(frozen=True)
class Adopted:
    """A document given soclint's front-matter, and what adopt told about it."""

    path: str
    doc_type: str
    doc_id: str
    told: tuple[str, ...]


@dataclass
class Adoption:
    """What an adoption changes (`plans`), and what it tells the person who runs it."""

    company: str
    plans: list[Plan] = field(default_factory=list)
    adopted: list[Adopted] = field(default_factory=list)
    # Documents that already have soclint's front-matter, kept as they are.
    already: list[str] = field(default_factory=list)
    # comply narratives folded into the system description.
    folded: list[str] = field(default_factory=list)
    left_out: list[Refused] = field(default_factory=list)
    todo: list[ToDo] = field(default_factory=list)


@dataclass
class _Found:
    """The candidates sorted by what adopt does with them."""

    sources: list[Source] = field(default_factory=list)
    narratives: list[Source] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    left_out: list[Refused] = field(default_factory=list)


def adopt_repository(root: Path, company: str, today: date, dry_run: bool = False) -> Adoption:
    """Plan the adoption of the repository at `root` for `company` and, unless `dry_run`,
    write it; UsageError names every reason it cannot be done."""
    company = company_name(company)
    root = root.resolve()
    if (root / CONFIG_NAME).exists():
        raise UsageError(
            f"{root / CONFIG_NAME} exists: this folder is a soclint program already; "
            "soclint check tells what it lacks"
        )
    history = _history(root)
    tracked = history.work_tree_files()
    candidates = sort_files(root, tracked)
    found = _read(root, candidates.files)
    refusals = _uncommitted(found, tracked, history)
    refusals += [f"{name}: exists already; adopt writes it" for name in (ROSTER_FILE, SYSTEM_FILE)
                 if (root / name).exists() or (root / name).is_symlink()]  # fmt: skip
    if refusals:
        raise UsageError(*refusals)
    adoption = Adoption(company, already=found.already)
    adoption.left_out = [
        *(Refused(path, reason) for path, reason in candidates.left_out.items()),
        *found.left_out,
    ]
    program = program_of(Config(root=root, as_of=today))
    planned = _Planned(company, program.pack)
    for source in found.sources:
        try:
            planned.adopt(source)
        except _CannotAdopt as refused:
            adoption.left_out.append(refused.why)
    adoption.adopted, adoption.plans = planned.adopted, planned.plans
    adoption.folded = [source.path for source in found.narratives]
    authors = [
        (change.commit.author, change.commit.email, change.commit.sha)
        for path in [*planned.paths, *found.already]
        for change in history.changes.get(path, [])
    ]
    people = authors_of((name, email) for name, email, _ in dict.fromkeys(authors))
    narratives = [
        Narrative(source.path, named(source.body, company)) for source in found.narratives
    ]
    drafts = {
        ROSTER_FILE: (roster_text(company, people), f"{_people(len(people))}, one per git "
                      "author of the documents, roles to assign"),
        SYSTEM_FILE: (system_description_text(company, narratives),
                      _scope_summary(adoption.folded)),
    }  # fmt: skip
    for name, (text, summary) in drafts.items():
        adoption.plans.append(Plan(root / name, name, b"", text, f"{name}: {summary}", True))
    config = _scoped_config(root, today, planned, [*found.already, *drafts])
    adoption.plans.append(config)
    documents = [planned.documents[p] for p in planned.paths] + [
        document_from_text(text, name) for name, (text, _summary) in drafts.items()
    ]
    settings = Config(root=root, as_of=today, own_keys=planned.own_keys)
    adoption.todo = in_order(
        [
            *found_in(documents, settings),
            *planned.todo,
            *_left_out_steps(adoption.left_out),
            *_program_steps(documents, planned.paths),
        ]
    )
    if not dry_run:
        with folder_locks([plan.file.parent for plan in adoption.plans]):
            write_plans(adoption.plans)
    return adoption


def _history(root: Path) -> GitHistory:
    try:
        history = GitHistory.open(root)
        history.uncommitted  # noqa: B018 (read now, so that git's failures show here)
    except HistoryUnavailable as error:
        raise UsageError(
            f"{root}: adopt works in a git work tree, so that its result is one change to "
            f"review: {error}"
        ) from None
    return history


def _read(root: Path, files: dict[str, bool]) -> _Found:
    found = _Found()
    for path in files:
        source = read_source(root / path, path)
        if isinstance(source, Refused):
            found.left_out.append(source)
        elif isinstance(source, AlreadyAdopted):
            found.already.append(path)
        elif source.form is Form.COMPLY and NARRATIVES in path.split("/")[:-1]:
            found.narratives.append(source)
        else:
            found.sources.append(source)
    return found


def _uncommitted(found: _Found, tracked: dict[str, bool], history: GitHistory) -> list[str]:
    """Why each file adopt would edit or read from is not committed as it is."""
    refusals = []
    for source in [*found.sources, *found.narratives]:
        path = source.path
        if not tracked[path]:
            refusals.append(
                f"{path}: git does not track it; commit it (or ignore it in .gitignore) first, "
                "so that the adoption is one change to review"
            )
        elif path in history.uncommitted:
            refusals.append(
                f"{path}: has uncommitted changes; commit or stash them first, so that the "
                "adoption is one change to review"
            )
    return refusals


class _CannotAdopt(Exception):
    def __init__(self, why: Refused) -> None:
        self.why = why


class _Planned:
    """The adopted documents as they are planned: texts, ids, own keys and steps to do."""

    def __init__(self, company: str, pack: Pack) -> None:
        self.company = company
        self.catalog = pack.catalog
        self.phrases = kind_phrases(pack)
        self.plans: list[Plan] = []
        self.adopted: list[Adopted] = []
        self.documents: dict[str, Document] = {}
        self.paths: list[str] = []
        self.ids: set[str] = set()
        self.own: dict[str, set[str]] = {}
        self.todo: list[ToDo] = []

    @property
    def own_keys(self) -> OwnKeys:
        return {doc_type: frozenset(keys) for doc_type, keys in sorted(self.own.items())}

    def adopt(self, source: Source) -> None:
        keys = source.keys
        title = _existing(keys, "title", "its title") or guess_title(keys, source.body, source.path)
        doc_type = guess_type(source.path, title.value)
        added: dict[str, Any] = {"type": doc_type.value}
        told = [f"type {doc_type.value}: {doc_type.how}"]
        if "id" in keys:
            doc_id = Guess(str(keys["id"]), "its id")
        else:
            doc_id = self._new_id(keys, source.path)
            added["id"] = doc_id.value
        self.ids.add(doc_id.value)
        told.append(f"id {doc_id.value}: {doc_id.how}")
        if "title" not in keys:
            added["title"] = title.value
        told.append(f"title from {title.how}")
        kind = self._kind(keys, doc_type.value, title.value, source.path, added, told)
        replaced = self._bookkeeping(source, added, told)
        if doc_type.value == "policy" and "review" not in keys:
            added["review"] = REVIEW
        if "controls" not in keys:
            controls = guess_controls(keys, source.body, self.catalog)
            if controls is not None:
                added["controls"] = controls.value
                told.append(f"controls from {controls.how}: {', '.join(controls.value)}")
        own = sorted(k for k in keys if k not in defined_keys(doc_type.value) and k[:2] != "x-")
        if own:
            self.own.setdefault(doc_type.value, set()).update(own)
            told.append(f"kept as the repository's own keys: {', '.join(own)}")
        text, replaced_lines = self._text(source, added, replaced)
        if source.form is Form.COMPLY:
            told.append("rewritten to open with a `---` line")
        if replaced_lines:
            lines = ", ".join(str(line) for line in replaced_lines)
            told.append(f"{COMPLY_NAME} replaced by {self.company} on lines {lines}")
        doc = self._checked(source, text, doc_type.value, replaced)
        if kind is not None:
            line = doc.locate(("kind",))[0]
            self.todo.append(ToDo(source.path, line, f"kind: {kind.value} is {kind.how}; "
                                  "confirm it or correct it"))  # fmt: skip
        self.paths.append(source.path)
        self.documents[source.path] = doc
        summary = f"{source.path}: {doc_type.value} {doc_id.value}, a draft"
        self.plans.append(Plan(source.file, source.path, source.original, text, summary))
        self.adopted.append(Adopted(source.path, doc_type.value, doc_id.value, tuple(told)))

    def _new_id(self, keys: dict[str, Any], path: str) -> Guess:
        """An id for the document, told apart from the ids taken by its folder's name, then a
        number."""
        guess = guess_id(keys, path)
        base = guess.value
        folder = as_id(posixpath.basename(posixpath.dirname(path)))
        chosen, number = base, 2
        if chosen in self.ids and folder:
            chosen = f"{folder}-{base}"
        while chosen in self.ids:
            chosen, number = f"{base}-{number}", number + 1
        how = guess.how if chosen == base else f"{guess.how}, made unique"
        return Guess(chosen, how)

    def _kind(
        self,
        keys: dict[str, Any],
        doc_type: str,
        title: str,
        path: str,
        added: dict[str, Any],
        told: list[str],
    ) -> Guess | None:
        """The policy's kind, guessed (None when it has one, or none could be guessed)."""
        if doc_type != "policy" or "kind" in keys:
            return None
        kind = guess_kind(title, path, self.phrases)
        if kind is None:
            told.append("kind: none of the suite kinds matches; choose one")
            return None
        added["kind"] = kind.value
        told.append(f"kind {kind.value}: {kind.how}")
        return kind

    def _bookkeeping(
        self, source: Source, added: dict[str, Any], told: list[str]
    ) -> dict[str, Any]:
        """status draft and a quoted version: added, or replacing what the file holds."""
        keys, replaced = source.keys, {}
        status = keys.get("status")
        if status is None:
            added["status"] = "draft"
        elif status != "draft":
            replaced["status"] = "draft"
            told.append(
                f"status {status!r} -> draft: nothing in the repository records an approval "
                "soclint can verify"
            )
        version = keys.get("version")
        if version is None:
            added["version"] = quoted(NEW_VERSION)
        elif isinstance(version, (int, float)) and not isinstance(version, bool):
            raw = source.raw.get(("version",), str(version))
            if parse_version(raw) is not None:
                replaced["version"] = quoted(raw)
                told.append(f"version {raw} quoted, so that it reads as {raw!r}")
        return replaced

    def _text(
        self, source: Source, added: dict[str, Any], replaced: dict[str, Any]
    ) -> tuple[str, list[int]]:
        try:
            text = adopted_text(source, added, replaced)
        except ValueError as error:
            raise _CannotAdopt(
                Refused(source.path, f"its front-matter cannot be edited: {error}", 1)
            ) from None
        if source.form is not Form.COMPLY:
            return text, []
        body_line = document_from_text(text, source.path).body_line
        return with_company(text, body_line, self.company)

    def _checked(
        self, source: Source, text: str, doc_type: str, replaced: dict[str, Any]
    ) -> Document:
        """The planned document, once it is known to say what the file said."""
        own = {doc_type: frozenset(self.own.get(doc_type, ()))}
        doc = document_from_text(text, source.path, own)
        body = source.body
        if source.form is Form.COMPLY:
            body = named(body, self.company)
        kept = doc.data is not None and all(
            key in replaced or to_json(doc.data.get(key)) == to_json(value)
            for key, value in source.keys.items()
        )
        if doc.body != body or not kept or doc.type != doc_type:
            raise _CannotAdopt(
                Refused(source.path, "its front-matter cannot be given soclint's keys without "
                        "changing what it says; add them by hand", 1)
            )  # fmt: skip
        return doc


def _existing(keys: dict[str, Any], key: str, how: str) -> Guess | None:
    """The value the file already gives `key`, when it is a non-empty string."""
    value = keys.get(key)
    return Guess(value, how) if isinstance(value, str) and value.strip() else None


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _scope_summary(folded: list[str]) -> str:
    if not folded:
        return "security in scope; the report, categories and components to fill in"
    folded_in = ", ".join(folded)
    return f"comply's narratives folded in ({folded_in}); the report and components to fill in"


def _scoped_config(root: Path, today: date, planned: _Planned, others: list[str]) -> Plan:
    """soclint.yaml, excluding every file `check` would read that is no adopted document."""
    documents = set(planned.paths) | set(others)
    read = {path for _file, path in discover(Config(root=root, as_of=today)).files}
    include = None
    if not all(GlobSet(DEFAULT_INCLUDE).matches(path) for path in documents):
        include = [*DEFAULT_INCLUDE, "**/*.markdown"]
    excluded = _excluded(read - documents, documents)
    own_keys = {doc_type: sorted(keys) for doc_type, keys in planned.own_keys.items()}
    text = config_text(excluded, include, own_keys)
    check = Config(
        root=root, as_of=today, include=tuple(include or DEFAULT_INCLUDE),
        exclude=(*DEFAULT_EXCLUDE, *excluded),
    )  # fmt: skip
    reads = {path for _file, path in discover(check).files}
    existing = {path for path in documents if path in read}
    if reads != existing:
        raise UsageError(
            f"{CONFIG_NAME}: cannot scope it to the adopted documents (it would read "
            f"{', '.join(sorted(reads ^ existing))} otherwise); please report this"
        )
    summary = f"{CONFIG_NAME}: reads the {len(documents)} documents of the program"
    return Plan(root / CONFIG_NAME, CONFIG_NAME, b"", text, summary, True)


def _excluded(paths: set[str], documents: set[str]) -> list[str]:
    """Patterns for `paths`: a folder's when it holds no document, else the file's."""
    patterns: set[str] = set()
    for path in paths:
        parts = path.split("/")
        chosen = literal_glob(path)
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth]) + "/"
            if not any(document.startswith(folder) for document in documents):
                chosen = literal_glob(folder.rstrip("/")) + "/"
                break
        patterns.add(chosen)
    return sorted(patterns)


def _left_out_steps(left_out: list[Refused]) -> list[ToDo]:
    """A step for each document adopt could not read or edit: what to fix, at its line."""
    return [
        ToDo(refused.path, refused.line, f"left out: {refused.reason}; then give it soclint's "
             "front-matter")
        for refused in left_out
        if refused.line is not None
    ]  # fmt: skip


def _program_steps(documents: list[Document], adopted: list[str]) -> list[ToDo]:
    """What makes the program its owners': roles, the scope, and the approvals."""
    by_path = {doc.path: doc for doc in documents}
    roster, scope = by_path[ROSTER_FILE], by_path[SYSTEM_FILE]
    steps = [
        ToDo(ROSTER_FILE, roster.locate(("people",))[0],
             "people: give each person the roles they hold, and add the people who own or "
             "approve documents without writing them"),
        ToDo(ROSTER_FILE, roster.locate(("authority",))[0],
             "authority: name the roles that may approve policies and sign off the scope"),
        ToDo(SYSTEM_FILE, 1,
             f"sign off the scope once it is complete: soclint approve {SYSTEM_FILE} --by "
             "PERSON (whose role holds sign-off-scope)"),
        ToDo(SYSTEM_FILE, scope.locate(("report",))[0],
             "report: set its type and its date (type 1: as_of) or period (type 2: start, end)"),
        ToDo(SYSTEM_FILE, scope.locate(("categories",))[0],
             "categories: add the categories the report covers besides security"),
        ToDo(SYSTEM_FILE, scope.locate(("components",))[0],
             "components: list the components of the system, each with its owner"),
    ]  # fmt: skip
    for path in adopted:
        steps.append(
            ToDo(path, by_path[path].locate(("status",))[0],
                 f"status: draft; approve it once it has its owner: soclint approve {path} "
                 "--by PERSON --bump none (whose role holds approve-policy)")
        )  # fmt: skip
    return steps
