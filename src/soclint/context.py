"""What every rule sees: the repository, the run's config and the rule pack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from soclint.catalog import Catalog
from soclint.config import Config
from soclint.document import Document
from soclint.finding import Severity
from soclint.json_form import to_json
from soclint.pack import Pack
from soclint.people import Person, roster_people
from soclint.repository import Repository
from soclint.unparsed import unparsed_documents

if TYPE_CHECKING:
    from soclint.history.diff_mode import BaseProgram
    from soclint.history.git_history import GitHistory
    from soclint.suppression import WaiverOutcome

T = TypeVar("T")


@dataclass
class Context:
    repository: Repository
    config: Config
    pack: Pack
    # The git history to judge by when it is not the working tree's: diff mode's base.
    history: GitHistory | None = None
    # Set by the engine once every other rule has run; the waiver rules read it.
    waivers: WaiverOutcome | None = field(default=None)
    # Set in diff mode once base and head are compared; the CHANGE rules read it.
    change: BaseProgram | None = field(default=None)
    _memo: dict[Any, Any] = field(default_factory=dict)

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` once per run for `key`: work that several rules share."""
        if key not in self._memo:
            self._memo[key] = compute()
        result: T = self._memo[key]
        return result

    @property
    def unparsed(self) -> list[Document]:
        """The documents whose front-matter cannot be read, holding what they most likely
        say (see unparsed.py), made once."""
        return self.cached("unparsed", lambda: unparsed_documents(self.repository, self.fails))

    @property
    def people(self) -> dict[str, Person]:
        """The roster's people by id, with what identifies them in git (people.py), made once."""
        return self.cached("people", lambda: roster_people(self.repository))

    def fails(self, code: str) -> bool:
        """Whether rule `code` runs and reports at error (its default severity is error)."""
        config = self.config
        return config.enabled(code) and config.severity_of(code, Severity.ERROR) is Severity.ERROR

    def json_of(self, doc: Document) -> Any:
        """The document's front-matter in JSON form (dates as ISO strings), made once."""
        return self.cached(("json", doc.path), lambda: to_json(doc.data))

    @property
    def as_of(self) -> date:
        return self.config.as_of

    @property
    def catalog(self) -> Catalog:
        return self.pack.catalog
