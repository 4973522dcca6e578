"""Rules for texts the site may only quote: how much context an excerpt may carry, and
whether a file's `rights` agree with its having a full text.

A text whose rights do not allow reproduction is represented by its annotations alone:
each quote with at most 25 words (or 40 汉字) of verbatim context on each side, so no
page or download ever holds a paragraph of it.
"""

from __future__ import annotations

import re

from tifa.data.load import Document
from tifa.data.problems import Problem

MAX_WORDS = 25
MAX_HAN = 40

# Han ideographs (CJK Unified Ideographs, extension A, compatibility ideographs): the
# unit of length for Chinese, which has no spaces between words.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def length(text: str) -> tuple[int, int]:
    """(words, 汉字) of a piece of text: Han characters counted one by one, the rest by words.

    >>> length("提高全要素生产率 as its core")
    (3, 8)
    """
    han = len(_HAN.findall(text))
    words = sum(1 for token in _HAN.sub(" ", text).split() if any(ch.isalnum() for ch in token))  # not "，" alone
    return words, han


def over(text: str) -> bool:
    words, han = length(text)
    return words > MAX_WORDS or han > MAX_HAN


def too_long(doc: Document, index: int, ann: dict) -> list[Problem]:
    """An excerpt's quote, prefix and suffix each stay within the limit."""
    out = []
    for part in ("quote", "prefix", "suffix"):
        value = ann.get(part)
        if isinstance(value, str) and over(value):
            words, han = length(value)
            line, col = doc.where(("annotations", index, part))
            where = "for a quote" if part == "quote" else f"as {part}"
            out.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    "T310",
                    f"{part} of annotation '{ann['id']}' has {words} words and {han} 汉字; an excerpt-only text allows at most "
                    f"{MAX_WORDS} words or {MAX_HAN} 汉字 {where}: shorten it",
                )
            )
    return out


def rights(doc: Document, has_text: bool) -> list[Problem]:
    """`rights.shown` says `full` exactly when the file holds the full text."""
    shown = (doc.data.get("rights") or {}).get("shown")
    if has_text and shown == "excerpts":
        line, col = doc.where(("rights", "shown"))
        return [
            Problem(
                doc.path,
                line,
                col,
                "T130",
                "rights.shown is 'excerpts' but the file holds the full text; remove `text` (each annotation then carries its prefix, suffix and paragraph), or show the text in full with a `basis` that allows it",
            )
        ]
    if not has_text and shown == "full":
        line, col = doc.where(("rights", "shown"))
        return [Problem(doc.path, line, col, "T130", "rights.shown is 'full' but the file has no `text`; add the full text, or write 'excerpts'")]
    return []
