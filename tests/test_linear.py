"""Checking is linear in what a stranger controls (issue 19): property-based, by hypothesis.

No test here reads a clock (performance figures live in `make bench`): the cost of a run
is the number of Python lines of the package it executes, counted by a tracer, which is
the same on every machine. Hypothesis builds hostile annotation files of one shape at a
size n and at 4n; a linear check costs about four times as much at 4n, a quadratic one
sixteen times. The shapes are those of the defects found from outside: one-letter texts
with one-letter quotes, prefixes that match nothing, nested and crossing quotes, names
nested in one another for the finder of missing annotations, long `broader` chains.
(The tracer counts Python lines, not work done inside C: the anchoring code keeps every
search in str.find and str.count over the paragraph, never a copy per occurrence.)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT
from tifa.corpus.missing import Finder
from tifa.data.check import check_tree

PACKAGE = str(ROOT / "scripts" / "tifa")
BASE = ROOT / "tests" / "fixtures" / "checker" / "base" / "annotations"


def cost(run) -> int:
    """Lines of the package executed by ``run()``."""
    lines = 0

    def tracer(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return tracer

    def on_call(frame, event, arg):
        return tracer if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(on_call)
    try:
        run()
    finally:
        sys.settrace(None)
    return lines


def article(text: str, annotations: list[dict]) -> str:
    head = (
        "id: 2024-01-09-hostile\ntitle: Hostile\ngenre: commentary\nlanguage: en\nsource:\n  publisher: example-agency\n"
        "  published: 2024-01-09\n  url: https://example.org/h\nrights:\n  holder: X\n  shown: full\n  basis: test\n"
        "provenance:\n  annotator: t\n  date: 2024-01-09\n"
    )
    out = head + f"text: {text}\nannotations:\n"
    for i, a in enumerate(annotations):
        out += f"  - id: h{i}\n" + "".join(f"    {k}: '{v}'\n" for k, v in a.items()) + "    note: n\n"
    return out


def checking_cost(tmp: Path, text: str, annotations: list[dict]) -> int:
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(BASE, tmp)
    (tmp / "articles" / "2024" / "2024-01-09-hostile.yml").write_text(article(text, annotations), encoding="utf-8")
    return cost(lambda: check_tree(tmp))


SHAPES = st.fixed_dictionaries(
    {
        "letters": st.sampled_from(["a", "ab", "aab", "文"]),
        "quote": st.integers(1, 3),  # letters of the quote
        "prefix": st.sampled_from([None, "b", "a", "zz"]),
        "suffix": st.sampled_from([None, "b", "a"]),
        "nested": st.booleans(),  # quotes of growing length, all at the start: nest or cross
    }
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=SHAPES)
def test_anchoring_grows_linearly(tmp_path, shape):
    def build(n: int) -> tuple[str, list[dict]]:
        text = (shape["letters"] * (40 * n))[: 40 * n]
        anns = []
        for i in range(n):
            quote = text[: (i % 7 + 1) * shape["quote"]] if shape["nested"] else text[i : i + shape["quote"]]
            a = {"quote": quote}
            if shape["prefix"]:
                a["prefix"] = shape["prefix"]
            if shape["suffix"]:
                a["suffix"] = shape["suffix"]
            anns.append(a)
        return text, anns

    small = checking_cost(tmp_path / "s", *build(25))
    large = checking_cost(tmp_path / "l", *build(100))
    assert large < 8 * small, (shape, small, large)


@settings(max_examples=6, deadline=None)
@given(letter=st.sampled_from(["a", "文"]), spaced=st.booleans())
def test_finding_nested_names_grows_linearly(letter, spaced):
    def run(n: int) -> int:
        concept = SimpleNamespace(id="x", label=letter, zh=None, aliases=[SimpleNamespace(label=letter * k) for k in range(2, n + 1)])
        finder = Finder([concept])
        text = ((letter + " ") if spaced else letter) * (20 * n)
        return cost(lambda: finder.find((text,)))

    small, large = run(50), run(200)
    assert large < 8 * small, (small, large)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cycle=st.booleans())
def test_broader_chains_grow_linearly_without_recursion(tmp_path, cycle):
    def run(n: int) -> int:
        root = tmp_path / f"chain{n}"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(BASE, root)
        for i in range(n):
            up = (i + 1) % n if cycle else i + 1
            broader = f"broader: [c{up}]\n" if (cycle or i + 1 < n) else ""
            (root / "concepts" / f"c{i}.yml").write_text(
                f"id: c{i}\nlabel: c {i}\ncategory: economy\ndefinition:\n  text: d\n  sources:\n    - title: t\n      publisher: p\n{broader}",
                encoding="utf-8",
            )
        result = check_tree(root)
        assert [p.code for p in result.problems] == (["T203"] if cycle else [])
        return cost(lambda: check_tree(root))

    # 1,500 links deep: Python's recursion limit is 1,000.
    small, large = run(375), run(1500)
    assert large < 8 * small, (small, large)
