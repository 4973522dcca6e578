"""Everything Tifa writes before MkDocs sees a file, in one call (the hook's and the
benchmark's): pages rendered one at a time straight to a folder, the small generated
files (search lookup, figure CSVs) and the redirects of renamed ids.

A cold build shares the pages out among forked processes (``workers``): MkDocs itself
uses one core, and the generator's time is what contributors wait for before it starts.
Pages are handed out in blocks to whichever process is free (``Turns``), so a process
that meets large pages gets fewer of them. The data downloads
are separate (``export.write_data``): a build writes them while MkDocs converts the
pages (``generate_site``), serving after the rebuild.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tifa.cores import default_workers
from tifa.corpus.index import Corpus
from tifa.data.kept import KeptChecks
from tifa.site import warm
from tifa.site.figures import figure_files
from tifa.site.kinds import KINDS, PageKind
from tifa.site.listings import compare_data, concept_lookup, redirect_map
from tifa.site.pages import Page, Site, pack_pages, write_pages
from tifa.site.render import iter_pages
from tifa.site.shown import Shown


@dataclass
class Generated:
    pages: dict[str, Page]  # docs-relative path -> the page, without its Markdown (that is on disk)
    written: list[str]  # the pages whose file changed
    memo: dict  # what the next run needs to reuse unchanged pages
    reused: int  # pages not rendered again
    extras: dict[str, str]  # other generated files: path -> text
    redirects: dict[str, str]  # old Markdown path -> new, for renamed ids


def generate(
    corpus: Corpus,
    site: Site,
    folder: Path,
    fingerprints: dict | None = None,
    memo: dict | None = None,
    workers: int = 1,
    after: Callable[[], None] | None = None,
    pack: bool = False,
    kinds: tuple[PageKind, ...] = KINDS,
    known: dict[str, str] | None = None,
) -> Generated:
    """Render every page into ``folder`` (only changed files are written; pages of
    records that are gone are removed). With ``fingerprints`` and the ``memo`` of the
    last run, pages whose inputs are unchanged are not rendered at all; without a memo,
    ``workers`` processes share the rendering. ``after`` runs once the pages are written
    (serving: the first data downloads). ``pack``: a build's cold run, whose pages go
    into one pack file per process in an empty ``folder`` (``render.pack_pages``).
    ``known``: a warm build's keys of the previous build's pages (see render.Renderer),
    with ``fingerprints`` as digests of the files' bytes."""
    if pack:
        folder.mkdir(parents=True)  # new and empty: packs are never updated
        memo = None
    if not folder.is_dir():
        memo = None  # nothing on disk to reuse
    pages: dict[str, Page] = {}
    # The corpus lives as long as the rendering: the cycle collector need not walk it
    # again and again (and, frozen, a forked worker shares it without copying it).
    gc.freeze()
    # Rendering keeps thousands of large young containers (a concept's occurrences, a
    # page's sources) alive for a while: a young-generation collection every 700 new
    # objects walked them again and again, 14 % of the rendering at 10,000 articles
    # (5.4 s of 37.8 s in one process). Every 200,000 it is 1.5 s, for 40 MB more.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 50, 1000)
    try:
        if workers > 1 and not memo:
            written, reused, new_memo, figures = _in_parallel(corpus, site, folder, fingerprints, workers, pages, pack, kinds, known)
        else:
            renderer: list = []
            written = _write(iter_pages(corpus, site, fingerprints, memo, renderer, kinds=kinds, known=known), folder, pages, pack)
            reused, new_memo = renderer[0].reused, renderer[0].memo
            figures = figure_files(corpus, renderer[0].shown)
        if after is not None:
            after()
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    _prune(folder, pages)
    extras = {"search/concepts.json": concept_lookup(corpus), "compare/texts.json": compare_data(corpus), **dict(sorted(figures.items()))}
    # A redirect never replaces a page (mkdocs-redirects would overwrite it silently); the
    # checker refuses the ids that could cause it (T113, T115), this keeps it so.
    redirects = {old: new for old, new in redirect_map(corpus).items() if old not in pages}
    return Generated(dict(sorted(pages.items())), sorted(written), new_memo, reused, extras, redirects)


