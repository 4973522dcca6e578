"""The templates' indentation is dropped from every page (tifa/site/whitespace.py).
What a reader sees of built pages is compared in Chromium in test_browser_whitespace.py."""

from __future__ import annotations

import doctest

import pytest

from tifa.site import whitespace
from tifa.site.whitespace import collapse_indentation


def test_doctests():
    assert doctest.testmod(whitespace).attempted > 0 and doctest.testmod(whitespace).failed == 0


@pytest.mark.parametrize(
    "verbatim",
    [
        '<pre class="tifa-cite-code"><code>@misc{a,\n  title = {x},\n}\n</code></pre>',
        "<PRE>\n   upper case\n</PRE >",
        "<textarea name=t>\n  typed\n\n  text</textarea>",
        "<code>a\n    b</code>",
        "<kbd>\n  Ctrl</kbd>",
        "<script>const s = `\n    kept`;\n  if (a < b) {}</script>",
        "<style>\n  .a { color: red }\n</style>",
    ],
)
def test_what_shows_its_whitespace_is_kept_byte_for_byte(verbatim):
    page = f"<div>\n    <p>before</p>\n\n    {verbatim}\n    <p>after</p>\n</div>"
    assert collapse_indentation(page) == f"<div>\n<p>before</p>\n{verbatim}\n<p>after</p>\n</div>"


def test_an_element_left_open_keeps_the_rest_of_the_page():
    assert (
        collapse_indentation("<p>\n  <i>a</i></p>\n  <pre>\n  never closed\n    <p>\n  <b>b</b></p>")
        == "<p>\n<i>a</i></p>\n<pre>\n  never closed\n    <p>\n  <b>b</b></p>"
    )


def test_only_whitespace_between_two_tags_goes():
    """Annotation text reaches a page escaped, so its whitespace never sits between two
    tags: a note's blank lines stay as a contributor wrote them. A run with no line break
    may sit inside a line of text, where its width is the page's business."""
    assert collapse_indentation("<p>a  b\t c</p>  <p>d</p>") == "<p>a  b\t c</p>  <p>d</p>"
    assert collapse_indentation("<p>\n  a \n\n\t b\n  </p>") == "<p>\n  a \n\n\t b\n  </p>"
    note = "[x][1]\n\n[1]: javascript:alert(1)\n\n"
    assert collapse_indentation(f'<li>\n  <span data-tip="{note}">{note}</span>\n</li>') == f'<li>\n<span data-tip="{note}">{note}</span>\n</li>'


def test_names_that_only_begin_like_a_verbatim_element_are_not_one():
    assert collapse_indentation("<prefix>\n  <i>a</i></prefix>\n  <codex>\n <b>b</b></codex>") == "<prefix>\n<i>a</i></prefix>\n<codex>\n<b>b</b></codex>"


def test_hostile_input_is_one_pass():
    """Unclosed openings by the thousand, or closings with no opening: each part of the
    page is searched once (pytest-timeout stops a quadratic run)."""
    opened = "<code>\n  " * 200_000
    assert collapse_indentation(opened) == opened
    closed = "</pre>\n  " * 200_000
    assert collapse_indentation(closed) == "</pre>\n" * 199_999 + "</pre>\n  "
    spaces = ">\n" + " " * 1_000_000 + "x"  # a run that ends in text, not a tag: searched once
    assert collapse_indentation(spaces * 3) == spaces * 3
    assert collapse_indentation(collapse_indentation(closed)) == collapse_indentation(closed)
