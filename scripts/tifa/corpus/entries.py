"""The records the cross-index (tifa.corpus.index) hands out: an occurrence (an annotation
in its article), a concept's first use, translation pairs and renderings, a comparison of
two texts, wordings, timeline items, and the concepts that co-occur with one, worked out
when first asked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tifa.data.model import Annotation, Article


@dataclass(frozen=True)
class Occurrence:
    """One annotated passage: an annotation in its article."""

    article: Article
    annotation: Annotation

    @property
    def sort_key(self):
        a = self.annotation
        return (self.article.date, self.article.id, a.paragraph_number or 0, a.start or 0, a.id)

    @property
    def paragraph_text(self) -> str | None:
        a = self.annotation
        return self.article.paragraphs[a.paragraph - 1] if a.paragraph and self.article.paragraphs else None

    def context(self, width: int = 70) -> tuple[str, str]:
        """(left, right) context for a keyword-in-context row, cut at a word where possible."""
        a, text = self.annotation, self.paragraph_text
        if text is None:  # excerpt-only article: the curator's prefix/suffix are the context
            return a.prefix or "", a.suffix or ""
        left, right = text[: a.start], text[a.end :]
        if len(left) > width:
            cut = left[-width:]
            space = cut.find(" ")
            left = "…" + (cut[space + 1 :] if 0 <= space < width // 3 else cut)
        if len(right) > width:
            cut = right[:width]
            space = cut.rfind(" ")
            right = (cut[:space] if space > width * 2 // 3 else cut) + "…"
        return left, right


@dataclass(frozen=True)
class FirstUse:
    """The earliest use of a concept the site vouches for (Corpus.first_use)."""

    date: str
    basis: str  # "attestation": a curated, sourced use; "corpus": the first text of this corpus
    attestation: object = None
    texts: int = 0  # texts of the corpus that annotate the concept
    article: object = None  # basis "corpus": the first text


@dataclass(frozen=True)
class RenderingPair:
    rendering: str  # the translation's wording
    translation: Article
    original_quote: str
    original: Article


@dataclass(frozen=True)
class Rendering:
    rendering: str
    publisher: str
    original_quote: str
    since: str
    texts: tuple[tuple[str, str], ...]  # (id, date) of the translations using it, by id


@dataclass(frozen=True)
class Comparison:
    """Two texts' formulations: each list holds (concept, uses in earlier, uses in later)."""

    earlier: Article
    later: Article
    new: list
    kept: list
    dropped: list


@dataclass(frozen=True)
class Variant:
    wording: str
    count: int
    first: str
    last: str


@dataclass(frozen=True)
class TimelineItem:
    date: str
    kind: str  # "attestation" | "corpus"
    attestation: object = None
    article: Article | None = None
    count: int = 0


class CoOccurrence:
    """Another concept sharing paragraphs or articles with one concept."""

    __slots__ = ("other", "paragraphs", "articles", "_only")

    def __init__(self, other: str, paragraphs: list, articles: list):
        self.other = other
        self.paragraphs = paragraphs  # (article id, paragraph number) where both are annotated
        self.articles = articles  # article ids where both are annotated
        self._only = None

    @property
    def articles_only(self) -> list:
        """Of ``articles``, the ones without a shared paragraph. Worked out when asked:
        a page lists them for its 30 strongest pairs only, and for all pairs of all
        concepts at 10,000 articles they are lists of six million ids."""
        if self._only is None:
            with_para = {a for a, _ in self.paragraphs}
            self._only = [a for a in self.articles if a not in with_para]
        return self._only

    def __repr__(self) -> str:
        return f"CoOccurrence({self.other!r}, {len(self.paragraphs)} paragraphs, {len(self.articles)} articles)"


class ArticlePairs:
    """``with_article``: concept -> other concept -> ids of the articles that annotate both,
    in corpus order. Worked out for a concept when first asked (its page, its figure):
    at 10,000 articles all the pairs are six million, and worked out here they are shared
    among the processes that render the pages."""

    def __init__(self, by_concept: dict):
        self.by_concept = by_concept
        self.found: dict[str, dict[str, list[str]]] = {}
        self.concepts_of: dict[str, set[str]] = {}  # article id -> its annotated concepts

    def get(self, cid: str, default=None):
        if cid not in self.found:
            pairs: dict[str, list[str]] = defaultdict(list)
            seen = set()
            for occ in self.by_concept.get(cid, ()):  # in corpus order (date, then id)
                article = occ.article
                if article.id in seen:
                    continue
                seen.add(article.id)
                concepts = self.concepts_of.get(article.id)
                if concepts is None:
                    concepts = self.concepts_of[article.id] = {a.concept for a in article.annotations if a.concept}
                for other in concepts:
                    if other != cid:
                        pairs[other].append(article.id)
            self.found[cid] = dict(sorted(pairs.items()))
        return self.found[cid] or default
