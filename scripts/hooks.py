"""The one MkDocs adapter: hand the generated pages of the corpus to MkDocs.

Everything else lives in the pure ``tifa`` package (no MkDocs import there), so the
same pages can be written to a folder for tools that ignore hooks (``python -m tifa
pages``). While ``mkdocs serve`` runs, a broken annotation never stops the server: its
problems are logged as ``path:line:col: CODE message`` and shown in a banner, and the
last good pages stay up until the file is fixed. ``mkdocs build`` fails instead.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))  # MkDocs loads hooks by file path

from mkdocs.commands import build as mkdocs_build  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from watchdog.events import (EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED,  # noqa: E402
                             EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, FileSystemEventHandler)
from watchdog.observers import Observer  # noqa: E402

from tifa import session  # noqa: E402
from tifa.cite import Record  # noqa: E402
from tifa.corpus import build_corpus  # noqa: E402
from tifa.export import DATA_FILES, write_data  # noqa: E402
from tifa.generate import generate, generate_site  # noqa: E402
from tifa.notfound import self_contained  # noqa: E402
from tifa.render import Site, page_meta  # noqa: E402
from tifa.search import index_site  # noqa: E402
from tifa.versions import UNKNOWN, History  # noqa: E402

log = logging.getLogger("mkdocs.hooks.tifa")


def on_startup(command: str, dirty: bool) -> None:
    session.command = command


def _pages_folder(root: Path) -> Path:
    """Where the generated Markdown goes. Serving: .cache/pages, kept between rebuilds,
    so `mkdocs serve --dirty` rebuilds only the pages whose file changed. Building: a
    folder of this build's own, removed when it ends."""
    if session.command == "serve":
        return root / ".cache" / "pages"
    if session.scratch is None:
        session.scratch = tempfile.TemporaryDirectory(prefix="tifa-build-")
    return Path(session.scratch.name) / "pages"


def on_config(config):
    """Check everything, then render every page straight to disk, before MkDocs looks
    at any file. Only one page's Markdown is in memory at a time."""
    root = Path(config.config_file_path).resolve().parent
    session.rebuilds += 1
    site = Site(url=config.site_url or Site.url, name=config.site_name,
                repo_url=(config.repo_url or "").rstrip("/"), history=History(root))
    folder = _pages_folder(root)
    session.site = site
    if session.command == "serve":
        # Taken before anything is read: a file changed while this build runs differs
        # from it, so the next rebuild is a whole one too.
        session.snapshot = _besides_annotations(config)
        problems = _generate_for_serve(root, site, folder)
    else:
        problems, made = _generate_for_build(root, site, folder)
        if made is not None:
            session.pages, session.folder, session.data_folder = made.pages, folder, folder.parent / "data"
            session.extras, session.redirects = made.extras, made.redirects
    config.extra["tifa_problems"] = problems
    if problems:
        for problem in problems:
            log.error(problem)
        if session.command != "serve":
            raise PluginError(f"{len(problems)} problem(s) in annotations/; the site was not built")
        log.error("the pages of the last good annotations stay up until these are fixed")
    if session.banner != bool(problems) and session.pages:
        # The problems banner (on every page) came or went: every page must be rebuilt.
        for page in session.pages:
            os.utime(session.folder / page)
    session.banner = bool(problems)
    redirects = config.plugins.get("redirects")
    if redirects is not None:  # renamed ids keep their old URLs (mkdocs-redirects keeps the #anchor)
        redirects.config["redirect_maps"] = {**redirects.config.get("redirect_maps", {}), **session.redirects}
    return config


def _generate_for_build(root: Path, site: Site, folder: Path):
    """A build generates in a process of its own: the corpus (a gigabyte at 10,000
    articles) never enters MkDocs's process. That process reports the pages, then writes
    the data downloads while MkDocs converts the pages on the other core; ``on_env``
    waits for them, before MkDocs copies files."""
    # Not a daemon: it forks workers of its own.
    session.generator = _forked(lambda report: generate_site(root, site, folder, report), "tifa-generator", daemon=False)
    return _from_generator("pages")


def _forked(work, name: str, daemon: bool):
    """(process, receiving end): ``work(report)`` run in a forked process (it shares the
    corpus without copying it); ``report(stage, result)`` sends to this process, and a
    failure arrives as ("failed", its traceback)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, work), name=name, daemon=daemon)
    child.start()
    send.close()
    return child, receive


def _child(send, work) -> None:
    import traceback

    try:
        work(lambda stage, result: send.send((stage, result)))
    except BaseException:  # noqa: BLE001 - shown by the parent process
        send.send(("failed", traceback.format_exc()))
    finally:
        send.close()


def _from_generator(stage: str):
    """The generator process's report of ``stage``, waiting for it."""
    child, receive = session.generator
    try:
        got, result = receive.recv()
    except EOFError:
        child.join(5)
        got, result = "failed", f"the generator process ended (exit code {child.exitcode}) without a report"
    if got == "failed" or stage == "data" or result[1] is None:
        receive.close()
        child.join()
        session.generator = None
    if got == "failed":
        raise PluginError(f"Tifa's generator failed:\n{result}")
    return result


