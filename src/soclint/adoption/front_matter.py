"""soclint's keys written at the top of a document's front-matter, everything else kept.

The edit goes through the same round-trip edit as `approve` (edit/front_matter.py):
every line it does not touch stays byte for byte, and so does the body. A file
without front-matter first gets an opening `---` line, its `type` and a
closing `---` line; comply's form, YAML then `---`, first gets the opening
`---` line it lacks, which comply's own loader accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from soclint.adoption.sources import Form, Source
from soclint.edit.front_matter import edited_text

# The name comply writes into its templates, replaced with the company's.
COMPLY_NAME = "{{.Name}}"
# The order soclint's keys are written in, at the top of the front-matter.
KEY_ORDER = ("type", "id", "title", "kind", "status", "version", "review", "controls")


def yaml_value(value: Any) -> Any:
    """`value` as ruamel writes it in soclint's style: lists and small mappings in flow
    style (`[CC6.1, CC6.2]`, `{cycle: annual}`), versions quoted (`"1.0"`)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, list):
        seq = CommentedSeq(yaml_value(item) for item in value)
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap((key, yaml_value(item)) for key, item in value.items())
        mapping.fa.set_flow_style()
        return mapping
    return value


def quoted(text: str) -> Any:
    """`text` written in double quotes, as soclint writes versions."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _place(data: Any, key: str) -> int:
    """Where soclint's `key` goes: after the soclint keys that come before it, else first."""
    keys = list(data)
    earlier = [keys.index(k) for k in KEY_ORDER[: KEY_ORDER.index(key)] if k in data]
    return max(earlier) + 1 if earlier else 0


def adopted_text(source: Source, added: Mapping[str, Any], replaced: Mapping[str, Any]) -> str:
    """The text of `source` with soclint's `added` keys written at the top of its
    front-matter (in KEY_ORDER, each after the soclint keys the file already has that come
    before it), and the values of the `replaced` keys changed where they are.

    ValueError when the front-matter cannot be edited that way.
    """
    newline, bom = source.newline, "\ufeff" if source.bom else ""
    if source.form is Form.PLAIN:
        opened = f"---{newline}type: {added['type']}{newline}---{newline}{source.text}"
        added = {key: value for key, value in added.items() if key != "type"}
    elif source.form is Form.COMPLY:
        opened = f"---{newline}{source.text}"
    else:
        opened = source.text

    def change(data: Any) -> None:
        for key in KEY_ORDER:
            if key in added:
                data.insert(_place(data, key), key, yaml_value(added[key]))
        for key, value in replaced.items():
            data[key] = value

    return edited_text(bom + opened, change)


def with_company(text: str, body_line: int, company: str) -> tuple[str, list[int]]:
    """`text` with comply's `{{.Name}}` in the body (from line `body_line`) replaced by
    `company`, and the lines where it was."""
    lines = text.split("\n")
    replaced = []
    for index in range(body_line - 1, len(lines)):
        if COMPLY_NAME in lines[index]:
            lines[index] = named(lines[index], company)
            replaced.append(index + 1)
    return "\n".join(lines), replaced


def named(text: str, company: str) -> str:
    """`text` with comply's `{{.Name}}` replaced by `company` (a name that ends a sentence
    with its own full stop takes no second one: "Acme Inc.")."""
    if company.endswith("."):
        text = text.replace(COMPLY_NAME + ".", company)
    return text.replace(COMPLY_NAME, company)
