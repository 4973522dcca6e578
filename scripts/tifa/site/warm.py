"""A warm build: reuse the previous build's HTML of every page whose input is unchanged.

A cold build converts all of its pages with MkDocs, most of the build's time; after an
edit to one annotation, nearly all of them come out as they were. A page's HTML is a
function of its generated Markdown and of what every page shares (the templates, the
configuration, the theme and MkDocs's versions, the adapter): the *chrome*. So each
build records, per page, a digest of its Markdown and one of the HTML it wrote
(``Manifest``); the next build, given the previous site, takes a page's HTML from there
when its Markdown digest and the chrome are the same and the previous file still holds
the HTML recorded (anything else is converted again).

Rendering the Markdown is the generator's share of a build, so a page is not even
rendered when what it shows is the same: the manifest also keeps each page's *key*
(render.Renderer: its template, title, version and what it shows of the corpus, with
files named by their bytes, as a ``shown.stable`` digest). Before the generator starts,
the build lists the previous pages whose HTML it can take (same chrome, file still as
recorded, ``Manifest.known``); a page among them whose key is unchanged comes without
Markdown, and its HTML is taken as it is. Keys hold under one *generator*, a digest of
Tifa's own code (its views and templates decide what a page shows): a change there
renders every page again, and takes the HTML of those whose Markdown is the same. The
comparison with a cold build is in tests/test_warm_build.py: byte for byte, every file.

Example::

    >>> m = Manifest(chrome="c", pages={"a.md": ("m1", "h1", "k1")})
    >>> m.reusable("a.md", "m1", "c"), m.reusable("a.md", "m2", "c"), m.reusable("a.md", "m1", "d")
    ('h1', None, None)
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 4  # of the manifest file; another format is read as no manifest (a cold build)
# What a reused page is given to convert: nothing to render, and a template that renders
# nothing (overrides/tifa-reuse.html); its HTML comes from the previous build instead.
REUSE_TEMPLATE = "tifa-reuse.html"
REUSE_MARKDOWN = f"---\ntemplate: {REUSE_TEMPLATE}\n---\n".encode()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def chrome_digest(values: list[str], files: list[Path]) -> str:
    """One digest of what every page's HTML depends on besides its own Markdown:
    ``values`` (versions, the site's address) and the content of ``files`` (the
    configuration, the theme overrides, the adapter's code), in the order given."""
    h = hashlib.blake2b(digest_size=16)
    for value in values:
        h.update(value.encode() + b"\0")
    for path in files:
        h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def tree(*folders: Path, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """Every file under ``folders`` (with one of ``suffixes``, if given), in a fixed order."""
    out = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            out += [Path(root) / n for n in sorted(names) if not suffixes or n.endswith(suffixes)]
    return out


def html_path(page: str) -> str | None:
    """Where MkDocs writes generated page ``page`` (with directory URLs, as mkdocs.yml
    has them); None for a path that is not a page's inside the site.

    >>> html_path("concepts/x.md"), html_path("concepts/index.md"), html_path("../x.md")
    ('concepts/x/index.html', 'concepts/index.html', None)
    """
    parts = page.split("/")
    if not page.endswith(".md") or page.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    stem = page[:-3]
    return f"{stem}.html" if parts[-1] == "index.md" else f"{stem}/index.html"


@dataclass
class Manifest:
    """The previous build's pages: docs path -> (Markdown digest, HTML digest, key), under
    one chrome; and its search bundles: folder -> (part key, files digest)
    (tifa.site.search)."""

    chrome: str = ""
    generator: str = ""
    pages: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    search: dict[str, tuple[str, str]] = field(default_factory=dict)

    def reusable(self, path: str, markdown: str, chrome: str) -> str | None:
        """The HTML digest to expect in the previous site, when ``path`` may be reused."""
        if chrome != self.chrome:
            return None
        previous = self.pages.get(path)
        return previous[1] if previous is not None and previous[0] == markdown else None

    def known(self, chrome: str, generator: str, site: Path) -> dict[str, str]:
        """docs path -> key, of every page whose HTML a build under ``chrome`` can take
        from ``site`` (the file still holds the HTML recorded): the pages the generator
        need not render when their key is the same (none when the ``generator`` differs)."""
        if chrome != self.chrome:
            return {}
        known = {}
        for path, (_, html, key) in self.pages.items():
            dest = html_path(path)
            if dest is None:  # a manifest from elsewhere: never read a file outside the site
                continue
            try:
                if digest((site / dest).read_bytes()) == html:
                    known[path] = key if generator == self.generator else ""  # "": never a page's key
            except OSError:
                pass
        return known

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one (nothing reused) when it is missing or unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            pages = {k: (str(v[0]), str(v[1]), str(v[2])) for k, v in data["pages"].items()}
            search = {k: (str(v[0]), str(v[1])) for k, v in data["search"].items()}
            return cls(str(data["chrome"]), str(data["generator"]), pages, search)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(path.name + ".tmp")
        fresh.write_text(
            json.dumps(
                {
                    "format": FORMAT,
                    "chrome": self.chrome,
                    "generator": self.generator,
                    "pages": dict(sorted(self.pages.items())),
                    "search": dict(sorted(self.search.items())),
                }
            ),
            encoding="utf-8",
        )
        os.replace(fresh, path)
