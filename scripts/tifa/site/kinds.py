"""The page kinds of the site, declared once.

A kind names its template and says which pages the corpus makes of it: for each, its
path, title, description, the files it is built from, how it is cited, and its view
(views.py: everything the template may read, and the cache key derived from it).
Everything else (rendering, reuse while serving, sharing the work among processes,
MkDocs, ``tifa pages``, the benchmark, the tests) walks ``KINDS`` and knows no kind by
name. A new kind is one entry here, a view and a template (CONTRIBUTING.md, "Adding a
page kind"); its URLs then go into published-urls.txt with ``tifa urls --update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tifa.corpus.index import Corpus
from tifa.corpus.missing import coverages_of
from tifa.site import charts, linked
from tifa.site import views as v
from tifa.site.dashboard import Dashboard
from tifa.site.listings import concept_lists, global_timeline, grouped, neighbours, series_comparisons
from tifa.site.pages import PAGE_SIZE, Pager, Site, paginate, url_of
from tifa.vocab import CATEGORIES, ENTITY_KINDS, FOLDERS, GENRES, KIND_NAMES, SERIES

HOME_FEATURED, HOME_LATEST = 8, 5  # on the home page


@dataclass(frozen=True)
class Spec:
    """One page to make: where it goes, what it is called, and what it shows."""

    path: str  # docs-relative Markdown path
    title: str
    description: str
    view: v.View
    sources: tuple = ()  # annotation files behind it: the first is the Edit button's, all give its version
    cite_as: str = "index"  # the citation's kind (concept, article, person…); "index": no citation box
    keywords: tuple = ()
    language: str = "en"
    jsonld: Callable[[], dict] | None = None  # called only when the page is rendered


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str  # a template in tifa/site/templates, or the name given to ``source``
    pages: Callable[[Build], Iterator[Spec]]
    source: str | None = None  # the template's own text, for a kind declared outside the package
    # False: the template writes the page's HTML, headings through ``section_heading``
    # (tifa.site.headings), and MkDocs takes it as it is; True: Markdown, which MkDocs converts.
    markdown: bool = False


@dataclass(frozen=True)
class Build:
    """What every kind's pages are made from: the corpus, where it is published, and
    what several kinds share (computed once)."""

    corpus: Corpus
    site: Site
    extra: dict = field(default_factory=dict)  # a kind declared outside the package may keep things here

    @cached_property
    def everything(self) -> tuple:
        """Every annotation file: the sources of the pages that list the whole corpus."""
        c = self.corpus
        return tuple(
            sorted({a.path for a in c.articles} | {x.path for x in c.concepts.values()} | {e.path for k in ENTITY_KINDS for e in c.entities[k].values()})
        )

    @cached_property
    def coverage_of(self) -> Callable:
        return coverages_of(self.corpus)

    @cached_property
    def timeline(self) -> list:
        return grouped(global_timeline(self.corpus), lambda i: i.date[:4])

    @cached_property
    def by_year(self) -> list:
        return grouped(self.corpus.articles, lambda a: a.date[:4], reverse=True)


# ---------------------------------------------------------------- records


def article_pages(b: Build) -> Iterator[Spec]:
    corpus = b.corpus
    for article in corpus.articles:
        keywords = tuple(sorted({corpus.concepts[a.concept].label for a in article.annotations if a.concept}))
        yield Spec(
            f"articles/{article.id}.md",
            article.title,
            f"{GENRES[article.genre]}, {article.date}: annotated text with {len(article.annotations)} annotations.",
            v.ArticleView(article, _coverage_of=b.coverage_of, **neighbours(corpus, article)),
            (article.path,),
            "article",
            keywords,
            article.language,
            lambda article=article: linked.article(article, corpus, b.site.address),
        )


def concept_pages(b: Build) -> Iterator[Spec]:
    corpus = b.corpus
    for concept in corpus.concepts.values():
        zh = f" ({concept.zh})" if concept.zh else ""
        occurrences = corpus.by_concept.get(concept.id, [])
        pager = Pager(f"concepts/{concept.id}/", "occurrences", len(paginate(occurrences)), len(occurrences))
        view = v.ConceptView(
            concept,
            occurrences,
            occurrences[:PAGE_SIZE],
            pager,
            len({o.article.id for o in occurrences}),
            len(corpus.articles),
            sorted({o.article.publisher for o in occurrences}),
            charts.ConceptFigures.of(corpus, concept.id, PAGE_SIZE),
            _corpus=corpus,
        )
        yield Spec(
            f"concepts/{concept.id}.md",
            concept.label,
            f"The formulation “{concept.label}”{zh}: definition, variants, timeline and every annotated occurrence.",
            view,
            _concept_sources(concept, occurrences),
            "concept",
            _concept_keywords(concept),
            "en",
            lambda concept=concept: linked.concept(concept, corpus, b.site.address),
        )


def _concept_sources(concept, occurrences) -> tuple:
    return (concept.path, *(o.article.path for o in occurrences))


def _concept_keywords(concept) -> tuple:
    return (concept.label, *([concept.zh] if concept.zh else []), CATEGORIES[concept.category])


def entity_pages(b: Build) -> Iterator[Spec]:
    corpus = b.corpus
    for kind in ENTITY_KINDS:
        for entity in corpus.entities[kind].values():
            mentions = corpus.by_entity.get((kind, entity.id), [])
            pager = Pager(f"{FOLDERS[kind]}/{entity.id}/", "mentions", len(paginate(mentions)), len(mentions))
            published = corpus.articles_by("publisher", entity.id) if kind == "organization" else []
            events = corpus.articles_by("event_place", entity.id) if kind == "place" else []
            view = v.EntityView(entity, kind, mentions, mentions[:PAGE_SIZE], pager, len(corpus.articles), published, events, _corpus=corpus)
            yield Spec(
                f"{FOLDERS[kind]}/{entity.id}.md",
                entity.name,
                f"{KIND_NAMES[kind]}: {entity.name}. Every annotated mention in the Tifa corpus.",
                view,
                _entity_sources(corpus, entity),
                kind,
                _entity_keywords(entity),
                "en",
                lambda entity=entity: linked.entity(entity, b.site.address),
            )


def _entity_sources(corpus, entity) -> tuple:
    mentions = corpus.by_entity.get((entity.kind, entity.id), []) + corpus.spoken_by.get(entity.id, [])
    return (entity.path, *(o.article.path for o in mentions))


def _entity_keywords(entity) -> tuple:
    return (entity.name, *([entity.zh] if entity.zh else []))


def continuation_pages(b: Build) -> Iterator[Spec]:
    """Page 2 and on of every concordance: a concept's occurrences, an entity's mentions."""
    corpus = b.corpus
    for concept in corpus.concepts.values():
        zh = f" ({concept.zh})" if concept.zh else ""
        occurrences = corpus.by_concept.get(concept.id, [])
        yield from _continued(
            ("concept", concept.id),
            concept,
            concept.label,
            occurrences,
            "occurrences",
            f"the formulation “{concept.label}”{zh}",
            _concept_sources(concept, occurrences),
            _concept_keywords(concept),
        )
    for kind in ENTITY_KINDS:
        for entity in corpus.entities[kind].values():
            mentions = corpus.by_entity.get((kind, entity.id), [])
            yield from _continued(
                (kind, entity.id), entity, entity.name, mentions, "mentions", entity.name, _entity_sources(corpus, entity), _entity_keywords(entity)
            )


def _continued(owner, record, name, rows, noun, of, sources, keywords) -> Iterator[Spec]:
    """The pages after the first of a concordance: ``noun`` ("occurrences") ``of`` what."""
    kind, ident = owner
    chunks = paginate(rows)
    pager = Pager(f"{url_of(kind, ident)}", noun, len(chunks), len(rows))
    for number, chunk in enumerate(chunks[1:], 2):
        first, last = (number - 1) * PAGE_SIZE + 1, (number - 1) * PAGE_SIZE + len(chunk)
        title = f"{name}: {noun} {first}–{last}"
        yield Spec(
            f"{url_of(kind, ident)}{noun}/{number}.md",
            title,
            f"{noun.capitalize()} {first}–{last} of {len(rows)} of {of}.",
            v.OccurrencesView(owner, chunk, pager.at(number), f"{title} of {len(rows)}", _record=record),
            sources,
            kind,
            keywords,
        )


# ---------------------------------------------------------------- indexes and overviews


def entity_index_pages(b: Build) -> Iterator[Spec]:
    for kind in ENTITY_KINDS:
        items = [(e, len(b.corpus.by_entity.get((kind, e.id), []))) for e in sorted(b.corpus.entities[kind].values(), key=lambda e: e.name.lower())]
        yield Spec(
            f"{FOLDERS[kind]}/index.md",
            FOLDERS[kind].capitalize(),
            f"All {FOLDERS[kind]} in the Tifa corpus.",
            v.EntityIndexView(kind, items, _articles=b.corpus.articles),
            b.everything,
        )


def concept_index_pages(b: Build) -> Iterator[Spec]:
    corpus = b.corpus
    yield Spec(
        "concepts/index.md",
        "Concepts",
        "Every formulation in Tifa: A to Z, by pinyin, by category and by earliest known use.",
        v.ConceptIndexView(
            list(corpus.concepts.values()),
            {c: len(corpus.by_concept.get(c, ())) for c in corpus.concepts},
            len(corpus.articles),
            _articles=corpus.articles,
            **concept_lists(corpus),
        ),
        b.everything,
        jsonld=lambda: linked.scheme(corpus, b.site.address, b.site.name),
    )


def article_index_pages(b: Build) -> Iterator[Spec]:
    articles = b.corpus.articles
    yield Spec(
        "articles/index.md",
        "Articles",
        "Every annotated text in Tifa, by year and by genre.",
        v.ArticleIndexView(articles, b.by_year, list(reversed(articles[-50:]))),
        b.everything,
    )


def year_pages(b: Build) -> Iterator[Spec]:
    for year, group in b.by_year:
        yield Spec(
            f"articles/by-year/{year}.md",
            f"Articles of {year}",
            f"Annotated texts published in {year}, by date and by genre.",
            v.YearView(year, group, grouped(group, lambda a: a.date[:7])),
            tuple(a.path for a in group),
        )


def home_pages(b: Build) -> Iterator[Spec]:
    """The home page: what is inside (the most used formulations, the latest texts, the
    series), generated so it always shows the corpus as it is."""
    corpus = b.corpus
    featured = sorted(((c, len(corpus.by_concept.get(c.id, ()))) for c in corpus.concepts.values()), key=lambda pair: (-pair[1], pair[0].label))[:HOME_FEATURED]
    series = [(sid, title, len(corpus.series_texts(sid))) for sid, title in SERIES.items() if corpus.series_texts(sid)]
    articles = corpus.articles
    view = v.HomeView(
        featured,
        list(reversed(articles[-HOME_LATEST:])),
        series,
        len(corpus.concepts),
        len(articles),
        articles[0].date if articles else "",
        articles[-1].date if articles else "",
    )
    yield Spec("index.md", b.site.name, "A citable atlas of the formulations (tifa) of Chinese political texts.", view, b.everything)


def compare_pages(b: Build) -> Iterator[Spec]:
    texts = [a for sid in SERIES for a in b.corpus.series_texts(sid)]
    yield Spec(
        "compare/index.md",
        "Compare texts",
        "Formulations new, kept and dropped: each series year on year, and any two texts.",
        v.CompareView(texts, lambda: series_comparisons(b.corpus)),
        b.everything,
    )


def dashboard_pages(b: Build) -> Iterator[Spec]:
    yield Spec(
        "dashboard.md",
        "Dashboard",
        "The corpus at a glance: articles over time, most frequent concepts, first attestations, annotation coverage and the co-occurrence network.",
        v.DashboardView(Dashboard(b.corpus)),
        b.everything,
    )


def timeline_pages(b: Build) -> Iterator[Spec]:
    yield Spec(
        "timeline.md",
        "Timeline",
        "Annotated texts and curated attestations of formulations, year by year.",
        v.TimelineView(b.timeline, _articles=b.corpus.articles),
        b.everything,
    )


def timeline_year_pages(b: Build) -> Iterator[Spec]:
    for year, items in b.timeline:
        yield Spec(
            f"timeline/{year}.md",
            f"Timeline: {year}",
            f"Annotated texts and attestations of formulations in {year}.",
            v.TimelineYearView(year, items),
            tuple(i.article.path if i.article else i.concept.path for i in items),
        )


# The costliest pages first, the many small ones last: processes sharing the pages
# (generate.Turns) then run out of work at about the same time. Articles came first
# once, and the process left with the dashboard and the indexes at the end finished 5 s
# after the other at 10,000 articles.
KINDS: tuple[PageKind, ...] = (
    PageKind("concept-index", "concepts_index.html.j2", concept_index_pages),
    PageKind("article-index", "articles_index.html.j2", article_index_pages),
    PageKind("year", "articles_year.html.j2", year_pages),
    PageKind("home", "home.md.j2", home_pages, markdown=True),
    PageKind("compare", "compare.html.j2", compare_pages),
    PageKind("dashboard", "dashboard.html.j2", dashboard_pages),
    PageKind("timeline", "timeline.html.j2", timeline_pages),
    PageKind("timeline-year", "timeline_year.html.j2", timeline_year_pages),
    PageKind("concept", "concept.html.j2", concept_pages),
    PageKind("entity", "entity.html.j2", entity_pages),
    PageKind("continuation", "occurrences.html.j2", continuation_pages),
    PageKind("entity-index", "entities_index.html.j2", entity_index_pages),
    PageKind("article", "article.html.j2", article_pages),
)
