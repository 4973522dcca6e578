"""Figures of the corpus: what a concept's and the corpus's charts count, and their data.

Pure (no MkDocs). Counting lives here, drawing in ``chartsvg``: each figure is its
data (a table, also offered as CSV), a one-sentence summary and a static SVG drawn
only when its page is rendered (a page the Renderer reuses draws nothing).

Per concept (``ConceptFigures``, on ``concepts/<id>/``): occurrences over time (corpus
occurrences and curated attestations by month, quarter or year), dispersion (where in
each text it stands, AntConc's concordance plot) and its strongest co-occurring
concepts. For the corpus (``Dashboard``, on ``dashboard/``): articles per month by
genre, most frequent concepts, concepts by first attestation, annotation coverage and
the co-occurrence network. Everything is bounded, so a concept with 10,000 occurrences
still gets a small figure; the CSV files (``figure_files``) have every row.
"""
from __future__ import annotations

import csv
import io
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Callable

from markupsafe import Markup, escape

from . import chartsvg
from .chartsvg import Bar, Series
from .corpus import Corpus
from .text import spreadsheet_safe

MONTHS_MAX, QUARTERS_MAX = 36, 48  # buckets before a timeline coarsens to quarters, then years
DISPERSION_TEXTS = 50  # texts drawn in a dispersion plot: the most recent ones (the CSV has all)
COOCCURRING_BARS = 15
TOP_CONCEPTS = 20
NETWORK_NODES, NETWORK_EDGES = 60, 240
TABLE_ROWS = 100  # rows of a data table on a page; the CSV has all
MIN_POINTS = 3  # fewer data points than this: a sentence and the table instead of a chart
# (weak reference to the corpus of this build, cid -> ConceptFigures, id(paragraphs) -> (paragraphs, offsets))
_shared: list = [None, {}, {}]
_memo: dict = {}  # cid or ('dashboard',) -> (what its page shows, its CSV files), across the rebuilds of `mkdocs serve`


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    lang: str | None = None


@dataclass
class Figure:
    """One chart: title, summary sentence, data table, CSV link, and its SVG (drawn on use)."""

    name: str  # unique on its page: the SVG's id is fig-<name>
    title: str
    summary: str
    columns: tuple[str, ...]
    rows: list  # of tuples of str | int | Cell, at most TABLE_ROWS
    csv: str  # link to the CSV, relative to the page
    draw: Callable[[], Markup] = field(repr=False, default=lambda: Markup(""))
    total_rows: int = 0
    # What a phone shows instead of the chart, when the chart cannot be read at 390 px
    # (the network): always in the page, the stylesheet picks one by the screen's width.
    narrow: Callable[[], Markup] | None = field(repr=False, default=None)

    @cached_property
    def svg(self) -> Markup:
        return self.draw()

    @property
    def ident(self) -> str:
        return f"fig-{self.name}"

    def html(self) -> Markup:
        """The figure as the page prints it: caption with its summary, the SVG, its data
        table (every cell escaped) and the CSV link. Python rather than a Jinja macro: a
        concept page has three figures of up to a hundred rows, and a macro call per cell
        was most of its rendering time."""
        points = self.total_rows or len(self.rows)
        if points < MIN_POINTS:  # a chart of one or two points shows a pattern that is not there: say it in words
            drawn = f'<p class="tifa-help">Only {plural(points, "data point")} so far: too few for a chart; the table has {"it" if points == 1 else "them"}.</p>'
        else:
            drawn = f'<div class="tifa-chart-wrap">{self.svg}</div>'
            if self.narrow is not None:
                drawn = f'<div class="tifa-chart-wrap tifa-wide-only">{self.svg}</div>\n<div class="tifa-narrow-only">{self.narrow()}</div>'
        out = [f'<figure class="tifa-figure">\n<figcaption><strong>{escape(self.title)}.</strong> {escape(self.summary)}</figcaption>\n'
               f'{drawn}\n<details class="tifa-figure-data"><summary>Data table</summary>\n'
               '<div class="tifa-table-wrap">\n<table>\n<thead><tr>']
        out += [f'<th scope="col">{escape(c)}</th>' for c in self.columns]
        out.append("</tr></thead>\n<tbody>\n")
        for row in self.rows:
            out.append("<tr>")
            out += [f"<td>{_cell(c)}</td>" for c in row]
            out.append("</tr>\n")
        out.append("</tbody>\n</table>\n</div>\n")
        if self.total_rows > len(self.rows):
            out.append(f'<p class="tifa-help">{len(self.rows)} of {self.total_rows} rows shown; the CSV has them all.</p>\n')
        out.append(f'</details>\n<p class="tifa-figure-csv"><a href="{escape(self.csv)}">Data as CSV</a></p>\n</figure>\n')
        return Markup("".join(out))


