"""Every problem of every file in one run: a file with problems of its own still has its
references and quotes checked, on whatever fields have the right type and form.

``fixtures/checker/mixed/<name>/`` holds files to lay over a copy of the checker's base
corpus and ``expected.txt``, the exact lines the checker prints: unlike the one-code
fixtures of ``failing/``, each mixes several mistakes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.data.check import check_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "checker"
MIXED = sorted(p for p in (FIXTURES / "mixed").iterdir() if p.is_dir())
BASE = FIXTURES / "base" / "annotations"
ART = "articles/2024/2024-01-02-example-report.yml"
ALPHA = "concepts/alpha-formulation.yml"
PERSON = "people/jane-roe.yml"


def expected(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", MIXED, ids=[c.name for c in MIXED])
def test_mixed_fixture(make_tree, case):
    result = check_tree(make_tree(overlay=case / "annotations"))
    assert [str(p) for p in result.problems] == expected(case)
    assert not result.ok and not result.articles


@pytest.mark.parametrize("case", MIXED, ids=[c.name for c in MIXED])
def test_mixed_fixture_through_the_cli(make_tree, tmp_path, run_tifa, case):
    root = make_tree(overlay=case / "annotations")
    run = run_tifa("--root", root, "check", cwd=tmp_path)
    assert run.stderr == ""
    lines = expected(case)
    assert run.stdout.splitlines()[:-1] == lines
    assert run.returncode == 1


def test_five_mistakes_give_five_located_problems(make_tree):
    """The issue's contributor: a concept id typo, a quote not in the text, a duplicate
    `title:`, an impossible date and a `javascript:` URL, all in one file."""
    lines = expected(FIXTURES / "mixed" / "five-mistakes")
    assert [line.split(": ", 2)[1].split()[0] for line in lines] == ["T006", "T121", "T120", "T201", "T301"]
    assert all(line.startswith(f"annotations/{ART}:") for line in lines)


def edit(rel: str, old: str, new: str) -> dict[str, str]:
    original = (BASE / rel).read_text(encoding="utf-8")
    assert original.count(old) == 1, old
    return {rel: original.replace(old, new)}


# A typo that must still be found (T201 in the person file), whatever shape the edited
# file has: each case puts a list, a mapping or a number where the schema wants another.
PLANTED = edit(PERSON, "    organization: example-agency", "    organization: example-agncy")
HOSTILE = {
    "annotations-text": edit(ART, "annotations:\n", "annotations: oops\nxannotations:\n"),
    "annotation-a-list": edit(ART, "  - id: beta\n", "  - [beta]\n  - id: beta\n"),
    "concept-a-list": edit(ART, "    concept: beta-formulation", "    concept: [beta-formulation, alpha]"),
    "quote-a-mapping": edit(ART, "    quote: beta formulation", "    quote: {beta: formulation}"),
    "prefix-a-list": edit(ART, "    prefix: 'part of the '", "    prefix: ['part of the ']"),
    "id-a-list": edit(ART, "  - id: beta\n", "  - id: [beta]\n"),
    "text-a-list": edit(ART, "text: |\n", "text:\n  - one\n  - two\nxtext: |\n"),
    "source-a-list": edit(ART, "source:\n", "source:\n  - publisher\nxsource:\n"),
    "event-text": edit(ART, "event:\n", "event: nowhere\nxevent:\n"),
    "rights-a-list": edit(ART, "rights: {holder: Example Agency, shown: full,", "rights: [full]\nxrights: {holder: Example Agency, shown: full,"),
    "translation-of-a-mapping": edit(ART, "language: en\n", "language: en\ntranslation_of: {id: x}\n"),
    "former-ids-text": edit(ART, "language: en\n", "language: en\nformer_ids: old-report\n"),
    "annotation-former-ids-nested": edit(ART, "    speaker: jane-roe\n", "    speaker: jane-roe\n    former_ids: [[old]]\n"),
    "paragraph-a-mapping": edit(ART, "    speaker: jane-roe\n", "    speaker: jane-roe\n    paragraph: {n: 1}\n"),
    "broader-text": edit(ALPHA, "category: governance\n", "category: governance\nbroader: beta-formulation\n"),
    "broader-nested": edit(ALPHA, "category: governance\n", "category: governance\nbroader: [[beta-formulation]]\n"),
    "attestations-text": edit(ALPHA, "category: governance\n", "category: governance\nattestations: [x, {speaker: [a]}]\n"),
    "sources-a-mapping": edit(ALPHA, "  sources:\n", "  sources: {organization: nowhere-agency}\n  xsources:\n"),
}


@pytest.mark.parametrize("files", HOSTILE.values(), ids=HOSTILE.keys())
def test_wrong_shapes_never_crash_and_hide_nothing(make_tree, files):
    """Each case: problems of the edited file (schema codes only: no reference or quote
    problem made up from a value of the wrong shape), and the planted typo elsewhere."""
    result = check_tree(make_tree({**PLANTED, **files}))
    lines = [str(p) for p in result.problems]
    assert (
        "annotations/people/jane-roe.yml:7:19: T201 unknown organization 'example-agncy' (did you mean 'example-agency'?); add annotations/organizations/example-agncy.yml or fix the id"
        in lines
    )
    edited = next(iter(files))
    own = [p for p in result.problems if p.path == f"annotations/{edited}"]
    assert own, lines
    assert {p.code for p in own} <= {"T101", "T102", "T103", "T104", "T105", "T106", "T111"}, lines


def test_a_typo_beside_a_schema_problem_is_found(make_tree):
    """A wrong type in one annotation does not hide an unknown id or a missing quote in
    another; the annotation with the wrong type gets its schema problem only."""
    files = edit(ART, "    concept: beta-formulation", "    concept: [beta-formulation]")
    text = files[ART].replace("    place: example-city", "    place: example-cty").replace("quote: invented for testing", "quote: invented to test")
    lines = [str(p) for p in check_tree(make_tree({ART: text})).problems]
    assert [line.split(": ")[1][:4] for line in lines] == ["T103", "T201", "T301"], lines


def test_a_refused_quote_is_not_looked_for(make_tree):
    """A quote the schema refuses (written on two lines) is reported once, by the schema."""
    files = edit(ART, "    quote: invented for testing", '    quote: "invented for\\ntesting"')
    lines = [str(p) for p in check_tree(make_tree(files)).problems]
    assert [line.split(": ")[1][:4] for line in lines] == ["T105"], lines
