"""The suggested citations equal what citeproc-js (Zotero's CSL processor) prints for the
same CSL-JSON with the same styles: titles with final punctuation, inner quotation marks
and commas, each kind of page, with and without a date."""

from __future__ import annotations

import html

import pytest

from citeproc_js import available, render
from helpers import CORPUS
from tifa.corpus.index import build_corpus
from tifa.site import cite
from tifa.vocab import ENTITY_KINDS

WHY = available()
pytestmark = pytest.mark.skipif(WHY is not None, reason=str(WHY))

TITLES = [
    "new quality productive forces",
    "Xi Highlights New Quality Productive Forces: Conditions",
    "What is it?",
    "Ends with a dot.",
    "Wow!",
    "Reform, Opening Up",
    "A & B",
    "新质生产力",
]
KINDS = ["concept", "article", "person", "organization"]


def records() -> list[cite.Record]:
    out = []
    for i, title in enumerate(TITLES):
        for kind in KINDS:
            for version, date in (("3", "2026-01-02"), ("12+", "2024-11-30"), ("c4829371", "2026-12-06")):
                out.append(
                    cite.Record(
                        f"r{len(out)}",
                        title,
                        kind,
                        f"https://tifa.example/{kind}s/{i}/",
                        "Tifa 提法",
                        version,
                        date,
                        "zh-Hans" if title == "新质生产力" else "en",
                    )
                )
    return out


def test_each_style_prints_what_citeproc_js_prints():
    recs = records()
    js = render([cite.csl_json(r) for r in recs])
    # the same text: entities as either writes them ("&amp;" here, "&#38;" there)
    differences = [
        (style, r.kind, r.title, cite.formatted(r, style), js[style][r.key])
        for r in recs
        for style in cite.STYLES
        if html.unescape(cite.formatted(r, style)) != html.unescape(js[style][r.key])
    ]
    assert differences == [], "\n".join(f"{s} {k} {t!r}:\n  page:        {p}\n  citeproc-js: {j}" for s, k, t, p, j in differences)


def test_every_title_of_the_fixture_corpus():
    """The titles pages really have (case rules differ between processors on odd words)."""
    checked, corpus = build_corpus(CORPUS)
    titles = (
        [("article", a.title, a.language) for a in corpus.articles]
        + [("concept", c.label, "en") for c in corpus.concepts.values()]
        + [(k, e.name, "en") for k in ENTITY_KINDS for e in corpus.entities[k].values()]
    )
    recs = [
        cite.Record(f"t{i}", title, kind, f"https://tifa.example/{i}/", "Tifa 提法", "7", "2026-03-04", language)
        for i, (kind, title, language) in enumerate(titles)
    ]
    js = render([cite.csl_json(r) for r in recs])
    differences = [
        (style, r.title, cite.formatted(r, style), js[style][r.key])
        for r in recs
        for style in cite.STYLES
        if html.unescape(cite.formatted(r, style)) != html.unescape(js[style][r.key])
    ]
    assert differences == []


def test_chicago_puts_the_period_inside_the_quotation_marks():
    r = cite.Record("x", "Xi Highlights New Quality Productive Forces: Conditions", "article", "https://tifa.example/a/", "Tifa 提法", "3", "2026-11-28")
    assert "“Xi Highlights New Quality Productive Forces: Conditions.” Version 3." in cite.formatted(r, "chicago")