def _cell(c) -> str:
    """One data-table cell: a Cell (linked when it has an address), a number or a text."""
    if isinstance(c, Cell):
        if c.href:
            lang = f' lang="{escape(c.lang)}"' if c.lang else ""
            return f'<a href="{escape(c.href)}"{lang}>{escape(c.text)}</a>'
        return escape(c.text)
    return escape(c)


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def to_csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(c.text if isinstance(c, Cell) else c) for c in row])
    return out.getvalue()


# Time buckets -----------------------------------------------------------------

def _month_index(date: str) -> int:
    """'2024-03-06', '2024-03' or '2024' -> months since year 0 (a bare year counts as its January)."""
    return int(date[:4]) * 12 + (int(date[5:7]) - 1 if len(date) >= 7 else 0)


def granularity(dates: list[str]) -> str:
    if not dates:
        return "month"
    span = _month_index(max(dates)) - _month_index(min(dates)) + 1
    return "month" if span <= MONTHS_MAX else "quarter" if span <= QUARTERS_MAX * 3 else "year"


def bucket(date: str, unit: str) -> str:
    """The bucket a date falls in: '2024-03', '2024-Q1' or '2024' (a bare year: its first bucket)."""
    if unit == "year":
        return date[:4]
    month = int(date[5:7]) if len(date) >= 7 else 1
    if unit == "month":
        return f"{date[:4]}-{month:02d}"
    if unit == "quarter":
        return f"{date[:4]}-Q{(month - 1) // 3 + 1}"
    raise ValueError(f"unknown time unit {unit!r}")


def buckets_between(first: str, last: str, unit: str) -> list[str]:
    """Every bucket from the one of ``first`` to the one of ``last``, gaps included."""
    out, m = [], _month_index(first)
    end = _month_index(last)
    while m <= end or not out:
        key = bucket(f"{m // 12:04d}-{m % 12 + 1:02d}", unit)
        if not out or out[-1] != key:
            out.append(key)
        m += 1
    return out


def _this_build(corpus) -> list:
    """What the figures of ``corpus`` share (see _shared), made anew for a new corpus."""
    if _shared[0] is None or _shared[0]() is not corpus:
        _shared[:] = [weakref.ref(corpus), {}, {}]
    return _shared


def _paragraph_starts(paragraphs: tuple, known: dict) -> list[int]:
    """Where each paragraph starts in the text (paragraphs joined by a blank line), and
    the text's length + 2 last. Counted once per text: a text with 30 concepts was
    counted 30 times (a second of the rendering at 10,000 articles)."""
    hit = known.get(id(paragraphs))
    if hit is None or hit[0] is not paragraphs:
        hit = known[id(paragraphs)] = (paragraphs, list(accumulate((len(p) + 2 for p in paragraphs), initial=0)))
    return hit[1]


def _label_every(n: int) -> int:
    return 1 if n <= 24 else 3 if n <= 48 else 6 if n <= 96 else 12


# Per concept ------------------------------------------------------------------

