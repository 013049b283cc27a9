"""Facts about a program that several rules share, each computed when first asked, once a run.

A rule asks for a fact (`ctx.facts.coverage`) instead of computing it: the
coverage matrix, the register deadlines, the documents that do not parse, the
git history, a body parsed as Markdown. Facts about the whole program are
properties; facts about one document are kept by its path.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from soclint.acknowledgements import (
    Acknowledgement,
    Obligation,
    obligations,
    recorded_acknowledgements,
)
from soclint.config import Config
from soclint.coverage_matrix import Matrix, control_criteria, coverage_matrix
from soclint.document import DOCUMENT_TYPES, Document, read_document
from soclint.json_form import to_json
from soclint.link_targets import SitePaths
from soclint.markdown import Body, Sketch, sketch_markdown
from soclint.pack import Pack
from soclint.people import Person, roster_people
from soclint.register_deadlines import RegisterDeadlines, latest_activities, register_deadlines
from soclint.repository import Repository, Row
from soclint.suggestions import Suggestions
from soclint.unparsed import unparsed_documents
from soclint.validation import Violation, violations

if TYPE_CHECKING:
    from soclint.codeowners import CodeOwners

    # Imported when history is first needed: most runs never read git.
    from soclint.history.git_history import GitHistory, HistoryUnavailable
    from soclint.history.provenance import Recording
    from soclint.history.revisions import Revisions

# Problems that leave a file unread: a link into such a Markdown file checks no anchor.
_UNREADABLE = ("unreadable", "file-too-large", "not-utf8")


class Facts:
    """The shared facts of one run over `repository`, judged by `config` and `pack`.

    `history` replaces the working tree's git history (diff mode's base, read at its commit).
    `prior` are the facts of another run (diff mode's head, when the base is judged) whose
    facts of the very same documents this run takes rather than works out again.
    """

    def __init__(
        self,
        repository: Repository,
        config: Config,
        pack: Pack,
        history: GitHistory | None = None,
        prior: Facts | None = None,
    ) -> None:
        self.repository = repository
        self.config = config
        self.pack = pack
        self._history = history
        self._prior = prior
        self._json: dict[str, Any] = {}
        self._violations: dict[str, list[Violation]] = {}
        self._sketches: dict[str, Sketch] = {}
        self._bodies: dict[str, Body] = {}
        self._body_lines: dict[str, list[str]] = {}
        self._markdown_files: dict[str, Document | None] = {}

    @property
    def as_of(self) -> date:
        return self.config.as_of

    @cached_property
    def unparsed(self) -> list[Document]:
        """The documents whose front-matter cannot be read, holding what they most likely
        say (see unparsed.py)."""
        return unparsed_documents(self.repository, self.config.fails)

    @cached_property
    def control_criteria(self) -> dict[str, list[str]]:
        """Control document id -> the criteria it maps."""
        return control_criteria(self.repository, self.unparsed)

    @cached_property
    def coverage(self) -> Matrix:
        """Which documents cover each criterion of the categories in scope."""
        return coverage_matrix(self.repository, self.pack, self.as_of, self.unparsed)

    @cached_property
    def latest_activities(self) -> dict[str, tuple[date, Row]]:
        """The latest entry of each activity kind, up to the as-of date."""
        return latest_activities(self.repository, self.as_of)

    @cached_property
    def deadlines(self) -> RegisterDeadlines:
        """Every deadline of the vendor, evidence, activity and exception registers."""
        return register_deadlines(self.repository, self.pack, self.as_of, self.latest_activities)

    @cached_property
    def git_history(self) -> GitHistory | HistoryUnavailable:
        """The repository's git history, opened once per run, or why there is none."""
        from soclint.history.git_history import GitHistory, HistoryUnavailable

        if self._history is not None:
            return self._history
        try:
            return GitHistory.open(self.config.root)
        except HistoryUnavailable as error:
            return error

    @cached_property
    def full_history(self) -> Revisions | HistoryUnavailable:
        """The complete history, read in one pass, or why it cannot be."""
        from soclint.history.git_history import HistoryUnavailable
        from soclint.history.revisions import Revisions

        history = self.git_history
        if isinstance(history, HistoryUnavailable):
            return history
        try:
            if history.is_shallow:
                return HistoryUnavailable("the clone is shallow")
            if history.is_partial:
                return HistoryUnavailable(
                    "the clone is partial (old versions of files were not fetched)"
                )
            history.changes  # noqa: B018 (the one pass over the log, here so failures show)
            history.uncommitted  # noqa: B018
        except HistoryUnavailable as error:
            return error
        return Revisions(history, self.config.own_keys)

    @cached_property
    def site_paths(self) -> SitePaths:
        """The URL path prefixes soclint.yaml maps to folders of the repository."""
        return SitePaths(self.config.site_paths)

    @cached_property
    def people(self) -> dict[str, Person]:
        """The roster's people by id, with what identifies them in git."""
        prior = self._prior_of_the_same("roster")
        return prior.people if prior is not None else roster_people(self.repository)

    @cached_property
    def codeowners(self) -> CodeOwners | None:
        """The repository's CODEOWNERS file, read, or None when it has none."""
        from soclint.codeowners import find_codeowners

        return find_codeowners(self.config.root)

    @cached_property
    def sign_off_recordings(self) -> list[Recording] | str:
        """Each sign-off that counts with the commit that recorded it, at the program's
        provenance level; or why git history cannot tell."""
        from soclint.history.git_history import HistoryUnavailable
        from soclint.history.provenance import provenance_level, recordings

        history = self.full_history
        if isinstance(history, HistoryUnavailable):
            return str(history)
        level = provenance_level(self.config, self.pack)
        return recordings(history, self.repository, self.people, level, self.as_of)

    @cached_property
    def acknowledgements(self) -> list[Acknowledgement]:
        """Every readable row of the acknowledgement registers."""
        prior = self._prior_of_the_same("acknowledgement-register")
        if prior is not None:
            return prior.acknowledgements
        return recorded_acknowledgements(self.repository)

    @cached_property
    def acknowledgement_obligations(self) -> list[Obligation]:
        """Every person's obligation to acknowledge every approved policy (history read
        only for the policies that need it)."""
        return obligations(
            self.repository,
            self.people,
            self.config,
            self.pack,
            lambda: self.full_history,
            self.acknowledgements,
        )

    @cached_property
    def anchor_suggestions(self) -> Suggestions:
        """Did-you-mean hints for link anchors, at a bounded cost for the whole run."""
        return Suggestions()

    def json_of(self, doc: Document) -> Any:
        """The document's front-matter in JSON form (dates as ISO strings).

        The keys the repository declares as its own are left out: they are never judged.
        """
        if doc.path not in self._json:
            judged = doc.data
            if judged is not None and doc.own_keys:
                judged = {k: v for k, v in judged.items() if k not in doc.own_keys}
            self._json[doc.path] = to_json(judged)
        return self._json[doc.path]

    def violations(self, doc: Document) -> list[Violation]:
        """The document's front-matter against the JSON Schema of its type."""
        if doc.path not in self._violations:
            self._violations[doc.path] = self._schema_violations(doc)
        return self._violations[doc.path]

    def _schema_violations(self, doc: Document) -> list[Violation]:
        if doc.data is None or doc.type not in DOCUMENT_TYPES:
            return []
        # Values a structure rule already reports (an impossible date, a numeric
        # version) would otherwise be reported twice.
        reported = {p.key_path for p in doc.problems if p.key_path}
        version = doc.data.get("version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            reported.add(("version",))
        return [
            v
            for v in violations(doc.type, self.json_of(doc))
            if not (v.kind == "invalid-value" and v.key_path in reported)
        ]

    def sketch(self, doc: Document) -> Sketch:
        """The sketch of `doc`'s body (see markdown.py)."""
        if doc.path not in self._sketches:
            prior = self._prior_of(doc)
            found = prior.sketch(doc) if prior is not None else sketch_markdown(doc.body)
            self._sketches[doc.path] = found
        return self._sketches[doc.path]

    def body(self, doc: Document) -> Body:
        """`doc`'s body parsed as Markdown."""
        if doc.path not in self._bodies:
            prior = self._prior_of(doc)
            found = prior.body(doc) if prior is not None else Body(doc.body, doc.body_line)
            self._bodies[doc.path] = found
        return self._bodies[doc.path]

    def _prior_of(self, doc: Document) -> Facts | None:
        """The prior run's facts, when `doc` is the very document that run read."""
        prior = self._prior
        if prior is not None and prior.repository.by_path.get(doc.path) is doc:
            return prior
        return None

    def _prior_of_the_same(self, doc_type: str) -> Facts | None:
        """The prior run's facts, when its documents of `doc_type` are the very ones here."""
        prior = self._prior
        if prior is None:
            return None
        mine, theirs = self.repository.of_type(doc_type), prior.repository.of_type(doc_type)
        same = len(mine) == len(theirs) and all(a is b for a, b in zip(mine, theirs, strict=True))
        return prior if same else None

    def source_column(self, doc: Document, line: int, needle: str) -> int:
        """The column of the first `needle` on file line `line` of `doc`'s body, else 1."""
        found = self._source_find(doc, line, needle)
        return found + 1 if found >= 0 else 1

    def source_has(self, doc: Document, line: int, needle: str) -> bool:
        """Whether file line `line` of `doc`'s body holds `needle` as written (not escaped)."""
        return self._source_find(doc, line, needle) >= 0

    def _source_find(self, doc: Document, line: int, needle: str) -> int:
        if doc.path not in self._body_lines:
            self._body_lines[doc.path] = doc.body.split("\n")
        lines = self._body_lines[doc.path]
        index = line - doc.body_line
        return lines[index].find(needle) if 0 <= index < len(lines) else -1

    def markdown_file(self, path: str) -> Document | None:
        """A Markdown file of the repository that is not a document (README.md), read for the
        links into it; None when it cannot be read as text."""
        if path not in self._markdown_files:
            doc = read_document(self.repository.root / path, path)
            unreadable = any(p.kind in _UNREADABLE for p in doc.problems)
            self._markdown_files[path] = None if unreadable else doc
        return self._markdown_files[path]
