"""The checker on its fixtures, tldr-lint style.

``fixtures/checker/base/annotations`` is a tiny corpus that passes. Each folder
``fixtures/checker/failing/<CODE>-<name>/`` holds files to lay over a copy of it (same
paths under ``annotations/``) and ``expected.txt``: the exact lines the checker prints.
Every registered code has at least one such folder; docs/codes.md shows them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.data.check import MAX_TREE_BYTES, check_tree
from tifa.data.load import MAX_BYTES
from tifa.data.problems import CODES, summary

FIXTURES = Path(__file__).resolve().parent / "fixtures"

CHECKER = FIXTURES / "checker"
CASES = sorted(p for p in (CHECKER / "failing").iterdir() if p.is_dir())

# A file name that differs from another only in case has an upper-case letter, and no
# valid id has one: T112 always comes with T111 (or T110) on that same file.
COMPANIONS = {"T112": {"T111"}}

# Fixtures whose expected.txt is right but the checker is not (yet): strict xfails.
KNOWN_BUGS: dict[str, str] = {}


def cases():
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case.name])] if case.name in KNOWN_BUGS else [])
        for case in CASES
    ]


def _too_large(root) -> None:
    """T003 is tested on a generated file rather than a committed 512 KiB one."""
    head = (root / "concepts" / "alpha-formulation.yml").read_text(encoding="utf-8")
    head = head.replace("alpha-formulation", "gamma-formulation").replace("alpha formulation", "gamma formulation")
    head += "note: "
    body = head + "x" * (MAX_BYTES + 1 - len(head.encode()) - 1) + "\n"
    assert len(body.encode()) == MAX_BYTES + 1
    (root / "concepts" / "gamma-formulation.yml").write_text(body, encoding="utf-8")


def _over_budget(root) -> None:
    """T014: a sparse file whose size alone is over the tree's budget (nothing is written)."""
    with open(root / "concepts" / "huge.bin", "wb") as f:
        f.truncate(MAX_TREE_BYTES + 1)


def _symbolic_link(root) -> None:
    """T015: a link to a file outside the tree is refused, never followed."""
    outside = root.parent / "outside.yml"
    outside.write_text("id: secret-outside-the-tree\n", encoding="utf-8")
    (root / "concepts" / "gamma-formulation.yml").symlink_to(outside)


def _newline_in_name(root) -> None:
    """T016: a file name that would print a second, forged line (a CI annotation)."""
    (root / "concepts" / "x\n::warning::forged.yml").write_text("id: x\n", encoding="utf-8")


GENERATED = {
    "T003-file-too-large": _too_large,
    "T014-tree-over-budget": _over_budget,
    "T015-symbolic-link": _symbolic_link,
    "T016-newline-in-file-name": _newline_in_name,
}


def build(make_tree, case):
    overlay = case / "annotations"
    root = make_tree(overlay=overlay if overlay.is_dir() else None)
    if case.name in GENERATED:
        GENERATED[case.name](root)
    return root


def expected(case) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def case_insensitive(folder) -> bool:
    probe = folder / "case-probe"
    probe.write_text("")
    try:
        return (folder / "CASE-PROBE").exists()
    finally:
        probe.unlink()


def test_base_passes():
    result = check_tree(CHECKER / "base" / "annotations")
    assert [str(p) for p in result.problems] == []
    assert result.files == 6
    assert sorted(result.concepts) == ["alpha-formulation", "beta-formulation"]
    assert {kind: sorted(ids) for kind, ids in result.entities.items()} == {
        "organization": ["example-agency"],
        "person": ["jane-roe"],
        "place": ["example-city"],
    }
    article = result.articles["2024-01-02-example-report"]
    assert len(article.paragraphs) == 3
    where = {a.id: (a.paragraph, article.paragraphs[a.paragraph - 1][a.start : a.end]) for a in article.annotations}
    assert where == {
        "beta": (2, "beta formulation"),
        "spokesperson": (2, "Jane Roe"),
        "city": (1, "Example City"),
        "agency": (1, "Example Agency"),
        "invented": (3, "invented for testing"),
        "alpha": (2, "alpha formulation"),  # the prefix chose the second of two
    }


