"""Open data: the corpus as downloadable files, described on the Data page.

* ``data/tifa.json``: every record (articles with text and annotations, concepts,
  people, places, organizations), as the checker read them;
* ``data/occurrences.csv``: one row per annotation (columns in ``CSV_COLUMNS``);
* ``data/concepts.jsonld``: the concepts as a SKOS concept scheme;
* ``data/annotations.jsonld``: every annotation as a W3C Web Annotation, its target
  located by a TextQuoteSelector and a TextPositionSelector (Unicode code points over the
  article text as published: paragraphs joined by two line breaks).

The SKOS file carries its context inline; the Web Annotations name the W3C context by its
URL, as the model requires. Output is sorted and deterministic.
"""

from __future__ import annotations

import csv
import filecmp
import io
import json
import os
from dataclasses import fields, is_dataclass
from operator import attrgetter
from pathlib import Path

from tifa.corpus.index import Corpus
from tifa.data.model import Annotation, Article
from tifa.site.text import spreadsheet_safe
from tifa.vocab import ENTITY_KINDS

CSV_COLUMNS = (
    "article_id",
    "article_url",
    "published",
    "genre",
    "language",
    "publisher",
    "annotation_id",
    "occurrence_url",
    "paragraph",
    "start",
    "end",
    "text_start",
    "text_end",
    "quote",
    "selector_prefix",
    "selector_suffix",
    "concept",
    "person",
    "place",
    "organization",
    "speaker",
    "note",
    "annotator",
    "annotated",
    "text_rights_holder",
    "text_shown",
)
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
RIGHTS = (
    "The annotations, definitions and notes are Tifa's, under CC BY 4.0. The words of the annotated texts "
    "(quotes, their context and any full text) are not: each article names who holds them (rights_holder); a text "
    "is reproduced in full only where rights_basis says why that is allowed, otherwise only short excerpts are quoted."
)
CONTEXT_CHARS = 32  # prefix/suffix length of the selectors, as annotation tools use

