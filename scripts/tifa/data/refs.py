"""Cross-file rules (stage 3 of the check): the ids references may use, former ids, every
reference resolved, translations in another language, no cycle of broader concepts; and
the records built from the files that passed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tifa.data import model
from tifa.data.load import Document
from tifa.data.problems import Problem, did_you_mean
from tifa.data.quotes import anchored_article
from tifa.data.rules import ID, field_of, items_of, refused
from tifa.vocab import FOLDERS, KINDS

if TYPE_CHECKING:  # check.py imports this module: the name is for annotations only
    from tifa.data.check import Checked


def known_ids(files, docs) -> Known:
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


def former_ids(docs, known) -> tuple[list[Problem], dict[str, dict[str, str]]]:
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


def _ref(doc, path, kind, value, known: Known, out) -> None:
    # Only a well-formed id is looked up: a wrong type or form is the schema's (T103, T111).
    if isinstance(value, str) and ID.match(value) and value not in known[kind] and not refused(doc, path):
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


def build_records(docs, known, result: Checked) -> None:
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
                for i, ref in items_of(d.get(field_name)):
                    if ref == d.get("id"):
                        line, col = doc.where((field_name, i))
                        out.append(Problem(doc.path, line, col, "T202", f"concept '{ref}' lists itself in {field_name}"))
                    else:
                        _ref(doc, (field_name, i), "concept", ref, known, out)
            for i, att in items_of(d.get("attestations")):
                _ref(doc, ("attestations", i, "speaker"), "person", field_of(att, "speaker"), known, out)
            if clean:
                result.concepts[d["id"]] = model.concept_from(d, doc.path)
        elif kind == "article":
            _article_refs(doc, known, out)
            if clean:
                if "article" not in doc.derived:  # anchoring needs this file alone: done once per version of it
                    doc.derived["article"] = anchored_article(doc)
                article, found = doc.derived["article"]
                result.articles[d["id"]] = article
            else:
                found = doc.derived.get("anchoring", [])
            out += found
        else:
            _ref(doc, ("within",), kind, d.get("within"), known, out)
            for i, role in items_of(d.get("roles")):
                _ref(doc, ("roles", i, "organization"), "organization", field_of(role, "organization"), known, out)
            if clean:
                result.entities.setdefault(kind, {})[d["id"]] = model.entity_from(kind, d, doc.path)
    out += _translations(result.articles, {doc.data["id"]: doc for kind, doc, clean in docs if clean and kind == "article"})
    out += _broader_cycles(result.concepts, {doc.data["id"]: doc for kind, doc, clean in docs if clean and kind == "concept"})


def _article_refs(doc: Document, known, out) -> None:
    d = doc.data
    _ref(doc, ("source", "publisher"), "organization", field_of(d.get("source"), "publisher"), known, out)
    _ref(doc, ("event", "place"), "place", field_of(d.get("event"), "place"), known, out)
    for i, a in items_of(d.get("annotations")):
        for k in ("concept", "person", "place", "organization"):
            _ref(doc, ("annotations", i, k), k, field_of(a, k), known, out)
        _ref(doc, ("annotations", i, "speaker"), "person", field_of(a, "speaker"), known, out)
    _ref(doc, ("translation_of",), "article", d.get("translation_of"), known, out)


def _translations(articles: dict[str, model.Article], docs: dict[str, Document]) -> list[Problem]:
    """A translation and its original are in different languages (T201 reports unknown ids)."""
    out = []
    for aid, article in articles.items():
        original = articles.get(article.translation_of or "")
        if original is not None and original.language == article.language:
            line, col = docs[aid].where(("translation_of",))
            out.append(
                Problem(
                    docs[aid].path,
                    line,
                    col,
                    "T204",
                    f"'{original.id}' is in {original.language} too; translation_of names the original of a translation into another language",
                )
            )
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
                cycle = trail[trail.index(up) :] + [up]
                doc = docs[cid]
                line, col = doc.where(("broader", concepts[cid].broader.index(up)))
                out.append(Problem(doc.path, line, col, "T203", f"broader concepts form a cycle: {' → '.join(cycle)}; a concept cannot be broader than itself"))
            elif up not in state:
                state[up] = "active"
                trail.append(up)
                stack.append(iter(concepts[up].broader))
    return out
