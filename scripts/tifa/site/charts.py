"""Figures of the corpus: what a concept's and the corpus's charts count, and their data.

Pure (no MkDocs). Counting lives here, what a figure is made of (its table, CSV and
time buckets) in ``chartparts``, drawing in ``chartsvg``: each figure is its data (a
table, also offered as CSV), a one-sentence summary and a static SVG drawn only when
its page is rendered (a page the Renderer reuses draws nothing).

Per concept (``ConceptFigures``, on ``concepts/<id>/``): occurrences over time (corpus
occurrences and curated attestations by month, quarter or year), dispersion (where in
each text it stands, AntConc's concordance plot) and its strongest co-occurring
concepts. For the corpus (``Dashboard``, on ``dashboard/``): articles per month by
genre, most frequent concepts, concepts by first attestation, annotation coverage and
the co-occurrence network. Everything is bounded, so a concept with 10,000 occurrences
still gets a small figure; the CSV files (``figure_files``) have every row.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from functools import cached_property
from itertools import accumulate

from tifa.corpus.index import Corpus
from tifa.site import chartsvg
from tifa.site.chartparts import (
    TABLE_ROWS,
    Cell,
    Figure,
    bucket,
    buckets_between,
    granularity,
    label_every,
    plural,
    to_csv,
)
from tifa.site.chartsvg import Bar, Series

DISPERSION_TEXTS = 50  # texts drawn in a dispersion plot: the most recent ones (the CSV has all)
COOCCURRING_BARS = 15
TOP_CONCEPTS = 20
NETWORK_NODES, NETWORK_EDGES = 60, 240
# (weak reference to the corpus of this build, cid -> ConceptFigures, id(paragraphs) -> (paragraphs, offsets))
_shared: list = [None, {}, {}]


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
    def of(cls, corpus: Corpus, cid: str, page_size: int = 200) -> ConceptFigures:
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
            parts.append(
                f"{plural(n, 'occurrence')} in {plural(texts, 'text')} of the corpus from {self.occurrences[0].article.date} "
                f"to {self.occurrences[-1].article.date}; most in {peak[0]} ({peak[1]:,})."
            )
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

        corpus_bars = [
            Bar(r[1], self.concordance_link(r[4]), tip(r[0], r[1], "occurrence", None) + f" in {plural(r[2], 'text')}") if r[1] else None for r in rows
        ]
        att_bars = [Bar(r[3], "#timeline", tip(r[0], r[3], "attestation", None)) if r[3] else None for r in rows]
        series = [Series("Corpus occurrences", corpus_bars)] if n else []
        if attestations:
            # Attestations are few: against hundreds of occurrences a bar of 1 would not show, so they get an axis of their own.
            apart = n and max(r[1] for r in rows) > 5 * max(r[3] for r in rows)
            series.append(Series("Curated attestations" + (" (right axis)" if apart else ""), att_bars, secondary=bool(apart)))
        labels = [r[0] for r in rows]
        table = [(r[0], Cell(f"{r[1]:,}", self.concordance_link(r[4])) if r[1] else "0", r[2], r[3]) for r in rows if r[1] or r[3]]
        return Figure(
            "timeline",
            f"{self.label}: occurrences over time",
            summary,
            (unit.capitalize(), "Corpus occurrences", "Corpus texts", "Curated attestations"),
            table[-TABLE_ROWS:],
            "figures/timeline.csv",
            total_rows=len(table),
            draw=lambda: chartsvg.bar_chart(
                "fig-timeline", f"{self.label}: occurrences over time", summary, labels, series, label_every=label_every(len(labels))
            ),
        )

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
        for occs in per_article.values():
            article = occs[0].article
            if not article.paragraphs:
                excerpts += 1
                continue
            starts = _paragraph_starts(article.paragraphs, self._starts)
            length = starts[-1] - 2
            marks = [((starts[o.annotation.paragraph - 1] + o.annotation.start) / max(length, 1), o.annotation) for o in occs if o.annotation.paragraph]
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
        summary = (
            f"{plural(len(positions), 'occurrence')} in {plural(len(rows), 'text')}: on average {round(100 * sum(positions) / len(positions))}% "
            f"of the way through a text; {round(100 * first_half / len(positions))}% in the first half."
        )
        if len(rows) > len(shown):
            summary += f" The plot shows the {len(shown)} most recent texts; the CSV has all {len(rows):,}."
        if excerpts:
            summary += f" {plural(excerpts, 'text is', 'texts are')} only excerpted, so positions are unknown there."

        def label(article):
            return f"{article.date} {article.title}"

        plot = [
            (
                label(a),
                f"../../articles/{a.id}/",
                a.language,
                [(p, f"../../articles/{a.id}/#{ann.anchor}", f"{round(p * 100)}%: “{ann.quote}”") for p, ann in marks],
            )
            for a, _, marks in shown
        ]
        table = [
            (a.date, Cell(a.title, f"../../articles/{a.id}/", a.language), len(marks), f"{length:,}", ", ".join(f"{round(p * 100)}%" for p, _ in marks))
            for a, length, marks in shown
        ]
        return Figure(
            "dispersion",
            f"{self.label}: where it stands in each text",
            summary,
            ("Date", "Text", "Occurrences", "Characters", "Positions (0% start, 100% end)"),
            table[:TABLE_ROWS],
            "figures/dispersion.csv",
            total_rows=len(rows),
            draw=lambda: chartsvg.strip_plot("fig-dispersion", f"{self.label}: where it stands in each text", summary, plot),
        )

    def dispersion_csv(self) -> str:
        rows, _ = self._dispersion
        return to_csv(
            ("article_id", "published", "characters", "annotation_id", "text_start", "relative_position"),
            [(a.id, a.date, length, ann.id, round(p * length), f"{p:.4f}") for a, length, marks in rows for p, ann in marks],
        )

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
        summary = (
            f"Annotated in the same paragraph as {plural(in_para, 'concept')} and in the same article as "
            f"{plural(len(withs), 'concept')}; strongest: {strongest}."
        )
        summary += f" The chart shows {'the ' + str(len(top)) + ' strongest' if len(withs) > len(top) else 'them'} by shared {'paragraphs' if top[0].paragraphs else 'articles'}."
        labels = [chartsvg._cut(label[w.other].label, 30) for w in top]
        # One measure drawn: shared paragraphs, or shared articles when no paragraph is shared.
        if top[0].paragraphs:
            series = [
                Series(
                    "Same paragraph",
                    [
                        Bar(len(w.paragraphs), f"#with-{w.other}", f"{label[w.other].label}: {plural(len(w.paragraphs), 'paragraph')}")
                        if w.paragraphs
                        else None
                        for w in top
                    ],
                )
            ]
        else:
            series = [
                # No shared paragraph, so no row in the page's table: a bar leads to the concept.
                Series("Same article", [Bar(len(w.articles), f"../{w.other}/", f"{label[w.other].label}: {plural(len(w.articles), 'article')}") for w in top])
            ]
        table = [
            (Cell(label[w.other].label, f"../{w.other}/"), Cell(str(len(w.paragraphs)), f"#with-{w.other}" if w.paragraphs else None), len(w.articles))
            for w in top
        ]
        return Figure(
            "cooccurrence",
            f"{self.label}: strongest co-occurring concepts",
            summary,
            ("Concept", "Same paragraph", "Same article"),
            table,
            "figures/cooccurrence.csv",
            total_rows=len(withs),
            draw=lambda: chartsvg.bar_chart(
                "fig-cooccurrence", f"{self.label}: strongest co-occurring concepts", summary, labels, series, horizontal=True, height=90 + 26 * len(top)
            ),
        )

    @cached_property
    def _withs(self) -> list:
        return self.corpus.cooccurring(self.cid)

    def cooccurrence_csv(self) -> str:
        return to_csv(
            ("concept", "label", "same_paragraph", "same_article"),
            [(w.other, self.corpus.concepts[w.other].label, len(w.paragraphs), len(w.articles)) for w in self._withs],
        )
