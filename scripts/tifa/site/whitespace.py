"""Drop the indentation that templates leave between the tags of a page's HTML.

Material's templates and Tifa's own are indented for their authors, and every page
carries that indentation: blank lines and leading spaces, some 5 to 10 % of a page's
bytes. A browser renders any run of whitespace that holds a line break as one space, so
such a run between two tags becomes one line break, and the page reads and lays out as
before. Only runs between a ``>`` and a ``<`` are touched: annotation text is escaped
(``&lt;``, ``&gt;``), so its own whitespace, blank lines included, stays as written.
Elements whose whitespace shows are left as they are: ``pre``, ``textarea``, ``code``
and ``kbd`` (Material sets ``white-space: pre-wrap`` on the last two), and ``script``
and ``style``, whose text is not HTML.

>>> collapse_indentation('<ul>\\n    <li>a</li>\\n\\n    <li>b</li>\\n</ul>')
'<ul>\\n<li>a</li>\\n<li>b</li>\\n</ul>'
>>> collapse_indentation('<p>x</p>\\n  <pre>  a\\n    b</pre>\\n  <p>y\\n\\n  z</p>')
'<p>x</p>\\n<pre>  a\\n    b</pre>\\n<p>y\\n\\n  z</p>'
"""

from __future__ import annotations

import re

_VERBATIM = ("pre", "textarea", "code", "kbd", "script", "style")
_VERBATIM_START = re.compile(r"<(" + "|".join(_VERBATIM) + r")\b", re.IGNORECASE)
_VERBATIM_END = {name: re.compile(r"</" + name + r"\s*>", re.IGNORECASE) for name in _VERBATIM}
_INDENTATION = re.compile(r">\n[ \t\r\n]+(?=<)")  # the tag's ">" in the match, not behind it: four times faster


def collapse_indentation(html: str) -> str:
    """Every run of whitespace from a line break between two tags, outside verbatim
    elements, as one line break. One pass from left to right: an element left open keeps
    the rest of the page as it is, so no input makes it search the same text twice."""
    parts: list[str] = []
    position = 0
    while (start := _VERBATIM_START.search(html, position)) is not None:
        parts.append(_between(html, position, start.start()))
        end = _VERBATIM_END[start.group(1).lower()].search(html, start.end())
        position = end.end() if end is not None else len(html)
        parts.append(html[start.start() : position])
    parts.append(_between(html, position, len(html)))
    return "".join(parts)


def _between(html: str, begin: int, end: int) -> str:
    """``html[begin:end]`` collapsed, seen with one character either side: the ``>`` that
    ends a verbatim element before it and the ``<`` that starts one after it are a run's
    tags too."""
    left, right = (1 if begin > 0 else 0), (1 if end < len(html) else 0)
    collapsed = _INDENTATION.sub(">\n", html[begin - left : end + right])
    return collapsed[left : len(collapsed) - right]
