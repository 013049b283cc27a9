"""Rule packs: the policy suite, cadences, sections, asset kinds and declarative rules, as data.

The built-in SOC 2 pack (rules/soc2.yaml) always applies; packs named in
soclint.yaml are layered over it in order. Lists (suite kinds, rules) add up;
single values and cadence entries of a later pack replace earlier ones. A pack
may also take kinds out of the suite that earlier packs require (`suite.remove`:
they stay known, as optional kinds) and let a kind of its own stand for one of
the suite (`suite.synonyms`: `data-retention: record-retention`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from soclint.catalog import Catalog, load_catalog
from soclint.config import shown_path
from soclint.errors import UsageError
from soclint.json_form import to_json
from soclint.keypaths import KeyPath, where
from soclint.options import Option, layered, schema_properties
from soclint.resources import data_path
from soclint.rule_schemas import rule_schema_problems
from soclint.settings_file import read_settings
from soclint.suggestions import Suggestions
from soclint.yamltree import locate


@dataclass(frozen=True)
class DeclarativeRule:
    """A pack rule: documents that `match` one JSON Schema must satisfy `assert_`."""

    code: str
    name: str
    summary: str
    severity: str
    description: str
    match: dict[str, Any]
    assert_: dict[str, Any]
    message: str
    source: str


@dataclass(frozen=True)
class CatalogFile:
    """The criteria catalog a pack names: where it is, how errors show it, and whether it
    ships with soclint."""

    path: Path
    shown_as: str
    trusted: bool = False


@dataclass
class Pack:
    catalog_file: CatalogFile | None = None
    required_kinds: list[str] = field(default_factory=list)
    when_in_scope: dict[str, list[str]] = field(default_factory=dict)
    optional_kinds: list[str] = field(default_factory=list)
    # A kind a company uses -> the kind of the suite it stands for.
    synonyms: dict[str, str] = field(default_factory=dict)
    # The rule options the packs set, by key (see options.py; a rule reads its own).
    options: dict[str, Any] = field(default_factory=dict)
    cadences: dict[str, Any] = field(default_factory=dict)
    max_exception_duration: dict[str, str] = field(default_factory=dict)
    data_store_kinds: list[str] = field(default_factory=list)
    rules: list[DeclarativeRule] = field(default_factory=list)
    _catalog: Catalog | None = None

    @property
    def known_kinds(self) -> set[str]:
        return self.requirable_kinds | set(self.optional_kinds) | set(self.synonyms)

    @property
    def requirable_kinds(self) -> set[str]:
        """The kinds the suite requires, always or when a category is in scope."""
        kinds = set(self.required_kinds)
        for extra in self.when_in_scope.values():
            kinds.update(extra)
        return kinds

    def kind_of(self, kind: str) -> str:
        """The kind of the suite a policy of `kind` stands for: itself, or what its
        synonym names."""
        return self.synonyms.get(kind, kind)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            if self.catalog_file is None:
                raise UsageError("no rule pack names a criteria catalog")
            source = self.catalog_file
            self._catalog = load_catalog(source.path, source.shown_as, source.trusted)
        return self._catalog

    def required_for(self, categories: set[str]) -> list[str]:
        """The policy kinds required when `categories` are in scope."""
        kinds = list(self.required_kinds)
        for category in sorted(categories):
            kinds += [k for k in self.when_in_scope.get(category, []) if k not in kinds]
        return kinds

    def use_catalog(self, source: CatalogFile) -> None:
        """Check criteria against the catalog in `source` from now on (read on first use)."""
        self.catalog_file, self._catalog = source, None

    def layer(
        self, data: dict[str, Any], shown_as: str, declared: Sequence[Option[Any]] = ()
    ) -> None:
        """Apply one pack file's settings over the current ones; `declared` are the rule
        options a pack may set."""
        suite = data.get("suite", {})
        for kind in suite.get("remove", []):
            self.required_kinds = [k for k in self.required_kinds if k != kind]
            for kinds in self.when_in_scope.values():
                kinds[:] = [k for k in kinds if k != kind]
            _extend(self.optional_kinds, [kind])
        self.required_kinds += [
            k for k in suite.get("required", []) if k not in self.required_kinds
        ]
        self.optional_kinds += [
            k for k in suite.get("optional", []) if k not in self.optional_kinds
        ]
        for category, kinds in suite.get("when_in_scope", {}).items():
            _extend(self.when_in_scope.setdefault(category, []), kinds)
        self.synonyms.update(suite.get("synonyms", {}))
        for option in declared:
            if option.in_pack in data:
                value = layered(self.options.get(option.key), data[option.in_pack])
                self.options[option.key] = value
        for key, value in data.get("cadences", {}).items():
            if isinstance(value, dict):
                self.cadences.setdefault(key, {}).update(value)
            else:
                self.cadences[key] = value
        self.max_exception_duration.update(data.get("exceptions", {}).get("max_duration", {}))
        _extend(self.data_store_kinds, data.get("assets", {}).get("data_stores", []))
        for item in data.get("rules", []):
            self.rules.append(
                DeclarativeRule(
                    code=item["code"],
                    name=item["name"],
                    summary=item["summary"],
                    severity=item["severity"],
                    description=item.get("description", item["summary"]),
                    match=to_json(item["match"]),
                    assert_=to_json(item["assert"]),
                    message=item["message"],
                    source=shown_as,
                )
            )


def _extend(kinds: list[str], more: list[str]) -> None:
    kinds += [kind for kind in more if kind not in kinds]


def suite_problems(pack: Pack, suite: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """What is wrong with the `suite` of a pack about to be layered on `pack`: each
    (key path in the pack file, problem)."""
    added = set(suite.get("required", []))
    for kinds in suite.get("when_in_scope", {}).values():
        added.update(kinds)
    hints = Suggestions()
    for index, kind in enumerate(suite.get("remove", [])):
        if kind in added:
            yield ("suite", "remove", index), f"'{kind}' is both required and removed by this pack"
        elif kind not in pack.requirable_kinds:
            close = hints.closest(kind, sorted(pack.requirable_kinds))
            hint = f" (did you mean '{close}'?)" if close else ""
            yield (
                ("suite", "remove", index),
                f"'{kind}' is not a kind the suite requires{hint}; a pack removes only what an "
                "earlier pack requires",
            )
    removed = set(suite.get("remove", []))
    required = (pack.requirable_kinds - removed) | added
    known = pack.known_kinds | added | set(suite.get("optional", [])) | removed
    synonyms = {**pack.synonyms, **suite.get("synonyms", {})}
    for alias, kind in suite.get("synonyms", {}).items():
        at = ("suite", "synonyms", alias)
        if alias == kind:
            yield at, f"'{alias}' cannot stand for itself"
        elif alias in required:
            yield at, f"'{alias}' is a kind the suite requires; it cannot stand for '{kind}'"
        elif kind in synonyms:
            yield (
                at,
                f"'{kind}' is itself a synonym of '{synonyms[kind]}'; let '{alias}' stand for "
                f"'{synonyms[kind]}'",
            )
        elif kind not in known:
            close = hints.closest(kind, sorted(known))
            hint = f" (did you mean '{close}'?)" if close else ""
            yield at, f"'{kind}' is not a kind of the suite{hint}"


def load_pack(
    extra: Sequence[tuple[Path, str]] = (),
    taken: Set[str] = frozenset(),
    root: Path | None = None,
    declared: Sequence[Option[Any]] = (),
) -> Pack:
    """The built-in pack with the packs `extra` ((file, name shown in errors)) layered on.

    `taken` holds the codes of the built-in rules, which a pack rule may not reuse. A
    pack's catalog must lie inside `root`, the program's root (without one, inside the
    pack's own folder). `declared` are the rule options a pack may set.
    """
    pack = Pack()
    builtin = data_path("rules") / "soc2.yaml"
    for file, shown_as in [(builtin, "soc2.yaml (built-in)"), *extra]:
        trusted = file == builtin
        added = schema_properties(declared, in_pack=True)
        data, tree = read_settings(file, "pack", shown_as, trusted=trusted, properties=added)
        codes = {rule.code for rule in pack.rules}
        for index, item in enumerate(data.get("rules", [])):
            if item["code"] in codes or item["code"] in taken:
                line, column = locate(tree.positions, ("rules", index, "code"))
                by = "a built-in rule" if item["code"] in taken else "another pack rule"
                raise UsageError(
                    f"{shown_as}:{line}:{column}: rule code {item['code']} is taken by {by}"
                )
            codes.add(item["code"])
            # The built-in pack's schemas are held safe by its tests; a run need not
            # load jsonschema to say so again.
            for key in () if trusted else ("match", "assert"):
                for path, problem in rule_schema_problems(to_json(item[key])):
                    line, column = locate(tree.positions, ("rules", index, key, *path))
                    raise UsageError(
                        f"{shown_as}:{line}:{column}: rule {item['code']}: {key}: {problem}"
                    )
        for path, problem in suite_problems(pack, data.get("suite", {})):
            line, column = locate(tree.positions, path)
            raise UsageError(f"{shown_as}:{line}:{column}: {where(path)}: {problem}")
        pack.layer(data, shown_as, declared)
        if "catalog" in data:
            catalog = file.parent / str(data["catalog"])
            inside = root or file.parent
            if not trusted and not catalog.resolve().is_relative_to(inside.resolve()):
                line, column = locate(tree.positions, ("catalog",))
                raise UsageError(
                    f"{shown_as}:{line}:{column}: the catalog {data['catalog']!r} is outside "
                    "the repository"
                )
            pack.use_catalog(CatalogFile(catalog, shown_path(catalog, inside), trusted))
    return pack