SKOS_CONTEXT = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "id": "@id",
    "type": "@type",
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "related": {"@id": "skos:related", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "notation": "skos:notation",
    "title": "dcterms:title",
    "created": {"@id": "dcterms:created", "@type": "xsd:date"},
    "modified": {"@id": "dcterms:modified", "@type": "xsd:date"},
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The W3C Web Annotation context, by reference as the model asks (clients know it; a copy
# is in tests/fixtures/contexts for offline tests): created is an xsd:dateTime there,
# Organization a foaf:Organization, as: is http.
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EDITORS = "Tifa editors"  # the annotator of the editors' annotations: an organization


class Streamed:
    """A JSON array written item by item: at 10,000 articles a download is hundreds of MB,
    which must not sit in memory as one string (nor as one tree of dicts)."""

    def __init__(self, items):
        self.items = items


def _holds_stream(value) -> bool:
    return isinstance(value, Streamed) or (isinstance(value, dict) and any(_holds_stream(v) for v in value.values()))


def _write_json(value, write) -> None:
    # Compact: only without ``indent`` does the json module use its C encoder, which is
    # what keeps the downloads of 10,000 articles to seconds (any JSON viewer indents).
    if isinstance(value, Streamed):
        write("[")
        for i, item in enumerate(value.items):
            if i:
                write(",")
            if isinstance(item, (Streamed, dict)):
                _write_json(item, write)
            else:  # a record: plain JSON, no stream to look for inside
                write(json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        write("]")
    elif _holds_stream(value):
        write("{")
        for i, key in enumerate(sorted(value)):
            write(("," if i else "") + json.dumps(key, ensure_ascii=False) + ":")
            _write_json(value[key], write)
        write("}")
    else:
        write(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def _dump(data, out=None) -> str | None:
    """The JSON text of ``data`` (with ``Streamed`` arrays), into ``out`` if given."""
    sink = io.StringIO() if out is None else out
    _write_json(data, sink.write)
    sink.write("\n")
    return sink.getvalue() if out is None else None


def text_offsets(article: Article, ann: Annotation) -> tuple[int, int] | None:
    """Code-point offsets of an annotation in the full text (paragraphs joined by "\\n\\n")."""
    if not ann.paragraph:
        return None
    before = sum(len(p) + 2 for p in article.paragraphs[: ann.paragraph - 1])
    return before + ann.start, before + ann.end


def selector_context(article: Article, ann: Annotation, text: str | None = None) -> tuple[str, str]:
    """``text``: the article's full text, when the caller has joined it already."""
    if not ann.paragraph:
        return ann.prefix or "", ann.suffix or ""
    text = "\n\n".join(article.paragraphs) if text is None else text
    start, end = text_offsets(article, ann)
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value):
    """A record as JSON-ready data, like ``dataclasses.asdict`` but without its deep copy
    of every value (which was most of the time of writing tifa.json)."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        if not is_dataclass(value):
            return value
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    return {name: plain(getattr(value, name)) for name in names}


def everything(corpus: Corpus, out=None) -> str | None:
    return _dump(
        {
            "rights": RIGHTS,
            "articles": Streamed(plain(a) for a in corpus.articles),
            "concepts": Streamed(plain(c) for c in corpus.concepts.values()),
            **{kind: Streamed(plain(e) for e in corpus.entities[kind].values()) for kind in ENTITY_KINDS},
        },
        out,
    )


def occurrences_csv(corpus: Corpus, url, out=None) -> str | None:
    sink = io.StringIO() if out is None else out
    writer = csv.writer(sink, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for article in corpus.articles:
        text = "\n\n".join(article.paragraphs)
        for ann in sorted(article.annotations, key=attrgetter("reading_order")):
            offsets = text_offsets(article, ann) or ("", "")
            prefix, suffix = selector_context(article, ann, text)
            writer.writerow(
                [
                    spreadsheet_safe(cell)
                    for cell in (
                        article.id,
                        url("article", article.id),
                        article.published,
                        article.genre,
                        article.language,
                        article.publisher,
                        ann.id,
                        url("article", article.id) + f"#{ann.anchor}",
                        ann.paragraph_number or "",
                        "" if ann.start is None else ann.start,
                        "" if ann.end is None else ann.end,
                        offsets[0],
                        offsets[1],
                        ann.quote,
                        prefix,
                        suffix,
                        ann.concept or "",
                        ann.person or "",
                        ann.place or "",
                        ann.organization or "",
                        ann.speaker or "",
                        ann.note or "",
                        ann.annotator,
                        ann.date,
                        article.rights_holder or "",
                        "full" if article.has_text else "excerpts",
                    )
                ]
            )
    return sink.getvalue() if out is None else None


def concept_dates(corpus: Corpus, history=None):
    """concept id -> (created, modified) as YYYY-MM-DD: the first and last commit of its
    file in the git history; without one, the earliest and latest date its annotations
    were made, else the build's date."""
    from tifa.site.versions import build_date

    annotated: dict[str, list[str]] = {}
    for article in corpus.articles:
        for ann in article.annotations:
            if ann.concept:
                annotated.setdefault(ann.concept, []).append(ann.date)
    today = None

    def dates(c) -> tuple[str, str]:
        nonlocal today
        if history is not None and c.path in history.last:
            return history.first[c.path].date, history.last[c.path].date
        if annotated.get(c.id):
            return min(annotated[c.id]), max(annotated[c.id])
        today = today or build_date()
        return today, today

    return dates


def concepts_skos(corpus: Corpus, url, site_name: str, out=None, dates=None) -> str | None:
    graph = [
        {
            "id": url("concepts"),
            "type": "skos:ConceptScheme",
            "title": f"{site_name}: concepts",
            "hasTopConcept": [url("concept", c.id) for c in corpus.concepts.values() if not c.broader],
        }
    ]
    dates = dates or concept_dates(corpus)
    for c in corpus.concepts.values():
        created, modified = dates(c)
        pref = {"en": c.label, **({"zh-Hans": c.zh} if c.zh else {})}
        alt: dict[str, list[str]] = {}
        for a in c.aliases:
            alt.setdefault(a.lang, []).append(a.label)
        graph.append(
            {
                "id": url("concept", c.id),
                "type": "skos:Concept",
                "notation": c.id,
                "inScheme": url("concepts"),
                "prefLabel": pref,
                "altLabel": {k: sorted(v) for k, v in sorted(alt.items())},
                "definition": {"en": c.definition},
                "broader": [url("concept", b) for b in c.broader],
                "narrower": [url("concept", n) for n in corpus.narrower.get(c.id, [])],
                "related": [url("concept", r) for r in corpus.related.get(c.id, [])],
                "created": created,
                "modified": modified,
            }
        )
    return _dump({"@context": SKOS_CONTEXT, "@graph": Streamed(graph)}, out)


def web_annotations(corpus: Corpus, url, site_url: str, out=None) -> str | None:
    def items():
        for article in corpus.articles:
            source = url("article", article.id)
            text = "\n\n".join(article.paragraphs)
            for ann in sorted(article.annotations, key=attrgetter("reading_order")):
                bodies = [{"id": url(kind, ident), "purpose": "identifying"} for kind, ident in ann.targets()]
                if ann.note:
                    bodies.append({"type": "TextualBody", "value": ann.note, "format": "text/plain", "language": "en", "purpose": "commenting"})
                prefix, suffix = selector_context(article, ann, text)
                selectors = [{"type": "TextQuoteSelector", "exact": ann.quote, "prefix": prefix, "suffix": suffix}]
                offsets = text_offsets(article, ann)
                if offsets:
                    selectors.append({"type": "TextPositionSelector", "start": offsets[0], "end": offsets[1]})
                yield {
                    "id": f"{source}#{ann.anchor}",
                    "type": "Annotation",
                    "motivation": "identifying" if ann.targets() else "commenting",
                    "creator": {"type": "Organization" if ann.annotator == EDITORS else "Person", "name": ann.annotator},
                    "created": f"{ann.date}T00:00:00Z",
                    "body": bodies,
                    "target": {"source": source, "selector": selectors},
                }

    collection = {
        "@context": ANNO_CONTEXT,
        "id": site_url.rstrip("/") + "/data/annotations.jsonld",
        "type": "AnnotationCollection",
        "label": "Tifa annotations",
        "rights": LICENCE,
        "total": sum(len(a.annotations) for a in corpus.articles),
        "first": {"id": site_url.rstrip("/") + "/data/annotations.jsonld#page1", "type": "AnnotationPage", "items": Streamed(items())},
    }
    return _dump(collection, out)


DATA_FILES = ("data/tifa.json", "data/occurrences.csv", "data/concepts.jsonld", "data/annotations.jsonld")


def _writers(corpus: Corpus, site) -> dict:
    """Path -> function writing that download into a text stream."""
    url = site.address
    return {
        "data/tifa.json": lambda out: everything(corpus, out),
        "data/occurrences.csv": lambda out: occurrences_csv(corpus, url, out),
        "data/concepts.jsonld": lambda out: concepts_skos(corpus, url, site.name, out, concept_dates(corpus, site.history)),
        "data/annotations.jsonld": lambda out: web_annotations(corpus, url, site.url, out),
    }


def write_data(corpus: Corpus, site, folder: Path) -> list[str]:
    """Write every download under ``folder``, streamed (one record in memory at a time);
    a file is replaced only when its content changed. Returns the paths replaced."""
    written = []
    for path, write in _writers(corpus, site).items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = target.with_name(target.name + ".new")
        with open(fresh, "w", encoding="utf-8", newline="\n") as out:
            write(out)
        if target.exists() and filecmp.cmp(fresh, target, shallow=False):
            fresh.unlink()
            continue
        os.replace(fresh, target)
        written.append(path)
    return written


def data_files(corpus: Corpus, site) -> dict[str, str]:
    """Every download as text, keyed by its path in the site (small corpora, tests)."""
    out = {}
    for path, write in _writers(corpus, site).items():
        sink = io.StringIO()
        write(sink)
        out[path] = sink.getvalue()
    return out
