"""Reusing unchanged pages gives exactly what rendering everything gives.

This is how `mkdocs serve` stays fast: pages go to a folder, a page whose inputs are
unchanged is not rendered again (it comes back without Markdown, its file is kept), and
only files whose content changed are written, so MkDocs rebuilds only those.
"""
from __future__ import annotations

import shutil

from helpers import ROOT
from tifa.corpus import build_corpus
from tifa.generate import generate
from tifa.render import Site

ARTICLE = "articles/2024/2024-03-06-xi-jiangsu-delegation.yml"
PAGE = "articles/2024-03-06-xi-jiangsu-delegation.md"


def render(root, folder, memo=None, cache=None):
    checked, corpus = build_corpus(root, cache=cache)
    assert checked.ok, checked.problems
    return generate(corpus, Site(), folder, checked.fingerprints, memo)


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def fresh(root, tmp_path, name) -> dict[str, bytes]:
    render(root, tmp_path / name)
    return tree(tmp_path / name)


def test_edits_rerender_exactly_the_pages_that_change(tmp_path):
    root = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", root)
    folder, files = tmp_path / "pages", {}
    first = render(root, folder, cache=files)
    assert first.reused == 0 and sorted(first.written) == sorted(first.pages)
    assert all(page.markdown is None for page in first.pages.values())  # nothing kept in memory
    again = render(root, folder, first.memo, files)
    assert again.reused == len(first.pages) and again.written == []
    assert tree(folder) == fresh(root, tmp_path, "fresh0")

    # A note changes: the article and the pages showing that annotation change, nothing else is written.
    article = root / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("note: Chinese 新质生产力.", "note: Edited. Chinese 新质生产力.", 1), encoding="utf-8")
    edited = render(root, folder, again.memo, files)
    assert tree(folder) == fresh(root, tmp_path, "fresh1")
    assert "Edited. Chinese" in (folder / PAGE).read_text(encoding="utf-8")
    assert PAGE in edited.written and 0 < edited.reused < len(edited.pages)
    assert len(edited.written) < len(edited.pages) - edited.reused  # rendered again, but unchanged: not written

    # A concept's label changes: every page linking to it shows the new label.
    concept = root / "concepts" / "craftsmanship.yml"
    concept.write_text(concept.read_text(encoding="utf-8").replace("label: craftsmanship", "label: the spirit of craftsmanship", 1), encoding="utf-8")
    relabelled = render(root, folder, edited.memo, files)
    assert tree(folder) == fresh(root, tmp_path, "fresh2")
    assert "the spirit of craftsmanship" in (folder / PAGE).read_text(encoding="utf-8")
    assert PAGE in relabelled.written


def test_a_deleted_folder_is_rendered_again(tmp_path):
    root = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", root)
    folder, files = tmp_path / "pages", {}
    first = render(root, folder, cache=files)
    shutil.rmtree(folder)  # `make clean` while serving
    again = render(root, folder, first.memo, files)
    assert again.reused == 0 and tree(folder) == fresh(root, tmp_path, "fresh")
