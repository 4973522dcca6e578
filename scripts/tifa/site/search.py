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

A warm build (tifa.site.warm) keeps a bundle whose part reads the same as the last
build's: the same pages at the same addresses, each the same where Pagefind reads it
(``searched``). Pagefind has no incremental mode, so a part is indexed whole or kept
whole. So that an edit moves few parts' boundaries, a part ends only at a page whose
path says so, once it holds ``CUT_FROM`` of the limit, as content-defined chunking does:
a page added or grown shifts its own part's end at most, not every part after it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tifa.site.warm import digest, tree

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


CUT_FROM = 0.85  # a part may end once it holds this share of the limit, and must before passing it
CUT_CHANCES = 8  # pages a part may end at, expected between the two (see ``partition``)
ROOT = b'<article class="md-content__inner'  # the element --root-selector names
CITE = b'<h2 id="cite">'  # the citation box, last in a generated page, skipped by Pagefind (#cite)
BUNDLE_NAME = re.compile(r"pagefind(-[0-9]+)?")


@dataclass
class Indexed:
    """What a run of ``index_site`` made: the last Pagefind run (None when stopped; a
    failed run ends the indexing), each bundle's part key and files digest (for the next
    warm build), and how many bundles were kept from the previous build."""

    result: subprocess.CompletedProcess | None = None
    bundles: dict[str, tuple[str, str]] = field(default_factory=dict)
    kept: int = 0


def index_site(
    site_dir: Path | str,
    background: bool = False,
    part_mb: float | None = None,
    stop: Callable[[], bool] | None = None,
    previous: tuple[Path | None, dict[str, tuple[str, str]]] | None = None,
) -> Indexed:
    """Index ``site_dir`` in place (writes ``site_dir/pagefind/`` and, for a large site,
    ``pagefind-2/``…). ``background``: at the lowest CPU priority, so that a rebuild
    under `mkdocs serve` does not wait for it; ``stop``: asked while Pagefind runs, True
    ends it (a newer rebuild brings its own index). ``previous``, for a build that records
    its bundles (tifa.site.warm): the last build's site (None: a cold build) and its
    bundles (folder -> part key, files digest), kept where their part is unchanged."""
    site = Path(site_dir)
    limit = (part_mb or PART_MB) * 1_000_000
    for old in site.glob("pagefind-*"):  # the extra bundles of an earlier, larger index
        shutil.rmtree(old, ignore_errors=True)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("pagefind"))
    parts = partition([(path, (site / path).stat().st_size) for path in pages], limit)
    keep = _keepable(*previous) if previous is not None else {}
    nice = (lambda: os.nice(19)) if background and hasattr(os, "nice") else None
    done = Indexed()
    for number, part in enumerate(parts, 1):
        name = "pagefind" if number == 1 else f"pagefind-{number}"
        output = site / name
        key = part_key(site, part) if previous is not None else ""
        shutil.rmtree(output, ignore_errors=True)
        if key in keep and _link_tree(keep[key], output):
            done.kept += 1
        else:
            done.result = _index_part(site, part, output, whole=len(parts) == 1, nice=nice, stop=stop)
            if done.result is None or done.result.returncode != 0:
                return done
        if previous is not None:
            done.bundles[name] = (key, files_digest(output))
    (site / BUNDLES).parent.mkdir(parents=True, exist_ok=True)
    (site / BUNDLES).write_text(json.dumps([f"../pagefind-{n}/" for n in range(2, len(parts) + 1)]) + "\n", encoding="utf-8")
    if done.result is None:  # every bundle kept
        done.result = subprocess.CompletedProcess(COMMAND, 0, "", "")
    return done


def _index_part(site: Path, part: list[str], output: Path, whole: bool, nice, stop) -> subprocess.CompletedProcess | None:
    if whole:
        return _run([*COMMAND, "--site", str(site)], nice, stop)
    with tempfile.TemporaryDirectory(prefix=".tifa-search-part-", dir=site.parent) as scratch:
        for path in part:  # the part's pages at their own paths, so result URLs are the site's
            _link(site / path, Path(scratch) / path)
        return _run([*COMMAND, "--site", scratch, "--output-path", str(output)], nice, stop)


def partition(pages: list[tuple[str, int]], limit: float) -> list[list[str]]:
    """``pages`` (path, bytes) in path order cut into parts of at most ``limit`` bytes
    (a larger page alone), each ending where a page's path allows (see the module): one
    page in ``every``, a power of two such that some ``CUT_CHANCES`` pages may end a part
    once it has reached ``CUT_FROM`` of the limit. (The power of two changes only when
    the mean page doubles or halves: until then, every page keeps its say.)"""
    mean = sum(size for _, size in pages) / len(pages) if pages else 1
    window = (1 - CUT_FROM) * limit / max(mean, 1) / CUT_CHANCES
    every = 1 << max(0, int(window).bit_length() - 1) if window >= 1 else 1
    parts: list[list[str]] = [[]]
    size = 0
    for path, bytes_ in pages:
        if parts[-1] and (size + bytes_ > limit or (size >= CUT_FROM * limit and _cut_before(path, every))):
            parts.append([])
            size = 0
        parts[-1].append(path)
        size += bytes_
    return parts


def _cut_before(path: str, every: int) -> bool:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=4).digest(), "big") % every == 0


def searched(html: bytes) -> bytes:
    """What Pagefind reads of a page: its root element, less the citation box (skipped
    by --exclude-selectors), the one part of a page that names the commit of its files
    and so changes on every page a commit reaches."""
    start = html.find(ROOT)
    if start < 0:
        return html
    end = html.find(b"</article>", start)
    region = html[start : end if end >= 0 else len(html)]
    cite = region.find(CITE)
    return region if cite < 0 else region[:cite]


def part_key(site: Path, part: list[str]) -> str:
    """One digest of what Pagefind reads of a part: how it is run, and each page's
    address and searched content."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([COMMAND[3:], _pagefind_version()]).encode() + b"\0")
    for path in part:
        h.update(path.encode() + b"\0" + digest(searched((site / path).read_bytes())).encode() + b"\0")
    return h.hexdigest()


def files_digest(folder: Path) -> str:
    """One digest of a bundle's files, paths and bytes: a kept bundle must still hold
    what its build wrote."""
    h = hashlib.blake2b(digest_size=16)
    for path in tree(folder):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _keepable(site: Path | None, bundles: dict[str, tuple[str, str]]) -> dict[str, Path]:
    """The previous build's bundles that may be kept: part key -> folder, where the folder
    still holds what was recorded (one changed by hand or by another build is not kept)."""
    keep: dict[str, Path] = {}
    if site is None:
        return keep
    for name, (key, files) in bundles.items():
        folder = site / name
        if BUNDLE_NAME.fullmatch(name) and folder.is_dir() and files_digest(folder) == files:
            keep.setdefault(key, folder)
    return keep


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _link(source: Path, target: Path) -> None:
    """``source``'s file at ``target``: a hard link where it can (no bytes copied), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _link_tree(source: Path, target: Path) -> bool:
    """``source``'s files at the same paths under ``target``; False (nothing left) on failure."""
    try:
        for path in tree(source):
            _link(path, target / path.relative_to(source))
        return True
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False


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
