"""One frozen view per page kind: everything its template may read, and nothing else.

A template never sees the corpus: it reads the fields of its view (and the derived
values the view lists in ``DERIVED``, computed only when the page is rendered, not when
``mkdocs serve`` reuses it). A view's ``key`` says what of the corpus its page shows
(see shown.Shown), from the view's own fields: a page is rendered again exactly when
that changes. A field whose name starts with ``_`` serves the derived values and is
not handed to the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property

from tifa.corpus.index import Corpus
from tifa.data.model import Article, Concept, Entity
from tifa.site import charts
from tifa.site import text as textmod
from tifa.site.listings import concept_timeline, count_values, glance
from tifa.site.pages import Pager
from tifa.site.shown import Shown

COOCCURRING_ROWS = 30  # co-occurring concepts on a concept page (the CSV of its figure has all)


@dataclass(frozen=True)
class View:
    DERIVED = ()  # names of cached properties handed to the template too

    def context(self) -> dict:
        """The template's variables: the public fields, then the derived values."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}
        out.update((name, getattr(self, name)) for name in self.DERIVED)
        return out

    def key(self, shown: Shown) -> object:
        raise NotImplementedError


@dataclass(frozen=True)
class ArticleView(View):
    article: Article
    original: Article | None
    translations: list
    parallel: object
    series_nav: object
    _coverage_of: Callable

    DERIVED = ("coverage", "glance", "excerpts")

    @cached_property
    def coverage(self):
        return self._coverage_of(self.article)

    @cached_property
    def glance(self) -> dict:
        return glance(self.article)

    @cached_property
    def excerpts(self) -> list:
        return textmod.by_paragraph(self.article)

    def key(self, shown: Shown) -> object:
        return shown.own(self.article), shown.neighbours(self.article)


@dataclass(frozen=True)
class ConceptView(View):
    concept: Concept
    occurrences: list
    rows: list
    pager: Pager
    article_count: int
    total: int  # texts in the corpus: "in M of the N texts"
    publishers: list
    figures: charts.ConceptFigures
    _corpus: Corpus

    DERIVED = ("first", "renderings", "variants", "cooccurring", "narrower", "related", "speakers", "timeline_items")

    @cached_property
    def first(self):
        return self._corpus.first_use(self.concept.id)

    @cached_property
    def renderings(self) -> list:
        return self._corpus.renderings(self.concept.id)

    @cached_property
    def variants(self) -> list:
        return self._corpus.variants(self.concept.id)

    @cached_property
    def cooccurring(self) -> list:
        """Concepts annotated with this one, the strongest first (all of them: the page
        shows COOCCURRING_ROWS, and says how many there are)."""
        return self._corpus.cooccurring(self.concept.id) if self._corpus.with_article.get(self.concept.id) else []

    @cached_property
    def narrower(self) -> list:
        return self._corpus.narrower.get(self.concept.id, [])

    @cached_property
    def related(self) -> list:
        return self._corpus.related.get(self.concept.id, [])

    @cached_property
    def speakers(self) -> list:
        return self._corpus.speakers(self.concept.id)

    @cached_property
    def timeline_items(self) -> list:
        return concept_timeline(self._corpus, self.concept.id, self.pager)

    def key(self, shown: Shown) -> object:
        return shown.concept(self.concept.id)


@dataclass(frozen=True)
class OccurrencesView(View):
    """A concordance continued: page 2 and on of a concept's occurrences or an entity's mentions."""

    owner: tuple[str, str]  # (kind, id)
    rows: list
    pager: Pager
    heading: str
    _record: Concept | Entity

    def key(self, shown: Shown) -> object:
        kind, ident = self.owner
        return shown.concept(ident) if kind == "concept" else shown.entity(self._record)


@dataclass(frozen=True)
class EntityView(View):
    entity: Entity
    kind: str
    mentions: list
    rows: list
    pager: Pager
    total: int  # texts in the corpus
    published: list  # an organization's texts
    events: list  # a place's events
    _corpus: Corpus

    DERIVED = ("formulations", "nearby")

    @cached_property
    def formulations(self) -> list[tuple[str, int]]:
        """A person's: (concept, how often the texts attribute it to them), most first."""
        spoken = self._corpus.spoken_by.get(self.entity.id, []) if self.kind == "person" else []
        return count_values(o.annotation.concept for o in spoken if o.annotation.concept)

    @cached_property
    def nearby(self) -> list:
        return self._corpus.concepts_with_entity(self.kind, self.entity.id)

    def key(self, shown: Shown) -> object:
        return shown.entity(self.entity)


@dataclass(frozen=True)
class EntityIndexView(View):
    kind: str
    items: list  # (entity, its mentions), by name
    _articles: list

    def key(self, shown: Shown) -> object:
        return shown.outlines(self._articles)


@dataclass(frozen=True)
class ConceptIndexView(View):
    concepts: list
    uses: dict  # concept id -> its occurrences
    texts: int
    letters_en: list
    by_letter_en: dict
    by_pinyin: list
    without_pinyin: list
    by_category: list
    by_first: list
    _articles: list

    def key(self, shown: Shown) -> object:
        return shown.outlines(self._articles)


@dataclass(frozen=True)
class ArticleIndexView(View):
    articles: list
    by_year: list
    latest: list

    def key(self, shown: Shown) -> object:
        return shown.outlines(self.articles)


@dataclass(frozen=True)
class YearView(View):
    year: str
    articles: list
    by_month: list

    def key(self, shown: Shown) -> object:
        return shown.outlines(self.articles)


@dataclass(frozen=True)
class HomeView(View):
    featured: list  # (concept, occurrences)
    latest: list
    series: list  # (id, title, texts)
    concepts: int
    texts: int
    first_date: str
    last_date: str

    def key(self, shown: Shown) -> object:
        return (
            shown.outlines(self.latest),
            tuple((c.id, n) for c, n in self.featured),
            tuple(self.series),
            self.concepts,
            self.texts,
            self.first_date,
            self.last_date,
        )


@dataclass(frozen=True)
class CompareView(View):
    _texts: list  # every text of a series
    _comparisons: Callable

    DERIVED = ("series",)

    @cached_property
    def series(self) -> list:
        return self._comparisons()

    def key(self, shown: Shown) -> object:
        return shown.texts(self._texts)


@dataclass(frozen=True)
class DashboardView(View):
    dashboard: object

    def key(self, shown: Shown) -> object:
        return shown.dashboard()


@dataclass(frozen=True)
class TimelineView(View):
    timeline: list
    _articles: list

    def key(self, shown: Shown) -> object:
        return shown.outlines(self._articles)


@dataclass(frozen=True)
class TimelineYearView(View):
    year: str
    items: list

    def key(self, shown: Shown) -> object:
        return shown.outlines(i.article for i in self.items if i.article)
