"""What did I miss: known concept names in an article's text that no annotation covers.

Every concept lends its label, its Chinese form and the labels of its aliases as
phrases. One Aho-Corasick automaton (pyahocorasick, in C) holds them all and reads each
paragraph once, whatever the number of phrases: about 2 s for 10,000 articles × 750
phrases, where a str.find loop per phrase or one big alternation regex takes 30–40 s
(design notes, cost model; `python -c "from tifa.corpus.missing import bench; bench()"`
measures both here).

Matching: case-insensitive for Latin scripts, exact for Chinese; a phrase that begins
(or ends) with a letter or digit of a spaced script must begin (end) at a word
boundary, so "forces" is not found in "workforces", while Chinese, written without
spaces, is matched anywhere. An occurrence is *covered* when an annotation of the same
concept overlaps it in the same paragraph; overlapping matches of one concept (a label
inside a longer wording) count once.

>>> from tifa.data.model import Concept
>>> finder = Finder([Concept("nqpf", "new quality productive forces", "development", "…", (), "x.yml", zh="新质生产力")])
>>> [(h.paragraph, h.start, h.text) for h in finder.find(("Develop New Quality Productive Forces.", "发展新质生产力"))]
[(1, 8, 'New Quality Productive Forces'), (2, 2, '新质生产力')]
"""

from __future__ import annotations

import re
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from tifa.data.model import Article, Concept


@dataclass(frozen=True)
class Hit:
    """One occurrence of a known concept name in a paragraph."""

    concept: str
    paragraph: int  # 1-based
    start: int  # code-point offsets inside the paragraph
    end: int
    text: str  # as the article writes it
    covered: bool = False


@dataclass(frozen=True)
class Coverage:
    """Annotated occurrences of concepts against the known names left unannotated.

    >>> str(Coverage(23, 2)), str(Coverage(0, 0)), str(Coverage(0, 0, measured=False))
    ('92%: 23 concept annotations, 2 occurrences of known concepts not annotated', 'no known concept in the text', 'not measured: only excerpts are shown')
    """

    annotated: int
    missed: int
    measured: bool = True  # False for excerpt-only articles: there is no text to read
    concepts: tuple[str, ...] = ()  # every concept found in the text, covered or not

    @property
    def ratio(self) -> float | None:
        total = self.annotated + self.missed
        return self.annotated / total if self.measured and total else None

    def __str__(self) -> str:
        if not self.measured:
            return "not measured: only excerpts are shown"
        if self.ratio is None:
            return "no known concept in the text"
        # Rounded down, so that 100% always means nothing was missed.
        percent = int(100 * self.annotated / (self.annotated + self.missed))
        noun = "occurrence" if self.missed == 1 else "occurrences"
        return f"{percent}%: {self.annotated} concept annotation{'' if self.annotated == 1 else 's'}, {self.missed} {noun} of known concepts not annotated"


