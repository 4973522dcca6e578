"""Find where each quote stands in its article (the W3C TextQuoteSelector rule).

A quote is exact text inside one paragraph. When it occurs more than once, ``prefix``
and/or ``suffix`` (text right before/after it) choose one occurrence. Matching is plain
substring search, so Chinese text, which has no spaces, needs no word boundaries.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from tifa.data.load import Document
from tifa.data.model import Annotation
from tifa.data.problems import Problem


def _occurrences(paragraphs, needle: str, limit: int) -> list[tuple[int, int]]:
    """(paragraph, start) of the first ``limit`` occurrences of ``needle``, overlapping ones
    included. Bounded, so that a text of one letter and a one-letter quote cost no more
    than a page: the search stops once it knows enough (str.find runs in C)."""
    found = []
    for number, para in enumerate(paragraphs, 1):
        start = para.find(needle)
        while start != -1:
            found.append((number, start))
            if len(found) >= limit:
                return found
            start = para.find(needle, start + 1)
    return found


def _count(paragraphs, needle: str) -> int:
    """How many times ``needle`` occurs (str.count: not overlapping, in C, linear)."""
    return sum(para.count(needle) for para in paragraphs)


def _near_miss(paragraphs, quote: str) -> str:
    """A hint for a quote that is not found: the same words with other case or spacing."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in quote.split()), re.IGNORECASE)
    for number, para in enumerate(paragraphs, 1):
        m = pattern.search(para)
        if m:
            return f"; ¶{number} has '{m.group()}' (check case, spacing and punctuation)"
    closest = _closest(paragraphs, quote)
    if closest:
        number, passage = closest
        return f'; did you mean ¶{number} "{passage}"?'
    return "; copy the words exactly from one paragraph of `text`"


CLOSE = 0.7  # difflib's similarity ratio from which a passage is proposed
_QUOTE_CAP = 80  # characters of a quote compared: a longer one is compared by its start
_PARAGRAPHS_CAP = 3  # paragraphs searched window by window, the likeliest first
_WINDOWS_CAP = 300  # windows screened in one paragraph at most
_COMPARED = 12  # windows compared with difflib
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _closest(paragraphs, quote: str) -> tuple[int, str] | None:
    """(paragraph, passage) most like ``quote``, if one is close enough.

    Bounded work whatever the text (it is a stranger's): paragraphs are ranked by the
    quote's character pairs they contain (each paragraph's pairs are collected once per
    text), then only the best few are compared window by window, at most a few hundred
    windows each, with difflib; the best window's ends are then moved to word ends.
    """
    q = quote[:_QUOTE_CAP]
    if len(q) < 3:
        return None
    pairs = {q[i : i + 2] for i in range(len(q) - 1)}
    sets = _pair_sets(tuple(paragraphs))
    ranked = sorted(range(len(paragraphs)), key=lambda n: -len(pairs & sets[n]))
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(q)

    def score(para: str, start: int, end: int) -> tuple[int, int]:
        """Fewer edits first (a changed character costs one, like a missing one), then
        more of the quote's first and last characters in place."""
        window = para[start:end]
        matcher.set_seq1(window)
        same = sum(block.size for block in matcher.get_matching_blocks())
        edge = len(_common_prefix(window, q)) + len(_common_prefix(window[::-1], q[::-1]))
        return same - max(len(window), len(q)), edge

    # Windows as long as the quote, at word starts, screened by the character pairs they
    # share with it (cheap); the few best are compared with difflib.
    windows = []
    for n in ranked[:_PARAGRAPHS_CAP]:
        para = paragraphs[n]
        starts = _word_starts(para)
        for i in starts[:: max(1, len(starts) // _WINDOWS_CAP)]:
            window = para[i : i + len(q)]
            shared = len(pairs & {window[k : k + 2] for k in range(len(window) - 1)})
            windows.append((shared, -n, -i))
    best = (CLOSE, None, 0, 0)
    for _, n, i in sorted(windows, reverse=True)[:_COMPARED]:
        n, i = -n, -i
        matcher.set_seq1(paragraphs[n][i : i + len(q)])
        ratio = matcher.ratio()
        if ratio > best[0]:
            best = (ratio, n, i, i + len(q))
    _, n, start, end = best
    if n is None:
        return None
    para = paragraphs[n]
    # Move the ends to word ends: a few starts and ends on either side, each pair compared.
    near_starts = _nearest(_word_starts(para), start, 2)
    near_ends = _nearest(_word_ends(para), end, 3)
    choices = [(score(para, s, e), -abs((e - s) - len(q)), s, e) for s in near_starts for e in near_ends if e - s >= 2]
    if choices:
        _, _, start, end = max(choices)
    passage = para[start:end].strip().rstrip(",.;:!?，。；：！？、")
    return n + 1, passage


def _common_prefix(a: str, b: str) -> str:
    return a[: next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))]


@lru_cache(maxsize=8)
def _word_starts(para: str) -> list[int]:
    """Where a word (or, in Chinese, a character) begins."""
    return [i for i in range(len(para)) if i == 0 or para[i - 1] == " " or _CJK.match(para[i]) or _CJK.match(para[i - 1])]


@lru_cache(maxsize=8)
def _word_ends(para: str) -> list[int]:
    """Where a word (or, in Chinese, a character) ends."""
    return [i for i in range(1, len(para) + 1) if i == len(para) or para[i] == " " or _CJK.match(para[i]) or _CJK.match(para[i - 1])]


def _nearest(positions: list[int], at: int, k: int) -> list[int]:
    """The ``k`` positions before ``at`` (or at it) and the ``k`` after it."""
    import bisect

    i = bisect.bisect_right(positions, at)
    return positions[max(0, i - k) : i + k]


