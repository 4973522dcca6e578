"""Everything Tifa writes before MkDocs sees a file, in one call (the hook's and the
benchmark's): pages rendered one at a time straight to a folder, the small generated
files (search lookup, figure CSVs) and the redirects of renamed ids.

The data downloads are separate (``export.data_files``): serving writes them after the
build, so an edit shows without waiting for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .charts import figure_files
from .corpus import Corpus
from .render import Page, Site, concept_lookup, iter_pages, redirect_map, write_pages


@dataclass
class Generated:
    pages: dict[str, Page]  # docs-relative path -> the page, without its Markdown (that is on disk)
    written: list[str]  # the pages whose file changed
    memo: dict  # what the next run needs to reuse unchanged pages
    reused: int  # pages not rendered again
    extras: dict[str, str]  # other generated files: path -> text
    redirects: dict[str, str]  # old Markdown path -> new, for renamed ids


def generate(corpus: Corpus, site: Site, folder: Path, fingerprints: dict | None = None, memo: dict | None = None) -> Generated:
    """Render every page into ``folder`` (only changed files are written; pages of
    records that are gone are removed). With ``fingerprints`` and the ``memo`` of the
    last run, pages whose inputs are unchanged are not rendered at all."""
    if not folder.is_dir():
        memo = None  # nothing on disk to reuse
    renderer: list = []
    pages: dict[str, Page] = {}
    written = write_pages(iter_pages(corpus, site, fingerprints, memo, renderer), folder, prune=True, index=pages)
    extras = {"search/concepts.json": concept_lookup(corpus), **figure_files(corpus, fingerprints)}
    return Generated(pages, written, renderer[0].memo, renderer[0].reused, extras, redirect_map(corpus))
