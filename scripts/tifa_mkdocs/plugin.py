"""The one MkDocs adapter: hand MkDocs the pages and files Tifa generates.

Everything else lives in the pure ``tifa`` package (``tifa.pipeline`` checks and
generates; no MkDocs import there). The adapter keeps its state on one object, which
outlives the hooks module (MkDocs imports the hooks file again on every rebuild), and
uses MkDocs's public events and setters; the internals serving needs are in
``private.py``. While ``mkdocs serve`` runs, a broken annotation never stops the server:
its problems are logged as ``path:line:col: CODE message`` and shown in a banner, and
the last good pages stay up until the file is fixed. ``mkdocs build`` fails instead.
"""

from __future__ import annotations

import logging
import os
import signal
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from tifa.pipeline import GenerationFailed, Pipeline
from tifa.site import hosting
from tifa.site.export import DATA_FILES
from tifa.site.notfound import files_in, self_contained
from tifa.site.pages import Site
from tifa.site.render import static_page_meta
from tifa.site.versions import History
from tifa.site.whitespace import collapse_indentation
from tifa_mkdocs import private, serving
from tifa_mkdocs.downloads import Download
from tifa_mkdocs.html_pages import HtmlPages
from tifa_mkdocs.reuse import Reuse

log = logging.getLogger("mkdocs.hooks.tifa")


