"""Links from one page, and the small pieces of HTML repeated thousands of times (a
reference to a record, a note, a concordance row), written in Python: a Jinja macro
call costs more than the string it returns. Every contributor string is escaped here."""

from __future__ import annotations

from operator import attrgetter

from markupsafe import Markup

from tifa.corpus.index import Corpus
from tifa.site.pages import url_of
from tifa.site.text import esc
from tifa.vocab import FOLDERS, KIND_NAMES

PASSAGES_SHOWN = 10  # shared paragraphs, then shared articles, listed under each (the concordances have all)


class Linker:
    """Links from one page, and the small pieces of HTML repeated thousands of times
    (a reference to a record, a concordance row), written in Python: a Jinja macro
    call costs more than the string it returns.

    ``link('concept', 'x')`` -> '../../concepts/x/'; ``link('articles/')`` -> a site URL.
    """

    def __init__(self, here: str, corpus: Corpus, refs: dict | None = None):
        self.here, self.corpus = here, corpus
        self.up = "../" * here.count("/")
        self.known = {} if refs is None else refs  # shared by the pages of one run: an article links to hundreds of records

    def __call__(self, kind: str, ident: str | None = None, fragment: str | None = None) -> str:
        target = url_of(kind, ident) if kind in FOLDERS else kind  # a kind, or a site URL
        url = self.up + target if (self.up or target) else "./"
        return url + (f"#{fragment}" if fragment else "")

    def ref(self, kind: str, ident: str) -> Markup:
        """<a> to a record with its label (and 汉字 for concepts)."""
        key = (self.up, kind, ident)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._ref(kind, ident)
        return found

    def _ref(self, kind: str, ident: str) -> Markup:
        html_ = f'<a href="{esc(self(kind, ident))}">{esc(self.corpus.label(kind, ident))}</a>'
        if kind == "concept" and self.corpus.concepts[ident].zh:
            html_ += f' <span lang="zh-Hans">{esc(self.corpus.concepts[ident].zh)}</span>'
        return Markup(html_)

    def label(self, kind: str, ident: str) -> str:
        """A record's label (plain text, escaped by the template), or its id if unknown."""
        return self.corpus.label(kind, ident)

    def has_page(self, kind: str, ident: str) -> bool:
        """Whether the corpus has a page for this record (a citation may name an
        organization Tifa has no file for)."""
        return ident in (self.corpus.concepts if kind == "concept" else self.corpus.entities[kind])

    def refs(self, kind: str, ids) -> Markup:
        """Links to records, with " · " between them."""
        return Markup(" · ".join(self.ref(kind, i) for i in ids))

    def notes(self, article) -> Markup:
        """The list items of an article's annotations (in text order when it has its text):
        back link to the passage, what it links to, note, speaker and who annotated it."""
        anns = sorted(article.annotations, key=attrgetter("reading_order"))
        lang, out = esc(article.language), []
        for ann in anns:
            where = f"¶{ann.paragraph_number} " if ann.paragraph_number else ""
            out.append(f'<li id="note-{esc(ann.id)}"><a class="tifa-back" href="#{esc(ann.anchor)}">{where}“<span lang="{lang}">{esc(ann.quote)}</span>”</a>')
            out += [f" · {KIND_NAMES[kind]}: {self.ref(kind, ident)}" for kind, ident in ann.targets()]
            if ann.note:
                out.append(f'<br><span class="tifa-note-text">{esc(ann.note)}</span>')
            out.append("<br><small>")
            if ann.speaker:
                out.append(f"Speaker: {self.ref('person', ann.speaker)}. ")
            out.append(f"Annotation <code>{esc(ann.id)}</code> by {esc(ann.annotator)}, {esc(ann.date)}.</small></li>\n\n")
        return Markup("".join(out))

    def kwic(self, rows, show_article: bool = True) -> Markup:
        """A keyword-in-context table: left context | phrase | right context | article | where."""
        out = [
            '<div class="tifa-table-wrap">\n<table class="tifa-kwic">\n<thead><tr><th scope="col" class="tifa-left">Left context</th>'
            '<th scope="col">Phrase</th><th scope="col">Right context</th>'
            + ('<th scope="col">Article</th>' if show_article else "")
            + '<th scope="col">Where</th></tr></thead>\n<tbody>\n'
        ]
        for occ in rows:
            a, ann = occ.article, occ.annotation
            left, right = occ.context()
            lang = esc(a.language)
            at = esc(self("article", a.id, ann.anchor))
            where = f"{a.date} ¶{ann.paragraph_number}" if ann.paragraph_number else a.date
            # Only the phrase is indexed for search: the article pages hold the contexts.
            # Indexed here too, at 10,000 articles a first query downloaded 2.30 MB of
            # index instead of 1.85 MB (docs/performance.md).
            out.append(
                f'<tr id="kwic-{a.id}-{ann.id}"><td class="tifa-left" lang="{lang}" data-pagefind-ignore>{esc(left)}</td>'
                f'<td class="tifa-kw" lang="{lang}"><a href="{at}">{esc(ann.quote)}</a></td>'
                f'<td class="tifa-right" lang="{lang}" data-pagefind-ignore>{esc(right)}</td>'
                + (f'<td data-pagefind-ignore><a href="{esc(self("article", a.id))}">{esc(a.title)}</a></td>' if show_article else "")
                + f'<td class="tifa-nowrap"><a href="{at}">{where}</a></td></tr>\n'
            )
        out.append("</tbody>\n</table>\n</div>")
        return Markup("".join(out))

    def cooccurrence(self, withs) -> Markup:
        """The co-occurrence table of a concept page, and under it the passages behind
        each count: the first PASSAGES_SHOWN shared paragraphs, then as many articles
        sharing no paragraph."""
        index = self.corpus.article_index
        out = [
            '<div class="tifa-table-wrap">\n<table class="tifa-cooc">\n<thead><tr><th scope="col">Concept</th>'
            '<th scope="col">Same paragraph</th><th scope="col">Same article</th></tr></thead>\n<tbody>\n'
        ]
        for w in withs:
            para = f'<a href="#with-{esc(w.other)}">{len(w.paragraphs)}</a>' if w.paragraphs else "0"
            out.append(f'<tr><td>{self.ref("concept", w.other)}</td><td>{para}</td><td><a href="#with-{esc(w.other)}">{len(w.articles)}</a></td></tr>\n')
        out.append("</tbody>\n</table>\n</div>\n")
        for w in withs:
            p, a = len(w.paragraphs), len(w.articles)
            out.append(
                f'<details class="tifa-with" id="with-{esc(w.other)}"><summary>With {esc(self.corpus.label("concept", w.other))}: '
                f"{p} paragraph{'' if p == 1 else 's'}, {a} article{'' if a == 1 else 's'}</summary>\n<ul>\n"
            )
            for article_id, number in w.paragraphs[:PASSAGES_SHOWN]:
                art = index[article_id]
                out.append(f'<li><a href="{esc(self("article", article_id, f"p{number}"))}">{art.date} ¶{number}</a>: {esc(art.title)}</li>\n')
            for article_id in w.articles_only[:PASSAGES_SHOWN]:
                art = index[article_id]
                out.append(f'<li><a href="{esc(self("article", article_id))}">{art.date}</a>: {esc(art.title)} (same article, other paragraphs)</li>\n')
            if len(w.paragraphs) > PASSAGES_SHOWN or len(w.articles_only) > PASSAGES_SHOWN:
                out.append(f"<li>… the first {PASSAGES_SHOWN} of each are listed; the concordances of both concepts show every passage.</li>\n")
            out.append("</ul>\n</details>\n")
        return Markup("".join(out))