def on_nav(nav, config, files):
    session.nav = nav
    return nav


def on_env(env, config, files):
    """A build: the data downloads must be written before MkDocs copies the files.
    Serving: what this build gathered is kept for the next edit (see _rebuild)."""
    if session.generator is not None:
        _from_generator("data")
    if session.command == "serve":
        session.built = Built(config, files, session.nav, env, session.snapshot)
    return env


def _generate_for_serve(root: Path, site: Site, folder: Path) -> list[str]:
    """Serving keeps each file's check and each page's inputs between rebuilds, so an
    edit renders only the pages it can change; the downloads are written afterwards."""
    checked, corpus = build_corpus(root / "annotations", cache=session.files)
    if checked.problems:
        return [str(p) for p in checked.problems]
    data_folder = folder.parent / "data"
    if all((data_folder / p).exists() for p in DATA_FILES):
        # The downloads of the last build are served until the background thread
        # (on_post_build) has written the new ones; an edit shows without waiting.
        session.data, after = (lambda target: write_data(corpus, site, target)), None
    else:
        session.data, after = None, (lambda: write_data(corpus, site, data_folder))
    made = generate(corpus, site, folder, checked.fingerprints, session.memo, after=after)
    session.pages, session.memo, session.folder, session.data_folder = made.pages, made.memo, folder, data_folder
    session.extras, session.redirects, session.written = made.extras, made.redirects, made.written
    log.debug(f"tifa: {len(made.written)} of {len(made.pages)} pages written, {made.reused} unchanged")
    return []


@event_priority(100)  # before other plugins (mkdocs-redirects) look for the pages
def on_files(files, config):
    def add(path: str, kind: type[File] = File, **source) -> File:
        if files.get_file_from_path(path) is not None:
            what = "page" if path.endswith(".md") else "file"
            raise PluginError(f"docs/{path} is hand-written but Tifa generates that {what}; rename the hand-written file")
        file = kind.generated(config, path, **source)
        files.append(file)
        return file

    for page in session.pages.values():
        if page.packed is not None:
            file = add(page.path, _Packed, content="")
            file.packed = page.packed
        else:
            file = add(page.path, abs_src_path=str(session.folder / page.path))
        # Relative to edit_uri (".../docs/"): the Edit button opens the YAML file behind the page.
        file.edit_uri = f"../{page.source}" if page.source else None
    for path, content in session.extras.items():
        add(path, content=content)
    for path in DATA_FILES if session.data_folder is not None else ():
        add(path, abs_src_path=str(session.data_folder / path))
    return files


class _Packed(File):
    """A built page whose Markdown is a slice of a pack file of the generator's
    (``render.pack_pages``), read when MkDocs asks for it. Setting its content, as
    a plugin may, makes it an ordinary in-memory file."""

    packed: tuple[str, int, int] | None = None

    @property
    def content_bytes(self) -> bytes:
        if self.packed is None:
            return File.content_bytes.fget(self)
        pack, offset, length = self.packed
        with open(pack, "rb") as f:
            f.seek(offset)
            return f.read(length)

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed = None
        File.content_bytes.fset(self, value)

    @property
    def content_string(self) -> str:
        if self.packed is None:
            return File.content_string.fget(self)
        return self.content_bytes.decode("utf-8-sig")  # as MkDocs reads a page's file

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed = None
        File.content_string.fset(self, value)


# MkDocs converts every page to HTML before it writes the first one, and keeps all of
# that HTML in memory (several gigabytes at 10,000 articles). A generated page's HTML
# waits on disk instead, from its conversion until its template is rendered.
@event_priority(-100)  # after any plugin that edits the HTML
def on_page_content(html, page, config, files):
    if page.file.src_uri not in session.pages:
        return html
    page.markdown = None  # converted: MkDocs has no further use for it
    parked = _parked(page)
    parked.parent.mkdir(parents=True, exist_ok=True)
    parked.write_text(html, encoding="utf-8")
    return ""


def on_page_context(context, page, config, nav):
    if page.file.src_uri not in session.pages and session.site is not None and "tifa" not in page.meta:
        page.meta["tifa"] = _static_meta(page)  # the home page, Method, Data…: citable too
    parked = _parked(page)
    if page.file.src_uri in session.pages and parked.exists():
        page.content = parked.read_text(encoding="utf-8")
        parked.unlink()
    return context