class Adapter:
    def __init__(self) -> None:
        self.pipeline = Pipeline()
        self.packed: dict = {}  # a build's page -> (pack file, offset, length) of its Markdown
        self.parking = None  # where converted pages wait for their template (a TemporaryDirectory)
        self.nav = self.built = self.snapshot = self.whole_rebuild = self.observer = None  # serving
        self.sigterm = None  # serving: the SIGTERM handler before ours
        self.reuse: Reuse | None = None  # a build run by `tifa site`: pages whose HTML is the previous build's
        self.html_pages = HtmlPages()
        self.downloads: list[Download] = []  # a build's data downloads, copied once written

    def on_startup(self, command: str, dirty: bool) -> None:
        self.pipeline.serving = command == "serve"

    def on_config(self, config):
        """Check everything, then generate every page straight to disk, before MkDocs looks at any file. Only one page's Markdown is in memory at a time."""
        root = Path(config.config_file_path).resolve().parent
        self.reuse = None if self.pipeline.serving else Reuse.from_environment()
        known = self.reuse.start(config) if self.reuse is not None else None
        site = Site(url=config.site_url or Site.url, name=config.site_name, repo_url=(config.repo_url or "").rstrip("/"), history=History(root))
        if self.pipeline.serving:
            # Taken before anything is read: a file changed while this build runs differs
            # from it, so the next rebuild is a whole one too.
            self.snapshot = serving.besides_annotations(config)
        try:
            problems = self.pipeline.generate(root, site, known, self.reuse.checks(root) if self.reuse is not None else None)
        except GenerationFailed as err:
            raise PluginError(str(err)) from None
        config.extra["tifa_problems"] = problems
        if not problems and not self.pipeline.serving:
            log.info(f"tifa: {self.pipeline.summary}")  # what a build spent before MkDocs reads a page
        out = None if self.pipeline.serving else os.environ.get("TIFA_PROBLEMS_OUT")
        if out and problems:  # `tifa site` prints them as `tifa check` does, once
            Path(out).write_text("".join(f"{p}\n" for p in [*problems, self.pipeline.summary]), encoding="utf-8")
        for problem in problems if not out else ():
            log.error(problem)
        if problems and not self.pipeline.serving:
            raise PluginError(f"{len(problems)} problem(s) in annotations/; the site was not built")
        if problems:
            log.error("the pages of the last good annotations stay up until these are fixed")
        redirects = config.plugins.get("redirects")
        if redirects is not None:  # renamed ids keep their old URLs (mkdocs-redirects keeps the #anchor)
            redirects.config["redirect_maps"] = {**redirects.config.get("redirect_maps", {}), **self.pipeline.redirects}
        return config

    @event_priority(100)  # before other plugins (mkdocs-redirects) look for the pages
    def on_files(self, files, config):
        tifa = self.pipeline

        def add(path: str, kind: type[File] = File, **source) -> File:
            if files.get_file_from_path(path) is not None:
                what = "page" if path.endswith(".md") else "file"
                raise PluginError(f"docs/{path} is hand-written but Tifa generates that {what}; rename the hand-written file")
            file = kind.generated(config, path, **source)
            files.append(file)
            return file

        self.packed = {}
        for page in tifa.pages.values():
            if not tifa.serving:  # its Markdown is read when MkDocs needs it (on_pre_page)
                file = add(page.path, content="")
                if page.packed is not None:
                    self.packed[page.path] = page.packed
                if self.reuse is not None:
                    self.reuse.plan(file, page)  # a page not rendered (no Markdown) takes its previous HTML
            else:
                file = add(page.path, abs_src_path=str(tifa.folder / page.path))
            # Relative to edit_uri (".../docs/"): the Edit button opens the YAML file behind the page.
            file.edit_uri = f"../{page.source}" if page.source else None
        for path, content in tifa.extras.items():
            add(path, content=content)
        # Serving copies the downloads of the last build (new ones follow in the background);
        # a build copies its own once written (tifa_mkdocs/downloads.py).
        kind = File if tifa.serving else Download
        self.downloads = [add(path, kind, abs_src_path=str(tifa.data_folder / path)) for path in (DATA_FILES if tifa.data_folder is not None else ())]
        return files

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        """Serving: what this build gathered is kept for the next edit (serving.rebuild)."""
        if self.pipeline.serving:
            self.built = serving.Built(config, files, self.nav, env, self.snapshot)
        return env

    def on_pre_page(self, page, config, files):
        """A build's page: its Markdown, from the generator's pack file, just before MkDocs reads it."""
        packed = self.packed.get(page.file.src_uri)
        reused = self.reuse.markdown(page.file.src_uri) if self.reuse is not None else None
        if reused is not None:
            page.file.content_bytes = reused
        elif packed is not None:
            pack, offset, length = packed
            with open(pack, "rb") as f:
                f.seek(offset)
                page.file.content_bytes = f.read(length)
        return page

    def on_page_markdown(self, markdown, page, config, files):
        return self.html_pages.take(markdown, page)

    # MkDocs converts every page to HTML before it writes the first one, and keeps all of
    # that HTML in memory (several gigabytes at 10,000 articles). A generated page's HTML
    # waits on disk instead, from its conversion until its template is rendered.
    @event_priority(-100)  # after any plugin that edits the HTML
    def on_page_content(self, html, page, config, files):
        html = self.html_pages.give(html, page)  # a plugin before this one saw an empty page
        if page.file.src_uri not in self.pipeline.pages:
            return html
        if self.reuse is not None and page.file.src_uri in self.reuse.reused:
            page.present_anchor_ids = None  # not converted: MkDocs checks no link to its anchors (the cold build does)
            return html
        page.markdown = None  # converted: MkDocs has no further use for it
        if page.file.src_uri in self.packed:
            page.file.content_bytes = b""  # nor for the source
        parked = self._parked(page)
        parked.parent.mkdir(parents=True, exist_ok=True)
        parked.write_text(html, encoding="utf-8")
        return ""

    def on_page_context(self, context, page, config, nav):
        generated = page.file.src_uri in self.pipeline.pages
        if not generated and self.pipeline.site is not None and "tifa" not in page.meta:
            page.meta["tifa"] = static_page_meta(self.pipeline.site, page.url, page.title, page.is_homepage)  # About pages: citable too
        parked = self._parked(page)
        if generated and parked.exists():
            page.content = parked.read_text(encoding="utf-8")
            parked.unlink()
        return context

    @event_priority(-100)  # after any plugin that edits the page
    def on_post_page(self, output, page, config):
        if page.file.src_uri in self.pipeline.pages:
            page.content = None  # written: nothing reads it again
        output = collapse_indentation(output)  # a tenth of a page's bytes: the templates' indentation
        return self.reuse.output(page.file.src_uri, output) if self.reuse is not None else output

    def _parked(self, page) -> Path:
        if self.parking is None:
            self.parking = tempfile.TemporaryDirectory(prefix="tifa-html-")
        return Path(self.parking.name) / (page.file.src_uri + ".html")

    def on_post_template(self, output: str, template_name: str, config) -> str:
        """404.html carries its styles inline and loads nothing: it is served at any path, from any base (tifa/site/notfound.py)."""
        if template_name != "404.html":
            return output

        return self_contained(output, urlsplit(config.site_url or "/").path or "/", files_in(config.site_dir, config.docs_dir, *config.theme.dirs))

    def on_post_build(self, config) -> None:
        """Index the built pages for search, then copy the data downloads once the generator has written them (serving: both in the background)."""
        try:
            indexed, spent = self.pipeline.index_and_wait(Path(config.site_dir), self.reuse.search() if self.reuse is not None else None)
        except GenerationFailed as err:
            raise PluginError(str(err)) from None
        for download in (d for d in self.downloads if isinstance(d, Download)):  # a build's (serving: MkDocs copies them)
            download.copy_now()
        self._cleanup()
        if not self.pipeline.serving:
            log.info(f"tifa: {spent}")
        if self.reuse is not None and indexed is not None:
            log.info(f"tifa: {self.reuse.finish(indexed)}")
        if not self.pipeline.serving:  # what the host will be asked to take (`tifa size` checks it)
            log.info(f"tifa: site {hosting.report(hosting.weigh(Path(config.site_dir)), hosting.HOSTS['github-pages'])}")

    def on_build_error(self, error) -> None:
        self.built = None  # the next rebuild is a whole one
        self.reuse = None  # and no manifest is left for a site that was not built
        self._cleanup()

    def on_serve(self, server, config, builder):
        """An edit to annotations/ only is rebuilt by serving.rebuild, where this MkDocs allows."""
        if private.available(server):
            self.whole_rebuild = builder
            server.builder = lambda: serving.rebuild(self)
            self.observer = serving.watch_annotations(server, config)
        # A supervisor, `kill` or a test stops the server with SIGTERM, which ends Python
        # without any clean-up: MkDocs's temporary site folder, the downloads' process and a
        # running Pagefind were left behind. Taken as Ctrl-C, it ends as Ctrl-C does (MkDocs
        # shuts down, then on_shutdown), while serving only.
        self.sigterm = signal.signal(signal.SIGTERM, _interrupt)
        return server

    def on_shutdown(self) -> None:
        self.pipeline.shutdown()
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None
        if self.sigterm is not None:
            signal.signal(signal.SIGTERM, self.sigterm)
            self.sigterm = None
        self._cleanup()

    def _cleanup(self) -> None:
        self.pipeline.cleanup()
        if self.parking is not None:
            self.parking.cleanup()
            self.parking = None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


ADAPTER = Adapter()  # one per process: the hooks module is imported again on every rebuild
EVENTS = tuple(name for name in vars(Adapter) if name.startswith("on_"))  # each method named after an event
