"""Property-based tests: whatever bytes a contributor sends, the loader and the checker
answer with located problems from the registry, never with an exception.

Example counts are kept moderate so the whole suite stays fast; hypothesis shrinks any
failure to a small input and prints it.
"""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT
from tifa.data.check import check_tree
from tifa.data.load import load_bytes
from tifa.data.problems import CODES, Problem

BASE = ROOT / "tests" / "fixtures" / "checker" / "base"
SHOWN = "annotations/concepts/alpha-formulation.yml"

# Pieces of YAML and of our formats, to make text that is nearly valid (where the
# interesting mistakes are) rather than random noise that libyaml rejects at once.
ATOMS = [
    "id",
    "label",
    "category",
    "definition",
    "text",
    "sources",
    "title",
    "publisher",
    "url",
    "note",
    "annotations",
    "quote",
    "prefix",
    "concept",
    "broader",
    "aliases",
    "zh",
    "alpha-formulation",
    "governance",
    "2024-02-30",
    "2024-01-02",
    "https://example.org/",
    "javascript:alert(1)",
    ":",
    ": ",
    "- ",
    "-",
    "  ",
    "    ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "#",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "<<",
    "!!python/object:os.system",
    "!tag",
    "---",
    "...",
    "|",
    ">",
    "?",
    "%YAML 1.1",
    "~",
    "null",
    "NO",
    "yes",
    "1.10",
    "0777",
    "12:30",
    "\\u202e",
    "\\x00",
    "\x00",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\x85",
    "新质生产力",
    "é",
    "<script>",
    "{{ 7*7 }}",
    "`",
    "%",
    "@",
]
yamlish = st.lists(st.sampled_from(ATOMS) | st.text(max_size=8), max_size=60).map("".join)
properties = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def located(problems: list[Problem], path: str) -> None:
    for p in problems:
        assert isinstance(p, Problem)
        assert p.path == path
        assert p.line >= 1 and p.col >= 1, str(p)
        assert p.code in CODES, str(p)
        assert p.message and "\n" not in str(p), str(p)


def loaded(raw: bytes) -> None:
    doc, problems = load_bytes(raw, "x.yml")
    located(problems, "x.yml")
    if doc is None:
        assert problems, "nothing loaded and nothing said"
    else:
        assert isinstance(doc.data, dict)
        lines = raw.count(b"\n") + 1
        for line, col in list(doc.marks.values()) + list(doc.key_marks.values()):
            assert 1 <= line <= lines + 1 and col >= 1


@properties
@given(st.binary(max_size=400))
def test_any_bytes_load_without_exception(raw):
    loaded(raw)


@properties
@given(yamlish)
def test_yamlish_text_loads_without_exception(text):
    loaded(text.encode("utf-8"))


@properties
@given(yamlish, st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_yamlish_text_in_other_encodings(text, encoding):
    loaded(text.encode(encoding, errors="replace"))


@properties
@given(st.lists(st.sampled_from(["[", "]", "{", "}", "a", ", ", ": ", "- ", "\n", "  "]), max_size=200).map("".join))
def test_brackets_and_nesting(text):
    loaded(("note: " + text).encode())


# The whole checker on a tree where one file is arbitrary: problems are located in the
# files they are about (the arbitrary one, or another that refers to it), never raised.


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | yamlish.map(lambda s: s.encode("utf-8")))
def test_checker_never_raises(tmp_path_factory, content):
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    (root / SHOWN).write_bytes(content)
    result = check_tree(root / "annotations")
    files = {p.relative_to(root).as_posix() for p in (root / "annotations").rglob("*.yml")}
    for problem in result.problems:
        assert problem.path in files
        located([problem], problem.path)
    assert result.ok == (not result.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["label", "category", "definition", "broader", "note", "zh", "aliases"]), value=yamlish)
def test_checker_on_a_valid_file_with_one_arbitrary_field(tmp_path_factory, field, value):
    """Near-valid files reach the later stages (schema, references, anchoring)."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    original = (root / SHOWN).read_text(encoding="utf-8")
    lines = [line for line in original.splitlines() if not line.startswith(field + ":")]
    (root / SHOWN).write_text("\n".join(lines) + f"\n{field}: {value}\n", encoding="utf-8")
    result = check_tree(root / "annotations")
    for problem in result.problems:
        located([problem], problem.path)


def test_the_properties_can_fail():
    """The helper is not vacuous: an unlocated or unregistered problem is caught."""
    import pytest

    with pytest.raises(AssertionError):
        located([Problem("x.yml", 0, 1, "T004", "line 0")], "x.yml")
    with pytest.raises(AssertionError):
        located([Problem("y.yml", 1, 1, "T004", "other file")], "x.yml")
