"""What a page shows of the corpus, as hashes: the cache keys of ``mkdocs serve``'s
rebuilds (each view's ``key`` asks for what its template reads)."""

from __future__ import annotations

import hashlib
from dataclasses import fields
from operator import attrgetter

from tifa.corpus.index import Corpus
from tifa.data.model import Annotation, Article
from tifa.site.dashboard import coverages
from tifa.vocab import ENTITY_KINDS


class Shown:
    """What a page shows of the corpus, as hashes, so that `mkdocs serve` renders again
    only the pages an edit changes. File fingerprints alone are too coarse: an article
    file is behind the pages of all 20 to 40 concepts it annotates, and an edit to one
    annotation's quote or note changes two of them (the article's and its concept's).

    An article is seen from other pages in two parts: its ``outline`` (every field but
    the text and the annotations' wording, with each annotation's targets and paragraph,
    and the paragraphs' lengths: titles, dates, counts, co-occurrence, positions) and,
    for each record it annotates, the ``detail`` of the annotations naming that record
    (every field, and the paragraphs they stand in: quotes, notes, contexts). Labels
    (with the concepts' aliases and links between concepts) are one hash for the whole
    corpus: a page showing a link shows its label. The hashes are digests of the values'
    ``repr`` (``stable``), the same in every process and every run, so that a build can
    keep its pages' keys for the next one (tifa.site.warm); an article's are kept until
    its file changes. tests/test_render_cache.py renders after all sorts of edits and compares
    every reused page with a fresh rendering."""

    MEMO = ("shown",)  # its entry in the renderer's memo (not a page path)
    OWN = tuple(f.name for f in fields(Article) if f.name not in ("paragraphs", "annotations"))
    PLACE = tuple(f.name for f in fields(Annotation) if f.name not in ("quote", "note", "annotator", "date", "prefix", "suffix", "start", "end"))
    WHOLE = tuple(f.name for f in fields(Annotation))  # as plain values: a dataclass's repr is Python code, a tuple's is not
    # The fields' values as one tuple each, read in C (the per-field loops were most of the cost).
    own_of, place_of, whole_of = attrgetter(*OWN), attrgetter(*PLACE), attrgetter(*WHOLE)

    def __init__(self, corpus: Corpus, fingerprints: dict, previous: dict | None, memo: dict):
        self.corpus, self.fingerprints = corpus, fingerprints
        self.previous = previous or {}
        self.articles: dict = {}  # (path, fingerprint) -> (outline, {(kind, id): detail})
        self.concepts: dict = {}  # concept id -> its pages' view, once a run (pages and figures ask)
        self.entities: dict = {}  # (kind, id) -> its pages' view, once a run
        self.seen: dict = {}  # id(article) -> (article, its entry in .articles): asked once per occurrence
        memo[self.MEMO] = self.articles
        self.labels = stable(
            (
                tuple((c.id, c.label, c.zh, tuple(a.label for a in c.aliases), c.broader, c.related) for c in corpus.concepts.values()),
                tuple((k, e.id, e.name, e.zh) for k in ENTITY_KINDS for e in corpus.entities[k].values()),
            )
        )
        self.records = stable(
            tuple((r.path, fingerprints.get(r.path)) for r in [*corpus.concepts.values(), *(e for k in ENTITY_KINDS for e in corpus.entities[k].values())])
        )

    def _article(self, a: Article) -> tuple[int, dict]:
        found = self.seen.get(id(a))
        if found is not None and found[0] is a:
            return found[1]
        key = (a.path, self.fingerprints.get(a.path))
        found = self.articles.get(key) or self.previous.get(key)
        if found is None:
            outline = stable(
                (
                    self.own_of(a),
                    tuple(map(len, a.paragraphs)),
                    tuple(map(self.place_of, a.annotations)),
                )
            )
            parts: dict = {}
            # A paragraph stands in the detail of each annotation in it: as a digest, hashed once.
            paragraphs = [hashlib.blake2b(p.encode("utf-8", "surrogatepass"), digest_size=16).digest() for p in a.paragraphs]
            for x in a.annotations:
                seen = (self.whole_of(x), paragraphs[x.paragraph - 1] if x.paragraph else None)
                for target in {*x.targets(), *((("person", x.speaker),) if x.speaker else ())}:
                    parts.setdefault(target, []).append(seen)
            found = (outline, {t: stable(tuple(v)) for t, v in parts.items()})
        self.articles[key] = found
        self.seen[id(a)] = (a, found)
        return found

    def prime(self) -> dict:
        """Every article's hashes, computed once (before a build's processes fork, which
        would each compute most of them again): the ``previous`` of the processes' Shown."""
        for a in self.corpus.articles:
            self._article(a)
        return self.articles

    def neighbours(self, a: Article) -> tuple:
        """An article page's view of the texts it shows beside it (render.neighbours):
        its original and translations in full, the other texts of its series in outline."""
        corpus = self.corpus
        near = [corpus.article_index[a.translation_of]] if a.translation_of in corpus.article_index else []
        near += corpus.translations_of(a.id)
        series = corpus.series_texts(a.series) if a.series else []
        return (tuple((self.outline(x), tuple(sorted(self._article(x)[1].items()))) for x in near), tuple(self.outline(x) for x in series))

    def texts(self, articles) -> tuple:
        """A page that shows these articles' annotations (the compare page: the series)."""
        return self.labels, tuple((self.outline(a), tuple(sorted(self._article(a)[1].items()))) for a in articles)

    def outline(self, a: Article) -> int:
        return self._article(a)[0]

    def seen_by(self, a: Article, kind: str, ident: str) -> tuple[int, int | None]:
        outline, details = self._article(a)
        return outline, details.get((kind, ident))

    def own(self, record) -> tuple:
        """A record's page: its file, and the labels of what it links to."""
        return self.fingerprints.get(record.path), self.labels

    def concept(self, cid: str) -> int:
        """A concept's pages and figures: its file, labels, and its occurrences' articles."""
        found = self.concepts.get(cid)
        if found is None:
            # The number of texts too: the page says "in M of the N texts". One digest: a
            # concordance of 200 pages asks for it 200 times.
            found = self.concepts[cid] = stable(
                (
                    self.own(self.corpus.concepts[cid]),
                    len(self.corpus.articles),
                    tuple(self.seen_by(o.article, "concept", cid) for o in self.corpus.by_concept.get(cid, [])),
                )
            )
        return found

    def entity(self, e) -> int:
        found = self.entities.get((e.kind, e.id))
        if found is None:
            corpus = self.corpus
            mentions = corpus.by_entity.get((e.kind, e.id), []) + corpus.spoken_by.get(e.id, [])
            listed = corpus.articles_by("publisher", e.id) + corpus.articles_by("event_place", e.id) if e.kind != "person" else []
            found = self.entities[(e.kind, e.id)] = stable(
                (self.own(e), len(corpus.articles), tuple(self.seen_by(o.article, e.kind, e.id) for o in mentions), tuple(self.outline(a) for a in listed))
            )
        return found

    def dashboard(self) -> tuple:
        """The dashboard and its CSVs: counts, first attestations, each article's coverage."""
        return self.outlines(self.corpus.articles), stable(tuple(coverages(self.corpus)))

    def outlines(self, articles) -> tuple:
        """An index of records and articles: every record's file, labels, and articles' outlines."""
        return self.records, self.labels, tuple(self.outline(a) for a in articles)


def stable(value) -> int:
    """A digest of ``value`` that every process and every run computes alike, unlike
    ``hash``, which Python salts per process: built from its ``repr``, so for strings,
    numbers, None and (frozen dataclasses of) tuples of them. A value whose ``repr``
    names an address (or a set, in hash order) only changes from run to run: its page is
    rendered again, never wrongly kept."""
    return int.from_bytes(hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).digest(), "big")
