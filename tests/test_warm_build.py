"""A warm build (`tifa site` with the last site and its manifest, tifa/site/warm.py) takes
the HTML of unchanged pages from the last build, and makes exactly the site a cold build
makes: every file, byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import helpers as H
from tifa_bench.warm import commit

ARTICLE = "annotations/articles/2024/2024-03-06-xi-jiangsu-delegation.yml"
REUSED = re.compile(r"reused the HTML of ([\d,]+) of ([\d,]+) generated pages")


def site(project: Path, *args: str) -> tuple[int, int]:
    """`tifa site` as `make site` runs it; the pages reused, and the pages generated."""
    env = {
        **os.environ,
        "PYTHONPATH": str(H.ROOT / "scripts"),
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": "1709700000",
    }
    done = subprocess.run([sys.executable, "-m", "tifa", "site", *args], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    found = REUSED.search(done.stderr)
    assert found, done.stderr
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def same_site(a: Path, b: Path) -> None:
    """Every file the same, but Pagefind's index: two cold builds of the same pages already
    differ there (its Chinese filter and metadata take other names), so it is left out."""
    left, right = ({k: v for k, v in files(root).items() if not k.startswith("pagefind/")} for root in (a, b))
    assert sorted(left) == sorted(right)
    differing = [path for path in left if left[path] != right[path]]
    assert not differing, differing[:10]


def edit(project: Path, path: str, old: str, new: str, day: int) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    commit(project, day)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture project with a cold build in site/ and its manifest."""
    project = H.copy_project(tmp_path_factory.mktemp("warm") / "project")
    commit(project, 1)  # each page names the version of its own files, as on CI
    reused, total = site(project)
    assert reused == 0 and total > 50  # nothing to reuse the first time
    assert (project / ".cache" / "tifa" / "site.manifest.json").is_file()
    return project


def html_changed(before: dict[str, bytes], after: Path) -> int:
    """How many HTML files of ``after`` are new or differ from ``before``: no warm build may
    convert more pages than that (a page's version changes with any commit to its files)."""
    return sum(1 for path, data in files(after).items() if path.endswith(".html") and before.get(path) != data)


def warm_then_cold(project: Path) -> tuple[int, int, int]:
    """A warm build after an edit, checked against a cold one: (reused, generated, changed)."""
    before = files(project / "site")
    reused, total = site(project)
    site(project, "--cold", "--out", "cold")
    same_site(project / "site", project / "cold")
    return reused, total, html_changed(before, project / "cold")


def test_nothing_changed_nothing_converted(built):
    reused, total = site(built)
    assert reused == total


def test_a_build_after_one_edit_converts_only_what_changed_and_equals_a_cold_build(built):
    edit(built, ARTICLE, "note: Dateline of the report.", "note: Dateline of this report.", 2)
    reused, total, changed = warm_then_cold(built)
    assert 0 < total - reused <= changed and reused > 0, (reused, total, changed)


def test_an_edit_to_a_concept_converts_the_pages_that_show_it(built):
    edit(built, "annotations/concepts/new-quality-productive-forces.yml", "  text: Xi Jinping's name,", "  text: Xi Jinping's own name,", 3)
    reused, total, changed = warm_then_cold(built)
    assert 0 < total - reused <= changed and reused > 0, (reused, total, changed)


def test_a_page_changed_in_the_last_site_is_converted_again(built):
    page = built / "site" / "articles" / "2024-03-06-xi-jiangsu-delegation" / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- changed by hand -->")
    reused, total, _ = warm_then_cold(built)
    assert total - reused == 1, (reused, total)


def test_a_template_change_converts_every_page(built):
    main = built / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{#- a comment -#}\n", encoding="utf-8")
    commit(built, 4)
    reused, total, _ = warm_then_cold(built)
    assert reused == 0


def test_a_change_to_how_contents_are_read_converts_every_page(built):
    """The adapter reads an HTML page's contents and anchors with tifa/site/headings.py:
    the same source can give other HTML when it changes."""
    code = built / "scripts" / "tifa" / "site" / "headings.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    commit(built, 5)
    reused, total = site(built)
    assert reused == 0 and total > 50


def test_cold_forces_a_whole_build(built):
    assert site(built, "--cold")[0] == 0
