"""Machine-readable descriptions of pages: schema.org with SKOS in JSON-LD.

Search engines and linked-data tools read these; reference managers read the
``citation_*`` and Dublin Core tags instead (see the cite box), so both are written.
Contexts are inline: no remote ``@context`` that a parser would fetch.
"""

from __future__ import annotations

import json

from tifa.corpus.index import Corpus
from tifa.data.model import Article, Concept, Entity
from tifa.vocab import ENTITY_KINDS, KIND_NAMES

CONTEXT = {"@vocab": "https://schema.org/", "skos": "http://www.w3.org/2004/02/skos/core#"}
# schema.org types: Person, Place and Organization are also the kinds' names
ENTITY_TYPES = {kind: KIND_NAMES[kind] for kind in ENTITY_KINDS}
NEWS_GENRES = {"news-report", "meeting-readout"}


def script_json(data: dict) -> str:
    """JSON that cannot end its <script> element or start a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def concept(c: Concept, corpus: Corpus, url) -> dict:
    labels = [{"@value": c.label, "@language": "en"}] + ([{"@value": c.zh, "@language": "zh-Hans"}] if c.zh else [])
    alt = [{"@value": a.label, "@language": a.lang} for a in c.aliases]
    related = sorted(set(corpus.related.get(c.id, [])))
    return {
        "@context": CONTEXT,
        "@id": url("concept", c.id),
        "@type": ["DefinedTerm", "skos:Concept"],
        "name": c.label,
        "alternateName": [a.label for a in c.aliases] + ([c.zh] if c.zh else []),
        "description": c.definition,
        "termCode": c.id,
        "url": url("concept", c.id),
        "inDefinedTermSet": {"@id": url("concepts")},
        "skos:prefLabel": labels,
        "skos:altLabel": alt,
        "skos:definition": {"@value": c.definition, "@language": "en"},
        "skos:broader": [{"@id": url("concept", b)} for b in c.broader],
        "skos:narrower": [{"@id": url("concept", n)} for n in corpus.narrower.get(c.id, [])],
        "skos:related": [{"@id": url("concept", r)} for r in related],
        "skos:inScheme": {"@id": url("concepts")},
    }


def scheme(corpus: Corpus, url, site_name: str) -> dict:
    return {
        "@context": CONTEXT,
        "@id": url("concepts"),
        "@type": ["DefinedTermSet", "skos:ConceptScheme"],
        "name": "Concepts",  # as its <h1>
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "url": url("concepts"),
        "hasDefinedTerm": [{"@id": url("concept", cid)} for cid in corpus.concepts],
        "skos:hasTopConcept": [{"@id": url("concept", c.id)} for c in corpus.concepts.values() if not c.broader],
    }


def article(a: Article, corpus: Corpus, url) -> dict:
    source = {
        "@type": "NewsArticle" if a.genre in NEWS_GENRES else "CreativeWork",
        "headline": a.title,
        "datePublished": a.published,
        "inLanguage": a.language,
        "genre": a.genre,
        "publisher": {"@type": "Organization", "name": corpus.label("organization", a.publisher), "@id": url("organization", a.publisher)},
    }
    if a.url:
        source["url"] = a.url
    if a.rights_holder:  # the words are theirs, not under the site's licence
        source["copyrightHolder"] = {"@type": "Organization", "name": a.rights_holder}
    concepts = sorted({ann.concept for ann in a.annotations if ann.concept})
    return {
        "@context": CONTEXT,
        "@id": url("article", a.id),
        "@type": "CreativeWork",
        "name": a.title,  # as its <h1>: what the page is about is said by isBasedOn
        "url": url("article", a.id),
        "inLanguage": a.language,
        "isBasedOn": source,
        "about": [{"@id": url("concept", c)} for c in concepts],
        "mentions": [{"@id": url(kind, ident)} for kind, ident in sorted({t for ann in a.annotations for t in ann.targets() if t[0] != "concept"})],
    }


def entity(e: Entity, url) -> dict:
    data = {
        "@context": CONTEXT,
        "@id": url(e.kind, e.id),
        "@type": ENTITY_TYPES[e.kind],
        "name": e.name,
        "description": e.description,
        "url": url(e.kind, e.id),
    }
    if e.zh:
        data["alternateName"] = e.zh
    if e.kind == "person" and e.roles:
        data["jobTitle"] = [r.title for r in e.roles]
    return data
