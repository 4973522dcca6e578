"""State that must outlive one build of ``mkdocs serve``.

MkDocs re-imports the hooks file on every rebuild, so the hooks cannot keep state in
their own module: it lives here, in a module Python imports once per process.
"""
from __future__ import annotations

command: str = "build"  # "serve" or "build", from MkDocs' on_startup (sent once only)
pages: dict = {}  # the last good pages, kept up while annotations are broken
extras: dict = {}  # the last good other generated files (search lookup, data downloads)
redirects: dict = {}  # the last good map of renamed pages: old .md path -> new .md path
files: dict = {}  # per-file check results, kept until a file's size or mtime changes
memo: dict = {}  # rendered pages with the inputs they were rendered from
banner: bool = False  # whether the pages written to disk show the problems banner
