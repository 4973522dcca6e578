"""``python -m tifa new KIND …``: write a new, correctly formed annotation file.

The file starts with the ``# yaml-language-server: $schema=…`` line that editors read,
has every required field (empty when the command line did not give its value, with a
comment saying what goes there) and the optional fields as comments, and lands where
the checker looks for it (``annotations/articles/<year>/<id>.yml``,
``annotations/<folder>/<id>.yml``). An existing file is never overwritten.

Values typed by the contributor are written by PyYAML's safe emitter, which quotes
whatever would otherwise read as YAML syntax (``: #``, quotes, a leading ``-``), and the
result is read back with the project's strict loader and compared with what was meant
before anything is written. Comments are the project's own text (from the schemas'
descriptions), never the contributor's. What the contributor gives is cleaned first
(cleaning.py).

>>> print(value_line("title", "Reform: #1 - 'a' \\"b\\""))
title: 'Reform: #1 - ''a'' "b"'
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from tifa.data import schema
from tifa.data.load import load_bytes
from tifa.data.problems import did_you_mean
from tifa.data.rules import valid_date
from tifa.tools.cleaning import CleanText, ScaffoldError, an_id, cjk, one_line, slug
from tifa.vocab import FOLDERS, KIND_OF_FOLDER

_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))?$")


class _Literal(str):
    """A string written as a literal block (``text: |``)."""


class _Dumper(yaml.SafeDumper):
    """The safe emitter, minus YAML 1.1 timestamps: our loader keeps every value a
    string, so a date may stay plain (``2024-03-06``, like the hand-written files),
    while words YAML reads as booleans, nulls or numbers are still quoted."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"] for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
_Dumper.add_representer(_Literal, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"))


def value_line(key: str, value) -> str:
    """``key: value`` as the safe emitter writes it (several lines for a literal block)."""
    return yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False).rstrip("\n")