class ConceptFigures:
    """The figures of one concept page (``concepts/<id>/``). Counting is eager and
    cheap; the SVG of each is drawn when the template prints it."""

    def __init__(self, corpus: Corpus, cid: str, page_size: int = 200):
        self.corpus, self.cid, self.page_size = corpus, cid, page_size
        self.label = corpus.concepts[cid].label
        self.occurrences = corpus.by_concept.get(cid, [])
        self._starts = _this_build(corpus)[2]  # paragraph offsets, shared by all concepts

    def __iter__(self):
        return iter(f for f in (self.timeline, self.dispersion, self.cooccurrence) if f is not None)

    def __bool__(self) -> bool:
        return any(True for _ in self)

    def concordance_link(self, index: int) -> str:
        """Link from the concept page to the concordance row of occurrence ``index``."""
        occ = self.occurrences[index]
        page = index // self.page_size + 1
        return ("" if page == 1 else f"occurrences/{page}/") + f"#kwic-{occ.article.id}-{occ.annotation.id}"

    @classmethod
    def of(cls, corpus: Corpus, cid: str, page_size: int = 200) -> "ConceptFigures":
        """The one instance per concept of a corpus: the page and the CSV files count once."""
        figures = _this_build(corpus)[1]
        found = figures.get(cid)
        if found is None or found.page_size != page_size:
            found = figures[cid] = cls(corpus, cid, page_size)
        return found

    # occurrences over time
    @cached_property
    def _time(self) -> tuple[str, list[tuple]]:
        return self.time_data()

    def time_data(self) -> tuple[str, list[tuple]]:
        """(unit, rows): bucket, corpus occurrences, corpus texts, attestations, index of the bucket's first occurrence."""
        attestations = self.corpus.concepts[self.cid].attestations
        dates = [o.article.date for o in self.occurrences] + [a.date for a in attestations]
        if not dates:
            return "month", []
        unit = granularity(dates)
        occ, texts, first = Counter(), defaultdict(set), {}
        for i, o in enumerate(self.occurrences):
            key = bucket(o.article.date, unit)
            occ[key] += 1
            texts[key].add(o.article.id)
            first.setdefault(key, i)
        att = Counter(bucket(a.date, unit) for a in attestations)
        return unit, [(key, occ[key], len(texts[key]), att[key], first.get(key)) for key in buckets_between(min(dates), max(dates), unit)]

    @cached_property
    def timeline(self) -> Figure | None:
        unit, rows = self._time
        if not rows:
            return None
        attestations = self.corpus.concepts[self.cid].attestations
        n, texts = len(self.occurrences), len({o.article.id for o in self.occurrences})
        parts = []
        if n:
            peak = max(rows, key=lambda r: (r[1], r[0]))
            parts.append(f"{plural(n, 'occurrence')} in {plural(texts, 'text')} of the corpus from {self.occurrences[0].article.date} "
                         f"to {self.occurrences[-1].article.date}; most in {peak[0]} ({peak[1]:,}).")
        else:
            parts.append("No occurrence annotated in the corpus yet.")
        if attestations:
            dates = sorted(a.date for a in attestations)
            parts.append(f"{plural(len(attestations), 'curated attestation')} from {dates[0]} to {dates[-1]}.")
        parts.append(f"By {unit}.")
        if any(len(a.date) == 4 for a in attestations):
            parts.append(f"Attestations dated to a year only are counted in its first {unit}.")
        summary = " ".join(parts)

        def tip(key, count, what, words):
            return f"{key}: {plural(count, what, words)}"

        corpus_bars = [Bar(r[1], self.concordance_link(r[4]), tip(r[0], r[1], "occurrence", None) + f" in {plural(r[2], 'text')}")
                       if r[1] else None for r in rows]
        att_bars = [Bar(r[3], "#timeline", tip(r[0], r[3], "attestation", None)) if r[3] else None for r in rows]
        series = [Series("Corpus occurrences", corpus_bars)] if n else []
        if attestations:
            # Attestations are few: against hundreds of occurrences a bar of 1 would not show, so they get an axis of their own.
            apart = n and max(r[1] for r in rows) > 5 * max(r[3] for r in rows)
            series.append(Series("Curated attestations" + (" (right axis)" if apart else ""), att_bars, secondary=bool(apart)))
        labels = [r[0] for r in rows]
        table = [(r[0], Cell(f"{r[1]:,}", self.concordance_link(r[4])) if r[1] else "0", r[2], r[3]) for r in rows if r[1] or r[3]]
        return Figure(
            "timeline", f"{self.label}: occurrences over time", summary,
            (unit.capitalize(), "Corpus occurrences", "Corpus texts", "Curated attestations"), table[-TABLE_ROWS:],
            "figures/timeline.csv", total_rows=len(table),
            draw=lambda: chartsvg.bar_chart("fig-timeline", f"{self.label}: occurrences over time", summary, labels, series,
                                            label_every=_label_every(len(labels))))

    def timeline_csv(self) -> str:
        unit, rows = self._time
        return to_csv((unit, "corpus_occurrences", "corpus_texts", "curated_attestations"), [r[:4] for r in rows])

    # dispersion
    @cached_property
    def _dispersion(self) -> tuple[list[tuple], int]:
        return self.dispersion_data()

    def dispersion_data(self) -> tuple[list[tuple], int]:
        """([(article, text length, [(relative position, annotation)])] by date, texts with excerpts only)."""
        per_article: dict[str, list] = defaultdict(list)
        for o in self.occurrences:
            per_article[o.article.id].append(o)
        rows, excerpts = [], 0
        for aid, occs in per_article.items():
            article = occs[0].article
            if not article.paragraphs:
                excerpts += 1
                continue
            starts = _paragraph_starts(article.paragraphs, self._starts)
            length = starts[-1] - 2
            marks = [((starts[o.annotation.paragraph - 1] + o.annotation.start) / max(length, 1), o.annotation)
                     for o in occs if o.annotation.paragraph]
            rows.append((article, length, sorted(marks, key=lambda m: (m[0], m[1].id))))
        return rows, excerpts

    @cached_property
    def dispersion(self) -> Figure | None:
        rows, excerpts = self._dispersion
        if not rows:
            return None
        shown = rows[-DISPERSION_TEXTS:]
        positions = [p for _, _, marks in rows for p, _ in marks]
        first_half = sum(1 for p in positions if p < 0.5)
        summary = (f"{plural(len(positions), 'occurrence')} in {plural(len(rows), 'text')}: on average {round(100 * sum(positions) / len(positions))}% "
                   f"of the way through a text; {round(100 * first_half / len(positions))}% in the first half.")
        if len(rows) > len(shown):
            summary += f" The plot shows the {len(shown)} most recent texts; the CSV has all {len(rows):,}."
        if excerpts:
            summary += f" {plural(excerpts, 'text is', 'texts are')} only excerpted, so positions are unknown there."

        def label(article):
            return f"{article.date} {article.title}"

        plot = [(label(a), f"../../articles/{a.id}/", a.language,
                 [(p, f"../../articles/{a.id}/#{ann.anchor}", f"{round(p * 100)}%: “{ann.quote}”") for p, ann in marks])
                for a, _, marks in shown]
        table = [(a.date, Cell(a.title, f"../../articles/{a.id}/", a.language), len(marks), f"{length:,}",
                  ", ".join(f"{round(p * 100)}%" for p, _ in marks)) for a, length, marks in shown]
        return Figure(
            "dispersion", f"{self.label}: where it stands in each text", summary,
            ("Date", "Text", "Occurrences", "Characters", "Positions (0% start, 100% end)"), table[:TABLE_ROWS],
            "figures/dispersion.csv", total_rows=len(rows),
            draw=lambda: chartsvg.strip_plot("fig-dispersion", f"{self.label}: where it stands in each text", summary, plot))

    def dispersion_csv(self) -> str:
        rows, _ = self._dispersion
        return to_csv(("article_id", "published", "characters", "annotation_id", "text_start", "relative_position"),
                      [(a.id, a.date, length, ann.id, round(p * length), f"{p:.4f}") for a, length, marks in rows for p, ann in marks])

    # co-occurrence
    @cached_property
    def cooccurrence(self) -> Figure | None:
        withs = self._withs
        if not withs:
            return None
        top = withs[:COOCCURRING_BARS]
        label = self.corpus.concepts

        strongest = ", ".join(f"{label[w.other].label} ({plural(len(w.paragraphs), 'paragraph')})" for w in top[:3])
        in_para = sum(1 for w in withs if w.paragraphs)
        summary = (f"Annotated in the same paragraph as {plural(in_para, 'concept')} and in the same article as "
                   f"{plural(len(withs), 'concept')}; strongest: {strongest}.")
        summary += f" The chart shows {'the ' + str(len(top)) + ' strongest' if len(withs) > len(top) else 'them'} by shared {'paragraphs' if top[0].paragraphs else 'articles'}."
        labels = [chartsvg._cut(label[w.other].label, 30) for w in top]
        # One measure drawn: shared paragraphs, or shared articles when no paragraph is shared.
        if top[0].paragraphs:
            series = [Series("Same paragraph", [Bar(len(w.paragraphs), f"#with-{w.other}", f"{label[w.other].label}: {plural(len(w.paragraphs), 'paragraph')}")
                                                if w.paragraphs else None for w in top])]
        else:
            # No shared paragraph, so no row in the page's table: a bar leads to the concept.
            series = [Series("Same article", [Bar(len(w.articles), f"../{w.other}/", f"{label[w.other].label}: {plural(len(w.articles), 'article')}")
                                              for w in top])]
        table = [(Cell(label[w.other].label, f"../{w.other}/"), Cell(str(len(w.paragraphs)), f"#with-{w.other}" if w.paragraphs else None), len(w.articles))
                 for w in top]
        return Figure(
            "cooccurrence", f"{self.label}: strongest co-occurring concepts", summary,
            ("Concept", "Same paragraph", "Same article"), table, "figures/cooccurrence.csv", total_rows=len(withs),
            draw=lambda: chartsvg.bar_chart("fig-cooccurrence", f"{self.label}: strongest co-occurring concepts", summary, labels,
                                            series, horizontal=True, height=90 + 26 * len(top)))

    @cached_property
    def _withs(self) -> list:
        return self.corpus.cooccurring(self.cid)

    def cooccurrence_csv(self) -> str:
        return to_csv(("concept", "label", "same_paragraph", "same_article"),
                      [(w.other, self.corpus.concepts[w.other].label, len(w.paragraphs), len(w.articles)) for w in self._withs])


