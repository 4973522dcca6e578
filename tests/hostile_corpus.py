"""A hostile corpus: annotation files a stranger could send, to be built for real.

Each ``Inert`` case is one string that tries to become markup, a link, an attribute or
template code. It is laid into every place contributor text reaches a page:

* a person ``hostile-<slug>`` whose name (one-line cases) and description are the string:
  the page's ``<h1>``, ``<title>``, ``<meta name=description>`` and a paragraph;
* the article ``2024-03-08-hostile-fixture``: a paragraph holding the string, an
  annotation quoting it (``#a-h-<slug>``, whose hover card ``data-tip`` repeats the name
  and the note) and the note itself (``li#note-h-<slug> .tifa-note-text``).

Used by tests/test_hostile.py and tests/test_dom_audit.py (one build, many assertions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ARTICLE_ID = "2024-03-08-hostile-fixture"
PUBLISHER = "xinhua"  # an organization of the real corpus
NESTED = "[" * 10_000  # 10,000 opening brackets, as text


@dataclass(frozen=True)
class Inert:
    slug: str  # id part: person hostile-<slug>, annotation h-<slug>
    text: str  # what the reader must see, character for character
    yaml: str | None = None  # how the file writes it, when not as a JSON-style quoted string
    line: bool = True  # fits a one-line field (name, quote); else description and note only

    @property
    def person(self) -> str:
        return f"hostile-{self.slug}"

    @property
    def name(self) -> str:
        return self.text if self.line else f"Hostile case {self.slug}"

    @property
    def scalar(self) -> str:
        return self.yaml if self.yaml is not None else json.dumps(self.text, ensure_ascii=False)

    @property
    def name_scalar(self) -> str:
        return self.scalar if self.line else json.dumps(self.name)

    @property
    def paragraph(self) -> str:
        return f"Case {self.slug}: {self.text if self.line else 'see the note'} (end)."

    @property
    def quote(self) -> str:
        return self.text if self.line else "see the note"


INERT = [
    Inert("script", "<script>alert(1)</script>"),
    Inert("img-onerror", "<img src=x onerror=alert(1)>"),
    Inert("svg-onload", "<svg onload=alert(1)><circle r=9></circle></svg>"),
    Inert("iframe", '<iframe src="javascript:alert(1)"></iframe>'),
    Inert("style", "<style>body{display:none}</style>"),
    Inert("base-href", '<base href="https://evil.example/">'),
    Inert("div-breakout", "</p></div></li></ol></article><script>alert(1)</script><div>"),
    Inert("attr-breakout", 'x" onfocus="alert(1)" autofocus="x\' onmouseover=\'alert(1)'),
    Inert("anchor-js", '<a href="javascript:alert(1)">click</a>'),
    Inert("mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    Inert("comment", "<!-- x --><!--><script>alert(1)</script>--><![CDATA[<script>]]>"),
    Inert("js-url", "javascript:alert(1)"),
    Inert("js-url-case", "JaVaScRiPt:alert(1)"),
    Inert("js-url-entity", "&#106;avascript:alert(1)"),
    Inert("entities", "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;&#x27;"),
    Inert("data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    Inert("vbscript-url", "vbscript:msgbox(1)"),
    Inert("md-link", "[x](javascript:alert(1))"),
    Inert("md-image", "![x](https://evil.example/pixel.png)"),
    Inert("md-autolink", "<https://evil.example/> <javascript:alert(1)> <mailto:a@evil.example>"),
    Inert("md-ref-link", "[x][1]\n\n[1]: javascript:alert(1)", line=False),
    Inert("attr-list", "x { onmouseover=alert(1) }"),
    Inert("attr-list-block", "x\n{: .x onclick=alert(1) }", line=False),
    Inert("jinja-expr", "{{ 7*7 }}"),
    Inert("jinja-ssti", "{{ ''.__class__.__mro__[1].__subclasses__() }} {{ config }} {{ lipsum.__globals__ }}"),
    Inert("jinja-stmt", "{% for x in range(3) %}x{% endfor %}{% include 'base.html' %}"),
    Inert("jinja-comment", "{# hidden #}{## hidden ##}"),
    Inert("meta-breakout", '"><script>alert(1)</script>'),
    Inert("title-breakout", "</title><script>alert(1)</script>"),
    Inert("yaml-no", "NO", yaml="NO"),
    Inert("yaml-decimal", "1.10", yaml="1.10"),
    Inert("yaml-octal", "0777", yaml="0777"),
    Inert("yaml-sexagesimal", "12:30", yaml="12:30"),
    Inert("md-emphasis", "*Anon*"),
    Inert("md-underscore", "d_Alembert and __init__"),
    Inert("md-code", "`code`"),
    Inert("md-heading", "# heading"),
    Inert("md-block-heading", "first line\n# heading\n\n---\n\n* item", line=False),
    Inert("md-html-block", '<div markdown="1">*x*</div>\n\n<script>alert(1)</script>', line=False),
    Inert("nested-brackets", NESTED, line=False),
]

CONCEPT_QUOTE = "a formulation under attack"
ARTICLE_TITLE = '</title><script>alert(1)</script> "><b>article</b>'

# A web address the checker accepts (http, no space) but that tries to leave its attribute.
QUOTE_URL = 'https://evil.example/"onmouseover="alert(1)"x=\'y<script>'


# A concept whose every field is hostile, annotated once in the article.
CONCEPT_ID = "hostile-concept"
CONCEPT_TEXTS = {
    "label": "</title><script>alert(1)</script> {{ 7*7 }}",
    "zh": "<script>alert(1)</script>新质",
    "pinyin": "{{ 7*7 }} *xīn*",
    "definition": "[x][1]\n\n[1]: javascript:alert(1)",
    "source_title": "<b>bold</b> {% raw %}",
    "source_publisher": "`publisher` <i>",
    "source_note": "[x](javascript:alert(1)) { onclick=alert(1) }",
    "alias": '"><img src=x onerror=alert(1)>',
    "note": "{% for x in range(3) %}x{% endfor %}",
}


def _concept() -> str:
    t = {k: json.dumps(v, ensure_ascii=False) for k, v in CONCEPT_TEXTS.items()}
    return (
        f"id: {CONCEPT_ID}\n"
        f"label: {t['label']}\n"
        f"zh: {t['zh']}\n"
        f"pinyin: {t['pinyin']}\n"
        "category: governance\n"
        "definition:\n"
        f"  text: {t['definition']}\n"
        "  sources:\n"
        f"    - title: {t['source_title']}\n"
        f"      publisher: {t['source_publisher']}\n"
        f"      url: {json.dumps(QUOTE_URL)}\n"
        f"      note: {t['source_note']}\n"
        "aliases:\n"
        f"  - label: {t['alias']}\n"
        "    kind: translation\n"
        "    used_in:\n"
        "      - title: Tifa tests\n"
        "        publisher: Tifa tests\n"
        f"note: {t['note']}\n"
    )


def _person(case: Inert) -> str:
    return f"id: {case.person}\nname: {case.name_scalar}\ndescription: {case.scalar}\n"


def _article() -> str:
    text = "\n\n".join([case.paragraph for case in INERT] + [f"The hostile concept: {CONCEPT_QUOTE}."])
    out = [
        f"id: {ARTICLE_ID}",
        f"title: {json.dumps(ARTICLE_TITLE)}",
        "genre: commentary",
        "language: en",
        "source:",
        f"  publisher: {PUBLISHER}",
        "  published: 2024-03-08",
        f"  url: {json.dumps(QUOTE_URL)}",
        "rights:",
        f"  holder: {json.dumps(ARTICLE_TITLE)}",
        "  shown: full",
        f"  basis: {json.dumps(ARTICLE_TITLE)}",
        "provenance:",
        "  annotator: Tifa tests",
        "  date: 2026-11-28",
        f"text: {json.dumps(text, ensure_ascii=False)}",
        "annotations:",
    ]
    for case in INERT:
        out += [
            f"  - id: h-{case.slug}",
            f"    quote: {json.dumps(case.quote, ensure_ascii=False)}",
            f"    prefix: {json.dumps(f'Case {case.slug}: ')}",
            f"    person: {case.person}",
            f"    note: {case.scalar}",
        ]
    out += [
        "  - id: h-concept",
        f"    quote: {json.dumps(CONCEPT_QUOTE)}",
        f"    concept: {CONCEPT_ID}",
        f"    note: {json.dumps(CONCEPT_TEXTS['note'])}",
    ]
    return "\n".join(out) + "\n"


def write(annotations: Path) -> None:
    """Add the hostile files to an annotations/ folder."""
    (annotations / "articles" / "2024").mkdir(parents=True, exist_ok=True)
    (annotations / "articles" / "2024" / f"{ARTICLE_ID}.yml").write_text(_article(), encoding="utf-8")
    (annotations / "concepts" / f"{CONCEPT_ID}.yml").write_text(_concept(), encoding="utf-8")
    for case in INERT:
        (annotations / "people" / f"{case.person}.yml").write_text(_person(case), encoding="utf-8")
