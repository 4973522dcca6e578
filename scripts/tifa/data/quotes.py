"""An article's quotes, which need its file alone: every quote of a sound article anchored
in its text and the article record built; in an article with other problems, each
well-formed quote still looked for, so one run reports every mistake."""

from __future__ import annotations

from tifa.data import anchor, excerpt, model
from tifa.data.load import Document
from tifa.data.problems import Problem
from tifa.data.rules import items_of, refused

# Problems after which a file's text is not what it says (T011: a character replaced by
# a space to go on checking) or its annotations may be cut (T007: a refused merge key):
# its quotes are not looked for, or they would be reported missing for no fault of theirs.
_NO_ANCHORING = ("T007", "T011")


def anchoring_problems(doc: Document, found: list[Problem]) -> list[Problem]:
    """Quote problems of an article that has other problems too: each annotation whose
    quote, prefix and suffix are well-formed text is looked for in a text that is one.
    A field the schema refused (wrong type, empty) is not looked at again."""
    d = doc.data
    if not isinstance(d, dict) or any(p.code in _NO_ANCHORING for p in found):
        return []
    text = d.get("text")
    if text is not None and not isinstance(text, str) or refused(doc, ("text",)):
        return []
    paragraphs = model.split_paragraphs(text) if text else ()
    out, counts = [], {}
    for i, a in items_of(d.get("annotations")):
        if not _sound_annotation(a) or any(refused(doc, ("annotations", i, k)) for k in ("id", "quote", "prefix", "suffix")):
            continue
        if paragraphs:
            out += anchor.anchor(doc, i, a, paragraphs, counts)[1]
        elif text is None:
            out += excerpt.too_long(doc, i, a)
    return out


def _sound_annotation(a) -> bool:
    """An annotation whose quote can be looked for: a mapping with a text id and quote,
    and a prefix and suffix that are text or nothing."""
    return (
        isinstance(a, dict)
        and isinstance(a.get("id"), str)
        and isinstance(a.get("quote"), str)
        and a["quote"] != ""
        and all(isinstance(a.get(k), (str, type(None))) for k in ("prefix", "suffix"))
    )


def anchored_article(doc: Document) -> tuple[model.Article, list[Problem]]:
    """The article with every quote anchored, and the problems found in this file alone."""
    d, out = doc.data, []
    paragraphs = model.split_paragraphs(d["text"]) if d.get("text") else ()
    anchored, ids, counts = [], {}, {}  # id -> where it is given: lines are looked up only for a message
    for i, a in enumerate(d["annotations"]):
        out += _id_used_twice(doc, i, a, ids)
        place = None
        if paragraphs:
            place, found = anchor.anchor(doc, i, a, paragraphs, counts)
            out += found
            if "paragraph" in a:
                line, col = doc.where(("annotations", i, "paragraph"))
                out.append(
                    Problem(
                        doc.path,
                        line,
                        col,
                        "T311",
                        "paragraph is for excerpt-only texts: in a full text the checker finds the quote's paragraph itself; remove it",
                    )
                )
        else:
            out += excerpt.too_long(doc, i, a)
        anchored.append((i, _annotation(a, d["provenance"], place, bool(paragraphs))))
    out += anchor.crossings(doc, anchored)
    out += excerpt.rights(doc, bool(paragraphs))
    out += _former_ids_taken(doc, ids)
    return model.article_from(d, doc.path, [a for _, a in anchored]), out


def _id_used_twice(doc: Document, i: int, a: dict, ids: dict) -> list[Problem]:
    """T113 when annotation ``i`` repeats an id given before; else its id is noted in ``ids``."""
    if a["id"] not in ids:
        ids[a["id"]] = ("annotations", i, "id")
        return []
    line, col = doc.where(("annotations", i, "id"))
    first = doc.where(ids[a["id"]])[0]
    return [
        Problem(
            doc.path,
            line,
            col,
            "T113",
            f"annotation id '{a['id']}' is used twice in this article (first at line {first}); ids make stable anchors, give this one a new id",
        )
    ]


def _annotation(a: dict, provenance: dict, place: tuple | None, full_text: bool) -> model.Annotation:
    """The record of one annotation, at ``place`` (paragraph, start, end) in a full text;
    the file's provenance stands in for the annotation's own when it gives none."""
    paragraph, start, end = place or (None, None, None)
    return model.Annotation(
        id=a["id"],
        quote=a["quote"],
        prefix=a.get("prefix"),
        suffix=a.get("suffix"),
        concept=a.get("concept"),
        person=a.get("person"),
        place=a.get("place"),
        organization=a.get("organization"),
        speaker=a.get("speaker"),
        note=a.get("note"),
        annotator=a.get("annotator") or provenance["annotator"],
        date=a.get("date") or provenance["date"],
        former_ids=tuple(a.get("former_ids") or ()),
        paragraph=paragraph,
        start=start,
        end=end,
        excerpt_paragraph=None if full_text else a.get("paragraph"),
    )


def _former_ids_taken(doc: Document, ids: dict) -> list[Problem]:
    """T113 for each former id that is already an id (or an earlier former id) of this
    article: an old link must lead to one place only."""
    out = []
    for i, a in enumerate(doc.data["annotations"]):
        for j, old in enumerate(a.get("former_ids") or ()):
            if old in ids:
                line, col = doc.where(("annotations", i, "former_ids", j))
                out.append(
                    Problem(
                        doc.path,
                        line,
                        col,
                        "T113",
                        f"former id '{old}' is the id of an annotation in this article (line {doc.where(ids[old])[0]}); an anchor can lead to one place only",
                    )
                )
            else:
                ids[old] = ("annotations", i, "former_ids", j)
    return out