@lru_cache(maxsize=2)
def _pair_sets(paragraphs: tuple[str, ...]) -> list[set[str]]:
    return [{p[i : i + 2] for i in range(len(p) - 1)} for p in paragraphs]


def _suggestion(para: str, start: int, end: int) -> str:
    """A prefix (or, at a paragraph's start, a suffix) that picks this occurrence."""
    before = para[max(0, start - 24) : start]
    if before.strip():
        space = before.find(" ")
        if 0 <= space < len(before) - 1 and start > 24:
            before = before[space + 1 :]  # start at a word, not in the middle of one
        return "prefix: '" + before.replace("'", "''") + "'"  # as YAML writes it, ready to paste
    after = para[end : end + 24]
    space = after.rfind(" ")
    return "suffix: '" + (after[:space] if space > 0 else after).replace("'", "''") + "'"


COUNTED = 100  # quotes of one file whose occurrences are counted for a message; past it: "several"


def anchor(doc: Document, index: int, ann: dict, paragraphs, counts: dict | None = None) -> tuple[tuple[int, int, int] | None, list[Problem]]:
    """Locate annotation ``index`` (its fields ``ann``): (paragraph, start, end) of its
    quote, or None and the problem. ``counts`` (one dict per file) keeps the occurrences
    counted for messages: each count reads the whole text, so a file of 5,000 equal
    one-letter quotes counts once, and at most COUNTED different quotes are counted."""
    counts = {} if counts is None else counts
    quote, prefix, suffix = ann["quote"], ann.get("prefix"), ann.get("suffix")

    def problem(code: str, message: str, at=None) -> tuple[None, list[Problem]]:
        line, col = at or doc.where(("annotations", index, "quote"))
        return None, [Problem(doc.path, line, col, code, message)]

    found = _occurrences(paragraphs, quote, 2)
    if not found:
        return problem("T301", f"quote '{quote}' is not in the text{_near_miss(paragraphs, quote)}")
    # Prefix and suffix hold when the text has prefix + quote + suffix in one paragraph:
    # one search for the whole, never a look at each occurrence of the quote.
    whole = (prefix or "") + quote + (suffix or "")
    chosen = _occurrences(paragraphs, whole, 2) if whole != quote else found

    def places(hits) -> str:
        return ", ".join(f"¶{n}" for n, _ in hits[:8]) + (", …" if len(hits) > 8 else "")

    def count(needle: str, at_least: int) -> str:
        if needle not in counts and len(counts) < COUNTED:
            counts[needle] = _count(paragraphs, needle)
        return f"{max(counts[needle], at_least)}" if needle in counts else "several"

    def times(needle: str) -> str:
        return f"{count(needle, 2)} times ({places(_occurrences(paragraphs, needle, 9))})"

    if not chosen:
        n = count(quote, len(found))
        n_found = f"{n} occurrence{'' if n == '1' else 's'} ({places(_occurrences(paragraphs, quote, 9))})"
        fits_prefix = not prefix or _occurrences(paragraphs, prefix + quote, 1)
        fits_suffix = not suffix or _occurrences(paragraphs, quote + suffix, 1)
        if not fits_prefix:
            at = doc.where(("annotations", index, "prefix"))
            return problem("T303", f"prefix of quote '{quote}' matches none of its {n_found}; copy it from the text right before the quote", at)
        if not fits_suffix:
            at = doc.where(("annotations", index, "suffix"))
            return problem("T303", f"suffix of quote '{quote}' matches none of its {n_found}; copy it from the text right after the quote", at)
        at = doc.where(("annotations", index, "prefix"))
        return problem("T303", f"prefix and suffix of quote '{quote}' each match a different one of its {n_found}; take both from the same occurrence", at)
    shift = len(prefix or "")
    if len(chosen) > 1:
        n, s = chosen[0]
        hint = _suggestion(paragraphs[n - 1], s + shift, s + shift + len(quote))
        if prefix or suffix:
            return problem("T302", f"quote '{quote}' with this prefix/suffix still occurs {times(whole)}; lengthen them to choose one, e.g. {hint}")
        return problem("T302", f"quote '{quote}' occurs {times(quote)}; add a prefix or suffix to choose one, e.g. {hint}")
    n, s = chosen[0]
    return (n, s + shift, s + shift + len(quote)), []


def crossings(doc: Document, anns: list[tuple[int, Annotation]]) -> list[Problem]:
    """Quotes may nest (one inside another) but not cross: a page could not highlight both.

    One pass over the quotes in text order with a stack of the open ones (each inside the
    one below it): a quote that starts inside the innermost open quote and ends after it
    crosses it. Linear after the sort, however deeply quotes nest."""
    out = []
    spans = sorted((a.paragraph, a.start, -a.end, i, a) for i, a in anns if a.paragraph)
    stack: list[tuple[int, int, Annotation]] = []  # (paragraph, end, annotation) of open quotes
    for para, start, neg_end, j, b in spans:
        end = -neg_end
        while stack and (stack[-1][0] != para or stack[-1][1] <= start):
            stack.pop()
        if stack and end > stack[-1][1]:  # b starts inside the innermost open quote and ends after it
            a = stack[-1][2]
            line, col = doc.where(("annotations", j, "quote"))
            out.append(
                Problem(
                    doc.path,
                    line,
                    col,
                    "T304",
                    f"quote of '{b.id}' overlaps quote of '{a.id}' without containing it (¶{para}); make one contain the other, or shorten one",
                )
            )
            continue
        stack.append((para, end, b))
    return out