def _is_cjk(ch: str) -> bool:
    """Scripts written without spaces between words (Han, kana, full-width forms)."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF


def _wordish(ch: str) -> bool:
    """A letter or digit of a spaced script: what a word boundary separates."""
    return (ch.isalnum() or ch == "_") and not _is_cjk(ch)


def fold(text: str) -> str:
    """Lower case that keeps every offset ('İ' would become two characters: it stays)."""
    low = text.lower()
    if len(low) == len(text):  # lower() never shortens a character, so all map one to one
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Overlapping matches allowed per character of a paragraph before the finder falls back
# to leftmost-longest matching (which may then miss a name nested in a longer one): real
# texts have a few per character at most.
MATCHES_PER_CHAR = 8


class Finder:
    """The automaton of every concept name, built once for a corpus."""

    def __init__(self, concepts):
        self.automaton = ahocorasick.Automaton()
        phrases: dict[str, set[str]] = {}
        for c in concepts:
            for name in (c.label, c.zh, *(a.label for a in c.aliases)):
                if name and name.strip():
                    phrases.setdefault(fold(name.strip()), set()).add(c.id)
        for key, ids in phrases.items():
            # Whether each end needs a word boundary is decided once, here.
            self.automaton.add_word(key, (len(key), _wordish(key[0]), _wordish(key[-1]), tuple(sorted(ids))))
        self.empty = not phrases
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, paragraphs) -> list[Hit]:
        """Every occurrence, in text order; overlapping ones of one concept count once."""
        if self.empty:
            return []
        out: list[Hit] = []
        for number, para in enumerate(paragraphs, 1):
            folded = fold(para)
            found = self._matches(para, folded, self.automaton.iter(folded), MATCHES_PER_CHAR)
            if found is None:  # names nested in one another, matched at every position: linear instead
                found = self._matches(para, folded, self.automaton.iter_long(folded), None)
            for cid, spans in found.items():
                reach = -1
                for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):  # leftmost, longest
                    if start >= reach:
                        out.append(Hit(cid, number, start, end, para[start:end]))
                        reach = end
        return sorted(out, key=lambda h: (h.paragraph, h.start, h.concept))

    @staticmethod
    def _matches(para: str, folded: str, matches, per_char: int | None) -> dict[str, list[tuple[int, int]]] | None:
        """concept -> (start, end) of its names' matches at word boundaries; None as soon as
        the matches outnumber ``per_char`` for each character read so far, plus a thousand
        (every overlapping match of names such as a, aa, aaa… is quadratic in the text:
        48 s for 401 such names in 440,000 letters)."""
        found: dict[str, list[tuple[int, int]]] = {}
        seen = 0
        for last, (length, left, right, ids) in matches:
            seen += 1
            if per_char is not None and seen > per_char * (last + 1) + 1000:
                return None
            start, end = last + 1 - length, last + 1
            if left and start > 0 and _wordish(para[start - 1]):
                continue
            if right and end < len(para) and _wordish(para[end]):
                continue
            for cid in ids:
                found.setdefault(cid, []).append((start, end))
        return found

    def scan(self, article: Article) -> list[Hit]:
        """The occurrences of an article, each marked covered or not by its annotations."""
        spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for ann in article.annotations:
            if ann.concept and ann.paragraph:
                spans.setdefault((ann.concept, ann.paragraph), []).append((ann.start, ann.end))
        out = []
        for h in self.find(article.paragraphs):
            covered = any(s < h.end and h.start < e for s, e in spans.get((h.concept, h.paragraph), ()))
            out.append(Hit(h.concept, h.paragraph, h.start, h.end, h.text, covered))
        return out

    def coverage(self, article: Article) -> Coverage:
        """The coverage figure of an article page."""
        if not article.has_text:
            return Coverage(0, 0, measured=False)
        hits = self.scan(article)
        annotated = sum(1 for a in article.annotations if a.concept)
        return Coverage(annotated, sum(1 for h in hits if not h.covered), True, tuple(sorted({h.concept for h in hits})))


_memo: dict = {}  # article path -> (article, concept names, coverage), across the rebuilds of `mkdocs serve`
_current: list = [None, None]  # (weak reference to the corpus of this build, its Coverages)


class Coverages:
    """Each article's coverage (the concept names found in its text), computed once per
    build, and again under `mkdocs serve` only when the article or the concepts' names
    changed. Article pages and the dashboard share it (``coverages_of``)."""

    def __init__(self, concepts):
        self.concepts = concepts
        self.names = tuple((c.id, c.label, c.zh, tuple(a.label for a in c.aliases)) for c in concepts)
        self.finder = None

    def __call__(self, article: Article) -> Coverage:
        hit = _memo.get(article.path)
        if hit is not None and (hit[0] is article or hit[0] == article) and hit[1] == self.names:
            return hit[2]
        if self.finder is None:
            self.finder = Finder(self.concepts)
        found = self.finder.coverage(article)
        _memo[article.path] = (article, self.names, found)
        return found


def coverages_of(corpus) -> Coverages:
    """The Coverages of this corpus (one per build)."""
    if _current[0] is None or _current[0]() is not corpus:
        _current[:] = [weakref.ref(corpus), Coverages(list(corpus.concepts.values()))]
    return _current[1]


# --- Where an occurrence stands in the YAML file --------------------------------------


@dataclass(frozen=True)
class _Segment:
    line: int  # 1-based line of the file
    col: int  # 0-based column where the segment's text starts
    offset: int  # where it starts in its paragraph
    text: str


def text_layout(source: str, line: int, col: int, paragraphs) -> list[list[_Segment]] | None:
    """Map each paragraph back to the lines of a literal block (``text: |``).

    ``line``/``col`` is the loader's mark of the value (the ``|``). Returns None when the
    text is written another way (quoted, folded) or the mapping does not give back
    exactly the article's paragraphs: the caller then points at the ``text:`` key.
    """
    lines = source.split("\n")
    header = lines[line - 1][col - 1 :] if line - 1 < len(lines) else ""
    if not re.match(r"\|[+-]?\s*(#.*)?$", header):
        return None
    content: list[tuple[int, int, str | None]] = []
    indent = None
    for n in range(line, len(lines)):
        raw = lines[n].rstrip("\r")
        if not raw.strip():
            content.append((n + 1, 0, None))
            continue
        lead = len(raw) - len(raw.lstrip(" "))
        if indent is None:
            indent = lead
        if lead < indent:
            break
        content.append((n + 1, indent, raw[indent:]))
    out, current, offset = [], [], 0
    for number, base, text in content + [(0, 0, None)]:
        if text is None:
            if current:
                out.append(current)
            current, offset = [], 0
            continue
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        current.append(_Segment(number, base + lead, offset, stripped))
        offset += len(stripped) + 1  # lines of one paragraph are joined with a space
    rebuilt = tuple(" ".join(s.text for s in para) for para in out)
    return out if rebuilt == tuple(paragraphs) else None


def locate(layout, paragraph: int, start: int) -> tuple[int, int]:
    """(line, col) in the file, from 1, of a paragraph offset."""
    segments = layout[paragraph - 1]
    seg = segments[0]
    for s in segments:
        if s.offset <= start:
            seg = s
    return seg.line, seg.col + min(start - seg.offset, len(seg.text)) + 1


def report(article: Article, finder: Finder, file: Path) -> tuple[list[str], Coverage]:
    """The lines ``path:line:col: paragraph N: 'phrase' (concept-id)`` of what is missed."""
    from tifa.data.load import load_file

    doc, _ = load_file(file, article.path)
    layout, key = None, (1, 1)
    if doc is not None and ("text",) in doc.marks:
        line, col = doc.marks[("text",)]
        key = doc.key_marks.get(("text",), (line, col))
        layout = text_layout(file.read_text(encoding="utf-8"), line, col, article.paragraphs)
    lines = []
    for h in finder.scan(article):
        if h.covered:
            continue
        line, col = locate(layout, h.paragraph, h.start) if layout else key
        phrase = h.text.replace("'", "\\'")
        lines.append(f"{article.path}:{line}:{col}: paragraph {h.paragraph}: '{phrase}' ({h.concept})")
    return lines, finder.coverage(article)


# --- Measuring the choice ---------------------------------------------------------------


def bench(articles: int = 10_000, phrases: int = 750, seed: int = 7) -> dict[str, float]:
    """Time the automaton against a naive loop (str.find per phrase) on synthetic texts.

    Both find the same occurrences (checked here); returns the seconds of each.
    """
    import random

    from tifa.data.model import Alias

    rng = random.Random(seed)
    syllables = ["xin", "zhi", "fa", "zhan", "gao", "liang", "chan", "ye", "ti", "xi", "min", "sheng", "an", "quan"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))

    names = sorted({" ".join(word() for _ in range(rng.randint(2, 4))) for _ in range(phrases * 2)})[:phrases]
    concepts = [
        Concept(f"c{i}", name, "development", "…", (), "x.yml", aliases=(Alias(name + " x", "wording", "en", ()),) if i % 5 == 0 else ())
        for i, name in enumerate(names)
    ]
    texts = []
    for _ in range(articles):
        paras = []
        for _ in range(6):
            words = [rng.choice(names) if rng.random() < 0.05 else word() for _ in range(60)]
            paras.append(" ".join(words).capitalize() + ".")
        texts.append(tuple(paras))
    t0 = time.perf_counter()
    finder = Finder(concepts)
    fast = sum(len(finder.find(t)) for t in texts)
    t1 = time.perf_counter()
    patterns = [(fold(n), c.id) for c in concepts for n in (c.label, *(a.label for a in c.aliases))]
    slow = 0
    for t in texts:
        for para in t:
            folded, found = fold(para), {}
            for pat, cid in patterns:
                i = folded.find(pat)
                while i != -1:
                    end = i + len(pat)
                    if (i == 0 or not _wordish(para[i - 1])) and (end == len(para) or not _wordish(para[end])):
                        found.setdefault(cid, []).append((i, end))
                    i = folded.find(pat, i + 1)
            for spans in found.values():
                reach = -1
                for s, e in sorted(spans, key=lambda s: (s[0], -s[1])):
                    if s >= reach:
                        slow, reach = slow + 1, e
    t2 = time.perf_counter()
    assert fast == slow, (fast, slow)
    result = {"articles": articles, "phrases": len(patterns), "occurrences": fast, "automaton_s": round(t1 - t0, 2), "loop_s": round(t2 - t1, 2)}
    print(result, f"ratio {result['loop_s'] / max(result['automaton_s'], 0.01):.0f}x")
    return result
