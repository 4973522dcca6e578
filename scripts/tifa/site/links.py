"""Links from one page, and the small pieces of HTML repeated thousands of times (a
reference to a record, a note, a concordance row), written in Python: a Jinja macro
call costs more than the string it returns. Every contributor string is escaped here."""

from __future__ import annotations

from operator import attrgetter

from markupsafe import Markup

from tifa.corpus.index import Corpus
from tifa.site import tables
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
        back link to the passage, what it links to, note, speaker and who annotated it. Who
        and when is said only where it differs from the article's "Annotated" line: repeated
        on every item, it was a fifth of the list."""
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
            by = "" if (ann.annotator, ann.date) == (article.annotator, article.curated) else f" by {esc(ann.annotator)}, {esc(ann.date)}"
            out.append(f"Annotation <code>{esc(ann.id)}</code>{by}.</small></li>\n\n")
        return Markup("".join(out))

    def kwic(self, rows) -> Markup:
        """A keyword-in-context table (tables.py)."""
        return tables.kwic(self, rows)

    def cooccurrence(self, withs) -> Markup:
        """The co-occurrence table of a concept page (tables.py)."""
        return tables.cooccurrence(self, withs, PASSAGES_SHOWN)
