"""Full-text search: a Pagefind index of the built site.

Pagefind writes a chunked static index next to the pages, so the browser downloads
only the pieces a query needs (Material's own search ships one JSON file of about
0.9x the Markdown volume: 200 MB at 10,000 articles). Its extended build segments
Chinese, which has no spaces; indexing everything as ``zh`` keeps English words whole
(only English stemming is lost, and prefix matching still finds "force" in "forces").
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

COMMAND = [
    sys.executable, "-m", "pagefind", "--quiet",
    "--force-language", "zh",
    "--root-selector", "article.md-content__inner",
    "--exclude-selectors", ".headerlink",
    "--exclude-selectors", ".tifa-pnum",
    "--exclude-selectors", ".md-content__button",
]


def index_site(site_dir: Path | str, background: bool = False) -> subprocess.CompletedProcess:
    """Index ``site_dir`` in place (writes ``site_dir/pagefind/``). ``background``: at the
    lowest CPU priority, so that a rebuild under `mkdocs serve` does not wait for it."""
    return subprocess.run([*COMMAND, "--site", str(site_dir)], capture_output=True, text=True,
                          preexec_fn=(lambda: os.nice(19)) if background and hasattr(os, "nice") else None)