def on_post_page(output, page, config):
    if page.file.src_uri in session.pages:
        page.content = None  # written: nothing reads it again
    return output


def _static_meta(page) -> dict:
    """Head metadata of a hand-written page: its title, the newest version of the data."""
    site = session.site
    version = site.history.newest() if site.history else UNKNOWN
    title = site.name if page.is_homepage else (page.title or site.name)
    record = Record(key="tifa-" + (page.url.strip("/").replace("/", "-") or "home"), title=title, kind="page",
                    url=site.absolute(page.url), site=site.name, version=version.label, date=version.date)
    return page_meta(record)


def _parked(page) -> Path:
    if session.parking is None:
        session.parking = tempfile.TemporaryDirectory(prefix="tifa-html-")
    return Path(session.parking.name) / (page.file.src_uri + ".html")


def on_post_template(output: str, template_name: str, config) -> str:
    """404.html carries its styles inline and loads nothing: it is served at any path,
    from any base (tifa/notfound.py)."""
    if template_name != "404.html":
        return output
    def read(path: str) -> str:  # the copied asset, or its source in docs/ or the theme
        for folder in (config.site_dir, config.docs_dir, *config.theme.dirs):
            if (Path(folder) / path).is_file():
                return (Path(folder) / path).read_text(encoding="utf-8")
        raise PluginError(f"404.html: no file {path} to inline")

    return self_contained(output, urlsplit(config.site_url or "/").path or "/", read)


def on_post_build(config) -> None:
    """Index the built pages for search. While serving, in the background, after the
    new data downloads: a rebuild after an edit shows at once, and the downloads and
    search catch up once the contributor pauses."""
    _cleanup()
    if session.command == "serve":
        threading.Thread(target=_after_serve_build, args=(session.rebuilds, session.data, session.data_folder, Path(config.site_dir)),
                         daemon=True).start()
        session.data = None
        return
    result = index_site(config.site_dir)
    if result.returncode != 0:
        raise PluginError(f"search indexing failed: {result.stderr.strip() or result.stdout.strip()}")


QUIET = 3.0  # seconds without a rebuild before the background work starts


def _after_serve_build(rebuild: int, data, folder: Path, site_dir: Path) -> None:
    """Data downloads, then the search index. Both wait for a pause in the editing and
    stop as soon as a newer rebuild starts, which brings its own: the downloads are
    written by a forked process (Python work in this thread would hold the interpreter
    lock the rebuild needs), the index by Pagefind at the lowest priority."""
    time.sleep(QUIET)
    superseded = lambda: session.rebuilds != rebuild  # noqa: E731
    with session.background:  # one at a time
        if superseded():
            return
        if data is not None:
            written = _write_apart(data, folder, superseded)
            if written is None:
                return
            for path in written:
                (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / path, site_dir / path)
        if not superseded():
            index_site(site_dir, background=True, stop=superseded)


def _write_apart(data, folder: Path, superseded) -> list[str] | None:
    """``data(folder)`` in a forked process; the paths it wrote, or None if a newer
    rebuild stopped it."""
    child, receive = _forked(lambda report: report("data", list(data(folder))), "tifa-downloads", daemon=True)
    try:
        while not receive.poll(0.1):
            if superseded() or not child.is_alive() and not receive.poll():
                return None
        got, result = receive.recv()
    except EOFError:
        return None
    finally:
        child.terminate()
        child.join()
        receive.close()
    if got == "failed":
        log.error(f"the data downloads were not written: {result}")
        return None
    return result


def on_build_error(error) -> None:
    session.built = None  # the next rebuild is a whole one
    _cleanup()


# ---------------------------------------------------------------- serving: an edit to annotations/

def on_serve(server, config, builder):
    """An edit that touches only annotations/ is rebuilt by ``_rebuild``: MkDocs' whole
    rebuild (reading the configuration again, every file gathered, the navigation, the
    404 page and the sitemap) cost about 2 s at 1,000 articles before the first changed
    page was converted."""
    session.whole_rebuild = builder
    server.builder = _rebuild
    _watch_annotations_at_once(server, config)
    # A supervisor, `kill` or a test stops the server with SIGTERM, which ends Python
    # without any clean-up: MkDocs's temporary site folder, the downloads' process and a
    # running Pagefind were left behind. Taken as Ctrl-C, it ends as Ctrl-C does
    # (MkDocs shuts down, then on_shutdown below).
    signal.signal(signal.SIGTERM, _interrupt)
    return server


# What changes a file: not the opening and closing for reading that every rebuild's check
# does, which inotify reports too (a rebuild would set off the next).
CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED}


