"""Pages whose template writes their HTML: the headings, the table of contents and the
anchors that Python-Markdown would otherwise have made.

Every generated page but the home page was raw HTML between a few `## Heading {#id}`
lines, and Python-Markdown spent about two thirds of a cold build parsing that HTML,
twice (its raw-HTML stash, and MkDocs's hunt for ids), to pass it through unchanged
(under cProfile, on the benchmark's corpus at 300 articles: 69 of 102 s; without the
profiler that build went from 36.3 s to 15.0 s when these pages skipped it). Such a page's
template writes its headings with ``section_heading()`` instead, exactly as the ``toc``
extension writes them (``permalink: true``), and the MkDocs adapter hands MkDocs the
HTML as it is, with the contents and anchors read back here.

The patterns below read only the generator's own markup: contributor text reaches a
page escaped (``"`` as ``&#34;``, ``<`` as ``&lt;``), so it can neither open a tag nor
close an attribute. Each is one scan, without nesting; a match looks back only to the
tag it stands in.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

# What the generated page's front matter says when its body is HTML, for the adapter.
HTML_BODY = "tifa_html"

_HEADING = re.compile(r'<h([2-6]) id="([^"<>]*)">([^<]*)<a class="headerlink" href="#')
# The literal prefix lets the engine skip ahead: four times faster over an article page
# than a pattern that starts at each tag (0.31 against 1.16 ms, 55 kB).
_ID = re.compile(r' id="([^"<>]*)"')


def section_heading(level: int, text: str, anchor: str) -> Markup:
    """A section heading with its permalink, as `## text {#anchor}` became. ``text`` is
    plain text; its quotes stay as they are, as Python-Markdown leaves them."""
    anchor = escape(anchor)
    return Markup(
        f'<h{level} id="{anchor}">{html.escape(text, quote=False)}<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{level}>'
    )


def toc_tokens(body: str) -> list[dict]:
    """The page's headings, nested by level, in the shape MkDocs's ``get_toc`` takes
    (Python-Markdown's ``toc_tokens``); ``name`` is the heading's HTML."""
    root: list[dict] = []
    open_: list[dict] = []  # the headings that the next one may belong to, outermost first
    for match in _HEADING.finditer(body):
        token = {"level": int(match[1]), "id": html.unescape(match[2]), "name": match[3], "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else root).append(token)
        open_.append(token)
    return root


def anchor_ids(body: str) -> set[str]:
    """Every id an element of the page carries: what links into it may name (MkDocs
    checks them, as it does a converted page's)."""
    found = set()
    for match in _ID.finditer(body):
        start = match.start()
        if body.rfind("<", 0, start) > body.rfind(">", 0, start):  # inside a tag: not text, not a script's string
            found.add(html.unescape(match[1]))
    return found
