"""Serving: an edit to annotations/ alone rebuilds only the pages it changed, and
annotations/ is watched through the system's file events. Everything else (an edit
elsewhere, a problem in the annotations, a page added or removed) takes MkDocs's own
rebuild."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.structure.files import InclusionLevel

from tifa import watching
from tifa_mkdocs import private

log = logging.getLogger("mkdocs.hooks.tifa")


def watch_annotations(server, config):
    """The observer of annotations/, or None where MkDocs keeps polling it. MkDocs looks
    for changes by listing every watched folder every half second: a save waited 0.14 to
    0.61 s before its rebuild began (measured at 1,000 articles), and each look stats
    every annotation file."""
    annotations = os.path.realpath(Path(config.config_file_path).parent / "annotations")
    listed = [w for w in config.watch if os.path.realpath(w) == annotations]  # however it was written
    if not listed or not private.available(server):
        return None
    observer = watching.on_change(annotations, lambda: private.request_rebuild(server))
    if observer is not None:
        for entry in listed:  # MkDocs watches what is left in the list after on_serve
            config.watch.remove(entry)
        log.info("Watching 'annotations' for changes through file events")
    return observer


def besides_annotations(config) -> tuple:
    """Every watched file outside annotations/: any change there (a page, a template,
    the configuration, Tifa's code) needs a whole build. The theme's own folder
    (custom_dir) is watched; installed themes are not (Material's thousands of icons
    took a quarter of a second to list on every edit)."""
    root = Path(config.config_file_path).resolve().parent
    theme = [config.theme.custom_dir] if config.theme.custom_dir else []
    places = [p if Path(p).is_absolute() else root / p for p in [config.docs_dir, config.config_file_path, *theme, *config.watch]]
    return watching.snapshot(places, root / "annotations")


class Built:
    """What MkDocs gathered in the last whole build, reused by the next edit."""

    def __init__(self, config, files, nav, env, snapshot):
        self.config, self.files, self.nav, self.env, self.snapshot = config, files, nav, env, snapshot


def rebuild(adapter) -> None:
    """The server's builder while Tifa serves: after an edit to annotations/ only, the
    pages whose Markdown changed are converted and written again; MkDocs's live reload
    then refreshes the browser."""
    built, tifa = adapter.built, adapter.pipeline
    if built is None or besides_annotations(built.config) != built.snapshot:
        return adapter.whole_rebuild()
    started = time.perf_counter()
    config, files = built.config, built.files
    before = set(tifa.pages), dict(tifa.extras), dict(tifa.redirects), tifa.banner
    problems = tifa.generate(Path(config.config_file_path).resolve().parent, tifa.site)
    if problems or before[3] or set(tifa.pages) != before[0] or tifa.extras.keys() != before[1].keys() or tifa.redirects != before[2]:
        return adapter.whole_rebuild()  # its generation finds every page up to date already
    log.info("Detected an edit to annotations/ only: rebuilding the pages it changes")
    pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    private.rebuild_pages(tifa.written, config, files, built.nav, built.env, pages)
    for path, content in tifa.extras.items():
        if content != before[1][path]:
            file = files.get_file_from_path(path)
            file.content_string = content
            file.copy_file()
    config.plugins.on_post_build(config=config)
    log.info(f"tifa: {len(tifa.written)} page(s) rebuilt in {time.perf_counter() - started:.2f} s")
