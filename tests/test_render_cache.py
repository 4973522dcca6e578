"""Reusing unchanged pages gives exactly what rendering everything gives."""
from __future__ import annotations

import shutil

from helpers import ROOT
from tifa.corpus import build_corpus
from tifa.render import Site, render_all

ARTICLE = "articles/2024/2024-03-06-xi-jiangsu-delegation.yml"


def render(root, previous=None, cache=None):
    checked, corpus = build_corpus(root, cache=cache)
    assert checked.ok, checked.problems
    out: list = []
    pages = render_all(corpus, Site(), checked.fingerprints, previous, out)
    return pages, out[0]


def test_edits_rerender_exactly_the_pages_that_change(tmp_path):
    root = tmp_path / "annotations"
    shutil.copytree(ROOT / "annotations", root)
    files: dict = {}
    first, r1 = render(root, cache=files)
    assert r1.reused == 0
    again, r2 = render(root, r1.memo, files)
    assert again == first and r2.reused == len(first)

    # A note changes: the article and the pages showing that annotation change.
    article = root / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("note: Chinese 新质生产力.", "note: Edited. Chinese 新质生产力.", 1), encoding="utf-8")
    edited, r3 = render(root, r2.memo, files)
    fresh, _ = render(root)
    assert edited == fresh
    assert "Edited. Chinese" in edited["articles/2024-03-06-xi-jiangsu-delegation.md"].markdown
    assert r3.reused > 0

    # A concept's label changes: every page linking to it shows the new label.
    concept = root / "concepts" / "craftsmanship.yml"
    concept.write_text(concept.read_text(encoding="utf-8").replace("label: craftsmanship", "label: the spirit of craftsmanship", 1), encoding="utf-8")
    relabelled, _ = render(root, r3.memo, files)
    assert relabelled == render(root)[0]
    assert "the spirit of craftsmanship" in relabelled["articles/2024-03-06-xi-jiangsu-delegation.md"].markdown
