"""The corpus at a glance (``dashboard/``): what its five figures count.

Articles per month by genre, the most frequent concepts, concepts by first
attestation, annotation coverage (the coverage figure of article pages, tifa.corpus.missing:
concept annotations against known concept names left unannotated) and the network of
concepts sharing paragraphs. Links are relative to ``dashboard/``.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from functools import cached_property

from tifa.corpus.index import Corpus
from tifa.site import chartsvg
from tifa.site.chartparts import NARROW_PAIRS, ranked_pairs
from tifa.site.charts import (
    NETWORK_EDGES,
    NETWORK_NODES,
    TABLE_ROWS,
    TOP_CONCEPTS,
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


def coverages(corpus: Corpus) -> list:
    """The coverage figure of every article (tifa.corpus.missing, as article pages show it), in
    corpus order, from the scans article pages share."""
    from tifa.corpus.missing import coverages_of

    coverage = coverages_of(corpus)
    return [coverage(a) for a in corpus.articles]


def _percent(coverage) -> int:
    """Rounded down, as article pages do: 100% means nothing was missed."""
    return int(100 * coverage.annotated / (coverage.annotated + coverage.missed))


def _names():
    from tifa.vocab import CATEGORIES, GENRES

    return GENRES, CATEGORIES


class Dashboard:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    def __iter__(self):
        return iter(f for f in (self.articles, self.concepts, self.first_attested, self.coverage, self.network) if f is not None)

    @property
    def totals(self) -> dict:
        c = self.corpus
        return {
            "articles": len(c.articles),
            "annotations": sum(len(a.annotations) for a in c.articles),
            "concepts": len(c.concepts),
            "used": len(c.by_concept),
            "first": c.articles[0].date if c.articles else None,
            "last": c.articles[-1].date if c.articles else None,
        }

    # articles per month by genre
    def article_data(self) -> tuple[str, list[str], list[str], dict]:
        """(unit, buckets, genres present in GENRES order, (bucket, genre) -> articles by date)."""
        genres_all, _ = _names()
        dates = [a.date for a in self.corpus.articles]
        unit = granularity(dates)
        cells = defaultdict(list)
        for a in self.corpus.articles:
            cells[(bucket(a.date, unit), a.genre)].append(a)
        present = [g for g in genres_all if any(a.genre == g for a in self.corpus.articles)]
        keys = buckets_between(min(dates), max(dates), unit) if dates else []
        return unit, keys, present, cells

    @cached_property
    def articles(self) -> Figure | None:
        unit, keys, genres, cells = self.article_data()
        if not keys:
            return None
        names, _ = _names()
        per_bucket = Counter({k: sum(len(cells.get((k, g), [])) for g in genres) for k in keys})
        peak = max(keys, key=lambda k: (per_bucket[k], k))
        by_genre = Counter(a.genre for a in self.corpus.articles)
        summary = (
            f"{plural(len(self.corpus.articles), 'article')} from {self.corpus.articles[0].date} to {self.corpus.articles[-1].date}; "
            f"most in {peak} ({per_bucket[peak]:,}); by genre: "
            + ", ".join(f"{names[g]} {by_genre[g]:,}" for g in sorted(genres, key=lambda g: (-by_genre[g], g)))
            + f". By {unit}."
        )

        def link(found):
            first = found[0]
            return f"../articles/by-year/{first.date[:4]}/#month-{first.date[:7]}"

        series = [
            Series(
                names[g],
                [
                    Bar(len(cells[(k, g)]), link(cells[(k, g)]), f"{k}, {names[g]}: {plural(len(cells[(k, g)]), 'article')}") if cells.get((k, g)) else None
                    for k in keys
                ],
            )
            for g in genres
        ]
        rows = [(k, *[len(cells.get((k, g), [])) for g in genres], per_bucket[k]) for k in keys]
        table = [(Cell(r[0], link(sorted((a for g in genres for a in cells.get((r[0], g), [])), key=lambda a: (a.date, a.id)))), *r[1:]) for r in rows if r[-1]]
        title = f"Articles per {unit} by genre"
        return Figure(
            "articles",
            title,
            summary,
            (unit.capitalize(), *[names[g] for g in genres], "All"),
            table[-TABLE_ROWS:],
            "articles.csv",
            total_rows=len(table),
            draw=lambda: chartsvg.bar_chart("fig-articles", title, summary, keys, series, stacked=True, label_every=label_every(len(keys))),
        )

    def articles_csv(self) -> str:
        unit, keys, genres, cells = self.article_data()
        return to_csv(
            (unit, *genres, "all"), [(k, *[len(cells.get((k, g), [])) for g in genres], sum(len(cells.get((k, g), [])) for g in genres)) for k in keys]
        )

    # most frequent concepts
    def concept_rows(self) -> list[tuple]:
        """(concept id, occurrences, texts, first seen), most frequent first."""
        c = self.corpus
        rows = [(cid, len(occ), len({o.article.id for o in occ}), c.first_use(cid).date) for cid, occ in c.by_concept.items()]
        return sorted(rows, key=lambda r: (-r[1], -r[2], c.concepts[r[0]].label.casefold(), r[0]))

    @cached_property
    def concepts(self) -> Figure | None:
        rows = self.concept_rows()
        if not rows:
            return None
        label = self.corpus.concepts
        top = rows[:TOP_CONCEPTS]
        total = sum(r[1] for r in rows)
        summary = (
            f"In this corpus of {plural(len(self.corpus.articles), 'text')}: {plural(total, 'concept annotation')} of {plural(len(rows), 'concept')}; the {len(top)} most frequent hold "
            f"{round(100 * sum(r[1] for r in top) / total)}% of them; most frequent: " + ", ".join(f"{label[r[0]].label} ({r[1]:,})" for r in top[:3]) + "."
        )
        series = [
            Series(
                "Occurrences", [Bar(r[1], f"../concepts/{r[0]}/", f"{label[r[0]].label}: {plural(r[1], 'occurrence')} in {plural(r[2], 'text')}") for r in top]
            )
        ]
        table = [(Cell(label[r[0]].label, f"../concepts/{r[0]}/"), r[1], r[2], r[3] or "") for r in top]
        title = f"The {len(top)} most frequent concepts"
        return Figure(
            "concepts",
            title,
            summary,
            ("Concept", "Occurrences", "Texts", "Earliest known use"),
            table,
            "concepts.csv",
            total_rows=len(rows),
            draw=lambda: chartsvg.bar_chart(
                "fig-concepts", title, summary, [chartsvg._cut(label[r[0]].label, 30) for r in top], series, horizontal=True, height=70 + 24 * len(top)
            ),
        )

    def concepts_csv(self) -> str:
        return to_csv(
            ("concept", "label", "occurrences", "texts", "first_seen", "basis"),
            [(r[0], self.corpus.concepts[r[0]].label, *r[1:3], r[3] or "", self.corpus.first_use(r[0]).basis) for r in self.concept_rows()],
        )

    # concepts by first attestation
    def first_data(self) -> tuple[str, list[str], dict]:
        firsts = {cid: self.corpus.first_use(cid) for cid in self.corpus.concepts}
        firsts = {cid: f.date for cid, f in firsts.items() if f}
        unit = granularity(list(firsts.values()))
        found = defaultdict(list)
        for cid, d in sorted(firsts.items(), key=lambda kv: (kv[1], kv[0])):
            found[bucket(d, unit)].append(cid)
        keys = buckets_between(min(firsts.values()), max(firsts.values()), unit) if firsts else []
        return unit, keys, found

    @cached_property
    def first_attested(self) -> Figure | None:
        unit, keys, found = self.first_data()
        if not keys:
            return None
        label = self.corpus.concepts
        dated = sum(len(v) for v in found.values())
        peak = max(keys, key=lambda k: (len(found.get(k, [])), k))
        attested = sum(1 for cid in label if (f := self.corpus.first_use(cid)) and f.basis == "attestation")
        summary = (
            f"{plural(dated, 'concept')} dated from {keys[0]} to {keys[-1]}: {attested:,} by a sourced attestation, "
            f"{dated - attested:,} only by their first text in this corpus of {plural(len(self.corpus.articles), 'text')} (no earlier use is claimed for those); "
            f"most in {peak} ({len(found[peak]):,}). By {unit}."
        )
        if dated < len(label):
            summary += f" {plural(len(label) - dated, 'concept has', 'concepts have')} no date yet."
        series = [
            Series(
                "Concepts",
                [
                    Bar(len(found[k]), "../concepts/#first-attestation", f"{k}: {plural(len(found[k]), 'concept')} first seen") if found.get(k) else None
                    for k in keys
                ],
            )
        ]
        table = [(k, len(found[k]), "; ".join(label[c].label for c in found[k][:12]) + (" …" if len(found[k]) > 12 else "")) for k in keys if found.get(k)]
        title = f"Concepts by {unit} of earliest known use"
        return Figure(
            "first-attested",
            title,
            summary,
            (unit.capitalize(), "Concepts", "Which"),
            table[-TABLE_ROWS:],
            "first-attested.csv",
            total_rows=len(table),
            draw=lambda: chartsvg.bar_chart("fig-first-attested", title, summary, keys, series, label_every=label_every(len(keys))),
        )

    def first_csv(self) -> str:
        unit, keys, found = self.first_data()
        firsts = {c: self.corpus.first_use(c) for k in keys for c in found.get(k, [])}
        return to_csv(
            ("concept", "label", "first_seen", "basis", unit),
            [(c, self.corpus.concepts[c].label, firsts[c].date, firsts[c].basis, k) for k in keys for c in found.get(k, [])],
        )

    # annotation coverage
    def coverage_rows(self) -> list[tuple]:
        """(article, Coverage (as its page shows it), characters or None, annotations per 1,000 characters or None),
        least covered first; articles without a measure last."""
        rows = []
        for a, cov in zip(self.corpus.articles, coverages(self.corpus)):
            chars = sum(len(p) for p in a.paragraphs) + 2 * (len(a.paragraphs) - 1) if a.paragraphs else None
            rows.append((a, cov, chars, 1000 * len(a.annotations) / chars if chars else None))
        return sorted(rows, key=lambda r: (r[1].ratio is None, r[1].ratio or 0, r[0].date, r[0].id))

    @cached_property
    def coverage(self) -> Figure | None:
        rows = self.coverage_rows()
        if not rows:
            return None
        rated = [r for r in rows if r[1].ratio is not None]
        unread = sum(1 for r in rows if not r[1].measured)
        annotations = sum(len(r[0].annotations) for r in rows)
        density = [r[3] for r in rows if r[3] is not None]
        summary = "Coverage as each article page gives it: concept annotations against occurrences of known concept names left unannotated. "
        if rated:
            percents = [_percent(r[1]) for r in rated]
            summary += (
                f"{plural(len(rated), 'article')}: median {statistics.median(percents):g}%, from {min(percents)}% to "
                f"{max(percents)}%; {plural(sum(1 for p in percents if p == 100), 'article')} with every known name annotated."
            )
        if unread:
            summary += f" {plural(unread, 'article has', 'articles have')} only excerpts: not measured."
        if len(rows) - len(rated) - unread:
            summary += f" {plural(len(rows) - len(rated) - unread, 'article names', 'articles name')} no known concept."
        summary += f" In all {plural(annotations, 'annotation')}, {annotations / len(rows):.1f} an article"
        summary += f", {statistics.median(density):.1f} per 1,000 characters of text (median)." if density else "."
        bins = [(f"{low}–{low + 9}%", sum(1 for r in rated if low <= _percent(r[1]) < low + 10)) for low in range(0, 100, 10)]
        bins.append(("100%", sum(1 for r in rated if _percent(r[1]) == 100)))
        series = [Series("Articles", [Bar(n, None, f"{name} covered: {plural(n, 'article')}") if n else None for name, n in bins])]
        table = [
            (
                r[0].date,
                Cell(r[0].title, f"../articles/{r[0].id}/", r[0].language),
                r[1].annotated,
                r[1].missed,
                f"{_percent(r[1])}%" if r[1].ratio is not None else str(r[1]),
                f"{r[3]:.1f}" if r[3] is not None else "",
            )
            for r in rows[:TABLE_ROWS]
        ]
        title = "Annotation coverage: articles by share of known concept names annotated"
        return Figure(
            "coverage",
            title,
            summary,
            ("Date", "Article (least covered first)", "Concept annotations", "Known names not annotated", "Coverage", "Annotations per 1,000 characters"),
            table,
            "coverage.csv",
            total_rows=len(rows),
            draw=lambda: chartsvg.bar_chart("fig-coverage", title, summary, [name for name, _ in bins], series, label_every=1),
        )

    def coverage_csv(self) -> str:
        return to_csv(
            (
                "article_id",
                "published",
                "genre",
                "annotations",
                "concept_annotations",
                "known_names_not_annotated",
                "coverage",
                "characters",
                "annotations_per_1000_characters",
            ),
            [
                (
                    r[0].id,
                    r[0].date,
                    r[0].genre,
                    len(r[0].annotations),
                    r[1].annotated if r[1].measured else "",
                    r[1].missed if r[1].measured else "",
                    f"{r[1].ratio:.4f}" if r[1].ratio is not None else "",
                    r[2] or "",
                    f"{r[3]:.2f}" if r[3] is not None else "",
                )
                for r in self.coverage_rows()
            ],
        )

    # co-occurrence network
    def network_data(self) -> tuple[list[str], list[tuple]]:
        """(node ids, edges (a, b, shared paragraphs, shared articles)) of the NETWORK_NODES best-connected concepts."""
        c = self.corpus
        strength = {cid: sum(len(v) for v in others.values()) for cid, others in c.with_paragraph.items()}
        nodes = sorted(strength, key=lambda cid: (-strength[cid], -len(c.by_concept.get(cid, [])), c.concepts[cid].label.casefold(), cid))
        nodes = nodes[:NETWORK_NODES]
        chosen = set(nodes)
        edges = [
            (a, b, len(shared), len(c.with_article.get(a, {}).get(b, [])))
            for a in sorted(chosen)
            for b, shared in c.with_paragraph[a].items()
            if a < b and b in chosen
        ]
        edges.sort(key=lambda e: (-e[2], -e[3], e[0], e[1]))
        return nodes, edges

    @cached_property
    def network(self) -> Figure | None:
        nodes, edges = self.network_data()
        if not edges:
            return None
        _, categories = _names()
        c = self.corpus
        label = c.concepts
        drawn = edges[:NETWORK_EDGES]
        order = list(categories)
        placed = sorted(nodes, key=lambda cid: (order.index(label[cid].category), label[cid].label.casefold(), cid))
        degree = Counter(x for a, b, *_ in edges for x in (a, b))
        hub = max(nodes, key=lambda cid: (degree[cid], -nodes.index(cid)))
        a, b, w, _ = edges[0]
        summary = (
            f"In this corpus of {plural(len(c.articles), 'text')}: {plural(len(nodes), 'concept')} annotated in shared paragraphs, linked by {plural(len(edges), 'pair')}; "
            f"strongest pair: {label[a].label} and {label[b].label} ({plural(w, 'paragraph')}); most connected: "
            f"{label[hub].label} ({plural(degree[hub], 'partner')}). Concepts are grouped by category around the circle; "
            "a line's width grows with the paragraphs shared."
        )
        if len(nodes) == NETWORK_NODES:
            summary += f" Only the {NETWORK_NODES} concepts sharing the most paragraphs are drawn."
        if len(drawn) < len(edges):
            summary += f" The {len(drawn)} strongest pairs are drawn; the CSV has all {len(edges):,}."
        used = [cat for cat in order if any(label[cid].category == cat for cid in nodes)]
        node_rows = [(cid, label[cid].label, label[cid].category, len(c.by_concept.get(cid, [])), f"../concepts/{cid}/") for cid in placed]
        edge_rows = [(x, y, w, f"{label[x].label} and {label[y].label}: {plural(w, 'shared paragraph')}") for x, y, w, _ in drawn]
        table = [(Cell(label[x].label, f"../concepts/{x}/"), Cell(label[y].label, f"../concepts/{y}/"), w, n) for x, y, w, n in edges[:TABLE_ROWS]]
        title = "Concepts annotated in the same paragraphs"
        return Figure(
            "network",
            title,
            summary,
            ("Concept", "Concept", "Shared paragraphs", "Shared articles"),
            table,
            "network.csv",
            total_rows=len(edges),
            narrow=lambda: ranked_pairs(drawn[:NARROW_PAIRS], label),
            draw=lambda: chartsvg.network("fig-network", title, summary, node_rows, edge_rows, [(cat, categories[cat]) for cat in used]),
        )

    def network_csv(self) -> str:
        nodes, edges = self.network_data()
        label = self.corpus.concepts
        return to_csv(
            ("source", "source_label", "source_category", "target", "target_label", "target_category", "shared_paragraphs", "shared_articles"),
            [(a, label[a].label, label[a].category, b, label[b].label, label[b].category, w, n) for a, b, w, n in edges],
        )

    def files(self) -> dict[str, str]:
        return {
            "dashboard/articles.csv": self.articles_csv(),
            "dashboard/concepts.csv": self.concepts_csv(),
            "dashboard/first-attested.csv": self.first_csv(),
            "dashboard/coverage.csv": self.coverage_csv(),
            "dashboard/network.csv": self.network_csv(),
        }
