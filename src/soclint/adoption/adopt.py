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

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from soclint.adoption.candidates import sort_files
from soclint.adoption.drafts import (
    ROSTER_FILE,
    SYSTEM_FILE,
    Narrative,
    authors_of,
    roster_text,
    system_description_text,
)
from soclint.adoption.front_matter import COMPLY_NAME, named
from soclint.adoption.planning import Adopted, CannotAdopt, Planner
from soclint.adoption.scoping import scoped_config
from soclint.adoption.sources import AlreadyAdopted, Form, Refused, Source, read_source
from soclint.adoption.todo import ToDo, found_in, in_order, left_out_steps, program_steps
from soclint.atomic_write import folder_locks
from soclint.config import CONFIG_NAME, Config
from soclint.document import document_from_text
from soclint.edit.init import company_name
from soclint.edit.plan import Plan, write_plans
from soclint.errors import UsageError
from soclint.history.git_history import GitHistory, HistoryUnavailable
from soclint.program import program_of

# comply keeps its narratives, the description of the system, in this folder.
NARRATIVES = "narratives"


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
    # The ids the documents already have.
    ids: set[str] = field(default_factory=set)


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
    planned = Planner(company, program.pack, found.ids)
    for source in found.sources:
        try:
            planned.adopt(source)
        except CannotAdopt as refused:
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
                      _scope_summary(found.narratives, company)),
    }  # fmt: skip
    for name, (text, summary) in drafts.items():
        adoption.plans.append(Plan(root / name, name, b"", text, f"{name}: {summary}", True))
    documents_read = {*planned.paths, *found.already, *drafts}
    own_keys = {doc_type: sorted(keys) for doc_type, keys in planned.own_keys.items()}
    adoption.plans.append(scoped_config(root, today, documents_read, own_keys))
    documents = [planned.documents[p] for p in planned.paths] + [
        document_from_text(text, name) for name, (text, _summary) in drafts.items()
    ]
    settings = Config(root=root, as_of=today, own_keys=planned.own_keys)
    adoption.todo = in_order(
        [
            *found_in(documents, settings),
            *planned.todo,
            *left_out_steps(adoption.left_out),
            *program_steps(documents, planned.paths),
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
            found.ids.update([source.doc_id] if source.doc_id else [])
        elif source.form is Form.COMPLY and NARRATIVES in path.split("/")[:-1]:
            found.narratives.append(source)
        else:
            found.sources.append(source)
            found.ids.update([str(source.keys["id"])] if "id" in source.keys else [])
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


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _scope_summary(narratives: list[Source], company: str) -> str:
    if not narratives:
        return "security in scope; the report, categories and components to fill in"
    folded_in = ", ".join(source.path for source in narratives)
    named_in = [source.path for source in narratives if COMPLY_NAME in source.body]
    renamed = f", {COMPLY_NAME} replaced by {company} in {', '.join(named_in)}" if named_in else ""
    return (
        f"comply's narratives folded in ({folded_in}){renamed}; the report and components "
        "to fill in"
    )
