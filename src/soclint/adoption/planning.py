"""Each document's soclint front-matter, planned from what the file holds and checked.

The plan of a document keeps everything the file had: its keys (the ones
soclint does not define are the repository's own, declared in soclint.yaml)
and its body, byte for byte, which the planned text is read back to confirm.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

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
from soclint.adoption.sources import Form, Refused, Source
from soclint.adoption.todo import ToDo
from soclint.document import Document, OwnKeys, document_from_text
from soclint.edit.plan import Plan
from soclint.json_form import to_json
from soclint.pack import Pack
from soclint.validation import defined_keys
from soclint.versions import parse_version

NEW_VERSION = "1.0"
REVIEW = {"cycle": "annual"}
MISSING_OWNER = "owner: name the person accountable for it (a person id of the roster)"
MISSING_KIND = (
    "kind: choose the suite kind it is (`soclint rules` names the pack's), or make it a "
    "procedure or a standard"
)


@dataclass(frozen=True)
class Adopted:
    """A document given soclint's front-matter, and what adopt told about it."""

    path: str
    doc_type: str
    doc_id: str
    told: tuple[str, ...]


class CannotAdopt(Exception):
    """A document adopt leaves out: why, in `why`."""

    def __init__(self, why: Refused) -> None:
        self.why = why


class Planner:
    """The adopted documents as they are planned: texts, ids, own keys and steps to do."""

    def __init__(self, company: str, pack: Pack, ids: set[str]) -> None:
        self.company = company
        self.catalog = pack.catalog
        self.phrases = kind_phrases(pack)
        self.plans: list[Plan] = []
        self.adopted: list[Adopted] = []
        self.documents: dict[str, Document] = {}
        self.paths: list[str] = []
        # The ids taken: those the documents have, and those given so far.
        self.ids = set(ids)
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
            told.append(f"kept as the repository's own keys: {', '.join(own)}")
        text, replaced_lines = self._text(source, added, replaced)
        if source.form is Form.COMPLY:
            told.append("rewritten to open with a `---` line")
        if replaced_lines:
            lines = ", ".join(str(line) for line in replaced_lines)
            told.append(f"{COMPLY_NAME} replaced by {self.company} on lines {lines}")
        doc = self._checked(source, text, {doc_type.value: frozenset(own)}, replaced)
        if own:
            self.own.setdefault(doc_type.value, set()).update(own)
        self._steps(doc, kind)
        self.paths.append(source.path)
        self.documents[source.path] = doc
        summary = f"{source.path}: {doc_type.value} {doc_id.value}, a draft"
        self.plans.append(Plan(source.file, source.path, source.original, text, summary))
        self.adopted.append(Adopted(source.path, doc_type.value, doc_id.value, tuple(told)))

    def _steps(self, doc: Document, kind: Guess | None) -> None:
        """What a person must decide about `doc`: its owner, and its kind unless adopt
        could guess it (then: confirm the guess)."""
        opening = doc.locate(())[0]
        if doc.get("owner") is None:
            self.todo.append(ToDo(doc.path, opening, MISSING_OWNER))
        if kind is not None:
            line = doc.locate(("kind",))[0]
            confirm = f"kind: {kind.value} is {kind.how}; confirm it or correct it"
            self.todo.append(ToDo(doc.path, line, confirm))
        elif doc.type == "policy" and doc.get("kind") is None:
            self.todo.append(ToDo(doc.path, opening, MISSING_KIND))

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
            raise CannotAdopt(
                Refused(source.path, f"its front-matter cannot be edited: {error}", 1)
            ) from None
        if source.form is not Form.COMPLY:
            return text, []
        body_line = document_from_text(text, source.path).body_line
        return with_company(text, body_line, self.company)

    def _checked(
        self, source: Source, text: str, own: OwnKeys, replaced: dict[str, Any]
    ) -> Document:
        """The planned document, once it is known to say what the file said; `own` are the
        keys it keeps as the repository's own, by its type."""
        doc = document_from_text(text, source.path, own)
        body = source.body
        if source.form is Form.COMPLY:
            body = named(body, self.company)
        kept = doc.data is not None and all(
            key in replaced or to_json(doc.data.get(key)) == to_json(value)
            for key, value in source.keys.items()
        )
        if doc.body != body or not kept or doc.type not in own:
            raise CannotAdopt(
                Refused(source.path, "its front-matter cannot be given soclint's keys without "
                        "changing what it says; add them by hand", 1)
            )  # fmt: skip
        return doc


def _existing(keys: dict[str, Any], key: str, how: str) -> Guess | None:
    """The value the file already gives `key`, when it is a non-empty string."""
    value = keys.get(key)
    return Guess(value, how) if isinstance(value, str) and value.strip() else None
