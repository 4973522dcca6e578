"""The 404 page, made to work from any address.

A host serves 404.html for any missing path, at any depth, so no relative address in it
can be right; MkDocs writes its assets as absolute paths under site_url's path
(``/tifa/assets/…``), which fail wherever the site is served from another base (from the
root, six console errors). So the page carries its stylesheets inline, and leaves out
what it cannot load: the theme's scripts (the page is static text and links; the search
box is a plain form) and the favicon (an empty one instead). Its links still point under site_url.

Example: ``self_contained(html, "/tifa/", lambda path: (site / path).read_text())``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

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
        css = read(href[len(base) :].split("?")[0])
        return "<style>" + css.replace("</", "<\\/") + "</style>"  # a stylesheet cannot end the element early

    sheets: list[str] = []

    def inline_and_keep(match: re.Match) -> str:
        out = inline(match)
        if out.startswith("<style>"):
            sheets.append(out[len("<style>") : -len("</style>")])
        return out

    # An empty icon: without one the browser asks for /favicon.ico, another 404 where the
    # site is not at the root.
    page = ICON.sub('\n      <link rel="icon" href="data:,">', SCRIPT.sub("", STYLESHEET.sub(inline_and_keep, html)))
    return page.replace("</head>", UNSCRIPTED + _dark(sheets) + "</head>", 1)


SLATE = re.compile(r'\[data-md-color-scheme=(?:slate|"slate")\]')
RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")


def _dark(sheets: list[str]) -> str:
    """The theme's script switches to the dark palette when the reader's system is dark;
    without it, the dark rules apply under the same media query instead."""
    rules = [f"{SLATE.sub('[data-md-color-scheme]', sel.strip())}{{{body}}}" for sheet in sheets for sel, body in RULE.findall(sheet) if SLATE.search(sel)]
    return f"<style>@media (prefers-color-scheme: dark) {{ {' '.join(rules)} }}</style>\n" if rules else ""


# Without the theme's script the sidebars are never sized to the screen, and a navigation
# list taller than its frame became a scrolling region no keyboard could reach (axe).
UNSCRIPTED = "<style>.md-sidebar__scrollwrap { overflow: visible; }</style>\n"


def files_in(*folders) -> Callable[[str], str]:
    """A reader for ``self_contained``: a site-relative file's text from the first of
    ``folders`` that has it (the built site, then docs/, then the theme)."""

    def read(path: str) -> str:
        for folder in folders:
            if (Path(folder) / path).is_file():
                return (Path(folder) / path).read_text(encoding="utf-8")
        raise FileNotFoundError(f"404.html: no file {path} to inline")

    return read