def hint(kind: str, path) -> str:
    """The first sentence of a field's schema description, for a comment."""
    text = schema.subschema(kind, path).get("description", "")
    sentences = re.split(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s(?=[A-Z`])", text)
    out = sentences[0]
    for more in sentences[1:]:  # as many whole sentences as fit a comment
        if len(out) + 1 + len(more) > 140:
            break
        out += " " + more
    return out


# --- Writing -----------------------------------------------------------------------------


class _Writer:
    """Lines of a new file: values through the safe emitter, comments from the schema."""

    def __init__(self, kind: str):
        self.kind, self.lines, self.data = kind, [], {}

    def comment(self, text: str, indent: int = 0) -> None:
        self.lines.append(" " * indent + "# " + text if text else "")

    def field(self, path: tuple, value, required: bool = True, note: str | None = None) -> None:
        """A field with its value; an empty required one gets a comment saying what goes there."""
        indent = 2 * (len(path) - 1)
        key = path[-1]
        if value is None:
            what = note or hint(self.kind, path)
            self.lines.append(" " * indent + f"{key}:  # {'required: ' if required else ''}{what}")
        else:
            self.lines.extend(" " * indent + line if line else "" for line in value_line(key, value).split("\n"))
        self._set(path, value)

    def optional(self, path: tuple, example: str | None = None) -> None:
        """An optional field, commented out, with what it is for."""
        indent = 2 * (len(path) - 1)
        self.lines.append(" " * indent + f"# {path[-1]}:{' ' + example if example else ''}  # {hint(self.kind, path)}")

    def mapping(self, path: tuple) -> None:
        self.lines.append(" " * 2 * (len(path) - 1) + f"{path[-1]}:")
        self._set(path, {})

    def _set(self, path, value) -> None:
        node = self.data
        for part in path[:-1]:
            node = node[part][-1] if isinstance(node[part], list) else node[part]
        node[path[-1]] = value

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _header(w: _Writer, kind: str, depth: int, shown: str) -> None:
    w.lines.append(f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json")
    w.comment(f"New {kind}: fill in each value marked 'required', uncomment the optional fields you need,")
    w.comment(f"then run: python -m tifa check {shown}")
    w.comment("Every field is described in docs/fields.md; each checker message in docs/codes.md.")


def _citation(w: _Writer, path: tuple, item: bool = False) -> None:
    """A citation's two required fields (empty) and its optional ones, as a list item or not."""
    indent = 2 * len(path) + (2 if item else 0)
    lead = "- " if item else ""
    w.lines.append(" " * (indent - 2 * item) + f"{lead}title:  # required: {hint('concept', ('definition', 'sources', 0, 'title'))}")
    w.lines.append(" " * indent + f"publisher:  # required: {hint('concept', ('definition', 'sources', 0, 'publisher'))}")
    for key in ("date", "url", "organization", "note"):
        w.lines.append(" " * indent + f"# {key}:  # {hint('concept', ('definition', 'sources', 0, key))}")
    entry = {"title": None, "publisher": None}
    w._set(path, [entry] if item else entry)


def _today() -> str:
    return dt.date.today().isoformat()


def article(
    root: Path,
    title: str,
    publisher: str,
    published: str,
    text: CleanText | None = None,
    ident: str | None = None,
    genre: str | None = None,
    language: str | None = None,
    url: str | None = None,
    annotator: str | None = None,
    holder: str | None = None,
    basis: str | None = None,
) -> tuple[Path, str]:
    """The path and content of a new article file (nothing written yet)."""
    title = one_line("--title", title)
    publisher = an_id("--publisher", one_line("--publisher", publisher))
    published = one_line("--published", published)
    if not _DATETIME.match(published) or not valid_date(published):
        raise ScaffoldError(f"invalid --published '{published}': write the publication date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS+08:00), a real day")
    genres = schema.subschema("article", ("genre",))["enum"]
    if genre is not None and genre not in genres:
        raise ScaffoldError(f"invalid --genre '{genre}'{did_you_mean(genre, genres)}; use one of: {', '.join(genres)}")
    ident = an_id("--id", one_line("--id", ident if ident is not None else _article_id(title, publisher, published)))
    url = one_line("--url", url)
    if url is not None and not re.match(r"^https?://\S+$", url, re.IGNORECASE):
        raise ScaffoldError(f"invalid --url '{url}': only http:// and https:// addresses are allowed")
    language = _language(language, text, title)
    path = root / "articles" / published[:4] / f"{ident}.yml"
    shown = shown_path(root, path)
    w = _Writer("article")
    _header(w, "article", 3, shown)
    w.field(("id",), ident)
    w.field(("title",), title)
    w.field(("genre",), genre, note="one of " + ", ".join(genres))
    w.field(("language",), language)
    w.optional(("series",))
    w.optional(("translation_of",))
    _source_and_event(w, publisher, published, url)
    _rights_and_provenance(w, root, publisher, text is not None, holder, basis, annotator)
    if text is not None:
        w.field(("text",), _Literal(text.text))
    else:
        w.comment("text: |  # " + hint("article", ("text",)))
    w.lines.append("annotations: []")
    w._set(("annotations",), [])
    _annotations_example(w, text is not None)
    return path, _verified(w, shown)


def _source_and_event(w: _Writer, publisher: str, published: str, url: str | None) -> None:
    """An article's ``source`` (accessed today) and its optional ``event``, commented out."""
    w.mapping(("source",))
    w.field(("source", "publisher"), publisher)
    w.field(("source", "published"), published)
    w.field(("source", "url"), url)
    w.optional(("source", "via"))
    w.field(("source", "accessed"), _today())
    w.optional(("source", "editor"))
    w.optional(("source", "dateline"))
    w.optional(("event",))
    w.comment("  date:", 0)
    w.comment("  title:", 0)
    w.comment("  place:  # a place id", 0)


def _rights_and_provenance(w: _Writer, root: Path, publisher: str, full: bool, holder, basis, annotator) -> None:
    """An article's ``rights`` (the publisher holds them unless --holder says otherwise; a
    full text needs its basis) and ``provenance`` (annotated today)."""
    w.mapping(("rights",))
    w.field(("rights", "holder"), one_line("--holder", holder) or _name_of(root, publisher))
    w.field(("rights", "shown"), "full" if full else "excerpts")
    if full:
        w.field(("rights", "basis"), one_line("--basis", basis))
    w.mapping(("provenance",))
    w.field(("provenance", "annotator"), one_line("--annotator", annotator))
    w.field(("provenance", "date"), _today())


def _article_id(title: str, publisher: str, published: str) -> str:
    """The default article id: date, publisher and a few words of the title."""
    words = slug(title)
    ident = f"{published[:10]}-{publisher}" + (f"-{words}" if words else "")
    return ident[:100].rstrip("-")


def _language(language: str | None, text: CleanText | None, title: str) -> str:
    """The --language given, checked; else guessed from the text (or the title)."""
    if language is None:  # Chinese when at least a third of the letters are Chinese characters
        sample = [ch for ch in (text.text if text else title) if ch.isalnum()]
        return "zh-Hans" if 3 * sum(1 for ch in sample if cjk(ch)) >= len(sample) > 0 else "en"
    if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", language):
        raise ScaffoldError(f"invalid --language '{language}': use a BCP 47 tag such as 'en' or 'zh-Hans'")
    return language


def _annotations_example(w: _Writer, full: bool) -> None:
    """Comments showing an annotation: of a full text, or (without ``text``) of an excerpt."""
    if full:
        w.comment("Each annotation marks the exact words of one paragraph of `text`, for example:")
        w.comment("  - id: nqpf-1  # unique in this article; it makes the anchor #a-nqpf-1, never reuse it")
        w.comment("    quote: new quality productive forces  # the exact words of one paragraph")
        w.comment("    concept: new-quality-productive-forces  # or person:, place:, organization:, note:")
    else:
        w.comment("Without `text`, each annotation quotes its words with a little context (at most 25 words or 40 汉字 a side):")
        w.comment("  - id: nqpf-1  # unique in this article; it makes the anchor #a-nqpf-1, never reuse it")
        w.comment("    paragraph: 1  # the paragraph of the source it stands in")
        w.comment("    prefix: 'and develop '  # the words right before the quote, verbatim")
        w.comment("    quote: new quality productive forces  # the exact words")
        w.comment("    suffix: ' according to local conditions'  # the words right after, verbatim")
        w.comment("    concept: new-quality-productive-forces  # or person:, place:, organization:, note:")


def record(
    root: Path,
    kind: str,
    ident: str,
    name: str,
    *,
    zh: str | None = None,
    category: str | None = None,
    description: str | None = None,
    pinyin: str | None = None,
) -> tuple[Path, str]:
    """The path and content of a new concept, person, place or organization file."""
    ident = an_id("id", one_line("id", ident))
    name = one_line("--label" if kind == "concept" else "--name", name)
    zh = one_line("--zh", zh)
    description = one_line("--definition" if kind == "concept" else "--description", description)
    path = root / FOLDERS[kind] / f"{ident}.yml"
    shown = shown_path(root, path)
    w = _Writer(kind)
    _header(w, kind, 2, shown)
    w.field(("id",), ident)
    if kind == "concept":
        _concept_fields(w, name, zh, pinyin, category, description)
    else:
        _entity_fields(w, kind, name, zh, category, description)
    return path, _verified(w, shown)


def _concept_fields(w: _Writer, name: str, zh, pinyin, category, description) -> None:
    """A concept's fields after its id: label (``name``), Chinese and pinyin, category, the
    definition (``description``) and its sources, then the optional fields as comments."""
    categories = schema.subschema("concept", ("category",))["enum"]
    if category is not None and category not in categories:
        raise ScaffoldError(f"invalid --category '{category}'{did_you_mean(category, categories)}; use one of: {', '.join(categories)}")
    w.field(("label",), name)
    w.field(("zh",), zh) if zh else w.optional(("zh",))
    w.field(("pinyin",), one_line("--pinyin", pinyin)) if pinyin else w.optional(("pinyin",))
    w.optional(("zh_basis",), "conventional")
    w.field(("category",), category, note="one of " + ", ".join(categories))
    w.mapping(("definition",))
    w.field(("definition", "text"), description)
    w.lines.append("  sources:  # required: at least one source the definition rests on")
    _citation(w, ("definition", "sources"), item=True)
    w.optional(("aliases",))
    w.comment("  - label: another rendering, exactly as printed")
    w.comment("    kind: translation  # or wording, abbreviation")
    w.comment("    used_in:")
    w.comment("      - title: where it is used")
    w.comment("        publisher: who published it")
    w.optional(("broader",), "[]")
    w.optional(("related",), "[]")
    w.optional(("attestations",))
    w.optional(("note",))


def _entity_fields(w: _Writer, kind: str, name: str, zh, category, description) -> None:
    """A person's, place's or organization's fields after its id (an organization's and a
    place's kind, checked against the schema's list)."""
    kinds = schema.subschema(kind, ("kind",)).get("enum")
    if category is not None and (kinds is None or category not in kinds):
        raise ScaffoldError(
            f"invalid --kind '{category}'" + (f"{did_you_mean(category, kinds)}; use one of: {', '.join(kinds)}" if kinds else f": a {kind} has no kind")
        )
    w.field(("name",), name)
    w.field(("zh",), zh) if zh else w.optional(("zh",))
    if kind == "organization":
        w.optional(("abbreviation",))
    if kinds:
        w.field(("kind",), category, note="one of " + ", ".join(kinds))
    if kind != "person":
        w.optional(("within",))
    if kind == "organization":
        w.optional(("url",))
    w.field(("description",), description)
    if kind == "person":
        w.optional(("roles",))
        w.comment("  - title: the position, e.g. Premier of the State Council")
        w.comment("    as_of: 2024-03-05  # or from: / to:")
    w.optional(("sources",))
    w.comment("  - title: where the name and description come from")
    w.comment("    publisher: who published it")


def _name_of(root: Path, organization: str) -> str | None:
    """The name in an organization's file (the default rights holder: the publisher), if it has one."""
    path = root / "organizations" / f"{organization}.yml"
    try:
        found = re.search(r"^name: *(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        return None
    name = found.group(1).strip().strip("'\"") if found else ""
    return name if name and "#" not in name and ":" not in name else None


def shown_path(root: Path, path: Path) -> str:
    """The path as the checker shows it: relative to the folder that holds annotations/."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def _verified(w: _Writer, shown: str) -> str:
    """The file's text, once the strict loader reads back exactly the values meant."""
    content = w.text()
    doc, problems = load_bytes(content.encode("utf-8"), shown)
    if doc is None or problems or doc.data != w.data:  # a bug of ours, never the contributor's
        raise AssertionError(f"scaffold wrote something else than meant: {problems or (doc.data if doc else None)!r} != {w.data!r}")
    return content


def write(path: Path, content: str, root: Path) -> None:
    """Create the file; refuse when it, or a file with its id, already exists."""
    kind = KIND_OF_FOLDER[path.relative_to(root).parts[0]]
    if kind == "article":
        for other in (root / "articles").glob(f"*/{path.stem}.y*ml"):
            raise ScaffoldError(f"{shown_path(root, other)} already exists; choose another --id, or edit that file", status=1)
    if path.exists():
        raise ScaffoldError(f"{shown_path(root, path)} already exists; choose another id, or edit that file", status=1)
    for other in path.parent.glob("*.y*ml"):
        if other.stem.casefold() == path.stem.casefold():
            raise ScaffoldError(f"{shown_path(root, other)} already exists; choose another id, or edit that file", status=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite, even in a race
            f.write(content)
    except FileExistsError:
        raise ScaffoldError(f"{shown_path(root, path)} already exists; choose another id, or edit that file", status=1) from None
