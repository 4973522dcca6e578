"""The one MkDocs adapter: hand the generated pages of the corpus to MkDocs.

Everything else lives in the pure ``tifa`` package (no MkDocs import there), so the
same pages can be written to a folder for tools that ignore hooks (``python -m tifa
pages``). While ``mkdocs serve`` runs, a broken annotation never stops the server: its
problems are logged as ``path:line:col: CODE message`` and shown in a banner, and the
last good pages stay up until the file is fixed. ``mkdocs build`` fails instead.
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # MkDocs loads hooks by file path

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from tifa import session  # noqa: E402
from tifa.corpus import build_corpus  # noqa: E402
from tifa.export import data_files  # noqa: E402
from tifa.charts import figure_files  # noqa: E402
from tifa.render import Site, concept_lookup, redirect_map, render_all, write_pages  # noqa: E402
from tifa.versions import History  # noqa: E402
from tifa.search import index_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.tifa")


def on_startup(command: str, dirty: bool) -> None:
    session.command = command


def on_config(config):
    """Check and render everything once, before MkDocs looks at any file."""
    root = Path(config.config_file_path).resolve().parent
    checked, corpus = build_corpus(root / "annotations", cache=session.files)
    config.extra["tifa_problems"] = [str(p) for p in checked.problems]
    if checked.problems:
        for problem in checked.problems:
            log.error(str(problem))
        if session.command != "serve":
            raise PluginError(f"{len(checked.problems)} problem(s) in annotations/; the site was not built")
        log.error("the pages of the last good annotations stay up until these are fixed")
    else:
        site = Site(url=config.site_url or Site.url, name=config.site_name,
                    repo_url=(config.repo_url or "").rstrip("/"), history=History(root))
        renderer: list = []
        session.pages = render_all(corpus, site, checked.fingerprints, session.memo, renderer)
        session.memo = renderer[0].memo
        log.debug(f"tifa: {renderer[0].reused} of {len(session.pages)} pages unchanged")
        session.extras = {"search/concepts.json": concept_lookup(corpus), **data_files(corpus, site), **figure_files(corpus, checked.fingerprints)}
        session.redirects = redirect_map(corpus)
    redirects = config.plugins.get("redirects")
    if redirects is not None:  # renamed ids keep their old URLs (mkdocs-redirects keeps the #anchor)
        redirects.config["redirect_maps"] = {**redirects.config.get("redirect_maps", {}), **session.redirects}
    return config


@event_priority(100)  # before other plugins (mkdocs-redirects) look for the pages
def on_files(files, config):
    folder = None
    if session.command == "serve":
        # `mkdocs serve --dirty` rebuilds a page only when its source file is newer than
        # its HTML: pages are written to a folder of their own, and only when changed.
        folder = Path(config.config_file_path).resolve().parent / ".cache" / "pages"
        write_pages(session.pages, folder, prune=True, touch_all=session.banner != bool(config.extra["tifa_problems"]))
        session.banner = bool(config.extra["tifa_problems"])
    for page in session.pages.values():
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(f"docs/{page.path} is hand-written but Tifa generates that page; rename the hand-written file")
        if folder is not None:
            file = File.generated(config, page.path, abs_src_path=str(folder / page.path))
        else:
            file = File.generated(config, page.path, content=page.markdown)
        # Relative to edit_uri (".../docs/"): the Edit button opens the YAML file behind the page.
        file.edit_uri = f"../{page.source}" if page.source else None
        files.append(file)
    for path, content in session.extras.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is hand-written but Tifa generates that file; rename the hand-written file")
        files.append(File.generated(config, path, content=content))
    return files


def on_post_build(config) -> None:
    """Index the built pages for search. While serving, in the background: a rebuild
    after an edit shows at once, and search catches up a moment later."""
    if session.command == "serve":
        threading.Thread(target=index_site, args=(config.site_dir,), daemon=True).start()
        return
    result = index_site(config.site_dir)
    if result.returncode != 0:
        raise PluginError(f"search indexing failed: {result.stderr.strip() or result.stdout.strip()}")
