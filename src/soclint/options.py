"""Rule options: a setting of one rule, declared once next to the rule, as yamllint's CONF.

The declaration says everything soclint needs: the key that soclint.yaml and a
rule pack set, the JSON Schema of its value (added to both files' schemas
when they are loaded), its default, and the line `soclint rule CODE` shows
under "Options". The value a rule sees is the default, then each rule pack in
order, then soclint.yaml; a mapping is layered key by key (a pack's sections
for policies stay when soclint.yaml sets those of procedures).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")


class _Settings(Protocol):
    """What sets options: the run's Config, and the rule pack."""

    @property
    def options(self) -> Mapping[str, Any]: ...


# Compared and hashed by identity: each option is declared once.
@dataclass(frozen=True, eq=False)
class Option(Generic[T]):
    key: str
    schema: dict[str, Any]
    default: T
    # What the option does, as the end of a sentence: "how long a document may stay a draft".
    help: str
    # The key in a rule pack, where it differs from `key`.
    pack_key: str | None = None
    # When a change of the value weakens the checks, what diff mode says (rule A015).
    weakened_when: Callable[[T, T], bool] | None = None
    weakening: str = ""

    @property
    def in_pack(self) -> str:
        return self.pack_key or self.key

    def value(self, config: _Settings, pack: _Settings) -> T:
        """The value the rule sees: the default, the pack's, then soclint.yaml's."""
        chosen: Any = self.default
        if self.key in pack.options:
            chosen = layered(chosen, pack.options[self.key])
        if self.key in config.options:
            chosen = layered(chosen, config.options[self.key])
        result: T = chosen
        return result

    def described(self) -> str:
        """The option as the "Options" section of its rule's documentation lists it."""
        where = f"`{self.key}` in soclint.yaml"
        where += f" or `{self.in_pack}` in a rule pack" if self.pack_key else " or a rule pack"
        return f"{where}: {self.help}."


def layered(below: Any, above: Any) -> Any:
    """`above` set over `below`: mappings key by key, anything else replaced."""
    if isinstance(below, dict) and isinstance(above, dict):
        return {**below, **above}
    return above


def schema_properties(options: Iterable[Option[Any]], in_pack: bool) -> dict[str, Any]:
    """The JSON Schema `properties` the options add to soclint.yaml's schema or a pack's."""
    return {option.in_pack if in_pack else option.key: option.schema for option in options}