def test_base_files_declare_their_schema():
    for file in sorted((CHECKER / "base").rglob("*.yml")):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        depth = len(file.relative_to(CHECKER / "base" / "annotations").parts)
        kind = {"articles": "article", "concepts": "concept", "people": "person", "places": "place", "organizations": "organization"}[
            file.relative_to(CHECKER / "base" / "annotations").parts[0]
        ]
        assert first == f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json", file


def test_every_code_has_a_fixture():
    covered = {case.name[:4] for case in CASES}
    assert covered == set(CODES), f"missing: {sorted(set(CODES) - covered)}; unknown: {sorted(covered - set(CODES))}"


def test_fixture_names():
    for case in CASES:
        assert case.name[:4] in CODES and case.name[4] == "-", case.name
        assert (case / "expected.txt").is_file(), case.name
        assert (case / "annotations").is_dir() or case.name in GENERATED, case.name


@pytest.mark.parametrize("case", cases())
def test_fixture(make_tree, tmp_path, case):
    if case.name.startswith("T112") and case_insensitive(tmp_path):
        pytest.skip("Foo.yml and foo.yml cannot both exist on a case-insensitive file system")
    result = check_tree(build(make_tree, case))
    assert [str(p) for p in result.problems] == expected(case)
    code = case.name[:4]
    allowed = {code} | COMPANIONS.get(code, set())
    assert {p.code for p in result.problems} <= allowed
    assert code in {p.code for p in result.problems}
    assert not result.ok and not result.concepts and not result.articles  # no records from a failing tree


@pytest.mark.parametrize("case", cases())
def test_fixture_through_the_cli(make_tree, tmp_path, run_tifa, case):
    """The same lines from the command line, then the summary; exit 1; never a traceback."""
    if case.name.startswith("T112") and case_insensitive(tmp_path):
        pytest.skip("Foo.yml and foo.yml cannot both exist on a case-insensitive file system")
    root = build(make_tree, case)
    files = check_tree(root).files
    run = run_tifa("--root", root, "check", cwd=tmp_path)
    assert "Traceback" not in run.stderr
    assert run.stderr == ""
    lines = expected(case)
    paths = {line.split(":", 1)[0] for line in lines}
    noun = "file" if len(paths) == 1 else "files"
    assert run.stdout.splitlines() == lines + [f"checked {files} files: {len(lines)} problem{'s' if len(lines) > 1 else ''} in {len(paths)} {noun}"]
    assert run.returncode == 1


def test_summary_wording():
    assert summary([], 1) == "checked 1 file: no problems"
    assert summary([], 0) == "checked 0 files: no problems"


@pytest.mark.parametrize("case", cases())
def test_fixture_checked_by_two_processes(make_tree, tmp_path, case, monkeypatch):
    """A cold check of many files is shared with a forked process: the same lines, in the
    same order, whichever process read the broken file."""
    import tifa.data.check

    if case.name.startswith("T112") and case_insensitive(tmp_path):
        pytest.skip("Foo.yml and foo.yml cannot both exist on a case-insensitive file system")
    monkeypatch.setattr(tifa.data.check, "SHARED_FROM", 1)
    monkeypatch.setenv("TIFA_WORKERS", "2")
    result = check_tree(build(make_tree, case))
    assert [str(p) for p in result.problems] == expected(case)


def test_base_checked_by_two_processes(monkeypatch):
    import tifa.data.check

    alone = check_tree(CHECKER / "base" / "annotations")
    monkeypatch.setattr(tifa.data.check, "SHARED_FROM", 1)
    monkeypatch.setenv("TIFA_WORKERS", "2")
    shared = check_tree(CHECKER / "base" / "annotations")
    assert shared.problems == [] and shared.files == alone.files
    assert (shared.concepts, shared.entities, shared.articles) == (alone.concepts, alone.entities, alone.articles)
