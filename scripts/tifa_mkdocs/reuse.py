"""The adapter's side of a warm build (tifa.site.warm): which generated pages take their
HTML from the previous build, and the manifest this build leaves for the next one.

``tifa site`` turns it on through the environment: ``TIFA_MANIFEST_OUT`` (where this
build records its pages), and for a warm build ``TIFA_PREVIOUS_SITE`` with
``TIFA_MANIFEST_IN`` (the last site built and its manifest). A plain ``mkdocs build``
sets none of them and converts every page.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import platform
import time
from pathlib import Path

import tifa
from tifa.data.kept import KeptChecks
from tifa.site import headings
from tifa.site.warm import REUSE_MARKDOWN, Manifest, chrome_digest, digest, tree

log = logging.getLogger("mkdocs.hooks.tifa")

# Whatever decides a page's HTML besides what it shows of the corpus, as installed versions
# (PyYAML writes the pages' front matter).
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "mkdocs-redirects", "jinja2", "pyyaml")


class Reuse:
    def __init__(self, previous_site: Path | None, manifest_in: Path | None, manifest_out: Path) -> None:
        self.previous_site = previous_site
        self.previous = Manifest.load(manifest_in) if previous_site is not None and manifest_in is not None else Manifest()
        self.out = manifest_out
        self.fresh = Manifest()
        self.keys: dict[str, tuple[str, str]] = {}  # generated page -> (Markdown digest and source, what it shows)
        self.reused: dict[str, tuple[Path, str]] = {}  # generated page -> its previous HTML file, and that file's digest
        self.unrendered = 0  # generated pages the generator did not render
        self.taken: dict[str, str] = {}  # previous page -> its key, when its HTML may be taken (Manifest.known)

    @classmethod
    def from_environment(cls) -> Reuse | None:
        out = os.environ.get("TIFA_MANIFEST_OUT")
        if not out:
            return None
        previous, manifest = os.environ.get("TIFA_PREVIOUS_SITE"), os.environ.get("TIFA_MANIFEST_IN")
        return cls(Path(previous) if previous else None, Path(manifest) if manifest else None, Path(out))

    def start(self, config) -> dict[str, str]:
        """The chrome every page shares, before any page is planned; and the previous
        pages the generator need not render if their key is the same (none in a cold
        build, which still records every page's key for the next)."""
        root = Path(config.config_file_path).resolve().parent
        versions = [f"{name}={_version(name)}" for name in DISTRIBUTIONS]
        overrides = [root / custom] if (custom := config.theme.custom_dir) else []  # joined: an absolute path stays as it is
        # headings.py: the contents and anchors of an HTML page are read from it here, so
        # the same source can give other HTML when it changes.
        files = [Path(config.config_file_path), *tree(*overrides), *tree(Path(__file__).parent, suffixes=(".py",)), Path(headings.__file__)]
        chrome = chrome_digest([*versions, f"site_url={config.site_url}"], files)
        # What a page's key stands for: Tifa's code, whose views and templates decide
        # what a page shows (a page kept by its key is not rendered to find out).
        code = tree(Path(tifa.__file__).parent, suffixes=(".py", ".html", ".md", ".txt", ".json"))
        self.fresh = Manifest(chrome, chrome_digest([f"python={platform.python_version()}"], code))
        if self.previous_site is None or not config.use_directory_urls:  # pages are read where warm.html_path says
            return {}
        started = time.perf_counter()
        self.taken = self.previous.known(chrome, self.fresh.generator, self.previous_site)
        if self.taken:
            log.info(f"tifa: {len(self.taken):,} pages of the last site still hold the HTML recorded (read in {time.perf_counter() - started:.1f} s)")
        return self.taken

    def plan(self, file, page) -> None:
        """Whether generated ``page`` (its MkDocs ``file``) is reused: not rendered, as its
        key is the previous build's, or rendered to the same Markdown; under the same chrome,
        and the previous site still holds the HTML recorded for it (``start`` read it)."""
        src = file.src_uri
        if page.packed is None:  # not rendered: Renderer found its key among the known ones
            self.unrendered += 1
            markdown, html, _ = self.previous.pages[src]
            self.keys[src] = (markdown, page.key)
            self.reused[src] = (self.previous_site / file.dest_uri, html)
            return
        markdown = digest(f"{page.digest}\0{page.source}".encode())
        self.keys[src] = (markdown, page.key or "")
        expected = self.previous.reusable(src, markdown, self.fresh.chrome)
        if expected is not None and src in self.taken:  # its file holds that HTML
            self.reused[src] = (self.previous_site / file.dest_uri, expected)

    def checks(self, root: Path) -> KeptChecks:
        """Each annotation file's check, kept beside the manifest (tifa.data.kept): read by
        a warm build, written by every build that leaves a manifest."""
        return KeptChecks(root / ".cache" / "tifa" / "checks", read=self.previous_site is not None)

    def markdown(self, src_uri: str) -> bytes | None:
        """What a reused page converts (nothing); None for a page converted as usual."""
        return REUSE_MARKDOWN if src_uri in self.reused else None

    def output(self, src_uri: str, output: str) -> str:
        """The page's HTML as MkDocs will write it (a reused page's from the previous
        site), recorded for the next build."""
        if src_uri not in self.keys:
            return output
        markdown, key = self.keys[src_uri]
        if src_uri in self.reused:  # checked against its digest before the generator started
            old, html = self.reused[src_uri]
            self.fresh.pages[src_uri] = (markdown, html, key)
            return old.read_bytes().decode("utf-8")  # not read_text: its newline translation would change the bytes
        self.fresh.pages[src_uri] = (markdown, digest(output.encode("utf-8", errors="xmlcharrefreplace")), key)
        return output

    def search(self) -> tuple[Path | None, dict[str, tuple[str, str]]]:
        """The previous build's search bundles that this one may keep (tifa.site.search)."""
        return self.previous_site, self.previous.search

    def finish(self, indexed) -> str:
        self.fresh.search = indexed.bundles
        self.fresh.save(self.out)
        return (
            f"rendered {len(self.keys) - self.unrendered:,} and reused the HTML of {len(self.reused):,} of {len(self.keys):,} generated pages "
            "from the previous build, "
            f"and the search index of {indexed.kept:,} of {len(indexed.bundles):,} parts"
        )


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"
