"""Check a whole annotations tree: every problem, located, in one run.

Stages (each sees every file, so one run reports everything at once):
1. load each file strictly (load.py) and validate it against its JSON Schema (schema.py);
2. file-level rules: id equals file name, ids unique ignoring case, articles under the
   year they were published, real calendar dates;
3. cross-file rules: references resolve, broader concepts form no cycle, quotes anchor
   in their text; records (model.py) are built from the files that passed.
A file that parsed but has problems of its own still has its references and quotes
checked, on whatever fields have the right type and form: one run reports every
mistake. Its records are not built, and a field the schema refused is not checked
again, so one typo never cascades.

This module runs the stages and shares the files' own checks with a second process; the
rules live in tree.py (finding the files), rules.py (one file's own rules), quotes.py (an
article's quotes) and refs.py (cross-file rules and records).
"""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tifa.cores import default_workers
from tifa.data import model, schema
from tifa.data.load import Document, load_file
from tifa.data.problems import Problem
from tifa.data.quotes import anchored_article, anchoring_problems
from tifa.data.refs import build_records, former_ids, known_ids
from tifa.data.rules import ID, article_rules, blank_text, case_collisions, date_problems, id_matches_file, reserved_ids, valid_date
from tifa.data.tree import MAX_FILES, MAX_TREE_BYTES, discover

# Names read from here by the CLI, the tools and the tests, whichever module holds them.
__all__ = ["Checked", "check_tree", "discover", "ID", "valid_date", "MAX_FILES", "MAX_TREE_BYTES", "SHARED_FROM"]


@dataclass
class Checked:
    """What checking a tree produced: problems, and the records when there are none."""

    problems: list[Problem]
    files: int
    concepts: dict[str, model.Concept] = field(default_factory=dict)
    entities: dict[str, dict[str, model.Entity]] = field(default_factory=dict)  # kind -> id -> entity
    articles: dict[str, model.Article] = field(default_factory=dict)
    fingerprints: dict[str, tuple[int, int]] = field(default_factory=dict)  # shown path -> (mtime, size)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_file(kind: str, file: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Everything about one file that needs no other file; a sound article is anchored
    too (its quotes found in its text), which also needs nothing else."""
    doc, found = load_file(file, shown)
    if doc is not None:
        found += schema.validate(kind, doc)
        found += date_problems(doc, doc.data)
        found += id_matches_file(doc, file)
        found += reserved_ids(doc)
        if kind == "article":
            found += blank_text(doc)
        if found:
            # Places of the values this file's own problems refuse: references and quotes
            # there are not checked again (a container missing a field is not refused).
            doc.derived["refused"] = {(p.line, p.col) for p in found if p.code not in ("T102", "T106")}
        if kind == "article":
            if not found:
                doc.derived["article"] = anchored_article(doc)
            else:
                doc.derived["anchoring"] = anchoring_problems(doc, found)
    return doc, found


SHARED_FROM = 400  # files: below this, a second process costs more than it saves

MINE = 0.55  # of the bytes, checked by this process (measured best at 10,000 articles)


def _each_file(files: list, sizes: list[int]) -> list[tuple[Document | None, list[Problem]]]:
    """``_check_file`` of every file, in order. Many files (a cold check, a build) are
    shared with a forked process, cut by bytes: each file's own check is most of the
    time (the cross-file stage that follows is short)."""
    if len(files) < SHARED_FROM or default_workers() < 2:
        return _check_files(files)
    # The other process checks the last files and sends them back at once, pickled: that
    # costs it about a third more than the checking, and this process some more to take
    # them in, so this process checks more of the bytes. (Sent in parts, as they were
    # once, the other process waited for this one to ask for the next part: this one
    # holds the interpreter lock while it checks, and its pool's thread needs it; at
    # 10,000 articles the files took 5.9 s that way, 4.4 s this way.)
    cut = _cut(sizes, sum(sizes) * MINE)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        theirs = pool.submit(_check_files, files[cut:])
        return _check_files(files[:cut]) + theirs.result()


def _cut(sizes: list[int], share: float) -> int:
    """The index where the first files first hold ``share`` bytes."""
    total, end = 0, 0
    while end < len(sizes) and total < share:
        total, end = total + sizes[end], end + 1
    return end


def _check_files(files: list) -> list[tuple[Document | None, list[Problem]]]:
    return [_check_file(*f) for f in files]


def check_tree(root: Path | str = "annotations", base: Path | str | None = None, cache: dict | None = None) -> Checked:
    """Load and check every file under ``root``. ``base`` is what shown paths are relative to.

    ``cache`` (a dict kept by the caller, e.g. across the rebuilds of ``mkdocs serve``)
    keeps each file's own results until its size or modification time changes, so one
    edit costs one file's parse, not a thousand.
    """
    # Loading makes millions of small objects and no reference cycles worth collecting:
    # Python's cycle collector would walk them all again and again as they pile up
    # (measured: 40 % of the check of 10,000 files). It runs again once the check is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_tree(Path(root), base, cache)
    finally:
        if collecting:
            gc.enable()


def _check_tree(root: Path, base: Path | str | None, cache: dict | None) -> Checked:
    base = Path(base) if base is not None else root.parent
    files, problems, misnamed = discover(root, base)
    fingerprints: dict[str, tuple[int, int]] = {}
    results: list = [None] * len(files)  # (document or None, its own problems), in file order
    stale = []  # indexes of the files not in the cache, or changed since
    for i, (_kind, file, shown) in enumerate(files):
        stat = file.stat()
        fingerprints[shown] = (stat.st_mtime_ns, stat.st_size)
        hit = cache.get(shown) if cache is not None else None
        if hit is not None and hit[0] == fingerprints[shown]:
            results[i] = (hit[1], list(hit[2]))
        else:
            stale.append(i)
    for i, (doc, found) in zip(stale, _each_file([files[i] for i in stale], [fingerprints[files[i][2]][1] for i in stale])):
        results[i] = (doc, found)
        if cache is not None:
            shown = files[i][2]
            cache[shown] = (fingerprints[shown], doc, tuple(found))
    docs: list[tuple[str, Document, bool]] = []
    for (kind, _, _), (doc, found) in zip(files, results):
        if doc is not None:
            # A file with problems stays out of the cross-file stage (no cascades), but
            # its id still counts as known so references to it are not reported too.
            docs.append((kind, doc, not found))
        problems += found
    problems += case_collisions(files)
    result = Checked(problems, len(files), fingerprints=fingerprints)
    known = known_ids(files + misnamed, docs)
    found, known.renamed = former_ids(docs, known)
    problems += found
    problems += article_rules(docs)
    build_records(docs, known, result)
    result.problems = _one_per_place(result.problems)
    if result.problems:
        result.concepts, result.entities, result.articles = {}, {}, {}
    return result


def _one_per_place(problems: list[Problem]) -> list[Problem]:
    """Sorted, and one mistake reported once. Where the loader refused something (an
    alias, a tag, a merge key), the field checks that follow from it are dropped; a
    forbidden character (T011) silences what else its line would report (it was replaced
    by a space to go on checking, so those reports would show text not in the file)."""
    refused = {(p.path, p.line, p.col) for p in problems if p.code in ("T006", "T007", "T008")}
    flagged_lines = {(p.path, p.line) for p in problems if p.code == "T011"}
    out = set()
    for p in problems:
        if p.code.startswith("T1") and (p.path, p.line, p.col) in refused:
            continue
        if p.code != "T011" and (p.path, p.line) in flagged_lines:
            continue
        out.add(p)
    return sorted(out)
