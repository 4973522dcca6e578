"""The records of the corpus: frozen, ordered dataclasses built from checked documents.

Builders here assume the document passed its JSON Schema; they never decide validity.
Every record keeps the path of the file it came from (for Edit links and messages).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str
    organization: str | None = None
    date: str | None = None
    url: str | None = None
    accessed: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Alias:
    label: str
    kind: str
    lang: str
    used_in: tuple[Citation, ...]


@dataclass(frozen=True)
class Attestation:
    date: str
    event: str
    source: Citation
    speaker: str | None = None


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    category: str
    definition: str
    definition_sources: tuple[Citation, ...]
    path: str
    zh: str | None = None
    pinyin: str | None = None
    zh_basis: str | None = None
    zh_source: Citation | None = None
    aliases: tuple[Alias, ...] = ()
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    note: str | None = None
    former_ids: tuple[str, ...] = ()

    kind = "concept"

    @property
    def name(self) -> str:
        return self.label


@dataclass(frozen=True)
class Role:
    title: str
    organization: str | None = None
    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    source: Citation | None = None


@dataclass(frozen=True)
class Entity:
    """A person, place or organization: the things an annotation can name."""

    kind: str  # "person" | "place" | "organization"
    id: str
    name: str
    description: str
    path: str
    zh: str | None = None
    category: str | None = None  # place or organization kind, e.g. "province"
    within: str | None = None
    abbreviation: str | None = None
    url: str | None = None
    roles: tuple[Role, ...] = ()
    sources: tuple[Citation, ...] = ()
    former_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Annotation:
    id: str
    quote: str
    annotator: str
    date: str
    prefix: str | None = None
    suffix: str | None = None
    concept: str | None = None
    person: str | None = None
    place: str | None = None
    organization: str | None = None
    speaker: str | None = None
    note: str | None = None
    former_ids: tuple[str, ...] = ()  # earlier ids: their anchors still lead here
    excerpt_paragraph: int | None = None  # excerpt-only articles: the source's paragraph, as the curator gives it
    # Where the quote stands, set by anchoring (None for excerpt-only articles):
    paragraph: int | None = None  # 1-based
    start: int | None = None  # code-point offsets inside the paragraph
    end: int | None = None

    @property
    def paragraph_number(self) -> int | None:
        """The paragraph of the source the quote stands in: found by anchoring in a full
        text, given by the curator for an excerpt (None when unknown)."""
        return self.paragraph or self.excerpt_paragraph

    @property
    def anchor(self) -> str:
        """The stable HTML anchor of this occurrence: it depends on the id only."""
        return f"a-{self.id}"

    @property
    def reading_order(self) -> tuple:
        """The one sort key of an article's annotations, everywhere (notes, excerpts,
        exports, the cross-index): by paragraph, those without a known paragraph last,
        then by position in it, then by id (excerpts have no position)."""
        number = self.paragraph_number
        return (number is None, number or 0, self.start or 0, self.id)

    def targets(self) -> list[tuple[str, str]]:
        """(kind, id) of everything this annotation links to, concept first."""
        pairs = [("concept", self.concept), ("person", self.person), ("place", self.place), ("organization", self.organization)]
        return [(k, v) for k, v in pairs if v]


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    genre: str
    language: str
    publisher: str
    published: str
    path: str
    annotator: str
    curated: str
    url: str | None = None
    editor: str | None = None
    dateline: str | None = None
    event_date: str | None = None
    event_title: str | None = None
    event_place: str | None = None
    translation_of: str | None = None  # id of the original article in the corpus
    series: str | None = None
    via: str | None = None  # who re-published the text at `url`, when it is not the publisher's page
    accessed: str | None = None
    rights_holder: str | None = None
    rights_basis: str | None = None  # why the full text may be shown
    paragraphs: tuple[str, ...] = ()  # empty when only excerpts may be shown
    annotations: tuple[Annotation, ...] = field(default=())
    former_ids: tuple[str, ...] = ()

    @property
    def date(self) -> str:
        """Publication date (YYYY-MM-DD), the article's place on every timeline."""
        return self.published[:10]

    @property
    def has_text(self) -> bool:
        return bool(self.paragraphs)


def citation(d: dict | None) -> Citation | None:
    if d is None:
        return None
    return Citation(**{k: d.get(k) for k in ("title", "publisher", "organization", "date", "url", "accessed", "note")})


def citations(items) -> tuple[Citation, ...]:
    return tuple(citation(c) for c in items or ())


def concept_from(d: dict, path: str) -> Concept:
    return Concept(
        id=d["id"],
        label=d["label"],
        category=d["category"],
        path=path,
        definition=d["definition"]["text"],
        definition_sources=citations(d["definition"]["sources"]),
        zh=d.get("zh"),
        pinyin=d.get("pinyin"),
        zh_basis=d.get("zh_basis"),
        zh_source=citation(d.get("zh_source")),
        aliases=tuple(Alias(a["label"], a["kind"], a.get("lang") or "en", citations(a["used_in"])) for a in d.get("aliases") or ()),
        broader=tuple(d.get("broader") or ()),
        related=tuple(d.get("related") or ()),
        attestations=tuple(
            sorted((Attestation(a["date"], a["event"], citation(a["source"]), a.get("speaker")) for a in d.get("attestations") or ()), key=lambda a: a.date)
        ),
        note=d.get("note"),
        former_ids=tuple(d.get("former_ids") or ()),
    )


def entity_from(kind: str, d: dict, path: str) -> Entity:
    roles = tuple(Role(r["title"], r.get("organization"), r.get("from"), r.get("to"), r.get("as_of"), citation(r.get("source"))) for r in d.get("roles") or ())
    return Entity(
        kind=kind,
        id=d["id"],
        name=d["name"],
        description=d["description"],
        path=path,
        zh=d.get("zh"),
        category=d.get("kind"),
        within=d.get("within"),
        abbreviation=d.get("abbreviation"),
        url=d.get("url"),
        roles=roles,
        sources=citations(d.get("sources")),
        former_ids=tuple(d.get("former_ids") or ()),
    )


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; a line break inside one counts as a space."""
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            blocks.append(" ".join(lines))
    return tuple(blocks)


def article_from(d: dict, path: str, anchored: list[Annotation]) -> Article:
    src, event = d["source"], d.get("event") or {}
    return Article(
        id=d["id"],
        title=d["title"],
        genre=d["genre"],
        language=d["language"],
        path=path,
        publisher=src["publisher"],
        published=src["published"],
        url=src.get("url"),
        editor=src.get("editor"),
        dateline=src.get("dateline"),
        event_date=event.get("date"),
        event_title=event.get("title"),
        event_place=event.get("place"),
        translation_of=d.get("translation_of"),
        series=d.get("series"),
        via=src.get("via"),
        accessed=src.get("accessed"),
        rights_holder=(d.get("rights") or {}).get("holder"),
        rights_basis=(d.get("rights") or {}).get("basis"),
        annotator=d["provenance"]["annotator"],
        curated=d["provenance"]["date"],
        paragraphs=split_paragraphs(d["text"]) if d.get("text") else (),
        annotations=tuple(anchored),
        former_ids=tuple(d.get("former_ids") or ()),
    )
