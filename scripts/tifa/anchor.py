"""Find where each quote stands in its article (the W3C TextQuoteSelector rule).

A quote is exact text inside one paragraph. When it occurs more than once, ``prefix``
and/or ``suffix`` (text right before/after it) choose one occurrence. Matching is plain
substring search, so Chinese text, which has no spaces, needs no word boundaries.
"""
from __future__ import annotations

from dataclasses import replace

from .load import Document
from .model import Annotation
from .problems import Problem


def _occurrences(paragraphs, quote: str) -> list[tuple[int, int]]:
    found = []
    for number, para in enumerate(paragraphs, 1):
        start = para.find(quote)
        while start != -1:
            found.append((number, start))
            start = para.find(quote, start + 1)
    return found


def _fits(para: str, start: int, end: int, prefix: str | None, suffix: str | None) -> bool:
    return (not prefix or para[:start].endswith(prefix)) and (not suffix or para[end:].startswith(suffix))


def _near_miss(paragraphs, quote: str) -> str:
    """A hint for a quote that is not found: same words with other case or spacing."""
    folded = " ".join(quote.split()).casefold()
    for number, para in enumerate(paragraphs, 1):
        flat = " ".join(para.split())
        at = flat.casefold().find(folded)
        if at != -1:
            return f"; ¶{number} has '{flat[at:at + len(folded)]}' (check case, spacing and punctuation)"
    return "; copy the words exactly from one paragraph of `text`"


def anchor(doc: Document, index: int, ann: Annotation, paragraphs) -> tuple[Annotation, list[Problem]]:
    """Locate one annotation; return it with paragraph/start/end set, or the problem."""
    where = doc.where(("annotations", index, "quote"))

    def problem(code: str, message: str) -> list[Problem]:
        return [Problem(doc.path, where[0], where[1], code, message)]

    found = _occurrences(paragraphs, ann.quote)
    if not found:
        return ann, problem("T301", f"quote '{ann.quote}' is not in the text{_near_miss(paragraphs, ann.quote)}")
    chosen = [(n, s) for n, s in found if _fits(paragraphs[n - 1], s, s + len(ann.quote), ann.prefix, ann.suffix)]
    places = ", ".join(f"¶{n}" for n, _ in found[:8]) + (", …" if len(found) > 8 else "")
    if not chosen:
        return ann, problem("T303", f"prefix/suffix of quote '{ann.quote}' match none of its {len(found)} occurrence{'s' if len(found) > 1 else ''} ({places}); copy them from the text right before/after the quote")
    if len(chosen) > 1:
        n, s = chosen[0]
        hint = paragraphs[n - 1][max(0, s - 24):s]
        what = "prefix/suffix still leave" if (ann.prefix or ann.suffix) else "found"
        return ann, problem("T302", f"quote '{ann.quote}' {what} {len(chosen)} times ({places}); add a prefix or suffix to choose one, e.g. prefix: '{hint}'")
    n, s = chosen[0]
    return replace(ann, paragraph=n, start=s, end=s + len(ann.quote)), []


def crossings(doc: Document, anns: list[tuple[int, Annotation]]) -> list[Problem]:
    """Quotes may nest (one inside another) but not cross: a page could not highlight both."""
    out = []
    spans = sorted((a.paragraph, a.start, -a.end, i, a) for i, a in anns if a.paragraph)
    for k, (para, start, neg_end, i, a) in enumerate(spans):
        for para2, start2, neg_end2, j, b in spans[k + 1:]:
            if para2 != para or start2 >= -neg_end:
                break
            if -neg_end2 > -neg_end:  # b starts inside a and ends after it
                line, col = doc.where(("annotations", j, "quote"))
                out.append(Problem(doc.path, line, col, "T304", f"quote of '{b.id}' overlaps quote of '{a.id}' without containing it (¶{para}); make one contain the other, or shorten one"))
    return out
