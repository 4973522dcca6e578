"""The shape cache of cite.py gives exactly what the CSL processor gives for each page."""

from __future__ import annotations

import pytest

from tifa.site.cite import Record, _process, box, csl_json, formatted

TITLES = [
    "new quality productive forces",
    "Xi highlights developing new quality productive forces according to local conditions",
    "the two unswervinglys: a note on the state and the market",
    "Jiangsu Province",
    "先立后破",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("kind", ["concept", "article"])
@pytest.mark.parametrize("style", ["chicago", "apa"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_same_as_processing_each_page(title, kind, style, language):
    record = Record("tifa-x", title, kind, "https://tifa-atlas.github.io/tifa/x/", "Tifa 提法", "12", "2026-03-04", language)
    # citeproc-py leaves a period outside closing quotes; the page puts it inside, as
    # citeproc-js does (tests/test_citeproc_js.py): the only difference allowed
    assert formatted(record, style) == _process(csl_json(record), style).replace("”.", ".”")


def test_contributor_text_is_escaped_everywhere():
    record = Record("tifa-x", '<script>alert(1)</script> & "q"', "article", "https://e.org/?a=1&b=<2>", "Tifa", "3", "2026-11-28")
    cited = box(record)
    for key in ("chicago", "apa", "bibtex", "ris", "csl"):
        assert "<script>" not in cited[key] and "&lt;script&gt;" in cited[key], key
    assert "<2>" not in cited["chicago"]
