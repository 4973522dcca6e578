"""`python -m tifa new …`: well-formed files, at the right place, never overwriting, and
contributor text that stays text whatever characters it holds."""

from __future__ import annotations

import doctest
import re

import pytest

from tifa.data.load import load_bytes
from tifa.tools import cleaning, scaffold

ARTICLE = "annotations/articles/2024/2024-05-01-example-agency-plan-testing.yml"


@pytest.fixture
def tree(make_tree):
    return make_tree()  # the checker's passing base: example-agency, alpha-formulation, …


def new(run_tifa, root, *args):
    return run_tifa("--root", root, "new", *args, cwd=root.parent)


def test_doctests():
    assert doctest.testmod(scaffold).failed == 0
    assert doctest.testmod(cleaning).failed == 0


# --- Text files ---------------------------------------------------------------------------


def test_text_wrapped_lines_are_joined_and_paragraphs_kept():
    raw = b"  First line of a paragraph   \nwrapped by an editor.\t\n\n\n\nSecond  paragraph.  \r\n"
    clean = cleaning.normalise_text(raw)
    assert clean.text == "First line of a paragraph wrapped by an editor.\n\nSecond  paragraph.\n"
    assert (clean.paragraphs, clean.one_per_line, clean.removed) == (2, False, 0)


def test_text_without_blank_lines_is_one_paragraph_per_line():
    clean = cleaning.normalise_text(b"\nOne.\nTwo.\r\nThree.\n\n")
    assert clean.text == "One.\n\nTwo.\n\nThree.\n"
    assert (clean.paragraphs, clean.one_per_line) == (3, True)


def test_chinese_wrapped_lines_join_without_a_space():
    clean = cleaning.normalise_text("因地制宜发展\n新质生产力。\n\nXi said\n新质生产力".encode())
    assert clean.text == "因地制宜发展新质生产力。\n\nXi said新质生产力\n"


def test_invisible_and_control_characters_are_removed():
    clean = cleaning.normalise_text("\ufeffa\u200bb\u202ec\x07d\u2028e\u2029f".encode())
    assert clean.text == "abcd e\n\nf\n"
    assert clean.removed == 3


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"caf\xe9", "the text file is not UTF-8 (byte 0xe9 at offset 3); save it as UTF-8"),
        (" \n\t\n\u200b".encode(), "the text file holds no text"),
    ],
)
def test_unusable_text_files(raw, message):
    with pytest.raises(scaffold.ScaffoldError, match=re.escape(message)):
        cleaning.normalise_text(raw)


# --- Contributor text stays text ---------------------------------------------------------

HOSTILE = [
    "Reform: #1 priority",
    "- a leading dash",
    "\"double\" and 'single' quotes",
    "'starts with a quote",
    "[not a list], {not: a map}",
    "&anchor *alias !tag %directive @at `tick`",
    "? key",
    "| literal > folded",
    "null",
    "NO",
    "yes",
    "~",
    "1.10",
    "0777",
    "2024-03-06",
    "1e3",
    ".inf",
    "trailing colon:",
    "--- document marker",
    "... end marker",
    "新质生产力: 因地制宜 # 注释",
    "<script>alert(1)</script> {{ jinja }} {% raw %}",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_titles_are_quoted_not_parsed(tmp_path, title):
    root = tmp_path / "annotations"
    root.mkdir()
    path, content = scaffold.article(root, title, "example-agency", "2024-05-01", genre="news-report", annotator="me", ident="2024-05-01-x")
    doc, problems = load_bytes(content.encode(), "x.yml")
    assert problems == []
    assert doc.data["title"] == title


@pytest.mark.parametrize("label", HOSTILE)
def test_labels_and_names_are_quoted_not_parsed(tmp_path, label):
    root = tmp_path / "annotations"
    root.mkdir()
    for kind in ("concept", "person", "place", "organization"):
        _, content = scaffold.record(root, kind, "some-id", label, zh=label, description=label)
        doc, problems = load_bytes(content.encode(), "x.yml")
        assert problems == []
        assert doc.data["label" if kind == "concept" else "name"] == label
        assert doc.data["zh"] == label


def test_hostile_title_through_the_command_line(run_tifa, tree):
    title = "- Reform: #1 \"quoted\" 'single'"
    run = new(
        run_tifa,
        tree,
        "article",
        "--title",
        title,
        "--publisher",
        "example-agency",
        "--published",
        "2024-05-01",
        "--genre",
        "news-report",
        "--annotator",
        "me",
        "--id",
        "2024-05-01-reform",
        "--url",
        "https://example.org/reform.html",
    )
    assert run.returncode == 0, run.stderr
    text = (tree / "articles/2024/2024-05-01-reform.yml").read_text(encoding="utf-8")
    assert "title: '- Reform: #1 \"quoted\" ''single'''\n" in text
    check = run_tifa("--root", tree, "check", cwd=tree.parent)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--title", "a\nb"], "tifa: --title must fit on one line"),
        (["--title", "a\u202eb"], "tifa: --title holds the invisible or control character U+202E; type it again without it"),
        (
            ["--title", "A plan", "--published", "2024-02-30"],
            "tifa: invalid --published '2024-02-30': write the publication date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS+08:00), a real day",
        ),
        (
            ["--title", "A plan", "--publisher", "Example Agency"],
            "tifa: invalid --publisher 'Example Agency': use lower-case letters and digits joined by single hyphens, e.g. 'new-quality-productive-forces'",
        ),
        (
            ["--title", "A plan", "--genre", "news-reprot"],
            "tifa: invalid --genre 'news-reprot' (did you mean 'news-report'?); use one of: news-report, meeting-readout, speech, signed-article, commentary, policy-document",
        ),
        (
            ["--title", "A plan", "--id", "A_Plan"],
            "tifa: invalid --id 'A_Plan': use lower-case letters and digits joined by single hyphens, e.g. 'new-quality-productive-forces'",
        ),
        (["--title", "A plan", "--url", "javascript:alert(1)"], "tifa: invalid --url 'javascript:alert(1)': only http:// and https:// addresses are allowed"),
    ],
)
def test_bad_values_are_refused(run_tifa, tree, args, message):
    defaults = {"--publisher": "example-agency", "--published": "2024-05-01"}
    for i in range(0, len(args), 2):
        defaults.pop(args[i], None)
    run = new(run_tifa, tree, "article", *args, *[x for kv in defaults.items() for x in kv])
    assert (run.returncode, run.stderr.strip(), run.stdout) == (2, message, "")
    assert not list((tree / "articles").glob("*/2024-05-01-*.yml"))


