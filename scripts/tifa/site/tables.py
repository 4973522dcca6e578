"""Tables of concept and entity pages: the keyword-in-context table (concordance), and
the concepts annotated in the same paragraphs as a concept.

Laid out as readers of AntConc or Voyant expect: the link to the passage (¶) first, so it
can stay in view while a phone scrolls the table sideways; the left context right-aligned
against the keyword, the keyword in its own column, the right context left-aligned. The
rows of one text follow a header row naming it once (title, date), instead of repeating
its title on every row. Rows come in date order, so the page reads right without
JavaScript; docs/assets/kwic.js adds sorting by the words either side of the keyword.

Every value is escaped here: contexts and titles are contributor text. A context cell
carries its full text in ``title`` as well, for a reader hovering over a clipped line.
"""

from __future__ import annotations

from markupsafe import Markup

from tifa.site.text import esc

HEAD = (
    '<thead><tr><th scope="col" class="tifa-where" data-sort="date"><span class="tifa-sr">Date and paragraph </span>¶</th>'
    '<th scope="col" class="tifa-left" data-sort="left">Left context</th>'
    '<th scope="col" class="tifa-kw">Keyword</th>'
    '<th scope="col" class="tifa-right" data-sort="right">Right context</th></tr></thead>\n'
)


def kwic(link, rows) -> Markup:
    """The concordance of ``rows`` (Occurrences in date order), links made by ``link``
    (a render.Linker)."""
    count = len(rows)
    # A focusable, named region: a keyboard user can scroll it sideways on a phone (axe's
    # scrollable-region-focusable), and a screen reader announces what it holds.
    out = [
        (
            f'<div class="tifa-table-wrap tifa-kwic-wrap" role="region" tabindex="0" '
            f'aria-label="Concordance, {count} row{"" if count == 1 else "s"}">\n'
            f'<table class="tifa-kwic">\n{HEAD}'
        )
    ]
    current = None
    for occ in rows:
        a, ann = occ.article, occ.annotation
        if a.id != current:
            if current is not None:
                out.append("</tbody>\n")
            current = a.id
            # The text's title is repeated in the index on every page that cites it: kept out.
            out.append(
                f'<tbody data-date="{esc(a.date)}">\n<tr class="tifa-kwic-text"><th scope="rowgroup" colspan="4" data-pagefind-ignore><span class="tifa-kwic-title">'
                f'<time datetime="{esc(a.date)}">{esc(a.date)}</time> '
                f'<a href="{esc(link("article", a.id))}" lang="{esc(a.language)}">{esc(a.title)}</a></span></th></tr>\n'
            )
        left, right = occ.context()
        lang = esc(a.language)
        at = esc(link("article", a.id, ann.anchor))
        where = f"¶{ann.paragraph_number}" if ann.paragraph_number else "¶"
        # Only the keyword is indexed for search: the article pages hold the contexts
        # (indexed here too, a first query at 10,000 articles downloaded 2.30 MB of index
        # instead of 1.85 MB, docs/performance.md). A clipped cell gets its whole text as
        # a tooltip from kwic.js when hovered: written here, the title attributes repeated
        # every context and were a fifth of a concordance page's bytes.
        out.append(
            f'<tr id="kwic-{esc(a.id)}-{esc(ann.id)}">'
            f'<td class="tifa-where"><a href="{at}"><span class="tifa-kwic-date">{esc(a.date)} </span>{where}</a></td>'
            f'<td class="tifa-left" lang="{lang}" data-pagefind-ignore><span>{esc(left)}</span></td>'
            f'<td class="tifa-kw" lang="{lang}"><a href="{at}">{esc(ann.quote)}</a></td>'
            f'<td class="tifa-right" lang="{lang}" data-pagefind-ignore>{esc(right)}</td></tr>\n'
        )
    if current is not None:
        out.append("</tbody>\n")
    out.append("</table>\n</div>")
    return Markup("".join(out))


def cooccurrence(link, withs, shown: int) -> Markup:
    """One compact table of the concepts sharing paragraphs with a concept: its name, the
    paragraphs they share, and the texts, each linking to the shared paragraphs (the first
    ``shown`` of them). Concepts sharing an article but no paragraph are left out: a row
    of "0" says nothing a reader can follow."""
    index = link.corpus.article_index
    out = [
        (
            '<div class="tifa-table-wrap">\n<table class="tifa-cooc">\n<thead><tr><th scope="col">Concept</th>'
            '<th scope="col">Paragraphs together</th><th scope="col">Texts</th></tr></thead>\n<tbody>\n'
        )
    ]
    for w in withs:
        texts: dict[str, list[int]] = {}
        for article_id, number in w.paragraphs[:shown]:
            texts.setdefault(article_id, []).append(number)
        cells = []
        for article_id, numbers in texts.items():
            art = index[article_id]
            paras = " ".join(f'<a href="{esc(link("article", article_id, f"p{n}"))}">¶{n}</a>' for n in numbers)
            cells.append(f'<span class="tifa-nowrap"><time datetime="{esc(art.date)}" title="{esc(art.title)}">{esc(art.date)}</time> {paras}</span>')
        more = len({a for a, _ in w.paragraphs})
        rest = " …" if len(w.paragraphs) > shown else ""
        out.append(
            f'<tr id="with-{esc(w.other)}"><td>{link.ref("concept", w.other)}</td><td>{len(w.paragraphs)}</td>'
            f'<td><span class="tifa-sr">{more} text{"" if more == 1 else "s"}: </span>{" · ".join(cells)}{rest}</td></tr>\n'
        )
    out.append("</tbody>\n</table>\n</div>\n")
    return Markup("".join(out))
