"""A contributor who has never seen the repository, from scaffold to published page.

In a throwaway copy of the project: scaffold a concept and an article (its text from a
plain-text file), make three typical mistakes and read the exact messages, fix them, ask
what was missed, build the site with the real MkDocs and find the new pages, the
occurrences in the concept's concordance and both in the indexes. Also: the guide's
links work on GitHub and on the site, and its commands exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, copy_project, mkdocs_build, tifa
from tifa.data.problems import CODES

CONCEPT = "annotations/concepts/green-finance-pilot-zones.yml"
ARTICLE_ID = "2024-05-20-xinhua-green-finance-pilot-zones-expand"
ARTICLE = f"annotations/articles/2024/{ARTICLE_ID}.yml"

TEXT = """\
The State Council announced green finance pilot zones in   
five provinces on Monday.


Officials said the green finance pilot zones would help develop
new quality productive forces.

Green Finance Pilot Zones are expected to expand next year.
"""

ANNOTATIONS = """\
annotations:
  - id: gfpz-1
    quote: green finance pilot zones
    prefix: 'announced '
    concept: green-finance-pilot-zone
  - id: gfpz-2
    quote: Green finance pilot zones
    concept: green-finance-pilot-zones
    note: The plural is the usual form.
  - id: nqpf-1
    quote: new quality productive forces
    concept: new-quality-productive-forces
    note: |
      Snippet syntax in a note stays text:
      --8<-- "mkdocs.yml"
