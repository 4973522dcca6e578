"""Drop the indentation that templates leave in a page's HTML.

Material's templates and Tifa's own are indented for their authors, and every page
carries that indentation: about a tenth of an article page's bytes (blank lines and
leading spaces). A browser renders any run of whitespace that holds a line break as
one space, so the run becomes one line break and the page reads and lays out as
before. Elements whose whitespace shows are left as they are: ``pre``, ``textarea``,
``code`` and ``kbd`` (Material sets ``white-space: pre-wrap`` on the last two), and
``script`` and ``style``, whose text is not HTML.

>>> collapse_indentation('<ul>\\n    <li>a</li>\\n\\n    <li>b</li>\\n</ul>')
'<ul>\\n<li>a</li>\\n<li>b</li>\\n</ul>'
>>> collapse_indentation('<p>x</p>\\n  <pre>  a\\n    b</pre>\\n  <p>y</p>')
'<p>x</p>\\n<pre>  a\\n    b</pre>\\n<p>y</p>'
"""

from __future__ import annotations

import re

_VERBATIM = ("pre", "textarea", "code", "kbd", "script", "style")
_VERBATIM_START = re.compile(r"<(" + "|".join(_VERBATIM) + r")\b", re.IGNORECASE)
_VERBATIM_END = {name: re.compile(r"</" + name + r"\s*>", re.IGNORECASE) for name in _VERBATIM}
_INDENTATION = re.compile(r"\n[ \t\r\n]+")


def collapse_indentation(html: str) -> str:
    """Every run of whitespace after a line break, outside verbatim elements, as one
    line break. One pass from left to right: an element left open keeps the rest of
    the page as it is, so no input makes it search the same text twice."""
    parts: list[str] = []
    position = 0
    while (start := _VERBATIM_START.search(html, position)) is not None:
        parts.append(_INDENTATION.sub("\n", html[position : start.start()]))
        end = _VERBATIM_END[start.group(1).lower()].search(html, start.end())
        position = end.end() if end is not None else len(html)
        parts.append(html[start.start() : position])
    parts.append(_INDENTATION.sub("\n", html[position:]))
    return "".join(parts)
