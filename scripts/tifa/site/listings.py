"""What pages list and compare, computed from the corpus before any template runs:
an article's neighbours and translations, series comparisons, timelines, the orderings
of the concept index, "At a glance", and the small JSON files the site's scripts read."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tifa.corpus.index import Corpus, concept_uses
from tifa.data.model import Article
from tifa.site import text as textmod
from tifa.site.pages import Pager, url_of
from tifa.vocab import CATEGORIES, ENTITY_KINDS, FOLDERS, SERIES


def glance(article) -> dict[str, list[str]]:
    """What an article's "At a glance" lists: kind -> sorted ids of the concepts, and of
    the people (speakers too), places (the event's too) and organizations (the publisher
    too) it mentions."""
    anns = article.annotations
    out = {"concept": sorted({a.concept for a in anns if a.concept})}
    for kind in ENTITY_KINDS:
        ids = {getattr(a, kind) for a in anns if getattr(a, kind)}
        if kind == "person":
            ids |= {a.speaker for a in anns if a.speaker}
        elif kind == "organization" and article.publisher:
            ids.add(article.publisher)
        elif kind == "place" and article.event_place:
            ids.add(article.event_place)
        out[kind] = sorted(ids)
    return out


def ellipsis(context: tuple[str, str]) -> tuple[str, str]:
    left, right = context
    return (left if left.startswith("…") else "…" + left), (right if right.endswith("…") else right + "…")


def neighbours(corpus: Corpus, article: Article) -> dict:
    """What an article page shows of other texts: its original or translations (and the
    side-by-side table with one of them), and its neighbours in its series."""
    original = corpus.article_index.get(article.translation_of or "")
    translations = corpus.translations_of(article.id)
    partner = original or (translations[0] if translations else None)
    parallel = None
    if partner is not None:
        first, second = (partner, article) if original else (article, partner)
        parallel = Parallel(first, second, corpus.parallel(first, second))
    series_nav = SeriesNav()
    if article.series:
        members = corpus.series_texts(article.series)
        me = article if article in members else original
        if me in members:
            i = members.index(me)
            earlier = members[i - 1] if i else None
            later = members[i + 1] if i + 1 < len(members) else None
            series_nav = SeriesNav(earlier, later, f"{earlier.id}--{me.id}" if earlier else None)
    return {"original": original, "translations": translations, "parallel": parallel, "series_nav": series_nav}


@dataclass(frozen=True)
class SeriesView:
    id: str
    title: str
    texts: list
    comparisons: list


def series_comparisons(corpus: Corpus) -> list[SeriesView]:
    """Every series of the vocabulary that has texts, each text compared with the one before."""
    out = []
    for sid, title in SERIES.items():
        texts = corpus.series_texts(sid)
        if texts:
            out.append(SeriesView(sid, title, texts, [corpus.compare(a, b) for a, b in zip(texts, texts[1:])]))
    return out


def compare_data(corpus: Corpus) -> str:
    """compare/texts.json: each text's formulations with the anchors of their passages,
    for the compare page's "any two texts" (read by its script, shown with textContent)."""
    rows = {
        "concepts": {c.id: {"label": c.label, "zh": c.zh or ""} for c in corpus.concepts.values()},
        "texts": [
            {
                "id": a.id,
                "title": a.title,
                "date": a.date,
                "language": a.language,
                "concepts": {cid: [[x.quote, x.anchor, x.paragraph_number or 0] for x in anns] for cid, anns in sorted(concept_uses(a).items())},
            }
            for a in corpus.articles
        ],
    }
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Parallel:
    original: Article
    translation: Article
    rows: list


@dataclass(frozen=True)
class SeriesNav:
    earlier: Article | None = None
    later: Article | None = None
    compare: str | None = None  # fragment of this text's comparison with the one before