# --- Files: place, first line, no overwriting ----------------------------------------------


def test_article_scaffold_as_is_lists_exactly_what_is_missing(run_tifa, tree, tmp_path):
    (tmp_path / "text.txt").write_text("Example Agency presents\na plan.\n\nThe alpha formulation returns.\n", encoding="utf-8")
    run = new(
        run_tifa,
        tree,
        "article",
        "--title",
        "A plan for testing",
        "--publisher",
        "example-agency",
        "--published",
        "2024-05-01",
        "--text-file",
        tmp_path / "text.txt",
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        f"wrote {ARTICLE}",
        "text: 2 paragraph(s), paragraphs separated by blank lines",
        f"still to do in {ARTICLE} (then run `python -m tifa check {ARTICLE}`):",
        f"  {ARTICLE}:7:7: T104 genre must be one of: news-report, meeting-readout, speech, signed-article, commentary, policy-document; found nothing",
        f"  {ARTICLE}:14:7: T103 source.url must be text, found nothing",
        f"  {ARTICLE}:26:9: T103 rights.basis must be text, found nothing",
        f"  {ARTICLE}:28:13: T103 provenance.annotator must be text, found nothing",
    ]
    lines = (tree.parent / ARTICLE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/article.schema.json"
    assert lines[6].startswith("genre:  # required: one of news-report")
    start = lines.index("text: |")
    assert lines[start + 1 : start + 4] == ["  Example Agency presents a plan.", "", "  The alpha formulation returns."]
    assert "# text: |" not in lines
    assert any(line.startswith("  # via:  # ") for line in lines)  # optional fields as comments
    assert "  holder: Example Agency" in lines  # the publisher's name, until told otherwise
    # The contributor fills in the two values: the file passes.
    text = (tree.parent / ARTICLE).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^genre:.*$", "genre: news-report", text)
    text = re.sub(r"(?m)^  annotator:.*$", "  annotator: Jane Curator", text)
    text = re.sub(r"(?m)^  url:.*$", "  url: https://example.org/plan.html", text)
    text = re.sub(r"(?m)^  basis:.*$", "  basis: Invented for the tests", text)
    (tree.parent / ARTICLE).write_text(text, encoding="utf-8")
    check = run_tifa("--root", tree, "check", ARTICLE, cwd=tree.parent)
    assert (check.returncode, check.stdout) == (0, "checked 1 file: no problems\n")


def test_article_scaffold_with_every_value_passes_as_is(run_tifa, tree):
    run = new(
        run_tifa,
        tree,
        "article",
        "--title",
        "发展新质生产力",
        "--publisher",
        "example-agency",
        "--published",
        "2024-05-01T08:00:00+08:00",
        "--genre",
        "commentary",
        "--annotator",
        "me",
        "--url",
        "https://example.org/a",
    )
    path = "annotations/articles/2024/2024-05-01-example-agency.yml"  # no ASCII word in the title
    assert run.stdout.splitlines() == [f"wrote {path}", f"{path} passes the checker"]
    data = load_bytes((tree.parent / path).read_bytes(), path)[0].data
    assert (data["language"], data["source"]["url"], data["source"]["published"]) == ("zh-Hans", "https://example.org/a", "2024-05-01T08:00:00+08:00")
    assert "text" not in data and data["annotations"] == []


@pytest.mark.parametrize(
    "kind, args, fills, path",
    [
        (
            "concept",
            ["gamma-formulation", "--label", "gamma formulation", "--zh", "丙提法"],
            {
                r"^category:.*$": "category: governance",
                r"^  text:.*$": "  text: A made-up formulation.",
                r"^    - title:.*$": "    - title: An invented source",
                r"^      publisher:.*$": "      publisher: Example Agency",
            },
            "annotations/concepts/gamma-formulation.yml",
        ),
        ("person", ["john-doe", "--name", "John Doe"], {r"^description:.*$": "description: A fictional person."}, "annotations/people/john-doe.yml"),
        (
            "place",
            ["other-city", "--name", "Other City"],
            {r"^kind:.*$": "kind: city", r"^description:.*$": "description: A fictional city."},
            "annotations/places/other-city.yml",
        ),
        (
            "organization",
            ["other-agency", "--name", "Other Agency", "--kind", "media"],
            {r"^description:.*$": "description: A fictional agency."},
            "annotations/organizations/other-agency.yml",
        ),
    ],
)
def test_record_scaffold_fill_check(run_tifa, tree, kind, args, fills, path):
    run = new(run_tifa, tree, kind, *args)
    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert out[0] == f"wrote {path}"
    todo = [line for line in out[2:]]
    assert len(todo) == len(fills)  # exactly one problem for each required value left empty
    assert all(re.match(rf"  {re.escape(path)}:\d+:\d+: T10[34] ", line) for line in todo), todo
    file = tree.parent / path
    assert file.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
    text = file.read_text(encoding="utf-8")
    for pattern, value in fills.items():
        text, n = re.subn(pattern, value, text, count=1, flags=re.MULTILINE)
        assert n == 1, pattern
    file.write_text(text, encoding="utf-8")
    check = run_tifa("--root", tree, "check", path, cwd=tree.parent)
    assert (check.returncode, check.stdout) == (0, "checked 1 file: no problems\n")


def test_record_with_every_required_value_passes_as_is(run_tifa, tree):
    run = new(run_tifa, tree, "person", "john-doe", "--name", "John Doe", "--zh", "约翰", "--description", "A fictional person.")
    assert run.stdout.splitlines() == ["wrote annotations/people/john-doe.yml", "annotations/people/john-doe.yml passes the checker"]


def test_never_overwrites(run_tifa, tree):
    existing = tree / "concepts/alpha-formulation.yml"
    before = existing.read_bytes()
    run = new(run_tifa, tree, "concept", "alpha-formulation", "--label", "alpha")
    assert (run.returncode, run.stderr, run.stdout) == (
        1,
        "tifa: annotations/concepts/alpha-formulation.yml already exists; choose another id, or edit that file\n",
        "",
    )
    assert existing.read_bytes() == before


def test_never_reuses_an_article_id_of_another_year(run_tifa, tree):
    run = new(run_tifa, tree, "article", "--title", "x", "--publisher", "example-agency", "--published", "2025-01-01", "--id", "2024-01-02-example-report")
    assert (run.returncode, run.stderr) == (
        1,
        "tifa: annotations/articles/2024/2024-01-02-example-report.yml already exists; choose another --id, or edit that file\n",
    )
    assert not (tree / "articles/2025").exists()


def test_ids_equal_ignoring_case_are_refused(tree):
    (tree / "people/Jane-Doe.yml").write_text("x", encoding="utf-8")
    path, content = scaffold.record(tree, "person", "jane-doe", "Jane Doe")
    with pytest.raises(scaffold.ScaffoldError, match="Jane-Doe.yml already exists"):
        scaffold.write(path, content, tree)


def test_unknown_publisher_is_written_and_reported(run_tifa, tree):
    run = new(
        run_tifa,
        tree,
        "article",
        "--title",
        "A plan",
        "--publisher",
        "exampel-agency",
        "--published",
        "2024-05-01",
        "--genre",
        "speech",
        "--annotator",
        "me",
        "--url",
        "https://example.org/plan.html",
        "--holder",
        "Example Agency",
    )
    assert run.returncode == 0
    assert run.stdout.splitlines()[-1] == (
        "  annotations/articles/2024/2024-05-01-exampel-agency-plan.yml:12:14: T201 unknown organization 'exampel-agency' "
        "(did you mean 'example-agency'?); add annotations/organizations/exampel-agency.yml or fix the id"
    )
