"""Find where each quote stands in its article (the W3C TextQuoteSelector rule).

A quote is exact text inside one paragraph. When it occurs more than once, ``prefix``
and/or ``suffix`` (text right before/after it) choose one occurrence. Matching is plain
substring search, so Chinese text, which has no spaces, needs no word boundaries.
"""
from __future__ import annotations

import re
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
    """A hint for a quote that is not found: the same words with other case or spacing."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in quote.split()), re.IGNORECASE)
    for number, para in enumerate(paragraphs, 1):
        m = pattern.search(para)
        if m:
            return f"; ¶{number} has '{m.group()}' (check case, spacing and punctuation)"
    return "; copy the words exactly from one paragraph of `text`"


def _suggestion(para: str, start: int, end: int) -> str:
    """A prefix (or, at a paragraph's start, a suffix) that picks this occurrence."""
    before = para[max(0, start - 24):start]
    if before.strip():
        space = before.find(" ")
        if 0 <= space < len(before) - 1 and start > 24:
            before = before[space + 1:]  # start at a word, not in the middle of one
        return "prefix: '" + before.replace("'", "''") + "'"  # as YAML writes it, ready to paste
    after = para[end:end + 24]
    space = after.rfind(" ")
    return "suffix: '" + (after[:space] if space > 0 else after).replace("'", "''") + "'"


def anchor(doc: Document, index: int, ann: dict, paragraphs) -> tuple[tuple[int, int, int] | None, list[Problem]]:
    """Locate annotation ``index`` (its fields ``ann``): (paragraph, start, end) of its
    quote, or None and the problem."""
    quote, prefix, suffix = ann["quote"], ann.get("prefix"), ann.get("suffix")

    def problem(code: str, message: str, at=None) -> tuple[None, list[Problem]]:
        line, col = at or doc.where(("annotations", index, "quote"))
        return None, [Problem(doc.path, line, col, code, message)]

    found = _occurrences(paragraphs, quote)
    if not found:
        return problem("T301", f"quote '{quote}' is not in the text{_near_miss(paragraphs, quote)}")
    chosen = [(n, s) for n, s in found if _fits(paragraphs[n - 1], s, s + len(quote), prefix, suffix)]

    def places(hits) -> str:
        return ", ".join(f"¶{n}" for n, _ in hits[:8]) + (", …" if len(hits) > 8 else "")

    if not chosen:
        n_found = f"{len(found)} occurrence{'s' if len(found) > 1 else ''} ({places(found)})"
        fits_prefix = any(_fits(paragraphs[n - 1], s, s + len(quote), prefix, None) for n, s in found)
        fits_suffix = any(_fits(paragraphs[n - 1], s, s + len(quote), None, suffix) for n, s in found)
        if prefix and not fits_prefix:
            at = doc.where(("annotations", index, "prefix"))
            return problem("T303", f"prefix of quote '{quote}' matches none of its {n_found}; copy it from the text right before the quote", at)
        if suffix and not fits_suffix:
            at = doc.where(("annotations", index, "suffix"))
            return problem("T303", f"suffix of quote '{quote}' matches none of its {n_found}; copy it from the text right after the quote", at)
        at = doc.where(("annotations", index, "prefix"))
        return problem("T303", f"prefix and suffix of quote '{quote}' each match a different one of its {n_found}; take both from the same occurrence", at)
    if len(chosen) > 1:
        n, s = chosen[0]
        hint = _suggestion(paragraphs[n - 1], s, s + len(quote))
        if prefix or suffix:
            return problem("T302", f"quote '{quote}' with this prefix/suffix still occurs {len(chosen)} times ({places(chosen)}); lengthen them to choose one, e.g. {hint}")
        return problem("T302", f"quote '{quote}' occurs {len(chosen)} times ({places(chosen)}); add a prefix or suffix to choose one, e.g. {hint}")
    n, s = chosen[0]
    return (n, s, s + len(quote)), []


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
