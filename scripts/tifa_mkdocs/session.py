"""State that must outlive one build of ``mkdocs serve``.

MkDocs re-imports the hooks file on every rebuild, so the hooks cannot keep state in
their own module: it lives here, in a module Python imports once per process.
"""
from __future__ import annotations

import threading

command: str = "build"  # "serve" or "build", from MkDocs' on_startup (sent once only)
pages: dict = {}  # the last good pages, kept up while annotations are broken
extras: dict = {}  # the last good other generated files (search lookup, figure CSVs): path -> text
redirects: dict = {}  # the last good map of renamed pages: old .md path -> new .md path
files: dict = {}  # per-file check results, kept until a file's size or mtime changes
memo: dict = {}  # each page's inputs when it was last rendered (its file holds the result)
folder = None  # where the last good pages were written (a Path)
data_folder = None  # where the data downloads were written (a Path)
data = None  # serving: a function writing the new data downloads into a folder (after the build)
generator = None  # a build: (the generator process, the end of its pipe) until it has written the downloads
scratch = None  # a build's own folder of generated pages (tempfile.TemporaryDirectory)
parking = None  # where converted pages wait for their template (tempfile.TemporaryDirectory)
background = threading.Lock()  # the serve's data and search writer, one run at a time
rebuilds: int = 0  # builds so far: background work of an older one gives way
site = None  # the last build's tifa.site.render.Site
written: list = []  # serving: the pages whose Markdown the last generation changed
nav = None  # serving: the last whole build's navigation (on_nav), kept with ``built``
snapshot = None  # serving: the watched files outside annotations/ when the last whole build started
built = None  # serving: what MkDocs gathered in the last whole build (hooks.Built), reused by an edit
whole_rebuild = None  # serving: MkDocs' own rebuild, for whatever an edit to annotations/ cannot do alone
observer = None  # serving: the file-event watcher of annotations/ (watchdog), stopped on shutdown
banner: bool = False  # whether the pages written to disk show the problems banner
