"""A whole run: every problem at once, sorted, then ``python -m tifa check`` around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.data.check import check_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE = FIXTURES / "checker" / "base" / "annotations"
ALPHA = "concepts/alpha-formulation.yml"
PERSON = "people/jane-roe.yml"
ART = "articles/2024/2024-01-02-example-report.yml"


def edited(rel: str, *pairs: str) -> str:
    text = (BASE / rel).read_text(encoding="utf-8")
    for old, new in zip(pairs[::2], pairs[1::2]):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# Problems in three files, two of them with two problems each, found in different stages.
THREE_FILES = {
    PERSON: edited(PERSON, "name: Jane Roe", "nam: Jane Roe"),  # T101 only: no T102 for the 'name' it suggests
    ALPHA: edited(ALPHA, "category: governance", "category: governence", "date: 2024-01-02", "date: 2024-02-30"),
    ART: edited(ART, "quote: Jane Roe", "quote: John Doe", "concept: beta-formulation", "concept: beta-formulaton"),
}
EXPECTED = [
    "annotations/articles/2024/2024-01-02-example-report.yml:28:14: T201 unknown concept 'beta-formulaton' "
    "(did you mean 'beta-formulation'?); add annotations/concepts/beta-formulaton.yml or fix the id",
    "annotations/articles/2024/2024-01-02-example-report.yml:31:12: T301 quote 'John Doe' is not in the text; "
    "copy the words exactly from one paragraph of `text`",
    "annotations/concepts/alpha-formulation.yml:4:11: T104 category 'governence' is not allowed (did you mean "
    "'governance'?); use one of: development, economy, industry, science-and-technology, reform, "
    "regional-development, governance, party-building, social-policy, culture, public-safety",
    "annotations/concepts/alpha-formulation.yml:11:13: T120 invalid date '2024-02-30' in definition.sources[0].date: no such day or time on the calendar",
    "annotations/people/jane-roe.yml:3:1: T101 unknown field 'nam' (did you mean 'name'?)",
]
SUMMARY = "checked 6 files: 5 problems in 3 files"


def test_every_problem_in_one_run_sorted_by_path_then_line(make_tree):
    result = check_tree(make_tree(THREE_FILES))
    assert [str(p) for p in result.problems] == EXPECTED
    keys = [(p.path, p.line, p.col) for p in result.problems]
    assert keys == sorted(keys)
    assert not result.ok and result.files == 6


def test_cli_prints_problems_then_summary(make_tree, run_tifa, tmp_path):
    root = make_tree(THREE_FILES)
    run = run_tifa("--root", root, "check", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.splitlines() == EXPECTED + [SUMMARY]


def test_cli_default_root_is_annotations_in_the_working_folder(make_tree, run_tifa, tmp_path):
    make_tree(THREE_FILES)
    run = run_tifa("check", cwd=tmp_path)
    assert run.stdout.splitlines() == EXPECTED + [SUMMARY]


def test_cli_clean_tree(make_tree, run_tifa):
    run = run_tifa("--root", make_tree(), "check")
    assert (run.returncode, run.stdout, run.stderr) == (0, "checked 6 files: no problems\n", "")


def test_cli_one_problem(make_tree, run_tifa):
    run = run_tifa("--root", make_tree({PERSON: THREE_FILES[PERSON].replace("nam: Jane Roe", "name: Jane Roe\nnam: x")}), "check")
    assert run.stdout.splitlines()[-1] == "checked 6 files: 1 problem in 1 file"


def test_cli_path_reports_only_that_file(make_tree, run_tifa, tmp_path):
    root = make_tree(THREE_FILES)
    run = run_tifa("--root", "annotations", "check", f"annotations/{ALPHA}", cwd=tmp_path)
    assert run.stdout.splitlines() == EXPECTED[2:4] + ["checked 1 file: 2 problems in 1 file"]
    assert run.returncode == 1
    run = run_tifa("--root", root, "check", root / PERSON, root / ALPHA)
    assert run.stdout.splitlines() == EXPECTED[2:] + ["checked 2 files: 3 problems in 2 files"]


def test_cli_path_still_resolves_references_against_the_whole_tree(make_tree, run_tifa, tmp_path):
    """The article refers to concepts, people, places and organizations in other files."""
    root = make_tree({PERSON: THREE_FILES[PERSON]})
    run = run_tifa("--root", root, "check", root / ART)
    assert (run.returncode, run.stdout) == (0, "checked 1 file: no problems\n")
    run = run_tifa("--root", root, "check", root / ALPHA, root / "concepts/beta-formulation.yml")
    assert (run.returncode, run.stdout) == (0, "checked 2 files: no problems\n")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_cli_github_annotations(make_tree, run_tifa, how):
    root = make_tree(THREE_FILES)
    run = run_tifa("--root", root, "check", *(["--github"] if how == "flag" else []), env={"GITHUB_ACTIONS": "true"} if how == "env" else None)
    out = run.stdout.splitlines()
    assert out[0::2][:-1] == EXPECTED and out[-1] == SUMMARY
    assert out[1] == (
        "::error file=annotations/articles/2024/2024-01-02-example-report.yml,line=28,col=14::T201 unknown "
        "concept 'beta-formulaton' (did you mean 'beta-formulation'?); add annotations/concepts/"
        "beta-formulaton.yml or fix the id"
    )
    assert all(line.startswith("::error file=") for line in out[1:-1:2])
    assert run.returncode == 1


def test_cli_github_env_must_say_true(make_tree, run_tifa):
    run = run_tifa("--root", make_tree(THREE_FILES), "check", env={"GITHUB_ACTIONS": "false"})
    assert not any(line.startswith("::error") for line in run.stdout.splitlines())


def test_cli_no_command(run_tifa):
    run = run_tifa()
    assert run.returncode == 2 and "Traceback" not in run.stderr and "usage:" in run.stderr


def test_cli_folder_as_path(make_tree, run_tifa, tmp_path):
    """A folder stands for the files under it."""
    root = make_tree(THREE_FILES)
    run = run_tifa("--root", root, "check", root / "concepts")
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.splitlines() == EXPECTED[2:4] + ["checked 2 files: 2 problems in 1 file"]
    run = run_tifa("--root", "annotations", "check", "annotations/people", "annotations/concepts", cwd=tmp_path)
    assert run.stdout.splitlines() == EXPECTED[2:] + ["checked 3 files: 3 problems in 2 files"]


def test_cli_folder_as_path_counts_only_annotation_files(make_tree, run_tifa):
    root = make_tree({"README.md": "# notes\n", "concepts/.gitkeep": ""})
    run = run_tifa("--root", root, "check", root)
    assert (run.returncode, run.stdout) == (0, "checked 6 files: no problems\n")


def test_cli_missing_path(make_tree, run_tifa):
    root = make_tree()
    missing = root / "concepts/alpha-formulaton.yml"
    run = run_tifa("--root", root, "check", root / ALPHA, missing)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", f"tifa: no such file or folder: {missing}\n")


@pytest.mark.parametrize("where", ["annotation", "annotations/people/jane-roe.yml"])
def test_cli_missing_root(make_tree, run_tifa, tmp_path, where):
    """A CI job run from the wrong folder must fail, not pass having checked nothing."""
    make_tree()
    for args in (["--root", tmp_path / where, "check"], ["--root", tmp_path / where, "site"]):
        run = run_tifa(*args, cwd=tmp_path)
        assert (run.returncode, run.stdout, run.stderr) == (2, "", f"tifa: no annotations folder at {tmp_path / where}\n")
    run = run_tifa("check", cwd=tmp_path / "annotations")  # the default, annotations/, is not there
    assert (run.returncode, run.stdout, run.stderr) == (2, "", "tifa: no annotations folder at annotations\n")
