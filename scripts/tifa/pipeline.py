"""Tifa's side of a site build, kept across the rebuilds of ``mkdocs serve``: check the
annotations, generate the pages (and the other files) into a folder, write the data
downloads, index the built site for search. No MkDocs here: ``tifa_mkdocs`` hands
MkDocs what this produces.

A build generates in a forked process (the corpus never enters MkDocs's process) and
writes the downloads there while MkDocs converts the pages on the other core. Serving
keeps each file's check and each page's inputs between rebuilds, so an edit renders
only the pages it changes; the downloads and the search index follow in the
background once the contributor pauses, and give way to a newer rebuild.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from tifa import forked
from tifa.corpus.index import build_corpus
from tifa.data.kept import KeptChecks
from tifa.site.export import DATA_FILES, write_data
from tifa.site.generate import generate, generate_site
from tifa.site.pages import Site
from tifa.site.search import Indexed, index_site

QUIET = 3.0  # seconds without a rebuild before the background work of serving starts


class GenerationFailed(RuntimeError):
    """The generator or the search indexer failed (a bug, not a problem in the annotations)."""


class Pipeline:
    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None
        self.pages: dict = {}  # the last good pages, kept up while annotations are broken
        self.extras: dict = {}  # the last good other generated files (search lookup, figure CSVs): path -> text
        self.redirects: dict = {}  # the last good map of renamed pages: old .md path -> new .md path
        self.files: dict = {}  # per-file check results, kept until a file's size or mtime changes
        self.memo: dict = {}  # each page's inputs when it was last rendered (its file holds the result)
        self.fingerprints: dict = {}  # serving: each annotation file's (mtime, size) at the last rebuild
        self.folder: Path | None = None  # where the last good pages were written
        self.data_folder: Path | None = None  # where the data downloads were written
        self.data = None  # serving: a function writing the new data downloads into a folder
        self.generator = None  # a build: (the generator process, its pipe) until it has written the downloads
        self.scratch = None  # a build's own folder of generated pages
        self.written: list = []  # serving: the pages whose Markdown the last generation changed
        self.rebuilds = 0  # builds so far: background work of an older one gives way
        self.background = threading.Lock()  # serving's downloads and search writer, one run at a time
        self.banner = False  # whether the pages on disk show the problems banner
        self.summary = ""  # a build: the check's summary line (tifa.data.problems.summary)

    def generate(self, root: Path, site: Site, known: dict[str, str] | None = None, checks: KeptChecks | None = None) -> list[str]:
        """Check, then generate every page; the problems found, as text (none: all is made).
        ``known``: a warm build's keys of the previous build's pages (see render.Renderer);
        ``checks``: each file's check kept between builds (tifa.data.kept)."""
        self.rebuilds += 1
        self.site = site
        folder = self._pages_folder(root)
        problems = self._warm(root, site, folder) if self.serving else self._cold(root, site, folder, known, checks)
        if self.banner != bool(problems) and self.pages:
            # The problems banner (on every page) came or went: every page must be rebuilt.
            for page in self.pages:
                os.utime(self.folder / page)
        self.banner = bool(problems)
        return problems

    def _pages_folder(self, root: Path) -> Path:
        """Serving: .cache/pages, kept between rebuilds, so `mkdocs serve --dirty` rebuilds
        only the pages whose file changed. Building: a folder of this build's own."""
        if self.serving:
            return root / ".cache" / "pages"
        if self.scratch is None:
            self.scratch = tempfile.TemporaryDirectory(prefix="tifa-build-")
        return Path(self.scratch.name) / "pages"

    def _cold(self, root: Path, site: Site, folder: Path, known: dict[str, str] | None, checks: KeptChecks | None) -> list[str]:
        # Not a daemon: it forks workers of its own.
        self.generator = forked.forked(lambda report: generate_site(root, site, folder, report, known, checks), "tifa-generator", daemon=False)
        problems, made, self.summary = self._from_generator("pages")
        if made is not None:
            self.pages, self.folder, self.data_folder = made.pages, folder, folder.parent / "data"
            self.extras, self.redirects = made.extras, made.redirects
        return problems

    def _from_generator(self, stage: str):
        """The generator process's report of ``stage``, waiting for it."""
        child, receive = self.generator
        try:
            got, result = receive.recv()
        except EOFError:
            child.join(5)
            got, result = "failed", f"the generator process ended (exit code {child.exitcode}) without a report"
        if got == "failed" or stage == "data" or result[1] is None:
            receive.close()
            child.join()
            self.generator = None
        if got == "failed":
            raise GenerationFailed(f"Tifa's generator failed:\n{result}")
        return result

    def wait_for_data(self) -> None:
        """A build: the data downloads are written (the generator's process writes them
        while MkDocs goes through the pages)."""
        if self.generator is not None:
            self._from_generator("data")

    def _warm(self, root: Path, site: Site, folder: Path) -> list[str]:
        checked, corpus = build_corpus(root / "annotations", cache=self.files)
        changed = {p for p in checked.fingerprints.keys() | self.fingerprints.keys() if checked.fingerprints.get(p) != self.fingerprints.get(p)}
        if self.fingerprints and site.history is not None:
            site.history.refresh(changed)  # edited since the history was read, or undone
        self.fingerprints = checked.fingerprints
        if checked.problems:
            return [str(p) for p in checked.problems]
        data_folder = folder.parent / "data"
        if all((data_folder / p).exists() for p in DATA_FILES):
            # The downloads of the last build are served until the background work has
            # written the new ones: an edit shows without waiting.
            self.data, after = (lambda target: write_data(corpus, site, target)), None
        else:
            self.data, after = None, (lambda: write_data(corpus, site, data_folder))
        made = generate(corpus, site, folder, checked.fingerprints, self.memo, after=after)
        self.pages, self.memo, self.folder, self.data_folder = made.pages, made.memo, folder, data_folder
        self.extras, self.redirects, self.written = made.extras, made.redirects, made.written
        return []

    def index(self, site_dir: Path, previous=None) -> Indexed | None:
        """A build's search index (``previous``: see ``index_site``); serving: the
        downloads, then the index, in the background."""
        if self.serving:
            threading.Thread(target=self._after_serve_build, args=(self.rebuilds, self.data, self.data_folder, site_dir), daemon=True).start()
            self.data = None
            return None
        done = index_site(site_dir, previous=previous)
        if done.result is not None and done.result.returncode != 0:
            raise GenerationFailed(f"search indexing failed: {done.result.stderr.strip() or done.result.stdout.strip()}")
        return done

    def index_and_wait(self, site_dir: Path, previous=None) -> tuple[Indexed | None, str]:
        """A build's search index (see ``index``), then the data downloads written: with
        how long each took (serving does both in the background)."""
        started = time.perf_counter()
        indexed = self.index(site_dir, previous)
        indexed_at = time.perf_counter()
        self.wait_for_data()
        return indexed, f"{indexed_at - started:.1f} s to index for search, then {time.perf_counter() - indexed_at:.1f} s waiting for the data downloads"

    def _after_serve_build(self, rebuild: int, data, folder: Path, site_dir: Path) -> None:
        """Data downloads, then the search index. Both wait for a pause in the editing and
        stop as soon as a newer rebuild starts, which brings its own: the downloads are
        written by a forked process, the index by Pagefind at the lowest priority."""
        time.sleep(QUIET)

        def superseded() -> bool:
            return self.rebuilds != rebuild

        with self.background:  # one at a time
            if superseded():
                return
            if data is not None:
                report = forked.result_unless(forked.forked(lambda report: report("data", list(data(folder))), "tifa-downloads", daemon=True), superseded)
                if report is None or report[0] == "failed":
                    return
                for path in report[1]:
                    (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(folder / path, site_dir / path)
            if not superseded():
                index_site(site_dir, background=True, stop=superseded)

    def shutdown(self) -> None:
        """Serving ends: background work sees a newer rebuild and stops, and is waited for, briefly."""
        self.rebuilds += 1
        if self.background.acquire(timeout=10):
            self.background.release()
        self.cleanup()

    def cleanup(self) -> None:
        """The build's own folder goes (serving keeps .cache/pages), and a generator
        process still writing downloads is stopped."""
        if self.generator is not None:
            forked.stop(self.generator)
            self.generator = None
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None
