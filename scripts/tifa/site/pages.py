"""Where pages go: the site's address, the one URL builder, a generated page with its
front matter, long lists split into pages, and the two ways pages reach disk (a pack
file for a cold build, a file each for serving)."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tifa.site.versions import History
from tifa.site.warm import digest
from tifa.vocab import FOLDERS

PAGE_SIZE = 200  # concordance rows a page: a concept with 10,000 occurrences stays under 1 MB a page


def url_of(kind: str, ident: str | None = None) -> str:
    """Site-relative URL: url_of('concept', 'x') == 'concepts/x/'; url_of('concept') == 'concepts/'."""
    return f"{FOLDERS[kind]}/{ident}/" if ident else f"{FOLDERS[kind]}/"


@dataclass(frozen=True)
class Site:
    """What pages need to know about where they are published."""

    url: str = "https://tifa-atlas.github.io/tifa/"
    name: str = "Tifa 提法"
    repo_url: str = ""
    history: History | None = None  # None: pages say "unversioned"

    def absolute(self, path: str) -> str:
        """The public URL of a site path: absolute('concepts/x/')."""
        return self.url.rstrip("/") + "/" + path

    def address(self, kind: str, ident: str | None = None) -> str:
        """The public URL of a record, a section or a site path: address('concept', 'x'),
        address('concept') for its index, address('dashboard') for a page's folder."""
        return self.absolute(url_of(kind, ident) if kind in FOLDERS else f"{kind}/")


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, what it says, and the files it came from."""

    path: str  # docs-relative Markdown path, e.g. concepts/new-quality-productive-forces.md
    markdown: str | None  # None: unchanged since the previous run, its file is written already
    source: str | None = None  # annotations/... file behind it (the Edit button), None for indexes
    packed: tuple[str, int, int] | None = None  # a build's page: (pack file, offset, length) of its Markdown
    digest: str | None = None  # a build's page: its Markdown's digest (tifa.site.warm)
    key: str | None = None  # a warm build's page: what it shows, as a digest (render.Renderer)

    @property
    def url(self) -> str:
        stem = self.path[:-3]
        if stem == "index":
            return ""
        return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def front_matter(title: str, description: str, **extra) -> str:
    meta = {"title": html.escape(title), "description": html.escape(description), **extra}
    # libyaml's emitter: the pure-Python one cost more than rendering the pages.
    return "---\n" + yaml.dump(meta, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=True, width=10**6) + "---\n\n"


def paginate(items: list) -> list[list]:
    """Split a long list into pages of PAGE_SIZE; an empty list is one empty page."""
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


@dataclass(frozen=True)
class Pager:
    """Where the pieces of a long list live: page 1 is the record's own page, page n
    is <base><name>/<n>/ (each a citable page of its own)."""

    base: str  # e.g. concepts/x/
    name: str  # e.g. occurrences
    count: int
    total: int
    current: int = 1

    def at(self, number: int) -> Pager:
        return Pager(self.base, self.name, self.count, self.total, number)

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}{self.name}/{number}/"

    def page_of(self, index: int) -> int:
        return index // PAGE_SIZE + 1


def pack_pages(pages: Iterable[Page | None], pack: Path, index: dict) -> list[str]:
    """A build's pages, one after another in one new file, ``pack``; ``index`` receives
    path -> the page with where its Markdown is (``packed``). Returns the paths written.

    A cold build writes every page once and removes them all at its end, so nothing is
    gained by a file each: creating a file costs 0.47 ms of kernel time on the
    benchmark's machine, appending a page to one 0.02 ms (12,028 pages at 10,000
    articles). Serving keeps a file per page (``write_pages``), to rewrite only those
    an edit changes. A page without Markdown (a warm build's, unchanged) is indexed as
    it is, and not written."""
    written = []
    with open(pack, "xb") as out:
        for page in pages:
            if page is None:
                continue
            if page.markdown is None:  # a warm build's unchanged page: its HTML is the previous build's
                index[page.path] = page
                continue
            data = page.markdown.encode("utf-8")
            index[page.path] = Page(page.path, None, page.source, (str(pack), out.tell(), len(data)), digest(data), page.key)
            out.write(data)
            written.append(page.path)
    return written


def write_pages(pages: Iterable[Page | None] | dict[str, Page], out: Path, index: dict | None = None) -> list[str]:
    """Write pages under ``out``, one at a time as they come (a dict of pages works too).

    Writes a file only when its content changed, so `mkdocs serve --dirty` rebuilds only
    those; a page without Markdown (unchanged since the last run) is left as it is, and
    None (another process's page) is skipped. Never writes outside ``out``; ``index``
    receives path -> the page without its Markdown. Returns the paths written.
    """
    out = out.resolve()
    written = []
    for page in pages.values() if isinstance(pages, dict) else pages:
        if page is None:
            continue
        if index is not None:
            index[page.path] = Page(page.path, None, page.source)
        if page.markdown is None:
            if not os.path.exists(os.path.join(out, page.path)):
                raise FileNotFoundError(f"{out / page.path}: a page kept from the last run is missing; render it again")
            continue
        target = (out / page.path).resolve()  # only where a file is written (resolving every path cost 0.3 s an edit)
        if out not in target.parents:
            raise ValueError(f"refusing to write outside {out}: {page.path}")
        data = page.markdown.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(page.path)
    return written
