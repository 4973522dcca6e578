"""Text helpers for pages: highlighted paragraphs, sort keys and index initials."""

from __future__ import annotations

import unicodedata
from operator import attrgetter

from markupsafe import Markup, escape


def esc(value) -> str:
    """``markupsafe.escape`` as a plain string, for the HTML written in Python thousands
    of times a page: the same five characters replaced, but most text has none of them
    and comes back as it is, without a Markup object made for it (8 million values a
    build at 10,000 articles, a tenth of the rendering)."""
    if type(value) is not str:
        return str(escape(value))  # Markup stays as it is, numbers become text
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")
    return value


def initial(label: str) -> str:
    """The A–Z index letter of a label: 'new quality…' -> 'N'; anything else -> '#'."""
    first = pinyin_key(label)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def pinyin_key(text: str) -> str:
    """Sort key without tone marks or case: 'Xīnzhì shēngchǎnlì' -> 'xinzhi shengchanli'."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tip(ann, corpus) -> str:
    """What the hover/focus card of an annotation says (plain text; escaped by the caller)."""
    parts = []
    for kind, ident in ann.targets():
        label = corpus.label(kind, ident)
        zh = corpus.concepts[ident].zh if kind == "concept" else corpus.entities[kind][ident].zh
        parts.append(f"{kind.capitalize()}: {label}" + (f" · {zh}" if zh else ""))
    if ann.note:
        parts.append(ann.note)
    return " — ".join(parts)


def _open(ann, has_children: bool, link, corpus) -> tuple[str, str]:
    """Opening and closing HTML of one annotated span."""
    targets = ann.targets()
    href = link(*targets[0]) if targets else f"#note-{ann.id}"
    data = f'id="{ann.anchor}" data-tip="{esc(tip(ann, corpus))}" aria-describedby="note-{ann.id}"'
    kind = targets[0][0] if targets else "note"
    # Anchors of former annotation ids still land here.
    olds = "".join(f'<span id="a-{old}"></span>' for old in ann.former_ids)
    if not has_children:
        return f'{olds}<a class="tifa-ann tifa-{kind}" href="{esc(href)}" {data}>', "</a>"
    # Links cannot nest: a span holding other annotations gets a small link after it.
    label = esc(corpus.label(*targets[0])) if targets else "note"
    return (
        f'{olds}<span class="tifa-ann tifa-outer tifa-{kind}" id="{ann.anchor}">',
        f'</span><a class="tifa-outer-link tifa-{kind}" href="{esc(href)}" data-tip="{esc(tip(ann, corpus))}" '
        f'aria-describedby="note-{ann.id}" aria-label="{label}">↗</a>',
    )


def highlight(article, number: int, link, corpus) -> Markup:
    """A paragraph as HTML with every annotated quote marked up; all text escaped.

    Quotes nest but never cross (the checker refuses crossings), so one pass with a
    stack of open spans produces well-formed HTML.
    """
    text = article.paragraphs[number - 1]
    spans = sorted((a for a in article.annotations if a.paragraph == number), key=lambda a: (a.start, -a.end, a.id))
    out, pos, stack = [], 0, []  # stack of (end, closing html)

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= limit:
            end, closing = stack.pop()
            out.append(esc(text[pos:end]))
            out.append(closing)
            pos = end

    for i, ann in enumerate(spans):
        close_until(ann.start)
        out.append(esc(text[pos : ann.start]))
        pos = ann.start
        # Spans come by start, then longest first: one holds others exactly when the next
        # one starts inside it (a look at every later span made a paragraph quadratic).
        has_children = i + 1 < len(spans) and spans[i + 1].start < ann.end
        opening, closing = _open(ann, has_children, link, corpus)
        out.append(opening)
        stack.append((ann.end, closing))
    close_until(len(text))
    out.append(esc(text[pos:]))
    return Markup("".join(out))


def excerpt_html(ann, link, corpus) -> Markup:
    """An excerpt-only annotation as HTML: …context, the linked quote, context…, escaped."""
    opening, closing = _open(ann, False, link, corpus)
    before = ("…" + esc(ann.prefix)) if ann.prefix else "…"
    after = (esc(ann.suffix) + "…") if ann.suffix else "…"
    return Markup(f"{before}{opening}{esc(ann.quote)}{closing}{after}")


def marked(quote: str, left: str, right: str) -> Markup:
    """A quote between its contexts, the quote marked, all escaped."""
    return Markup(f"{esc(left)}<mark>{esc(quote)}</mark>{esc(right)}")


def by_paragraph(article) -> list[tuple[int | None, list]]:
    """An excerpt-only article's annotations grouped by the source paragraph they stand
    in, in paragraph order; those without a paragraph come last, under None."""
    groups: dict = {}
    for ann in sorted(article.annotations, key=attrgetter("reading_order")):
        groups.setdefault(ann.paragraph_number, []).append(ann)
    return list(groups.items())


# A CSV cell starting with one of these is read as a formula by spreadsheets
# (=HYPERLINK(...) in a note would run when the file is opened): OWASP's advice is to
# prefix such a cell with a single quote, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that no spreadsheet reads as a formula; numbers and other text unchanged.

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("plain"), spreadsheet_safe(-1)
    ('\\'=HYPERLINK("http://x")', 'plain', -1)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
