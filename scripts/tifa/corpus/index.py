"""The cross-index: every occurrence reachable from its concept, entity and article.

Built once from checked records, before any page is rendered, so every page sees the
same corpus (the habit of MkDocs' build and Material's tags plugin). Everything here is
sorted, so rendering is deterministic. The records it hands out (Occurrence, FirstUse,
CoOccurrence…) are defined in tifa.corpus.entries.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from tifa.corpus.entries import (
    ArticlePairs,
    Comparison,
    CoOccurrence,
    FirstUse,
    Occurrence,
    Rendering,
    RenderingPair,
    TimelineItem,
    Variant,
)
from tifa.data.check import Checked, check_tree
from tifa.data.model import Annotation, Article, Concept, Entity
from tifa.vocab import ENTITY_KINDS


@dataclass
class Corpus:
    articles: list[Article]  # by date, then id
    concepts: dict[str, Concept]  # by id
    entities: dict[str, dict[str, Entity]]  # kind -> id -> entity
    by_concept: dict[str, list[Occurrence]] = field(default_factory=dict)
    by_entity: dict[tuple[str, str], list[Occurrence]] = field(default_factory=dict)
    spoken_by: dict[str, list[Occurrence]] = field(default_factory=dict)  # person -> occurrences they uttered
    narrower: dict[str, list[str]] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)  # symmetric
    # concept -> other concept -> passages (article id, paragraph) / article ids
    with_paragraph: dict[str, dict[str, list[tuple[str, int]]]] = field(default_factory=dict)
    with_article: ArticlePairs | dict = field(default_factory=dict)  # see ArticlePairs
    article_index: dict[str, Article] = field(default_factory=dict)
    translated_by: dict[str, list[Article]] = field(default_factory=dict)  # original id -> its translations
    _cooccurring: dict = field(default_factory=dict, repr=False, compare=False)  # cid -> cooccurring(cid), asked by page and figure
    _articles_by: dict = field(default_factory=dict, repr=False, compare=False)  # attribute -> value -> articles, built on first use

    def articles_by(self, attribute: str, value: str) -> list[Article]:
        """The articles whose ``attribute`` (publisher, event_place) is ``value``, in corpus
        order: an index built once, not a scan of every article for every organization."""
        if attribute not in self._articles_by:
            groups: dict[str, list[Article]] = defaultdict(list)
            for a in self.articles:
                groups[getattr(a, attribute)].append(a)
            self._articles_by[attribute] = groups
        return self._articles_by[attribute].get(value, [])

    def entity(self, kind: str, eid: str) -> Entity:
        return self.entities[kind][eid]

    def label(self, kind: str, ident: str) -> str:
        return self.concepts[ident].label if kind == "concept" else self.entities[kind][ident].name

    def first_use(self, cid: str) -> FirstUse | None:
        """The earliest use of a concept that the site can vouch for, with its basis: a
        sourced attestation when one is at least as early as the corpus's first text,
        otherwise the corpus's first text, said to be first *in this corpus*."""
        attested = self.concepts[cid].attestations[:1]  # sorted by date when built
        occurrences = self.by_concept.get(cid, [])
        in_corpus = occurrences[0].article.date if occurrences else None
        texts = len({o.article.id for o in occurrences})
        if attested and (in_corpus is None or attested[0].date[: len(in_corpus)] <= in_corpus):
            return FirstUse(attested[0].date, "attestation", attested[0], texts)
        if in_corpus:
            return FirstUse(in_corpus, "corpus", None, texts, occurrences[0].article)
        return None

    def texts_of(self, cid: str) -> int:
        """How many texts annotate a concept."""
        return len({o.article.id for o in self.by_concept.get(cid, [])})

    def translations_of(self, article_id: str) -> list[Article]:
        """The texts of the corpus that render this one into another language."""
        return self.translated_by.get(article_id, [])

    def pairs(self, cid: str) -> list[RenderingPair]:
        """Each rendering of a concept in a translation whose original, in the corpus, uses
        it too: which outlet rendered it how, and when (the translation variants)."""
        out = []
        for occ in self.by_concept.get(cid, []):
            original = self.article_index.get(occ.article.translation_of or "")
            if original is None or not any(a.concept == cid for a in original.annotations):
                continue
            source = next(a for a in original.annotations if a.concept == cid)
            out.append(RenderingPair(occ.annotation.quote, occ.article, source.quote, original))
        return out

    def renderings(self, cid: str) -> list[Rendering]:
        """The distinct renderings of a concept's pairs, earliest first."""
        groups: dict[tuple, list[RenderingPair]] = defaultdict(list)
        for p in self.pairs(cid):
            groups[(p.rendering.casefold(), p.translation.publisher)].append(p)
        out = [
            Rendering(
                ps[0].rendering,
                ps[0].translation.publisher,
                ps[0].original_quote,
                min(p.translation.date for p in ps),
                tuple(sorted({(p.translation.id, p.translation.date) for p in ps})),
            )
            for ps in groups.values()
        ]
        return sorted(out, key=lambda r: (r.since, r.rendering.casefold(), r.publisher))

    def parallel(self, original: Article, translation: Article) -> list[tuple[str, Annotation | None, Annotation | None]]:
        """The concepts of an original and its translation paired for a side-by-side view:
        (concept, annotation in the original, annotation in the translation), the n-th use of
        a concept in one beside its n-th use in the other; a use without a partner stands
        alone. In the original's order, then the translation's."""
        left, right = concept_uses(original), concept_uses(translation)
        rows = []
        for cid in dict.fromkeys([*left, *right]):
            ours, theirs = left.get(cid, []), right.get(cid, [])
            for i in range(max(len(ours), len(theirs))):
                rows.append((cid, ours[i] if i < len(ours) else None, theirs[i] if i < len(theirs) else None))
        return sorted(rows, key=lambda r: ((r[1] or r[2]).paragraph_number or 0, r[1] is None, (r[2].paragraph_number or 0) if r[2] else 0))

    def compare(self, earlier: Article, later: Article) -> Comparison:
        """Which formulations of ``earlier`` are kept, dropped or joined by new ones in
        ``later``, each with its annotations in both (concepts, not wordings: the two
        texts may be in different languages)."""
        before, after = concept_uses(earlier), concept_uses(later)
        by_label = lambda cid: (self.concepts[cid].label.casefold(), cid)  # noqa: E731
        return Comparison(
            earlier,
            later,
            new=[(c, [], after[c]) for c in sorted(set(after) - set(before), key=by_label)],
            kept=[(c, before[c], after[c]) for c in sorted(set(after) & set(before), key=by_label)],
            dropped=[(c, before[c], []) for c in sorted(set(before) - set(after), key=by_label)],
        )

    def series_texts(self, series: str) -> list[Article]:
        """One text per event of a series, in date order: the original where the corpus has
        it, else its translation (formulations are compared across the originals)."""
        members = [a for a in self.articles if a.series == series]
        ids = {a.id for a in members}
        return [a for a in members if a.translation_of not in ids]

    def variants(self, cid: str) -> list[Variant]:
        """Distinct exact wordings annotated for a concept, most frequent first."""
        groups: dict[str, list[str]] = defaultdict(list)
        for occ in self.by_concept.get(cid, []):
            groups[occ.annotation.quote].append(occ.article.date)
        return sorted((Variant(w, len(d), min(d), max(d)) for w, d in groups.items()), key=lambda v: (-v.count, v.first, v.wording))

    def timeline(self, cid: str) -> list[TimelineItem]:
        """Curated attestations and corpus articles of a concept, merged in date order."""
        items = [TimelineItem(a.date, "attestation", attestation=a) for a in self.concepts[cid].attestations]
        per_article = Counter(o.article.id for o in self.by_concept.get(cid, []))
        items += [TimelineItem(self.article_index[aid].date, "corpus", article=self.article_index[aid], count=n) for aid, n in per_article.items()]
        return sorted(items, key=lambda i: (i.date, i.kind, i.article.id if i.article else i.attestation.event))

    def cooccurring(self, cid: str) -> list[CoOccurrence]:
        """Concepts sharing a paragraph or an article with this one, strongest first."""
        if cid in self._cooccurring:
            return self._cooccurring[cid]
        para = self.with_paragraph.get(cid, {})
        out = []
        for other, articles in self.with_article.get(cid, {}).items():
            out.append(CoOccurrence(other, para.get(other, []), articles))
        found = self._cooccurring[cid] = sorted(out, key=lambda w: (-len(w.paragraphs), -len(w.articles), self.concepts[w.other].label.casefold()))
        return found

    def speakers(self, cid: str) -> list[tuple[str, int]]:
        counts = Counter(o.annotation.speaker for o in self.by_concept.get(cid, []) if o.annotation.speaker)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def concepts_with_entity(self, kind: str, eid: str) -> list[tuple[str, int]]:
        """Concepts annotated in the paragraphs (or excerpts' articles) that mention an entity."""
        counts: Counter = Counter()
        places = {(o.article.id, o.annotation.paragraph_number) for o in self.by_entity.get((kind, eid), [])}
        if kind == "person":
            places |= {(o.article.id, o.annotation.paragraph_number) for o in self.spoken_by.get(eid, [])}
        for article_id, paragraph in places:
            for ann in self.article_index[article_id].annotations:
                if ann.concept and ann.paragraph_number == paragraph:
                    counts[ann.concept] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], self.concepts[kv[0]].label.casefold()))


