"""The field reference (docs/fields.md), generated from the JSON Schemas' descriptions.

The schemas are the contract; this page is their readable form, so it is never edited
by hand: ``python -m tifa fields --write`` regenerates it and a test fails when the
committed page and the schemas disagree. A field without a description is an error
here, so a new field cannot reach contributors undocumented.

>>> md_text("files go in <year>/ | `a|b`")
'files go in &lt;year&gt;/ \\\\| `a|b`'
"""

from __future__ import annotations

import html
import re

from tifa import vocab
from tifa.data import schema

PAGE = "docs/fields.md"
# kind -> (its section's heading, where its files go)
KINDS = {
    kind: (vocab.KIND_NAMES[kind], "annotations/articles/<year>/<id>.yml" if kind == "article" else f"annotations/{vocab.FOLDERS[kind]}/<id>.yml")
    for kind in vocab.KINDS
}
VALUES = {
    "id": "id",
    "ids": "list of ids",
    "text": "text",
    "line": "one line of text",
    "date": "date",
    "datetime": "date, or date and time",
    "url": "URL",
    "citation": "a [citation](#citation)",
    "citations": "list of [citations](#citation), at least one",
    "zh": "Chinese characters",
}


class Undocumented(Exception):
    """A schema field without a description."""


def md_text(text: str) -> str:
    """Schema prose for a Markdown table cell: code spans kept, the rest HTML-escaped."""
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for i, part in enumerate(parts):
        out.append(part if i % 2 else html.escape(part, quote=False).replace("|", "\\|"))
    return "".join(out)


def _value(node: dict) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name == "series":  # a vocabulary: its ids, as the schema lists them
            return "one of " + ", ".join(f"`{v}`" for v in vocab.SERIES)
        return VALUES[name]
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type")
    if kind == "object":
        return "mapping of the fields below"
    if kind == "array":
        return "list of mappings of the fields below"
    if kind == "string" and str(node.get("pattern", "")).startswith("^[a-z]{2,3}"):
        return "language tag (BCP 47)"
    return "text" if kind == "string" else str(kind)


def _rows(kind: str, node: dict, prefix: str, where: str) -> tuple[list[str], list[str]]:
    """Table rows of a mapping's fields (recursing into nested mappings), and notes."""
    rows, notes = [], []
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        name = prefix + key
        if not sub.get("description"):
            raise Undocumented(f"schemas/{kind}.schema.json: field '{name}' has no description")
        rows.append(f"| `{name}` | {'yes' if key in required else ''} | {_value(sub)} | {md_text(sub['description'])} |")
        inner = sub.get("items", sub) if sub.get("type") == "array" else sub
        if inner.get("type") == "object" and "properties" in inner:
            deeper = f"{name}[]." if sub.get("type") == "array" else f"{name}."
            more, more_notes = _rows(kind, inner, deeper, where)
            rows += more
            notes += more_notes
            if "anyOf" in inner:
                options = [k for alt in inner["anyOf"] for k in alt.get("required", ())]
                notes.append(f"Each item of `{name}` needs at least one of " + ", ".join(f"`{o}`" for o in options) + ".")
    return rows, notes


def _table(kind: str, node: dict, prefix: str = "") -> list[str]:
    rows, notes = _rows(kind, node, prefix, kind)
    out = ["| Field | Required | Value | What it is |", "|---|---|---|---|", *rows, ""]
    out += [note + "\n" for note in notes]
    return out


def reference() -> str:
    """The whole page, deterministic."""
    common = schema._read("common.schema.json")["$defs"]
    out = [
        "---",
        "title: Field reference",
        "description: Every field of the five kinds of annotation files, generated from their JSON Schemas.",
        "---",
        "",
        "# Field reference",
        "",
        "<!-- Generated from schemas/*.schema.json by `python -m tifa fields --write`: edit the schemas' descriptions, not this page. -->",
        "",
        "Every field that an annotation file may have, as its JSON Schema in `schemas/` defines it.",
        "Editors that read the `# yaml-language-server: $schema=…` line at the top of each file show",
        "the same descriptions while you type, and `python -m tifa check` enforces them.",
        "A field not listed here is an error ([T101](codes.md#t101-unknown-field)); a field marked *yes*",
        "must be there ([T102](codes.md#t102-missing-required-field)). Nested fields are written",
        "`parent.child`, and `list[].field` for a field of each item of a list.",
        "",
        "## Kinds of values",
        "",
        "| Value | What to write |",
        "|---|---|",
    ]
    for name, label in VALUES.items():
        if name in common and common[name].get("description") and not name.startswith("citation"):
            out.append(f"| {label} | {md_text(common[name]['description'])} |")
    out.append("")
    for kind, (title, where) in KINDS.items():
        node = schema.schema(kind)
        out += [f"## {title}", "", f"One file per {kind}: `{where}`, checked against `schemas/{kind}.schema.json`.", ""]
        out += _table(kind, node)
    citation = common["citation"]
    out += ["## Citation", "", md_text(citation["description"]) + " Used wherever a field's value is a citation.", ""]
    out += _table("common", citation)
    return "\n".join(out).rstrip("\n") + "\n"