def figure_files(corpus: Corpus, shown=None, concepts=None, dashboard: bool = True) -> dict[str, str]:
    """Every figure's CSV, keyed by its path in the site (for the MkDocs hook); or those
    of some ``concepts`` (ids) and, with ``dashboard``, the dashboard's (a process that
    rendered those pages has counted for them already). Counting only: no SVG is drawn
    here. With ``shown`` (a render.Shown: what each page shows of the corpus), the files
    of a concept, and the dashboard's, are kept across the rebuilds of ``mkdocs serve``
    while what their page shows is unchanged."""
    from .dashboard import Dashboard

    out = {}
    for cid in corpus.concepts if concepts is None else concepts:
        concept, occurrences = corpus.concepts[cid], corpus.by_concept.get(cid, [])
        key = shown.concept(cid) if shown is not None else None
        hit = _memo.get(cid)
        if key is not None and hit is not None and hit[0] == key:
            out.update(hit[1])
            continue
        figures, files = ConceptFigures.of(corpus, cid), {}
        if occurrences or concept.attestations:
            files[f"concepts/{cid}/figures/timeline.csv"] = figures.timeline_csv()
        if any(o.article.paragraphs for o in occurrences):
            files[f"concepts/{cid}/figures/dispersion.csv"] = figures.dispersion_csv()
        if corpus.with_article.get(cid):
            files[f"concepts/{cid}/figures/cooccurrence.csv"] = figures.cooccurrence_csv()
        # A renamed concept's CSVs stay at their old addresses too (a CSV cannot redirect).
        for old in concept.former_ids:
            files.update({path.replace(f"concepts/{cid}/", f"concepts/{old}/", 1): body for path, body in list(files.items())})
        _memo[cid] = (key, files)
        out.update(files)
    if dashboard:
        key, hit = (shown.dashboard() if shown is not None else None), _memo.get(("dashboard",))
        if key is None or hit is None or hit[0] != key:
            hit = _memo[("dashboard",)] = (key, Dashboard(corpus).files())
        out.update(hit[1])
    return out


def dashboard(corpus: Corpus):
    """The figures of ``dashboard/`` (see tifa/dashboard.py)."""
    from .dashboard import Dashboard

    return Dashboard(corpus)
