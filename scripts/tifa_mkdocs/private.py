"""The only MkDocs internals Tifa uses, in one place, for one purpose: while serving,
an edit to annotations/ rebuilds only the pages it changed (MkDocs's whole rebuild
spent about 2 s at 1,000 articles before converting the first changed page), and it
starts at once, from a file event, instead of at MkDocs's next half-second poll.

Each name is checked against the MkDocs version it was written for; where one is
missing (another MkDocs), ``available()`` is false and serving falls back to MkDocs's
own rebuild and polling, slower but correct. tests/test_mkdocs_private.py fails when a
new MkDocs changes any of them.
"""

from __future__ import annotations

import mkdocs
from mkdocs.commands import build as mkdocs_build

WRITTEN_FOR = ("1.6",)  # MkDocs versions (major.minor) whose internals these are


def available(server=None) -> bool:
    """Whether this MkDocs has the internals below (and ``server`` its rebuild condition)."""
    version = ".".join(mkdocs.__version__.split(".")[:2])
    names = hasattr(mkdocs_build, "_populate_page") and hasattr(mkdocs_build, "_build_page")
    serving = server is None or (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild"))
    return version in WRITTEN_FOR and names and serving


def rebuild_pages(paths, config, files, nav, env, pages) -> None:
    """Convert and write again the pages at ``paths`` (docs-relative), as MkDocs's build
    loop does for each page (``mkdocs.commands.build``: populate, then build)."""
    for path in paths:
        page = files.get_file_from_path(path).page
        mkdocs_build._populate_page(page, config, files)
        mkdocs_build._build_page(page, config, pages, nav, env)


def request_rebuild(server) -> None:
    """Wake the live-reload server's rebuild loop, as its own file watcher does
    (``LiveReloadServer.watch``'s callback)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