def generate_site(
    root: Path, site: Site, folder: Path, report: Callable[[str, object], None], known: dict[str, str] | None = None, checks: KeptChecks | None = None
) -> None:
    """A whole build's generation, from the annotations under ``root``. Every page
    goes to ``folder``; then ``report("pages", (problems, what was generated or None,
    the check's summary line and how long the check and the rendering took))``
    lets MkDocs start, and the data downloads are written to the sibling ``data/``
    folder, on the core MkDocs leaves idle, before ``report("data", paths)``. A warm
    build gives ``known`` (see render.Renderer): the pages whose key it holds are not
    rendered when their key is the same. ``checks``: each file's check kept between
    builds (tifa.data.kept), taken where its bytes are the same, and saved for the next."""
    from tifa.corpus.index import build_corpus
    from tifa.data.problems import summary
    from tifa.site.export import write_data

    started = time.perf_counter()
    cache = checks.load(root) if checks is not None else None
    hits = len(cache) if cache is not None else 0
    checked, corpus = build_corpus(root / "annotations", cache=cache)
    checked_at = time.perf_counter()
    if checked.problems:
        report("pages", ([str(p) for p in checked.problems], None, summary(checked.problems, checked.files)))
        return
    # Keys compared across builds name files by their bytes (on CI every file is new).
    fingerprints = {shown: warm.digest((root / shown).read_bytes()) for shown in checked.fingerprints} if known is not None else None
    made = generate(corpus, site, folder, fingerprints, workers=default_workers(), pack=True, known=known)
    made.memo = {}
    seconds = f"{checked_at - started:.1f} s to check, {time.perf_counter() - checked_at:.1f} s to render"
    reused = f", {hits:,} of {checked.files:,} files as last checked" if checks is not None else ""
    report("pages", ([], made, f"{summary([], checked.files)}; {seconds}{reused}"))
    written = write_data(corpus, site, folder.parent / "data")
    if checks is not None:  # while MkDocs converts the pages, before the build waits for the downloads
        checks.save(cache, root)
    report("data", written)


class Turns:
    """Pages dealt out to processes that walk the same pages in the same order: the next
    ``block`` pages go to the first process to ask for them. One shared counter (the
    first page not yet taken) does it; it must be made before the processes fork.

    Blocks, not single pages: measured at 10,000 articles, two processes taking every
    other page spent 101 s of CPU where one process alone spent 61 s; with blocks of 64
    pages, 77 s (neighbouring pages share what they read from the corpus)."""

    def __init__(self, context, block: int = 64):
        self.taken = context.Value("q", 0)
        self.block = block

    def claimer(self) -> Callable[[], bool]:
        """For one process: a function called once per page, in order; True: render it."""
        position, mine_until = 0, 0

        def claim() -> bool:
            nonlocal position, mine_until
            page, position = position, position + 1
            if page < mine_until:
                return True
            with self.taken.get_lock():
                if self.taken.value > page:
                    return False  # another process has it
                mine_until = self.taken.value = page + self.block
            return True

        return claim


def _write(rendered, folder: Path, pages: dict, pack: bool) -> list[str]:
    """This process's pages: into a pack file of its own (a build), or a file each."""
    if pack:
        return pack_pages(rendered, folder / f"pages-{os.getpid()}.pack", pages)
    return write_pages(rendered, folder, index=pages)


_job: tuple = ()  # what forked workers render: (corpus, site, folder, fingerprints, turns, pack, kinds, known, primed)


def _share() -> tuple[dict, list[str], dict, dict]:
    """One process's share: its pages, and the figure CSVs of the concept pages and the
    dashboard it rendered (counted already, for the figures on those pages)."""
    corpus, site, folder, fingerprints, turns, pack, kinds, known, primed = _job
    renderer: list = []
    pages: dict[str, Page] = {}
    written = _write(iter_pages(corpus, site, fingerprints, primed, renderer, claim=turns.claimer(), kinds=kinds, known=known), folder, pages, pack)
    concepts = [path[len("concepts/") : -3] for path in pages if path.startswith("concepts/") and path.count("/") == 1]
    figures = figure_files(corpus, None, [c for c in concepts if c in corpus.concepts], dashboard="dashboard.md" in pages)
    return pages, written, renderer[0].memo if known is None else {}, figures, renderer[0].reused


def _in_parallel(corpus, site, folder, fingerprints, workers, pages, pack, kinds, known):
    global _job
    context = multiprocessing.get_context("fork")
    # A warm build's keys: what each article shows, hashed once here, not in every process.
    primed = {Shown.MEMO: Shown(corpus, fingerprints, None, {}).prime()} if known is not None else None
    _job = (corpus, site, folder, fingerprints, Turns(context), pack, kinds, known, primed)
    try:
        with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
            others = [pool.submit(_share) for _ in range(1, workers)]
            mine, written, memo, figures, reused = _share()
            pages.update(mine)
            for future in others:  # a worker's exception (or its death) is raised here
                theirs, their_written, their_memo, their_figures, their_reused = future.result()
                pages.update(theirs)
                written += their_written
                memo.update(their_memo)
                figures.update(their_figures)
                reused += their_reused
    finally:
        _job = ()
    return written, reused, memo, figures


def _prune(folder: Path, pages: dict) -> None:
    """Remove the Markdown files of pages that are gone (a record deleted or renamed)."""
    if folder.is_dir():
        for old in folder.rglob("*.md"):
            if old.relative_to(folder).as_posix() not in pages:
                old.unlink()


def site_files(corpus: Corpus, site: Site | None = None, kinds: tuple[PageKind, ...] = KINDS) -> dict[str, str]:
    """Every generated file as text, keyed by its docs-relative path: the pages and the
    other files, made by ``generate`` itself (into a scratch folder), for ``tifa pages``,
    ``tifa urls`` and the tests. Small corpora: everything is in memory at the end."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tifa-pages-") as scratch:
        made = generate(corpus, site or Site(), Path(scratch) / "pages", kinds=kinds)
        pages = {path: (Path(scratch) / "pages" / path).read_text(encoding="utf-8") for path in made.pages}
    return dict(sorted({**pages, **made.extras}.items()))
