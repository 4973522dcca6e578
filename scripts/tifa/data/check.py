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
"""
from __future__ import annotations

import calendar
import gc
import multiprocessing
import os
import re
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tifa.cores import default_workers
from tifa.data import anchor, excerpt, model, schema
from tifa.data.load import Document, load_file
from tifa.data.problems import FORBIDDEN, Problem, did_you_mean
from tifa.vocab import FOLDERS, KIND_OF_FOLDER, KINDS

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A tree this large is refused before anything is read: ten times the benchmark's 10,000
# articles (80 MB of YAML in 10,100 files).
MAX_FILES = 100_000
MAX_TREE_BYTES = 1 << 30
# Ids that would name a page or folder the site writes in a kind's section
# (concepts/index.md, articles/by-year/…) or next to it: refused for every kind.
RESERVED_IDS = frozenset({"index", "by-year", "figures", "occurrences", "mentions", "search", "data", "assets", "compare", "dashboard", "timeline"})
# Folder under annotations/ -> kind of file it holds.


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


def discover(root: Path, base: Path):
    """(kind, file, shown path) of every annotation file, sorted; misplaced files as
    problems; and misnamed ones (a `.yaml` in a kind's folder), whose ids still count."""
    found, problems, misnamed = [], [], []
    under = root.relative_to(base).as_posix()

    def show(parts) -> str:
        return "/".join((under, *parts)) if under != "." else "/".join(parts)

    # os.walk and strings: pathlib's rglob and relative_to cost a quarter of a second
    # at 1,000 articles, on every edit while serving. Links are never followed (os.walk
    # lists a linked folder without entering it): a file of the tree is a regular file
    # inside it, or it is refused.
    listed, files, size = [], 0, 0
    for folder, folders, names in os.walk(root):
        inside = Path(folder).relative_to(root).parts
        for name in sorted(folders + names):
            full = os.path.join(folder, name)
            if FORBIDDEN.search(name) or any(c in name for c in "\n\r\t"):
                problems.append(Problem(show((*inside, name)), 1, 1, "T016", "not read: the name holds a control, line-break or invisible character; rename it with plain letters, digits and hyphens"))
                folders[:] = [f for f in folders if f != name]
                continue
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode) or not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
                problems.append(Problem(show((*inside, name)), 1, 1, "T015", f"not read: {what}; put the file itself in the tree"))
                continue
            if stat.S_ISREG(info.st_mode):
                files, size = files + 1, size + info.st_size
                if os.path.splitext(name)[1].lower() in (".yml", ".yaml"):
                    listed.append((*inside, name))
    if files > MAX_FILES or size > MAX_TREE_BYTES:
        problems.append(Problem((show(()) or ".") + "/*", 1, 1, "T014", f"not read: {files:,} files and {size:,} bytes, over the budget of {MAX_FILES:,} files and {MAX_TREE_BYTES:,} bytes; split the collection"))
        return [], problems, []
    for parts in sorted(listed):
        file = root.joinpath(*parts)
        shown = show(parts)
        kind = KIND_OF_FOLDER.get(parts[0]) if len(parts) > 1 else None
        expected_depth = 3 if kind == "article" else 2
        if kind is None or len(parts) != expected_depth or file.suffix != ".yml":
            if kind and len(parts) == expected_depth:
                misnamed.append((kind, file, shown))  # its id still counts for references
            hint = "name it .yml (lower case)" if kind and len(parts) == expected_depth else "articles go in annotations/articles/<year>/<id>.yml, others in annotations/<concepts|people|places|organizations>/<id>.yml"
            problems.append(Problem(shown, 1, 1, "T012", f"not read: file in an unexpected place; {hint}"))
            continue
        found.append((kind, file, shown))
    return found, problems, misnamed


_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-]([0-9]{2}):([0-9]{2}))$")


_SCHEMA_DATE = schema.date_pattern("date")
_SCHEMA_DATETIME = schema.date_pattern("datetime")


def _valid_date(value: str) -> bool:
    """Calendar check of a date of the right form; a malformed one is the schema's to report."""
    if "T" in value:
        m = _DATETIME.match(value)
        if not m:
            return True
        hh, mm, ss = int(m[1]), int(m[2]), int(m[3] or 0)
        if not (hh < 24 and mm < 60 and ss < 60):
            return False
        if m[4] != "Z" and not (int(m[5]) <= 14 and int(m[6]) < 60):
            return False
        value = value[:10]
    elif not _DATE.match(value):
        return True
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return False
    return True


