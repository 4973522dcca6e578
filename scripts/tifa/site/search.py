"""Full-text search: a Pagefind index of the built site.

Pagefind writes a chunked static index next to the pages, so the browser downloads
only the pieces a query needs (Material's own search ships one JSON file of about
0.9x the Markdown volume: 200 MB at 10,000 articles). Its extended build segments
Chinese, which has no spaces; indexing everything as ``zh`` keeps English words whole
(only English stemming is lost, and prefix matching still finds "force" in "forces").

Pagefind holds everything it indexes in memory: about 8 MiB for each MB of HTML
(measured: 1.2 GiB for the 150 MB of a 1,000-article site, 2.6 GiB for a part of
2,500 concept and entity pages of the 10,000-article one). A large site is therefore
indexed in parts of at most ``PART_MB`` of HTML, one Pagefind run after another, each
into a bundle of its own (``pagefind/``, ``pagefind-2/``, …); the search page merges
them (Pagefind's ``mergeIndex``), listed in ``search/bundles.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

COMMAND = [
    sys.executable,
    "-m",
    "pagefind",
    "--quiet",
    "--force-language",
    "zh",
    "--root-selector",
    "article.md-content__inner",
    "--exclude-selectors",
    ".headerlink",
    "--exclude-selectors",
    ".tifa-pnum",
    "--exclude-selectors",
    ".md-content__button",
    # What every page repeats is kept out, or a word of it finds every page ("Jiangsu",
    # from the cited article's title, matched 71 of 87) and excerpts show boilerplate:
    # the citation box (its file paths) and cited titles, "At a glance", the facts list
    # (whose terms and values ran together as "CategoryDevelopment"), the highlight
    # legend, pagers, the annotation list's bylines, the timeline's text titles and the
    # tables listing other concepts (a concept's name finds its own page first), and
    # tables' headings (run together as "RoleDatesSource").
    "--exclude-selectors",
    "#cite, .tifa-cite-box, .tifa-cite, #at-a-glance, .tifa-glance, .tifa-facts, .tifa-legend, "
    ".tifa-pager, .tifa-notes small, .tifa-timeline, .tifa-cooc, .tifa-nearby, .tifa-related, "
    "#co-occurrence, #concepts, #related, thead, .tifa-kwic .tifa-where, .tifa-help",
]
PART_MB = float(os.environ.get("TIFA_SEARCH_PART_MB", "120"))  # MB of HTML a Pagefind run indexes at most: about 1 GiB of memory
BUNDLES = "search/bundles.json"  # the extra bundles, relative to the search page


def index_site(
    site_dir: Path | str, background: bool = False, part_mb: float | None = None, stop: Callable[[], bool] | None = None
) -> subprocess.CompletedProcess | None:
    """Index ``site_dir`` in place (writes ``site_dir/pagefind/`` and, for a large site,
    ``pagefind-2/``…). ``background``: at the lowest CPU priority, so that a rebuild
    under `mkdocs serve` does not wait for it; ``stop``: asked while Pagefind runs, True
    ends it (a newer rebuild brings its own index). Returns the first failed run, else
    the last; None when stopped."""
    site = Path(site_dir)
    limit = (part_mb or PART_MB) * 1_000_000
    for old in site.glob("pagefind-*"):  # the extra bundles of an earlier, larger index
        shutil.rmtree(old, ignore_errors=True)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("pagefind"))
    parts: list[list[str]] = [[]]
    size = 0
    for path in pages:  # in path order, a new part when the HTML would pass the limit
        bytes_ = (site / path).stat().st_size
        if parts[-1] and size + bytes_ > limit:
            parts.append([])
            size = 0
        parts[-1].append(path)
        size += bytes_
    nice = (lambda: os.nice(19)) if background and hasattr(os, "nice") else None
    result = None
    for number, part in enumerate(parts, 1):
        output = site / ("pagefind" if number == 1 else f"pagefind-{number}")
        if len(parts) == 1:
            result = _run([*COMMAND, "--site", str(site)], nice, stop)
        else:
            with tempfile.TemporaryDirectory(prefix=".tifa-search-part-", dir=site.parent) as scratch:
                for path in part:  # the part's pages at their own paths, so result URLs are the site's
                    target = Path(scratch) / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(site / path, target)
                    except OSError:
                        shutil.copyfile(site / path, target)
                shutil.rmtree(output, ignore_errors=True)
                result = _run([*COMMAND, "--site", scratch, "--output-path", str(output)], nice, stop)
        if result is None or result.returncode != 0:
            return result
    (site / BUNDLES).parent.mkdir(parents=True, exist_ok=True)
    (site / BUNDLES).write_text(json.dumps([f"../pagefind-{n}/" for n in range(2, len(parts) + 1)]) + "\n", encoding="utf-8")
    return result


def _run(command: list[str], nice, stop: Callable[[], bool] | None) -> subprocess.CompletedProcess | None:
    """One Pagefind run; None if ``stop`` said so before it ended."""
    if stop is None:
        return subprocess.run(command, capture_output=True, text=True, preexec_fn=nice)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:  # no pipe to fill up while we wait
        proc = subprocess.Popen(command, stdout=out, stderr=err, preexec_fn=nice)
        while True:
            try:
                proc.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                if stop():
                    proc.kill()
                    proc.wait()
                    return None
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