"""


def run(project: Path, *args: str):
    return tifa(*args, cwd=project)


def fill(path: Path, replacements: dict[str, str]) -> None:
    """Edit a file as a contributor would: replace whole lines."""
    text = path.read_text(encoding="utf-8")
    for pattern, value in replacements.items():
        text, n = re.subn(pattern, lambda m, value=value: value, text, count=1, flags=re.MULTILINE)
        assert n == 1, pattern
    path.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_from_scaffold_to_published_page(tmp_path):
    project = copy_project(tmp_path / "fork")
    files_before = len(list((project / "annotations").rglob("*.yml")))
    (tmp_path / "text.txt").write_text(TEXT, encoding="utf-8")

    # 1. Scaffold a concept and an article.
    new = run(
        project,
        "new",
        "concept",
        "green-finance-pilot-zones",
        "--label",
        "green finance pilot zones",
        "--category",
        "economy",
        "--definition",
        "Invented for this test: provinces where green lending is tried out first.",
    )
    assert new.returncode == 0, new.stderr
    assert new.stdout.splitlines()[0] == f"wrote {CONCEPT}"
    new = run(
        project,
        "new",
        "article",
        "--title",
        "Green finance pilot zones to expand",
        "--publisher",
        "xinhua",
        "--published",
        "2024-05-20",
        "--genre",
        "news-report",
        "--annotator",
        "Test Contributor",
        "--text-file",
        str(tmp_path / "text.txt"),
        "--url",
        "https://example.org/green-finance.html",
        "--basis",
        "Invented for this test",
    )
    assert new.returncode == 0, new.stderr
    assert new.stdout.splitlines() == [f"wrote {ARTICLE}", "text: 3 paragraph(s), paragraphs separated by blank lines", f"{ARTICLE} passes the checker"]

    # 2. Fill in the concept, annotate the article, with three typical mistakes.
    fill(
        project / CONCEPT,
        {
            r"^    - title:.*$": "    - title: An invented source for the test",
            r"^      publisher:.*$": "      publisher: Tifa tests",
            r"^# related:.*$": "realted:\n  - new-quality-productive-forces",  # a misspelt field
        },
    )
    fill(project / ARTICLE, {r"^annotations: \[\]$": ANNOTATIONS.rstrip("\n")})  # an unknown id, a quote not in the text
    check = run(project, "check")
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        f"{ARTICLE}:40:14: T201 unknown concept 'green-finance-pilot-zone' (did you mean 'green-finance-pilot-zones'?); add annotations/concepts/green-finance-pilot-zone.yml or fix the id",
        f"{ARTICLE}:42:12: T301 quote 'Green finance pilot zones' is not in the text; ¶1 has 'green finance pilot zones' (check case, spacing and punctuation)",
        f"{CONCEPT}:27:1: T101 unknown field 'realted' (did you mean 'related'?)",
        f"checked {files_before + 2} files: 3 problems in 2 files",
    ]

    # 3. Fix them: the whole tree is clean.
    fill(project / CONCEPT, {r"^realted:$": "related:"})
    fill(
        project / ARTICLE,
        {
            r"^    concept: green-finance-pilot-zone$": "    concept: green-finance-pilot-zones",
            r"^    quote: Green finance pilot zones$": "    quote: Green Finance Pilot Zones",
        },
    )
    check = run(project, "check")
    assert (check.returncode, check.stdout) == (0, f"checked {files_before + 2} files: no problems\n")

    # 4. What did I miss? The second paragraph's occurrence, pointed at in the file.
    missed = run(project, "missing", ARTICLE_ID)
    assert missed.stdout.splitlines() == [
        f"{ARTICLE}:33:22: paragraph 2: 'green finance pilot zones' (green-finance-pilot-zones)",
        f"{ARTICLE}: coverage 75%: 3 concept annotations, 1 occurrence of known concepts not annotated",
        "1 article: 1 occurrence of known concepts not annotated",
    ]
    line = (project / ARTICLE).read_text(encoding="utf-8").split("\n")[32]
    assert line[21:].startswith("green finance pilot zones would help develop")

    # 5. Build the site with the real MkDocs.
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr[-3000:]
    site = project / "site"

    page = soup(site / "articles" / ARTICLE_ID / "index.html")
    assert page.find("h1").get_text(strip=True) == "Green finance pilot zones to expand"
    assert [" ".join(p.get_text().split()) for p in page.select("p.tifa-para")] == [
        "1 The State Council announced green finance pilot zones in five provinces on Monday.",
        "2 Officials said the green finance pilot zones would help develop new quality productive forces.",
        "3 Green Finance Pilot Zones are expected to expand next year.",
    ]
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in page.select("dl.tifa-facts dt")}
    note = page.find(id="note-nqpf-1").get_text(" ", strip=True)
    assert '--8<-- "mkdocs.yml"' in note and "site_name" not in page.get_text()
    assert facts["Coverage"] == "75%: 3 concept annotations, 1 occurrence of known concepts not annotated"

    concept = soup(site / "concepts" / "green-finance-pilot-zones" / "index.html")
    rows = concept.select("table.tifa-kwic tbody tr[id]")
    assert [(r.select_one("td.tifa-kw").get_text(strip=True), r.select_one("td.tifa-kw a")["href"]) for r in rows] == [
        ("green finance pilot zones", f"../../articles/{ARTICLE_ID}/#a-gfpz-1"),
        ("Green Finance Pilot Zones", f"../../articles/{ARTICLE_ID}/#a-gfpz-2"),
    ]
    nqpf = soup(site / "concepts" / "new-quality-productive-forces" / "index.html")
    assert f"../../articles/{ARTICLE_ID}/#a-nqpf-1" in {a["href"] for a in nqpf.select("table.tifa-kwic td.tifa-kw a")}

    articles_index = soup(site / "articles" / "index.html")
    assert f"../articles/{ARTICLE_ID}/" in {a["href"] for a in articles_index.select("article a")}
    concepts_index = soup(site / "concepts" / "index.html")
    links = [a for a in concepts_index.select("article a") if a["href"] == "../concepts/green-finance-pilot-zones/"]
    assert links and links[0].get_text(strip=True) == "green finance pilot zones"

    # The guide is on the site, with the field reference and every checker code.
    guide = soup(site / "contributing" / "index.html")
    assert guide.find(id="rename-an-id") and "former_ids:" in guide.get_text()
    codes = soup(site / "codes" / "index.html")
    for code, title in CODES.items():
        heading = codes.find("h3", id=re.compile(rf"^{code.lower()}-"))
        assert heading and heading.get_text().startswith(f"{code} {title}"), code
    assert soup(site / "fields" / "index.html").find(string="annotations[].quote")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- The guide itself --------------------------------------------------------------------------

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
PAGE = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
BODY = GUIDE.split("<!-- --8<-- [start:body] -->", 1)[1].split("<!-- --8<-- [end:body] -->", 1)[0]
DEFINITION = re.compile(r"^\[([^\]]+)\]: (\S+)$", re.MULTILINE)


def test_guide_links_work_on_github_and_on_the_site():
    used = set(re.findall(r"\]\[([^\]]+)\]", BODY))
    on_github, on_site = dict(DEFINITION.findall(GUIDE)), dict(DEFINITION.findall(PAGE))
    assert used and used == set(on_github) == set(on_site)
    for name in used:
        for target, base in ((on_github[name], ROOT), (on_site[name], ROOT / "docs")):
            if not target.startswith("https://"):
                assert (base / target.split("#")[0]).exists(), (name, target)
    assert '--8<-- "CONTRIBUTING.md:body"' in PAGE


def test_guide_covers_what_the_issue_asks():
    for heading in ("## Add an article", "## Add a concept", "## Fix a note or a value", "## Rename an id", "## Annotation guidelines"):
        assert heading in BODY
    rename = BODY.split("## Rename an id", 1)[1].split("\n## ", 1)[0]
    assert "rename the file and the id, and\nlist the old id under `former_ids:`" in rename
    for link in ("[codes]", "[fields]", "[method]"):
        assert link in BODY


def test_every_command_of_the_guide_exists():
    commands = set(re.findall(r"python -m tifa (\w+)", GUIDE))
    assert {"new", "check", "missing", "fields"} <= commands
    for command in sorted(commands):
        assert tifa(command, "--help").returncode == 0, command
    for kind in ("article", "concept", "person", "place", "organization"):
        assert tifa("new", kind, "--help").returncode == 0, kind


def test_guide_covers_manifest_ci_and_safe_preview():
    """Issue 18: the URL manifest (who updates it, with which command), what CI runs and
    the same locally in a short time, and how a maintainer previews a pull request safely."""
    assert "python -m tifa urls --update" in BODY and "commit the file with your change" in BODY
    pull_request = BODY.split("## The pull request", 1)[1]
    assert "make check" in pull_request and "tests/test_corpus.py" in pull_request and "under two minutes" in pull_request
    assert "## For maintainers: previewing a pull request safely" in BODY
    preview = BODY.split("previewing a pull request safely", 1)[1]
    assert "never serve a pull request's site on the origin" in preview and "throwaway container" in preview
    assert "rights.shown" in BODY and "excerpts" in BODY