def _schema_accepts(value: str) -> bool:
    """The schema's patterns refuse months, days and times that do not exist (and report
    them, T120), leaving only 29 February of common years to the calendar check."""
    return bool(_SCHEMA_DATE.match(value) or _SCHEMA_DATETIME.match(value))


DATE_FIELDS = ("date", "published", "from", "to", "as_of", "accessed")


def _dates(doc: Document, node, path=()) -> list[Problem]:
    """Calendar check of every date-shaped field the schema declares as a date. Only
    mappings and lists are walked into: most values are text, checked where they stand."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, (dict, list)):
            out += _dates(doc, value, path + (key,))
        elif key in DATE_FIELDS and isinstance(value, str) and _schema_accepts(value) and not _valid_date(value):
            line, col = doc.where(path + (key,))
            out.append(Problem(doc.path, line, col, "T120", schema.invalid_date(value, path + (key,))))
    return out


def _check_file(kind: str, file: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Everything about one file that needs no other file; a sound article is anchored
    too (its quotes found in its text), which also needs nothing else."""
    doc, found = load_file(file, shown)
    if doc is not None:
        found += schema.validate(kind, doc)
        found += _dates(doc, doc.data)
        found += _id_matches_file(doc, file)
        found += _reserved_ids(doc)
        if kind == "article":
            found += _blank_text(doc)
        if found:
            # Places of the values this file's own problems refuse: references and quotes
            # there are not checked again (a container missing a field is not refused).
            doc.derived["refused"] = {(p.line, p.col) for p in found if p.code not in ("T102", "T106")}
        if kind == "article":
            if not found:
                doc.derived["article"] = _anchored_article(doc)
            else:
                doc.derived["anchoring"] = _anchoring_problems(doc, found)
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
    for i, (kind, file, shown) in enumerate(files):
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
    problems += _case_collisions(files)
    result = Checked(problems, len(files), fingerprints=fingerprints)
    known = _known_ids(files + misnamed, docs)
    found, known.renamed = _former_ids(docs, known)
    problems += found
    problems += _article_rules(docs)
    _build_records(docs, known, result)
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


def _reserved_ids(doc: Document) -> list[Problem]:
    """An id, or a former id, that would name a page the site writes itself."""
    out = []
    olds = doc.data.get("former_ids")
    places = [(("id",), doc.data.get("id"))] + ([(("former_ids", i), v) for i, v in enumerate(olds)] if isinstance(olds, list) else [])
    for path, value in places:
        if isinstance(value, str) and value in RESERVED_IDS:
            line, col = doc.where(path)
            out.append(Problem(doc.path, line, col, "T115", f"id '{value}' is reserved: the site writes a page or folder of that name ({', '.join(sorted(RESERVED_IDS))}); choose another"))
    return out


def _blank_text(doc: Document) -> list[Problem]:
    text = doc.data.get("text")
    if isinstance(text, str) and text and not text.strip():
        line, col = doc.where(("text",))
        return [Problem(doc.path, line, col, "T105", "text is blank; give the full text, or leave `text` out for a text shown by excerpts")]
    return []


def _id_matches_file(doc: Document, file: Path) -> list[Problem]:
    value = doc.data.get("id")
    if isinstance(value, str) and value != file.stem and ID.match(value) and len(value) <= 100:  # an invalid id is T111's
        line, col = doc.where(("id",))
        fix = f"rename the file to '{value}.yml' or set id: {file.stem}" if ID.match(file.stem) else f"rename the file to '{value}.yml'"
        return [Problem(doc.path, line, col, "T110", f"id '{value}' does not match the file name '{file.name}'; {fix}")]
    return []


def _case_collisions(files) -> list[Problem]:
    """Two files of one kind whose names differ only in case collide on macOS and Windows."""
    out, groups = [], {}
    for kind, file, shown in files:
        groups.setdefault((kind, file.stem.casefold()), []).append((file.stem, shown))
    for names in groups.values():
        if len(names) < 2:
            continue
        # Blame the names a valid id could not have (capitals), else all but the first.
        keep = next((n for n in names if n[0] == n[0].lower()), names[0])
        for stem, shown in names:
            if stem != keep[0]:  # the very same name twice is T113's
                out.append(Problem(shown, 1, 1, "T112", f"id '{stem}' equals '{keep[0]}' ({keep[1]}) ignoring case; ids must differ in more than case"))
    return out


