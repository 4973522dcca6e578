"""Dropping the templates' indentation (tifa/site/whitespace.py) changes no page a reader
sees, in Chromium: same set-up as tests/test_browser.py (its fixtures are imported).
"""

# ruff: noqa: F811  (the fixtures imported from test_browser are test parameters here)
from __future__ import annotations

import bisect
import functools
import re

import pytest

from builds import real_site
from test_browser import base_url, browser  # noqa: F401  (fixtures)
from tifa.site.whitespace import collapse_indentation

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# In Chromium: a built page, and the same page with every line break outside the verbatim
# elements followed by a blank line and indentation, read the same to a reader.
PAGES = [
    "articles/2024-03-06-xi-jiangsu-delegation/",
    "articles/2024-03-05-xi-jiangsu-delegation-zh/",
    "concepts/new-quality-productive-forces/",
    "people/xi-jinping/",
    "dashboard/",
    "codes/",
]
SEEN = """() => ({text: document.body.innerText, height: document.documentElement.scrollHeight,
                 widths: [...document.querySelectorAll('main p, main li, main td, main dd')].map(e => Math.round(e.getBoundingClientRect().width))})"""


# Elements whose whitespace shows, whole (an element left open runs to the end of the page).
VERBATIM = re.compile(r"<(pre|textarea|code|kbd|script|style)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)


def indented(html: str) -> str:
    """What a template indented for its author would write: a blank line and indentation
    after every line break between two tags, outside the verbatim elements."""
    spans = [element.span() for element in VERBATIM.finditer(html)]
    starts = [start for start, _ in spans]

    def indent(run: re.Match) -> str:
        k = bisect.bisect_right(starts, run.start()) - 1
        return run.group(0) if k >= 0 and run.start() < spans[k][1] else "\n    \n      "

    return re.sub(r"(?<=>)\n(?=<)", indent, html)


def serve(html: str, route) -> None:
    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)


@pytest.mark.parametrize("page", PAGES)
def test_a_reader_sees_the_same_page_as_with_the_indentation(page, tmp_path_factory, browser, base_url):
    built = (real_site(tmp_path_factory) / "site" / page / "index.html").read_text(encoding="utf-8")
    assert collapse_indentation(built) == built  # the build wrote it without indentation
    assert collapse_indentation(indented(built)) == built
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    try:
        seen = []
        for html in (built, indented(built)):
            tab = context.new_page()
            tab.route(base_url + page, functools.partial(serve, html))
            tab.goto(base_url + page)
            tab.wait_for_load_state("load")
            seen.append(tab.evaluate(SEEN))
            tab.close()
        assert seen[0] == seen[1]
    finally:
        context.close()