def concept_uses(article: Article) -> dict[str, list[Annotation]]:
    """concept -> its annotations in one article, in text order; concepts by first use."""
    found: dict[str, list[Annotation]] = defaultdict(list)
    for a in sorted(article.annotations, key=attrgetter("reading_order")):
        if a.concept:
            found[a.concept].append(a)
    return found


def index(checked: Checked) -> Corpus:
    """Cross-index checked records. Pure: reads nothing from disk."""
    # As in check_tree: hundreds of thousands of new objects and no cycles worth looking
    # for; the cycle collector walking the whole corpus again tripled the time of an edit.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _index(checked)
    finally:
        if collecting:
            gc.enable()


def _index(checked: Checked) -> Corpus:
    articles = sorted(checked.articles.values(), key=lambda a: (a.date, a.id))
    corpus = Corpus(
        articles=articles,
        concepts=dict(sorted(checked.concepts.items())),
        entities={k: dict(sorted(checked.entities.get(k, {}).items())) for k in ENTITY_KINDS},
        article_index={a.id: a for a in articles},
    )
    by_concept, by_entity, spoken = defaultdict(list), defaultdict(list), defaultdict(list)
    para_pairs = defaultdict(lambda: defaultdict(list))
    for article in articles:
        in_paragraph: dict[int, set[str]] = defaultdict(set)
        for ann in sorted(article.annotations, key=attrgetter("reading_order")):
            occ = Occurrence(article, ann)
            if ann.concept:
                by_concept[ann.concept].append(occ)
                if ann.paragraph_number:
                    in_paragraph[ann.paragraph_number].add(ann.concept)
            for kind in ENTITY_KINDS:
                if getattr(ann, kind):
                    by_entity[(kind, getattr(ann, kind))].append(occ)
            if ann.speaker:
                spoken[ann.speaker].append(occ)
        for paragraph, cids in sorted(in_paragraph.items()):
            for a in cids:
                for b in cids:
                    if a != b:
                        para_pairs[a][b].append((article.id, paragraph))
    # Articles come in (date, id) order and their annotations in (paragraph, start, id)
    # order: each list is in Occurrence.sort_key order already.
    translated: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.translation_of:
            translated[article.translation_of].append(article)
    corpus.translated_by = dict(translated)
    corpus.by_concept = dict(sorted(by_concept.items()))
    corpus.by_entity = dict(sorted(by_entity.items()))
    corpus.spoken_by = dict(sorted(spoken.items()))
    corpus.with_paragraph = {a: {b: v for b, v in sorted(others.items())} for a, others in sorted(para_pairs.items())}
    corpus.with_article = ArticlePairs(corpus.by_concept)
    narrower, related = defaultdict(set), defaultdict(set)
    for concept in corpus.concepts.values():
        for up in concept.broader:
            narrower[up].add(concept.id)
        for other in concept.related:
            related[concept.id].add(other)
            related[other].add(concept.id)
    corpus.narrower = {k: sorted(v) for k, v in sorted(narrower.items())}
    corpus.related = {k: sorted(v) for k, v in sorted(related.items())}
    return corpus


def build_corpus(root: Path | str = "annotations", cache: dict | None = None) -> tuple[Checked, Corpus | None]:
    """Check everything, then cross-index; the corpus is None when there are problems."""
    checked = check_tree(root, cache=cache)
    return checked, (index(checked) if checked.ok else None)
