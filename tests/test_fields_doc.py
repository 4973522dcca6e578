"""docs/fields.md is the field reference generated from the JSON Schemas, and stays so."""

from __future__ import annotations

import copy
import doctest
import json
import re

import pytest

from helpers import ROOT
from tifa import vocab
from tifa.data import schema
from tifa.tools import fields


def test_committed_reference_is_what_the_schemas_say():
    committed = (ROOT / fields.PAGE).read_text(encoding="utf-8")
    assert committed == fields.reference(), "docs/fields.md is stale: run `PYTHONPATH=scripts .venv/bin/python -m tifa fields --write` and commit it"


def test_doctests():
    assert doctest.testmod(fields).failed == 0


def all_fields(node, prefix=""):
    """Every field path of a schema, resolving refs into common.schema.json."""
    node = schema._resolve(node)
    for key, sub in node.get("properties", {}).items():
        sub = schema._resolve(sub) if "citation" not in sub.get("$ref", "") else {}
        yield prefix + key
        inner = sub.get("items", {}) if sub.get("type") == "array" else sub
        inner = schema._resolve(inner) if inner else {}
        if inner.get("type") == "object":
            yield from all_fields(inner, prefix + key + ("[]." if sub.get("type") == "array" else "."))


@pytest.mark.parametrize("kind", vocab.KINDS)
def test_every_field_of_every_kind_has_its_row(kind):
    page = fields.reference()
    section = page.split(f"\n## {fields.KINDS[kind][0]}\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE)
    assert rows == list(all_fields(schema.schema(kind)))


def test_required_fields_say_so():
    page = fields.reference()
    article = page.split("\n## Article\n", 1)[1].split("\n## ", 1)[0]
    required = {m for m in re.findall(r"^\| `([^`.\[]+)` \| yes \|", article, re.MULTILINE)}
    assert required == set(schema.schema("article")["required"])


def test_a_field_without_description_is_an_error(monkeypatch):
    broken = copy.deepcopy(schema.schema("person"))
    del broken["properties"]["name"]["description"]
    monkeypatch.setattr(
        schema, "schema", lambda kind: broken if kind == "person" else json.loads((schema.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    )
    with pytest.raises(fields.Undocumented, match="schemas/person.schema.json: field 'name' has no description"):
        fields.reference()


def test_schema_prose_cannot_become_html():
    assert fields.md_text("a <b>x</b> | `<c>|d`") == "a &lt;b&gt;x&lt;/b&gt; \\| `<c>|d`"


def test_check_and_write(tmp_path, run_tifa):
    (tmp_path / "annotations").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/fields.md").write_text("old\n", encoding="utf-8")
    run = run_tifa("--root", tmp_path / "annotations", "fields", "--check")
    assert (run.returncode, run.stdout) == (1, "docs/fields.md is not what the schemas say; run `python -m tifa fields --write` and commit it\n")
    run = run_tifa("--root", tmp_path / "annotations", "fields", "--write")
    assert (run.returncode, run.stdout) == (0, "wrote docs/fields.md\n")
    run = run_tifa("--root", tmp_path / "annotations", "fields", "--check")
    assert (run.returncode, run.stdout) == (0, "docs/fields.md is up to date\n")
    assert run_tifa("fields").stdout == (ROOT / "docs/fields.md").read_text(encoding="utf-8")
