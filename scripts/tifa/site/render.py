"""Render the corpus into pages through Jinja templates: front matter, then the page's
HTML (or, for the home page, Markdown; ``PageKind.markdown``).

Contributor text is template DATA, never template SOURCE: templates live in the package,
the environment autoescapes, and every contributor string reaches the page escaped, in
HTML that MkDocs takes as it is or, on a Markdown page, inside raw HTML blocks, where
Python-Markdown leaves it alone (so `*x*`, `[a](b)` or `{ onclick=… }` stay inert
text). Front matter is written by a YAML emitter from values escaped for HTML, because
MkDocs themes print ``page.meta.title`` unescaped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from jinja2 import ChoiceLoader, DictLoader, Environment, PackageLoader, StrictUndefined

from tifa.corpus.index import Corpus, Occurrence
from tifa.site import cite, linked
from tifa.site import text as textmod
from tifa.site.headings import HTML_BODY, section_heading
from tifa.site.kinds import KINDS, Build, PageKind, Spec
from tifa.site.links import Linker
from tifa.site.listings import count_values, ellipsis
from tifa.site.pages import Page, Site, front_matter
from tifa.site.shown import Shown, stable
from tifa.site.versions import UNKNOWN
from tifa.site.views import COOCCURRING_ROWS
from tifa.vocab import CATEGORIES, ENTITY_KINDS, FOLDERS, GENRES, KIND_NAMES, LANGUAGES, SERIES

LIST_MAX = 200  # texts listed on an organization's or a place's page (the latest; Articles has all)
# What every template may read besides its view: the vocabularies and the page sizes.
CONSTANTS = dict(
    GENRES=GENRES,
    SERIES=SERIES,
    LANGUAGES=LANGUAGES,
    KIND_NAMES=KIND_NAMES,
    CATEGORIES=CATEGORIES,
    ENTITY_KINDS=ENTITY_KINDS,
    FOLDERS=FOLDERS,
    COOCCURRING_ROWS=COOCCURRING_ROWS,
    LIST_MAX=LIST_MAX,
)


@lru_cache(maxsize=8)
def _environment(own: tuple[tuple[str, str], ...] = ()) -> Environment:
    """One Jinja environment per set of kinds and process: templates compile once, even
    across the rebuilds of `mkdocs serve`. ``own``: (name, source) of the templates of
    kinds declared outside the package."""
    environment = Environment(
        loader=ChoiceLoader([DictLoader(dict(own)), PackageLoader("tifa.site", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are code: no stat() of their files on every page
        # The home page's Markdown headings take anchors as `{#id}`, which is Jinja's comment syntax.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    environment.globals.update(CONSTANTS, section_heading=section_heading)
    environment.filters.update(
        count_values=count_values,
        initial=textmod.initial,
        pinyin_key=textmod.pinyin_key,
        # The HTML of annotations is written in Python (text.py); the labels of what they
        # link to come through the page's Linker.
        paragraph_html=lambda number, article, link: textmod.highlight(article, number, link, link.corpus),
        excerpt_html=lambda ann, link: textmod.excerpt_html(ann, link, link.corpus),
        # an excerpt's own context, or up to 60 characters of a full text's paragraph, cut at a word
        in_context=lambda ann, article: textmod.marked(ann.quote, *ellipsis(Occurrence(article, ann).context(60))),
    )
    return environment


@lru_cache(maxsize=8)
def _templates_digest(own: tuple[tuple[str, str], ...]) -> str:
    """A digest of every template's text: part of each page's cache key, so a page is
    never reused after its template changed."""
    environment = _environment(own)
    digest = hashlib.sha256()
    for name in sorted(environment.list_templates()):
        source, _, _ = environment.loader.get_source(environment, name)
        digest.update(name.encode() + b"\0" + source.encode())
    return digest.hexdigest()


def page_meta(record: cite.Record) -> dict:
    """What overrides/main.html writes into a page's <head> for reference managers and
    link previews (as plain text; the template escapes it).

    Zotero's Embedded Metadata translator reads the item type from ``og:type`` before
    ``DC.type``: "website" makes a web page; a concept page says "article" there, which
    ranks below ``DC.type`` "dictionaryEntry". ``DC.type`` is not written on web pages,
    as Zotero copies it into the website type that APA prints ("[Webpage]"). The website
    or dictionary title comes from ``prism.publicationName``, the edition (a dictionary
    entry's; a web page has none in Zotero) from ``prism.edition``.
    """
    return {
        "title": record.title,
        "url": record.url,
        "date": record.date,
        "version": record.version,
        "keywords": list(record.keywords),
        "language": record.language,
        "site": record.site,
        "dc_type": "dictionaryEntry" if record.kind == "concept" else "",
        "og_type": "article" if record.kind == "concept" else "website",
    }


class Renderer:
    """Renders pages; with ``fingerprints`` (file -> (mtime, size)) and the ``previous``
    run's memo, a page whose view's key is unchanged is not rendered again: it comes back
    without its Markdown (``markdown=None``), as its file from that run is still right
    (what keeps an edit under `mkdocs serve` at 1,000 articles within two seconds).

    A warm build (tifa.site.warm) gives ``fingerprints`` as digests of the files' bytes
    and ``known``, the previous build's key of each page whose HTML it can take (as a
    ``stable`` digest): such a page with the same key comes back without Markdown, and
    every page carries its key (``Page.key``) for the next build."""

    def __init__(
        self,
        corpus: Corpus,
        site: Site,
        fingerprints: dict | None = None,
        previous: dict | None = None,
        claim: Callable[[], bool] | None = None,
        kinds: Iterable[PageKind] = KINDS,
        known: dict[str, str] | None = None,
    ):
        self.corpus, self.site, self.fingerprints = corpus, site, fingerprints
        self.known = known  # a warm build: page path -> its key in the previous build
        self.claim = claim  # one of several processes: asked before each page, True when this one renders it
        self.previous = previous or {}
        self.memo: dict = {}  # path -> (key, Page), and Shown.MEMO -> Shown's per-article hashes: the next run's `previous`
        self.reused = 0
        self.shown = Shown(corpus, fingerprints, self.previous.get(Shown.MEMO), self.memo) if fingerprints is not None else None
        self.refs: dict = {}  # (depth, kind, id) -> a record's link with its label, for Linker.ref
        own = tuple(sorted((k.template, k.source) for k in kinds if k.source is not None))
        self.env, self.digest = _environment(own), _templates_digest(own)

    def page(self, kind: PageKind, spec: Spec) -> Page | None:
        """Render one page of ``kind`` (None: another process renders it)."""
        if self.claim is not None and not self.claim():
            return None
        sources = spec.sources
        if sources:  # the first (the Edit button's), then the others in order; a concept page has thousands
            rest = set(sources)
            rest.discard(sources[0])
            sources = [sources[0], *sorted(rest)]
        version = self.site.history.of(sources) if self.site.history and sources else UNKNOWN
        key = stable_key = None
        edit = sources[0] if sources and spec.cite_as != "index" else None
        if self.fingerprints is not None:
            key = (kind.template, self.digest, spec.title, spec.description, version, spec.view.key(self.shown))
            if self.known is not None:
                stable_key = f"{stable(key):032x}"
                if self.known.get(spec.path) == stable_key:
                    self.reused += 1
                    return Page(spec.path, None, edit, key=stable_key)  # the previous build's HTML is still right
            hit = self.previous.get(spec.path)
            if hit is not None and hit[0] == key:
                self.memo[spec.path] = hit
                self.reused += 1
                return hit[1]  # the page without its Markdown: the file on disk is still right
        here = Page(spec.path, "").url
        record = cite.Record(
            key=f"tifa-{spec.path[:-3].replace('/', '-')}",
            title=spec.title,
            kind=spec.cite_as,
            url=self.site.absolute(here),
            site=self.site.name,
            version=version.label,
            date=version.date,
            language=spec.language,
            keywords=tuple(spec.keywords),
        )
        body = self.env.get_template(kind.template).render(
            link=Linker(here, self.corpus, self.refs),
            here=here,
            version=version,
            sources=sources,
            repo_url=self.site.repo_url,
            citation=cite.box(record) if spec.cite_as != "index" else None,
            **spec.view.context(),
        )
        meta = page_meta(record)
        if spec.jsonld is not None:
            meta["jsonld"] = linked.script_json(spec.jsonld())
        body_is_html = {} if kind.markdown else {HTML_BODY: True}
        page = Page(spec.path, front_matter(spec.title, spec.description, tifa=meta, **body_is_html) + body, edit, key=stable_key)
        if key is not None and self.known is None:  # only the key is kept: at 10,000 articles the Markdown is most of a gigabyte
            self.memo[spec.path] = (key, Page(spec.path, None, page.source))
        return page


def iter_pages(
    corpus: Corpus,
    site: Site | None = None,
    fingerprints: dict | None = None,
    previous: dict | None = None,
    renderer_out: list | None = None,
    claim: Callable[[], bool] | None = None,
    kinds: Iterable[PageKind] = KINDS,
    known: dict[str, str] | None = None,
) -> Iterator[Page | None]:
    """Every page of every kind, one at a time, so that only one page's Markdown is in
    memory (the whole site's is most of a gigabyte at 10,000 articles).

    With ``fingerprints`` and ``previous`` (the memo of an earlier run, see Renderer),
    unchanged pages come without Markdown; ``renderer_out`` receives the Renderer for its memo.
    With ``claim`` (see generate.Turns), only the pages it grants are rendered; the others come as None.
    With ``known`` (a warm build; see Renderer), pages whose key is the previous build's come without Markdown.
    """
    kinds = tuple(kinds)
    r = Renderer(corpus, site or Site(), fingerprints, previous, claim, kinds, known)
    if renderer_out is not None:
        renderer_out.append(r)
    build = Build(corpus, r.site)
    for kind in kinds:
        for spec in kind.pages(build):
            yield r.page(kind, spec)


def static_page_meta(site: Site, url: str, title: str | None, is_home: bool) -> dict:
    """Head metadata of a hand-written page (the About pages): its title, the newest
    version of the data."""
    version = site.history.newest() if site.history else UNKNOWN
    record = cite.Record(
        key="tifa-" + (url.strip("/").replace("/", "-") or "home"),
        title=site.name if is_home else (title or site.name),
        kind="page",
        url=site.absolute(url),
        site=site.name,
        version=version.label,
        date=version.date,
    )
    return page_meta(record)
