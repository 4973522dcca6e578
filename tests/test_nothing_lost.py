"""No failure loses anything: a broken annotation, a broken build or a page in the way
leaves the last good site/ byte for byte, and building never touches the sources.

All of it runs on a throwaway copy of the project (helpers.copy_project), built once
with ``python -m tifa site`` and then broken in one way per test (and mended after).
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import copy_project, tifa
from tifa.site.pages import Page, write_pages

pytestmark = pytest.mark.slow

ARTICLE = "annotations/articles/2024/2024-03-06-xi-jiangsu-delegation.yml"


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: relative path -> SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def sources(project: Path) -> dict[str, str]:
    return {part: tree(project / part) for part in ("annotations", "docs", "overrides", "schemas")} | {
        "mkdocs.yml": hashlib.sha256((project / "mkdocs.yml").read_bytes()).hexdigest()
    }


@contextmanager
def changed(path: Path, old: str | None, new: str):
    """Edit one file (replace ``old`` once, or write ``new`` when old is None), then restore it."""
    before = path.read_bytes() if path.exists() else None
    if old is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    try:
        yield
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("nothing-lost"))
    first = tifa("site", cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (project / "site" / "concepts" / "new-quality-productive-forces" / "index.html").is_file()
    return project


def assert_kept(project: Path, site_before: dict, sources_before: dict) -> None:
    assert tree(project / "site") == site_before
    assert sources(project) == sources_before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []  # no half-built folder left


def test_a_broken_annotation_keeps_the_site(project):
    site, src = tree(project / "site"), sources(project)
    with changed(project / ARTICLE, "genre: meeting-readout", "genre: meeting-readout\ngenra: speech"):
        src_broken = sources(project)
        result = tifa("site", cwd=project)
        assert result.returncode == 1
        line = (project / ARTICLE).read_text(encoding="utf-8").splitlines().index("genra: speech") + 1
        assert f"{ARTICLE}:{line}:1: T101 unknown field 'genra' (did you mean 'genre'?)" in result.stdout
        # Checked once, by the build, and said as `tifa check` says it.
        assert re.search(r"^checked \d+ files: 1 problem in 1 file$", result.stdout, re.M), result.stdout
        assert "T101" not in result.stderr  # printed once, not again in MkDocs's log
        assert result.stdout.rstrip().endswith("site/ left as it was")
        assert "Traceback" not in result.stderr
        assert_kept(project, site, src_broken)
    assert sources(project) == src


@pytest.mark.parametrize(
    "what, path, old, new, message",
    [
        pytest.param(
            "a hand-written page's broken link (strict mode)",
            "docs/method.md",
            "\n## What a tifa is",
            "\nSee [the missing page](no-such-page.md).\n\n## What a tifa is",
            "no-such-page.md",
            id="broken-link-strict",
        ),
        pytest.param("mkdocs.yml that is not YAML", "mkdocs.yml", "site_name: Tifa 提法", "site_name: [Tifa", "", id="mkdocs-yml"),
        pytest.param(
            "a theme override that does not compile",
            "overrides/main.html",
            '{% extends "base.html" %}',
            '{% extends "base.html" %}{% block oops %}',
            "",
            id="override",
        ),
    ],
)
def test_a_failing_mkdocs_build_keeps_the_site(project, what, path, old, new, message):
    site, src = tree(project / "site"), sources(project)
    with changed(project / path, old, new):
        src_broken = sources(project)
        result = tifa("site", cwd=project)
        assert result.returncode == 1, what
        assert "build failed: site/ left as it was" in result.stdout, what
        assert message in result.stdout + result.stderr
        assert_kept(project, site, src_broken)
    assert sources(project) == src


def test_a_hand_written_page_at_a_generated_path_is_refused(project):
    site, src = tree(project / "site"), sources(project)
    page = project / "docs" / "concepts" / "index.md"
    with changed(page, None, "# My own concepts page\n\nHand-written, and must survive.\n"):
        result = tifa("site", cwd=project)
        assert result.returncode == 1
        assert "docs/concepts/index.md is hand-written but Tifa generates that page; rename the hand-written file" in result.stdout + result.stderr
        assert page.read_text(encoding="utf-8") == "# My own concepts page\n\nHand-written, and must survive.\n"
        assert tree(project / "site") == site
    assert sources(project) == src


def test_building_never_touches_the_sources(project):
    src = sources(project)
    result = tifa("site", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sources(project) == src
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []


def test_pages_write_only_inside_their_folder(project, tmp_path):
    out = tmp_path / "pages"
    outside = {part: tree(project / part) for part in ("annotations", "docs", "overrides", "schemas", "site")}
    result = tifa("--root", str(project / "annotations"), "pages", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    written = tree(out)
    assert "concepts/new-quality-productive-forces.md" in written and "articles/index.md" in written
    assert all(not p.startswith("..") for p in written)
    assert {part: tree(project / part) for part in outside} == outside
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]
    # Again: nothing changed, nothing rewritten.
    again = tifa("--root", str(project / "annotations"), "pages", "--out", str(out), cwd=project)
    assert again.returncode == 0 and "wrote 0 changed file(s)" in again.stdout


@pytest.mark.parametrize("path", ["../escaped.md", "concepts/../../escaped.md", "/tmp/escaped.md"])
def test_write_pages_refuses_a_path_outside_its_folder(tmp_path, path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValueError, match="refusing to write outside"):
        write_pages({path: Page(path, "x")}, out)
    assert list(tmp_path.rglob("escaped.md")) == []
    assert not Path("/tmp/escaped.md").exists()
