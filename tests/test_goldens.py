"""Golden files: the Markdown of every page generated from the seed corpus.

A change to a template or to the data shows here as a diff of the exact page text.
If the change is intended: `.venv/bin/python -m pytest tests/test_goldens.py --update-goldens`
and commit the updated files with it.
"""

from __future__ import annotations

import pytest

from helpers import CORPUS, ROOT
from tifa.corpus.index import build_corpus
from tifa.site.export import data_files
from tifa.site.generate import site_files
from tifa.site.pages import Site

GOLDENS = ROOT / "tests" / "goldens"


def rendered() -> dict[str, str]:
    checked, corpus = build_corpus(CORPUS)
    assert checked.ok, checked.problems
    site = Site()  # no git history: pages say "unversioned", so goldens do not follow commits
    out = {path: text for path, text in site_files(corpus, site).items() if path.endswith(".md")}
    out.update({path: text for path, text in data_files(corpus, site).items() if path.endswith(".csv")})
    return out


def test_pages_match_their_goldens(update_goldens):
    pages = rendered()
    if update_goldens:
        for old in GOLDENS.rglob("*"):
            if old.is_file() and old.relative_to(GOLDENS).as_posix() not in pages:
                old.unlink()
        for path, text in pages.items():
            target = GOLDENS / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        pytest.skip("goldens updated")
    stored = {p.relative_to(GOLDENS).as_posix(): p.read_text(encoding="utf-8") for p in GOLDENS.rglob("*") if p.is_file()}
    assert sorted(stored) == sorted(pages), "pages added or removed: run with --update-goldens if intended"
    changed = [path for path in pages if pages[path] != stored[path]]
    assert not changed, f"{len(changed)} page(s) differ from tests/goldens (e.g. {changed[:3]}); run with --update-goldens if intended"


def test_rendering_is_deterministic():
    assert rendered() == rendered()


def test_no_template_syntax_leaks_into_a_page():
    """A Jinja comment written `{# … #}` (the environment's comments are `{## … ##}`, as
    `{#id}` is Markdown's anchor syntax) was printed on every article page."""
    leaked = [path for path, text in rendered().items() if "#}" in text or "{%" in text]
    assert leaked == []


def test_an_excerpt_without_a_paragraph_has_no_paragraph_link(tmp_path):
    """`paragraph` is optional in an excerpt-only text: its excerpts are grouped apart,
    with no number and no link (the page once said "Paragraph None" and linked #pNone)."""
    import shutil

    corpus = tmp_path / "annotations"
    shutil.copytree(CORPUS, corpus)
    text = corpus / "articles/2025/2025-03-05-xi-jiangsu-delegation-zh.yml"
    text.write_text("".join(line for line in text.read_text(encoding="utf-8").splitlines(keepends=True) if "paragraph:" not in line), encoding="utf-8")
    checked, built = build_corpus(corpus)
    assert checked.ok, checked.problems
    page = site_files(built, Site())["articles/2025-03-05-xi-jiangsu-delegation-zh.md"]
    assert 'class="tifa-excerpt"' in page
    assert "None" not in page
    assert '<p class="tifa-excerpt"><a class="tifa-pnum"' not in page