def _known_ids(files, docs) -> "Known":
    """Ids that references may use: every file name, and every id a file declares.

    File names count even when the file cannot be read or its id is wrong, so one broken
    file is reported once, not again in every file that refers to it."""
    known = Known({kind: set() for kind in KINDS})
    for kind, file, _ in files:
        known[kind].add(file.stem)
    for kind, doc, _ in docs:
        value = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(value, str):
            known[kind].add(value)
    return known


def _article_rules(docs) -> list[Problem]:
    out, first = [], {}
    for kind, doc, _ in docs:
        if kind != "article":
            continue
        value = doc.data.get("id")
        if isinstance(value, str):
            if value in first:
                line, col = doc.where(("id",))
                out.append(Problem(doc.path, line, col, "T113", f"article id '{value}' is also used by {first[value]}; article ids are unique across years"))
            else:
                first[value] = doc.path
        published = (doc.data.get("source") or {}).get("published") if isinstance(doc.data.get("source"), dict) else None
        year = Path(doc.path).parent.name
        if isinstance(published, str) and published[:4].isdigit() and year != published[:4]:
            line, col = doc.where(("source", "published"))
            out.append(Problem(doc.path, line, col, "T114", f"published in {published[:4]} but filed under articles/{year}/; move it to annotations/articles/{published[:4]}/"))
    return out


def _former_ids(docs, known) -> tuple[list[Problem], dict[str, dict[str, str]]]:
    """Former ids (kept by renamed files for their old URLs) point to one file each."""
    out, renamed = [], {kind: {} for kind in KINDS}
    for kind, doc, _ in docs:
        olds = doc.data.get("former_ids") if isinstance(doc.data, dict) else None
        if not isinstance(olds, list):
            continue
        for i, old in enumerate(olds):
            if not isinstance(old, str):
                continue
            line, col = doc.where(("former_ids", i))
            if old in known[kind]:
                out.append(Problem(doc.path, line, col, "T113", f"former id '{old}' is the id of another {kind}; an old URL can lead to one page only"))
            elif old in renamed[kind]:
                out.append(Problem(doc.path, line, col, "T113", f"former id '{old}' is also claimed by {renamed[kind][old][1]}"))
            else:
                renamed[kind][old] = (doc.data.get("id"), doc.path)
    return out, {k: {old: new for old, (new, _) in v.items()} for k, v in renamed.items()}


class Known(dict):
    """kind -> ids that references may use; ``renamed`` maps former ids to current ones."""

    renamed: dict[str, dict[str, str]] = {}


def _refused(doc: Document, path) -> bool:
    """Whether a problem of the file's own stands at ``path`` or at a field holding it."""
    places = doc.derived.get("refused")
    return bool(places) and any(doc.where(path[:k]) in places for k in range(1, len(path) + 1))


def _ref(doc, path, kind, value, known: Known, out) -> None:
    # Only a well-formed id is looked up: a wrong type or form is the schema's (T103, T111).
    if isinstance(value, str) and ID.match(value) and value not in known[kind] and not _refused(doc, path):
        line, col = doc.where(path)
        new = known.renamed.get(kind, {}).get(value)
        file = f"annotations/articles/<year>/{value}.yml" if kind == "article" else f"annotations/{FOLDERS[kind]}/{value}.yml"
        hint = f"; it was renamed to '{new}'" if new else f"{did_you_mean(value, known[kind])}; add {file} or fix the id"
        out.append(Problem(doc.path, line, col, "T201", f"unknown {kind} '{value}'{hint}"))



def _citation_refs(doc, known, out) -> None:
    """Every `organization:` inside citations anywhere in the file. Where they are is
    found once per version of the file (serving checks the references again on every
    edit, and walking every file's whole tree cost a fifth of that)."""
    if "citation_refs" not in doc.derived:
        found: list = []
        _find_citation_refs(doc.data, (), found)
        doc.derived["citation_refs"] = found
    for path, value in doc.derived["citation_refs"]:
        _ref(doc, path, "organization", value, known, out)