def count_values(values) -> list[tuple[str, int]]:
    """[(value, count)], most frequent first, then by value."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class TimelineRow:
    date: str
    kind: str  # "attestation" | "corpus" | "month"
    attestation: object = None
    article: object = None
    count: int = 0
    texts: int = 0
    link: str = ""  # for months: the concordance page and row of its first occurrence


def concept_timeline(corpus: Corpus, cid: str, pager: Pager, limit: int = 60) -> list[TimelineRow]:
    """Attestations and corpus texts in date order; past ``limit`` texts, corpus use is
    summed by month (a line a text would make a concept with 5,000 texts unreadable)."""
    if len({o.article.id for o in corpus.by_concept.get(cid, [])}) <= limit:
        return [TimelineRow(i.date, i.kind, i.attestation, i.article, i.count) for i in corpus.timeline(cid)]
    # Corpus texts by month: corpus.timeline's line for every text is not needed.
    attestations = sorted(corpus.concepts[cid].attestations, key=lambda a: (a.date, a.event))
    rows = [TimelineRow(a.date, "attestation", a) for a in attestations]
    months: dict[str, list] = {}
    for index, occ in enumerate(corpus.by_concept.get(cid, [])):
        months.setdefault(occ.article.date[:7], []).append((index, occ))
    for month, found in months.items():
        index, first = found[0]
        link = pager.url(pager.page_of(index)) + f"#kwic-{first.article.id}-{first.annotation.id}"
        rows.append(TimelineRow(month, "month", count=len(found), texts=len({o.article.id for _, o in found}), link=link))
    return sorted(rows, key=lambda r: (r.date, r.kind))


def grouped(items, key, reverse=False) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items(), reverse=reverse)


def concept_lists(corpus: Corpus) -> dict:
    """The orderings of the concept index: A–Z, pinyin, category, first attestation."""
    concepts = sorted(corpus.concepts.values(), key=lambda c: (textmod.pinyin_key(c.label), c.id))
    by_letter = dict(grouped(concepts, lambda c: textmod.initial(c.label)))
    with_pinyin = sorted((c for c in concepts if c.pinyin), key=lambda c: (textmod.pinyin_key(c.pinyin), c.zh or "", c.id))
    firsts = sorted(((corpus.first_use(c.id), c) for c in concepts if corpus.first_use(c.id)), key=lambda fc: (fc[0].date, fc[1].id))
    return {
        "letters_en": sorted(by_letter, key=lambda letter: (letter == "#", letter)),
        "by_letter_en": by_letter,
        "by_pinyin": with_pinyin,
        "without_pinyin": [c for c in concepts if not c.pinyin],
        "by_category": [(cat, [c for c in concepts if c.category == cat]) for cat in CATEGORIES if any(c.category == cat for c in concepts)],
        "by_first": firsts,
    }


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    kind: str
    article: object = None
    concept: object = None
    attestation: object = None


def global_timeline(corpus: Corpus) -> list[TimelineEntry]:
    items = [TimelineEntry(a.date, "text", article=a) for a in corpus.articles]
    items += [TimelineEntry(at.date, "attestation", concept=c, attestation=at) for c in corpus.concepts.values() for at in c.attestations]
    return sorted(items, key=lambda i: (i.date, i.kind, i.article.id if i.article else i.concept.id, i.attestation.event if i.attestation else ""))


def redirect_map(corpus: Corpus) -> dict[str, str]:
    """Old page -> current page for every renamed id (``former_ids``), as Markdown paths."""
    out = {}
    records = [("article", a) for a in corpus.articles] + [("concept", c) for c in corpus.concepts.values()]
    records += [(k, e) for k in ENTITY_KINDS for e in corpus.entities[k].values()]
    for kind, record in records:
        for old in record.former_ids:
            out[f"{FOLDERS[kind]}/{old}.md"] = f"{FOLDERS[kind]}/{record.id}.md"
    return dict(sorted(out.items()))


def concept_lookup(corpus: Corpus) -> str:
    """A small JSON list of every concept's names, for the search page's exact lookup.

    Full-text search ranks long pages first; a reader typing a formulation, in English,
    汉字 or pinyin, expects its concept page on top. About 200 bytes a concept; ``uses``
    (its occurrences) orders concepts that share a name, the more used first.
    """
    rows = [
        {
            "url": url_of("concept", c.id),
            "label": c.label,
            "zh": c.zh or "",
            "pinyin": c.pinyin or "",
            "names": sorted({a.label for a in c.aliases}),
            "uses": len(corpus.by_concept.get(c.id, ())),
        }
        for c in corpus.concepts.values()
    ]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