def _watch_annotations_at_once(server, config) -> None:
    """MkDocs looks for changes by listing every watched folder every half second: a
    save waited 0.14 to 0.61 s before its rebuild began (measured at 1,000 articles),
    and each look stats every annotation file. annotations/ is watched through the
    system's file events instead (watchdog's native observer: inotify on Linux), which
    report a save at once, and MkDocs polls only the rest. Where events cannot be had
    (a file system without them, no watches left), MkDocs keeps polling annotations/."""
    annotations = os.path.realpath(Path(config.config_file_path).parent / "annotations")
    listed = [w for w in config.watch if os.path.realpath(w) == annotations]  # the same folder, however it was written
    if not listed or not hasattr(server, "_rebuild_cond"):
        return

    def changed(event) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        with server._rebuild_cond:  # as MkDocs's own watch callback does (LiveReloadServer.watch)
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = changed
    observer = Observer()
    try:
        observer.schedule(handler, annotations, recursive=True)
        observer.start()
    except OSError as err:
        log.info(f"annotations/ is polled every half second: no file events ({err})")
        return
    session.observer = observer
    for entry in listed:  # MkDocs watches what is left in the list after on_serve
        config.watch.remove(entry)
    log.info("Watching 'annotations' for changes through file events")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def on_shutdown() -> None:
    """Serving ends: the background work of the last build sees a newer rebuild and
    stops (the downloads' process, Pagefind), and is waited for, briefly."""
    session.rebuilds += 1
    if session.background.acquire(timeout=10):
        session.background.release()
    if session.observer is not None:
        session.observer.stop()
        session.observer.join()
        session.observer = None
    _cleanup()


class Built:
    """What MkDocs gathered in the last whole build, reused by the next edit."""

    def __init__(self, config, files, nav, env, snapshot):
        self.config, self.files, self.nav, self.env, self.snapshot = config, files, nav, env, snapshot


def _besides_annotations(config) -> tuple:
    """Every watched file outside annotations/ with its modification time and size: any
    change there (a page, a template, the configuration, Tifa's code) needs a whole build."""
    root = Path(config.config_file_path).resolve().parent
    annotations = root / "annotations"
    # The theme's own folder (custom_dir) is watched; installed themes are not (Material's
    # thousands of icons took a quarter of a second to list on every edit).
    theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    places = [Path(config.docs_dir), Path(config.config_file_path), *theme, *map(Path, config.watch)]
    seen = []
    for place in places:
        place = place if place.is_absolute() else root / place
        if place.resolve() == annotations.resolve():
            continue
        if place.is_file():
            stat = place.stat()
            seen.append((str(place), stat.st_mtime_ns, stat.st_size))
        for folder, folders, names in os.walk(place):
            folders[:] = [f for f in folders if f != "__pycache__"]  # written by Python itself, on a first import
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                seen.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(seen))


def _rebuild() -> None:
    """Serving: after an edit to annotations/ only, the pages whose Markdown changed are
    converted and written again, and nothing else; MkDocs' live reload then refreshes the
    browser. Anything else (an edit elsewhere, a problem in the annotations, a page or
    generated file added or removed, a renamed id) takes MkDocs' whole rebuild."""
    built = session.built
    if built is None or _besides_annotations(built.config) != built.snapshot:
        return session.whole_rebuild()
    started = time.perf_counter()
    config, files = built.config, built.files
    session.rebuilds += 1  # background work of the last build gives way now
    pages_before, extras_before, redirects_before = set(session.pages), dict(session.extras), dict(session.redirects)
    root = Path(config.config_file_path).resolve().parent
    problems = _generate_for_serve(root, session.site, session.folder)
    if problems or session.banner or set(session.pages) != pages_before or session.extras.keys() != extras_before.keys() \
            or session.redirects != redirects_before:
        return session.whole_rebuild()  # its generation finds every page up to date already
    log.info("Detected an edit to annotations/ only: rebuilding the pages it changes")
    pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for path in session.written:
        page = files.get_file_from_path(path).page
        mkdocs_build._populate_page(page, config, files)
        mkdocs_build._build_page(page, config, pages, built.nav, built.env)
    for path, content in session.extras.items():
        if content != extras_before[path]:
            file = files.get_file_from_path(path)
            file.content = content
            file.copy_file()
    config.plugins.on_post_build(config=config)
    log.info(f"tifa: {len(session.written)} page(s) rebuilt in {time.perf_counter() - started:.2f} s")


def _cleanup() -> None:
    """The build's own folders go (serving keeps .cache/pages for the next rebuild), and
    a generator process still writing downloads is stopped."""
    if session.generator is not None:
        child, receive = session.generator
        child.terminate()
        child.join()
        receive.close()
        session.generator = None
    for name in ("scratch", "parking"):
        folder = getattr(session, name)
        if folder is not None:
            folder.cleanup()
            setattr(session, name, None)