def _find_citation_refs(node, path, found: list) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "organization" and isinstance(value, str) and path and path[-1] not in ("roles",):
                found.append((path + (key,), value))
            elif isinstance(value, (dict, list)):
                _find_citation_refs(value, path + (key,), found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                _find_citation_refs(value, path + (i,), found)


def _build_records(docs, known, result: Checked) -> None:
    """References of every file that parsed (guarded: a file with problems may hold
    any shape), and records of the files without problems."""
    out = result.problems
    for kind, doc, clean in docs:
        d = doc.data
        if not isinstance(d, dict):
            continue
        _citation_refs(doc, known, out)
        if kind == "concept":
            for field_name in ("broader", "related"):
                for i, ref in _items(d.get(field_name)):
                    if ref == d.get("id"):
                        line, col = doc.where((field_name, i))
                        out.append(Problem(doc.path, line, col, "T202", f"concept '{ref}' lists itself in {field_name}"))
                    else:
                        _ref(doc, (field_name, i), "concept", ref, known, out)
            for i, att in _items(d.get("attestations")):
                _ref(doc, ("attestations", i, "speaker"), "person", _get(att, "speaker"), known, out)
            if clean:
                result.concepts[d["id"]] = model.concept_from(d, doc.path)
        elif kind == "article":
            _article_refs(doc, known, out)
            if clean:
                if "article" not in doc.derived:  # anchoring needs this file alone: done once per version of it
                    doc.derived["article"] = _anchored_article(doc)
                article, found = doc.derived["article"]
                result.articles[d["id"]] = article
            else:
                found = doc.derived.get("anchoring", [])
            out += found
        else:
            _ref(doc, ("within",), kind, d.get("within"), known, out)
            for i, role in _items(d.get("roles")):
                _ref(doc, ("roles", i, "organization"), "organization", _get(role, "organization"), known, out)
            if clean:
                result.entities.setdefault(kind, {})[d["id"]] = model.entity_from(kind, d, doc.path)
    out += _translations(result.articles, {doc.data["id"]: doc for kind, doc, clean in docs if clean and kind == "article"})
    out += _broader_cycles(result.concepts, {doc.data["id"]: doc for kind, doc, clean in docs if clean and kind == "concept"})


def _items(value) -> list:
    """(index, item) of a list; nothing for any other shape."""
    return list(enumerate(value)) if isinstance(value, list) else []


def _get(value, key):
    """A field of a mapping; None for any other shape."""
    return value.get(key) if isinstance(value, dict) else None


def _article_refs(doc: Document, known, out) -> None:
    d = doc.data
    _ref(doc, ("source", "publisher"), "organization", _get(d.get("source"), "publisher"), known, out)
    _ref(doc, ("event", "place"), "place", _get(d.get("event"), "place"), known, out)
    for i, a in _items(d.get("annotations")):
        for k in ("concept", "person", "place", "organization"):
            _ref(doc, ("annotations", i, k), k, _get(a, k), known, out)
        _ref(doc, ("annotations", i, "speaker"), "person", _get(a, "speaker"), known, out)
    _ref(doc, ("translation_of",), "article", d.get("translation_of"), known, out)


# Problems after which a file's text is not what it says (T011: a character replaced by
# a space to go on checking) or its annotations may be cut (T007: a refused merge key):
# its quotes are not looked for, or they would be reported missing for no fault of theirs.
_NO_ANCHORING = ("T007", "T011")


def _anchoring_problems(doc: Document, found: list[Problem]) -> list[Problem]:
    """Quote problems of an article that has other problems too: each annotation whose
    quote, prefix and suffix are well-formed text is looked for in a text that is one.
    A field the schema refused (wrong type, empty) is not looked at again."""
    d = doc.data
    if not isinstance(d, dict) or any(p.code in _NO_ANCHORING for p in found):
        return []
    text = d.get("text")
    if text is not None and not isinstance(text, str) or _refused(doc, ("text",)):
        return []
    paragraphs = model.split_paragraphs(text) if text else ()
    out, counts = [], {}
    for i, a in _items(d.get("annotations")):
        if not _sound_annotation(a) or any(_refused(doc, ("annotations", i, k)) for k in ("id", "quote", "prefix", "suffix")):
            continue
        if paragraphs:
            out += anchor.anchor(doc, i, a, paragraphs, counts)[1]
        elif text is None:
            out += excerpt.too_long(doc, i, a)
    return out


def _sound_annotation(a) -> bool:
    """An annotation whose quote can be looked for: a mapping with a text id and quote,
    and a prefix and suffix that are text or nothing."""
    return (isinstance(a, dict) and isinstance(a.get("id"), str) and isinstance(a.get("quote"), str) and a["quote"] != ""
            and all(isinstance(a.get(k), (str, type(None))) for k in ("prefix", "suffix")))


def _anchored_article(doc: Document) -> tuple[model.Article, list[Problem]]:
    """The article with every quote anchored, and the problems found in this file alone."""
    d, out = doc.data, []
    paragraphs = model.split_paragraphs(d["text"]) if d.get("text") else ()
    anchored, ids, counts = [], {}, {}  # id -> where it is given: lines are looked up only for a message
    for i, a in enumerate(d["annotations"]):
        if a["id"] in ids:
            line, col = doc.where(("annotations", i, "id"))
            first = doc.where(ids[a["id"]])[0]
            out.append(Problem(doc.path, line, col, "T113", f"annotation id '{a['id']}' is used twice in this article (first at line {first}); ids make stable anchors, give this one a new id"))
        else:
            ids[a["id"]] = ("annotations", i, "id")
        place = None
        if paragraphs:
            place, found = anchor.anchor(doc, i, a, paragraphs, counts)
            out += found
            if "paragraph" in a:
                line, col = doc.where(("annotations", i, "paragraph"))
                out.append(Problem(doc.path, line, col, "T311", "paragraph is for excerpt-only texts: in a full text the checker finds the quote's paragraph itself; remove it"))
        else:
            out += excerpt.too_long(doc, i, a)
        paragraph, start, end = place or (None, None, None)
        anchored.append((i, model.Annotation(
            id=a["id"], quote=a["quote"], prefix=a.get("prefix"), suffix=a.get("suffix"),
            concept=a.get("concept"), person=a.get("person"), place=a.get("place"), organization=a.get("organization"),
            speaker=a.get("speaker"), note=a.get("note"),
            annotator=a.get("annotator") or d["provenance"]["annotator"], date=a.get("date") or d["provenance"]["date"],
            former_ids=tuple(a.get("former_ids") or ()), paragraph=paragraph, start=start, end=end,
            excerpt_paragraph=None if paragraphs else a.get("paragraph"),
        )))
    out += anchor.crossings(doc, anchored)
    out += excerpt.rights(doc, bool(paragraphs))
    for i, a in enumerate(d["annotations"]):
        for j, old in enumerate(a.get("former_ids") or ()):
            if old in ids:
                line, col = doc.where(("annotations", i, "former_ids", j))
                out.append(Problem(doc.path, line, col, "T113", f"former id '{old}' is the id of an annotation in this article (line {doc.where(ids[old])[0]}); an anchor can lead to one place only"))
            else:
                ids[old] = ("annotations", i, "former_ids", j)
    return model.article_from(d, doc.path, [a for _, a in anchored]), out


def _translations(articles: dict[str, model.Article], docs: dict[str, Document]) -> list[Problem]:
    """A translation and its original are in different languages (T201 reports unknown ids)."""
    out = []
    for aid, article in articles.items():
        original = articles.get(article.translation_of or "")
        if original is not None and original.language == article.language:
            line, col = docs[aid].where(("translation_of",))
            out.append(Problem(docs[aid].path, line, col, "T204", f"'{original.id}' is in {original.language} too; translation_of names the original of a translation into another language"))
    return out


def _broader_cycles(concepts: dict[str, model.Concept], docs: dict[str, Document]) -> list[Problem]:
    """Every cycle of `broader` links, found by a depth-first walk with its own stack (a
    chain of 1,100 concepts overflowed Python's recursion limit)."""
    out, state = [], {}
    for root in sorted(concepts):
        if root in state:
            continue
        state[root] = "active"
        trail = [root]
        stack = [iter(concepts[root].broader)]
        while stack:
            cid = trail[-1]
            up = next(stack[-1], None)
            if up is None:
                state[cid] = "done"
                trail.pop()
                stack.pop()
                continue
            if up not in concepts or up == cid:  # a self-reference is T202's
                continue
            if state.get(up) == "active":
                cycle = trail[trail.index(up):] + [up]
                doc = docs[cid]
                line, col = doc.where(("broader", concepts[cid].broader.index(up)))
                out.append(Problem(doc.path, line, col, "T203", f"broader concepts form a cycle: {' → '.join(cycle)}; a concept cannot be broader than itself"))
            elif up not in state:
                state[up] = "active"
                trail.append(up)
                stack.append(iter(concepts[up].broader))
    return out