"""The 404 page, made to work from any address.

A host serves 404.html for any missing path, at any depth, so no relative address in it
can be right; MkDocs writes its assets as absolute paths under site_url's path
(``/tifa/assets/…``), which fail wherever the site is served from another base (from the
root, six console errors). So the page carries its stylesheets inline, and leaves out
what it cannot load: the theme's scripts (the page is static text and links; the search
box is a plain form) and the favicon. Its links still point under site_url.

Example: ``self_contained(html, "/tifa/", lambda path: (site / path).read_text())``.
"""
from __future__ import annotations

import re
from collections.abc import Callable

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
SCRIPT = re.compile(r'\s*<script src="[^"]+"></script>')
ICON = re.compile(r'\s*<link rel="icon" href="[^"]+">')


def self_contained(html: str, base: str, read: Callable[[str], str]) -> str:
    """``html`` with each stylesheet under ``base`` inlined (``read`` gives a file's text
    from its site-relative path) and external scripts and the icon removed."""

    def inline(match: re.Match) -> str:
        href = match.group(1)
        if not href.startswith(base):
            return match.group(0)
        css = read(href[len(base):].split("?")[0])
        return "<style>" + css.replace("</", "<\\/") + "</style>"  # a stylesheet cannot end the element early

    return ICON.sub("", SCRIPT.sub("", STYLESHEET.sub(inline, html)))
