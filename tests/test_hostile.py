"""Hostile input: what a stranger's pull request could try, and what it gets.

Two kinds of case:

* refused: the checker reports it, with the exact message a contributor sees, and never
  with a traceback (``check_tree`` on a copy of the checker's base fixture);
* inert: the checker accepts it, and the built page shows it as text in its place, with
  no element or attribute made from it. All inert cases share one real build of the
  project (tests/builds.py, tests/hostile_corpus.py).

Where the checker is wrong today, the test states the right behaviour and is marked
``xfail(strict=True)`` with what happens instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import hostile_corpus as H
from builds import hostile_site
from helpers import ROOT, copy_project, tifa
from test_dom_audit import CONTENT_TAGS, audit_page
from tifa.data.check import check_tree
from tifa.data.load import MAX_BYTES, load_bytes
from tifa.data.schema import schema

BASE = ROOT / "tests" / "fixtures" / "checker" / "base" / "annotations"
ART = "articles/2024/2024-01-02-example-report.yml"
ALPHA = "concepts/alpha-formulation.yml"
PERSON = "people/jane-roe.yml"
ORG = "organizations/example-agency.yml"
SHOWN = {rel: f"annotations/{rel}" for rel in (ART, ALPHA, PERSON, ORG)}
URL_LINE = "  url: https://example.org/2024/01/02/report.html"
T011_TAIL = "; delete it (control, bidirectional and invisible characters hide what text really says)"
T013 = "T013 nesting deeper than 32 levels; annotation files need no more than 6"
T111_TAIL = "; use lower-case letters and digits joined by single hyphens, e.g. 'new-quality-productive-forces'"


def text(rel: str) -> str:
    return (BASE / rel).read_text(encoding="utf-8")


def edited(rel: str, old: str, new: str) -> str:
    original = text(rel)
    assert original.count(old) == 1, old
    return original.replace(old, new)


def problems(make_tree, files) -> list[str]:
    return [str(p) for p in check_tree(make_tree(files)).problems]


# ---------------------------------------------------------------------------------------
# Refused, with the checker's exact message.


def t121(value: str, shown: str = "'{}'") -> str:
    return f"annotations/{ART}:9:8: T121 invalid URL {shown.format(value)} in source.url; only http:// and https:// addresses are allowed"


def bomb(levels: int) -> tuple[str, list[str]]:
    """The 'billion laughs' inside a concept's unknown fields, and what the checker says."""
    yml = "lol0: &a0 [lol, lol, lol]\n" + "".join(f"lol{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]\n" for i in range(1, levels))
    first = len(text(ALPHA).splitlines()) + 1
    allowed = ", ".join(schema("concept")["properties"])
    out = []
    for i in range(levels):
        line = first + i
        out.append(f"annotations/{ALPHA}:{line}:1: T101 unknown field 'lol{i}'; allowed: {allowed}")
        out.append(f"annotations/{ALPHA}:{line}:{7 if i < 10 else 8}: T007 anchor '&a{i}' is not allowed; write each value out in full")
        if i:
            start = 12 if i < 10 else 13
            width = len(f"*a{i - 1}, ")
            out += [f"annotations/{ALPHA}:{line}:{start + k * width}: T007 alias '*a{i - 1}' is not allowed; write the value out in full" for k in range(3)]
    return yml, out


BOMB_YAML, BOMB_EXPECTED = bomb(9)
OVERSIZE = text(PERSON) + "sources:\n  - title: x\n    publisher: y\n    note: " + "x" * MAX_BYTES + "\n"

REFUSED = [
    # Web addresses: only http(s), however the scheme is dressed up.
    ("url-javascript", {ART: edited(ART, URL_LINE, "  url: javascript:alert(1)")}, [t121("javascript:alert(1)")]),
    ("url-javascript-mixed-case", {ART: edited(ART, URL_LINE, "  url: JaVaScRiPt:alert(1)")}, [t121("JaVaScRiPt:alert(1)")]),
    ("url-entity-encoded", {ART: edited(ART, URL_LINE, '  url: "&#106;avascript:alert(1)"')}, [t121("&#106;avascript:alert(1)")]),
    (
        "url-entity-encoded-unquoted",
        {ART: edited(ART, URL_LINE, "  url: &#106;avascript:alert(1)")},
        [f"annotations/{ART}:9:9: T004 YAML syntax error: did not find expected alphabetic or numeric character (while scanning an anchor)"],
    ),
    ("url-data", {ART: edited(ART, URL_LINE, '  url: "data:text/html,<script>alert(1)</script>"')}, [t121("data:text/html,<script>alert(1)</script>")]),
    ("url-vbscript", {ART: edited(ART, URL_LINE, "  url: vbscript:msgbox(1)")}, [t121("vbscript:msgbox(1)")]),
    ("url-protocol-relative", {ART: edited(ART, URL_LINE, "  url: //evil.example/x")}, [t121("//evil.example/x")]),
    ("url-newline", {ART: edited(ART, URL_LINE, '  url: "https://example.org/\\njavascript:alert(1)"')}, [t121("https://example.org/\\njavascript:alert(1)")]),
    (
        "url-organization",
        {ORG: edited(ORG, "url: https://example.org/", "url: javascript://example.org/%0Aalert(1)")},
        [f"annotations/{ORG}:5:6: T121 invalid URL 'javascript://example.org/%0Aalert(1)' in url; only http:// and https:// addresses are allowed"],
    ),
    (
        "url-citation",
        {ALPHA: text(ALPHA) + "      url: data:text/html;base64,PHNjcmlwdD4=\n"},
        [
            f"annotations/{ALPHA}:12:12: T121 invalid URL 'data:text/html;base64,PHNjcmlwdD4=' in definition.sources[0].url; only http:// and https:// addresses are allowed"
        ],
    ),
    # Anchors, aliases, merge keys and tags.
    ("alias-bomb", {ALPHA: text(ALPHA) + BOMB_YAML}, BOMB_EXPECTED),
    (
        "recursive-alias",
        {ALPHA: text(ALPHA) + "note: &a [*a]\n"},
        [
            f"annotations/{ALPHA}:12:7: T007 anchor '&a' is not allowed; write each value out in full",
            f"annotations/{ALPHA}:12:11: T007 alias '*a' is not allowed; write the value out in full",
        ],
    ),
    (
        "merge-key-inline",
        {PERSON: text(PERSON) + "    <<: {organization: example-agency}\n"},
        [f"annotations/{PERSON}:9:5: T007 merge key '<<' is not allowed; write the fields out in full"],
    ),
    (
        "tag-python-name",
        {ALPHA: text(ALPHA) + "note: !!python/name:os.system\naliases: !!binary aGk=\nbroader: !custom [x]\n"},
        [
            f"annotations/{ALPHA}:12:7: T008 YAML tag '!!python/name:os.system' is not allowed; write plain values",
            f"annotations/{ALPHA}:13:10: T008 YAML tag '!!binary' is not allowed; write plain values",
            f"annotations/{ALPHA}:14:10: T008 YAML tag '!custom' is not allowed; write plain values",
        ],
    ),
    (
        "tag-harmless-str",
        {ALPHA: edited(ALPHA, "label: alpha formulation", "label: !!str alpha formulation")},
        [f"annotations/{ALPHA}:3:8: T008 YAML tag '!!str' is not allowed; write plain values"],
    ),
    (
        "duplicate-key",
        {ALPHA: edited(ALPHA, "category: governance", "category: governance\nlabel: <script>alert(1)</script>")},
        [f"annotations/{ALPHA}:5:1: T006 duplicate key 'label' (first at line 3); keep one"],
    ),
    # The bytes of the file.
    (
        "over-size",
        {PERSON: OVERSIZE},
        [f"annotations/{PERSON}:1:1: T003 file is {len(OVERSIZE.encode()):,} bytes, over the limit of 524,288; split the article or shorten its text"],
    ),
    (
        "latin-1",
        {PERSON: edited(PERSON, "A fictional", "A café").encode("latin-1")},
        [f"annotations/{PERSON}:4:19: T001 byte 0xe9 is not UTF-8; save the file as UTF-8 (it looks like Latin-1 or Windows-1252)"],
    ),
    (
        "byte-order-mark",
        {PERSON: b"\xef\xbb\xbf" + text(PERSON).encode()},
        [f"annotations/{PERSON}:1:1: T002 file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"],
    ),
    ("tab", {PERSON: edited(PERSON, "    organization", "  \torganization")}, [f"annotations/{PERSON}:7:3: T005 tab used for indentation; indent with spaces"]),
    # Invisible and control characters in an id (and nothing else reported about them).
    (
        "nul-in-id",
        {PERSON: edited(PERSON, "id: jane-roe", "id: jane-\x00roe")},
        [f"annotations/{PERSON}:2:10: T011 forbidden character U+0000 NULL" + T011_TAIL],
    ),
    (
        "rlo-in-id",
        {PERSON: edited(PERSON, "id: jane-roe", "id: jane-roe\u202e")},
        [f"annotations/{PERSON}:2:13: T011 forbidden character U+202E RIGHT-TO-LEFT OVERRIDE" + T011_TAIL],
    ),
    (
        "zero-width-space-in-id",
        {PERSON: edited(PERSON, "id: jane-roe", "id: jane\u200b-roe")},
        [f"annotations/{PERSON}:2:9: T011 forbidden character U+200B ZERO WIDTH SPACE" + T011_TAIL],
    ),
    # Ids that try to be paths or to collide.
    (
        "id-path-traversal",
        {PERSON: edited(PERSON, "id: jane-roe", "id: ../../overrides/main")},
        [f"annotations/{PERSON}:2:5: T111 invalid id '../../overrides/main'" + T111_TAIL],
    ),
    ("id-absolute-path", {PERSON: edited(PERSON, "id: jane-roe", "id: /etc/passwd")}, [f"annotations/{PERSON}:2:5: T111 invalid id '/etc/passwd'" + T111_TAIL]),
    (
        "ids-equal-ignoring-case",
        {"places/example-City.yml": text("places/example-city.yml")},
        [
            "annotations/places/example-City.yml:1:1: T112 id 'example-City' equals 'example-city' (annotations/places/example-city.yml) "
            "ignoring case; ids must differ in more than case",
            "annotations/places/example-City.yml:2:5: T110 id 'example-city' does not match the file name 'example-City.yml'; "
            "rename the file to 'example-city.yml'",
        ],
    ),
    # Text that is not YAML text unless quoted: a located message, never a surprise value.
    ("jinja-unquoted", {ALPHA: text(ALPHA) + "note: {{ 7*7 }}\n"}, [f"annotations/{ALPHA}:12:8: T103 a key must be a plain name"]),
    (
        "jinja-statement-unquoted",
        {ALPHA: text(ALPHA) + "note: {% include 'x' %}\n"},
        [f"annotations/{ALPHA}:12:8: T004 YAML syntax error: found character that cannot start any token (while scanning for the next token)"],
    ),
    (
        "markdown-emphasis-unquoted",
        {PERSON: edited(PERSON, "name: Jane Roe", "name: *Anon*")},
        [f"annotations/{PERSON}:3:12: T004 YAML syntax error: did not find expected alphabetic or numeric character (while scanning an alias)"],
    ),
    (
        "markdown-heading-unquoted",
        {PERSON: edited(PERSON, "name: Jane Roe", "name: # heading")},
        [f"annotations/{PERSON}:3:6: T103 name must be text, found nothing"],
    ),
    (
        "markdown-code-unquoted",
        {PERSON: edited(PERSON, "name: Jane Roe", "name: `code`")},
        [f"annotations/{PERSON}:3:7: T004 YAML syntax error: found character that cannot start any token (while scanning for the next token)"],
    ),
    ("nested-brackets-unclosed", {ALPHA: text(ALPHA) + "note: " + "[" * 10_000 + "\n"}, [f"annotations/{ALPHA}:12:38: {T013}"]),
]


@pytest.mark.parametrize("files, expected", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_its_message(make_tree, files, expected):
    assert problems(make_tree, files) == expected


# Bugs found by this suite and since fixed (jsonschema_rs raised ValueError('Recursion
# limit reached') out of check_tree from about 300 levels; YAML escapes such as "\u202E"
# made forbidden characters that T011 never saw; a refused merge key cascaded into
# "missing required field"): kept as exact-message tests.


@pytest.mark.parametrize(
    "nested, col",
    [
        ("[" * 10_000 + "]" * 10_000, 38),
        ("{a: " * 10_000 + "}" * 10_000, 131),
        ("[" * 300 + "]" * 300, 38),
    ],
    ids=["10000-brackets", "10000-braces", "300-brackets"],
)
def test_deep_nesting_is_a_located_problem(make_tree, nested, col):
    assert problems(make_tree, {ALPHA: text(ALPHA) + "note: " + nested + "\n"}) == [f"annotations/{ALPHA}:12:{col}: {T013}"]


def test_nested_brackets_as_text_load_as_text(make_tree):
    """Quoted, 10,000 brackets are just text (the inert build shows them on a page)."""
    result = check_tree(make_tree({ALPHA: text(ALPHA) + f'note: "{H.NESTED}"\n'}))
    assert result.ok and result.concepts["alpha-formulation"].note == H.NESTED


def test_merge_key_with_alias_is_reported_once(make_tree):
    """The merged fields are dropped, and no "missing required field 'name'" follows from it."""
    person = "base: &base\n  name: Jane Roe\n" + edited(PERSON, "name: Jane Roe\n", "<<: *base\n")
    allowed = ", ".join(schema("person")["properties"])
    assert problems(make_tree, {PERSON: person}) == [
        f"annotations/{PERSON}:1:1: T101 unknown field 'base'; allowed: {allowed}",
        f"annotations/{PERSON}:1:7: T007 anchor '&base' is not allowed; write each value out in full",
        f"annotations/{PERSON}:5:1: T007 merge key '<<' is not allowed; write the fields out in full",
        f"annotations/{PERSON}:5:5: T007 alias '*base' is not allowed; write the value out in full",
    ]


@pytest.mark.parametrize(
    "escape, name",
    [
        ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\\0", "U+0000 NULL"),
        ("\\x00", "U+0000 NULL"),
        ("\\u200B", "U+200B ZERO WIDTH SPACE"),
        ("\\e", "U+001B control character"),
        ("\\L", "U+2028 LINE SEPARATOR"),
    ],
)
def test_forbidden_character_written_as_an_escape(make_tree, escape, name):
    found = problems(make_tree, {PERSON: edited(PERSON, "name: Jane Roe", f'name: "Jane {escape}Roe"')})
    assert found == [f"annotations/{PERSON}:3:7: T011 forbidden character {name} (written as an escape)" + T011_TAIL]


@pytest.mark.parametrize("escape", ["\\u202E", "\\u200B", "\\0"])
def test_messages_never_print_a_forbidden_character(make_tree, escape):
    """An escaped invisible character in an id: one T011, and no message repeats the raw
    character (a U+202E in it would reverse the terminal line that shows it)."""
    found = problems(make_tree, {PERSON: edited(PERSON, "id: jane-roe", f'id: "jane-{escape}roe"')})
    assert [line.split(": ", 1)[1][:4] for line in found] == ["T011"]
    assert not any(ch in line for line in found for ch in "\u202e\u200b\x00")


# Nothing runs: a python tag is refused, and its command never executed.


def test_python_tag_runs_nothing(make_tree, tmp_path, run_tifa):
    marker = tmp_path / "executed"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]'
    # The payload is live: an unsafe loader would run it (this is what we guard against).
    import yaml

    yaml.unsafe_load(f"x: {payload}\n")
    assert marker.exists()
    marker.unlink()

    root = make_tree({ALPHA: text(ALPHA) + f"note: {payload}\n"})
    expected = f"annotations/{ALPHA}:12:7: T008 YAML tag '!!python/object/apply:os.system' is not allowed; write plain values"
    assert [str(p) for p in check_tree(root).problems] == [expected]
    assert load_bytes(f"note: {payload}\n".encode(), "x.yml")[1][0].code == "T008"
    cli = run_tifa("--root", root, "check")
    assert cli.returncode == 1 and expected in cli.stdout and "Traceback" not in cli.stderr
    assert not marker.exists()


def test_path_like_id_writes_nothing_outside_site(tmp_path):
    """`python -m tifa site` with an id that tries to climb out: refused before any file is written."""
    project = copy_project(tmp_path / "project")
    person = project / "annotations" / "people" / "cai-qi.yml"
    person.write_text(person.read_text(encoding="utf-8").replace("id: cai-qi", "id: ../../overrides/main", 1), encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = tifa("site", cwd=project)
    assert result.returncode == 1, result.stdout
    assert "annotations/people/cai-qi.yml:2:5: T111 invalid id '../../overrides/main'" in result.stdout
    assert "site/ left as it was" in result.stdout
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {p: b for p, b in before.items() if "__pycache__" not in p.parts} == after


# ---------------------------------------------------------------------------------------
# Inert: accepted, and shown as text where it belongs.


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return hostile_site(tmp_path_factory) / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def shown_as_text(el, expected: str) -> None:
    """``el`` holds exactly ``expected`` as one piece of text: no element was made from it."""
    assert el is not None
    assert el.find(True) is None, f"markup inside <{el.name}>: {el.decode_contents()[:300]}"
    assert el.get_text() == expected


def no_breach(soup: BeautifulSoup, url: str) -> None:
    assert audit_page(soup, url) == []
    content = soup.select_one("article.md-content__inner")
    assert {el.name for el in content.find_all(True)} <= CONTENT_TAGS


@pytest.mark.slow
@pytest.mark.parametrize("case", H.INERT, ids=[c.slug for c in H.INERT])
def test_inert_on_the_person_page(site, case):
    url = f"people/{case.person}/"
    soup = page(site, url)
    no_breach(soup, url)
    shown_as_text(soup.select_one(".tifa-entity h1"), case.name)
    paragraphs = soup.select(".tifa-entity > p:not(.tifa-zh)")
    assert len(paragraphs) == 1
    shown_as_text(paragraphs[0], case.text)
    assert soup.title.string == f"{case.name} - Tifa 提法"
    assert soup.find("meta", attrs={"name": "description"})["content"] == f"Person: {case.name}. Every annotated mention in the Tifa corpus."
    assert soup.select_one("[data-md-component=header-topic] .md-ellipsis").get_text().strip() == case.name.strip()
    # The concordance row: the quote, with its context.
    row = soup.select_one(f"tr#kwic-{H.ARTICLE_ID}-h-{case.slug}")
    shown_as_text(row.select_one(".tifa-kw a"), case.quote)
    shown_as_text(row.select_one(".tifa-left > span"), f"Case {case.slug}: ")
    assert not row.select_one(".tifa-left").has_attr("title")  # the tooltip is the cell's text, set by kwic.js on hover


@pytest.mark.slow
@pytest.mark.parametrize("case", H.INERT, ids=[c.slug for c in H.INERT])
def test_inert_in_the_article(site, case):
    url = f"articles/{H.ARTICLE_ID}/"
    soup = page(site, url)
    highlight = soup.select_one(f"#a-h-{case.slug}")
    shown_as_text(highlight, case.quote)
    assert highlight.name == "a"
    assert set(highlight.attrs) == {"class", "href", "id", "data-tip", "aria-describedby"}
    assert highlight["href"] == f"../../people/{case.person}/"
    assert highlight["data-tip"] == f"Person: {case.name} — {case.text}"
    assert highlight["aria-describedby"] == f"note-h-{case.slug}"
    assert highlight.parent.get_text().endswith(f"Case {case.slug}: {case.quote} (end).")
    shown_as_text(soup.select_one(f"li#note-h-{case.slug} .tifa-note-text"), case.text)


@pytest.mark.slow
def test_article_page_whole(site):
    url = f"articles/{H.ARTICLE_ID}/"
    soup = page(site, url)
    no_breach(soup, url)
    shown_as_text(soup.select_one(".tifa-article h1"), H.ARTICLE_TITLE)
    assert soup.title.string == f"{H.ARTICLE_TITLE} - Tifa 提法"
    # The source address is an attribute value, whole, and the link has no other attribute.
    source = [a for a in soup.select(".tifa-facts a") if a.get_text() == H.QUOTE_URL]
    assert len(source) == 1 and source[0]["href"] == H.QUOTE_URL and set(source[0].attrs) == {"href", "rel"}
    listed = page(site, "articles/").select(f'a[href$="{H.ARTICLE_ID}/"]')
    assert listed and all(a.get_text() == H.ARTICLE_TITLE for a in listed)


@pytest.mark.slow
@pytest.mark.parametrize("field", sorted(H.CONCEPT_TEXTS))
def test_inert_on_the_concept_page(site, field):
    url = f"concepts/{H.CONCEPT_ID}/"
    soup = page(site, url)
    no_breach(soup, url)
    expected = H.CONCEPT_TEXTS[field]
    content = soup.select_one("article.md-content__inner")
    holders = [el for el in content.find_all(True) if el.string is not None and el.string == expected]
    if field in ("source_title", "source_publisher", "source_note"):  # inside a longer citation line
        holders = [el for el in content.find_all(string=lambda s: expected in s)]
    assert holders, f"{field}: {expected!r} not shown as text"
    assert "49" not in content.get_text()


@pytest.mark.slow
def test_concept_title_and_search_lookup(site):
    soup = page(site, f"concepts/{H.CONCEPT_ID}/")
    label = H.CONCEPT_TEXTS["label"]
    assert soup.title.string == f"{label} - Tifa 提法"
    shown_as_text(soup.select_one(".tifa-concept h1"), label)
    lookup = json.loads((site / "search" / "concepts.json").read_text(encoding="utf-8"))
    row = next(r for r in lookup if r["url"] == f"concepts/{H.CONCEPT_ID}/")
    assert (row["label"], row["zh"], row["pinyin"]) == (label, H.CONCEPT_TEXTS["zh"], H.CONCEPT_TEXTS["pinyin"])


# ---------------------------------------------------------------------------------------
# The second round (issue 19): each reproducer from outside, refused or made harmless.


@pytest.mark.parametrize("char", ["\u00ad", "\u180e", "\u2062", "\u3164", "\ufe0f", "\U000e0041", "\u200d", "\U000e0100"])
def test_every_invisible_character_is_refused(make_tree, char):
    found = problems(make_tree, {ALPHA: edited(ALPHA, "label: alpha formulation", f"label: alpha{char}formulation")})
    assert len(found) == 1 and " T011 forbidden character U+" in found[0], found


def test_every_format_and_ignorable_character_is_in_the_forbidden_class():
    import unicodedata

    from tifa.data.problems import FORBIDDEN

    missed = [f"U+{cp:04X}" for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Cf" and not FORBIDDEN.match(chr(cp))]
    assert missed == []
    # What real Chinese and English texts need stays allowed.
    assert not FORBIDDEN.search("新质生产力，“高质量发展”——中国式现代化。Xi’s remarks — 1–2 ¶ …\t\n")


def test_a_file_name_cannot_forge_a_ci_annotation():
    from tifa.data.problems import Problem

    problem = Problem("annotations/concepts/x\n::warning file=README.md,line=1::forged.yml", 1, 1, "T016", "not read")
    line = problem.github()
    assert "\n" not in line and line.count("::") == 2
    assert line.startswith("::error file=annotations/concepts/x\\n%3A%3Awarning file=README.md%2Cline=1%3A%3Aforged.yml,line=1,col=1::")
    assert "\n" not in str(problem) and "\u202e" not in str(Problem("a\u202eb.yml", 1, 1, "T016", "x"))


def test_blank_text_is_refused(make_tree):
    found = problems(make_tree, {ART: edited(ART, "text: |\n", "text: '   '\nx_text: |\n").replace("x_text: |\n", "notes_in_text: |\n")})
    assert any(" T105 text is blank;" in p for p in found), found


@pytest.mark.parametrize("field, value", [("id", "index"), ("former_ids", "[index]")])
def test_an_id_cannot_take_over_a_section_page(make_tree, field, value):
    if field == "id":
        files = {"concepts/index.yml": edited(ALPHA, "id: alpha-formulation", "id: index")}
    else:
        files = {ALPHA: edited(ALPHA, "id: alpha-formulation\n", "id: alpha-formulation\nformer_ids: [index]\n")}
    found = problems(make_tree, files)
    assert any(" T115 id 'index' is reserved" in p for p in found), found


def test_csv_cells_never_start_a_formula():
    import shutil
    import tempfile

    from tifa.corpus.index import build_corpus
    from tifa.site.export import data_files
    from tifa.site.figures import figure_files
    from tifa.site.pages import Site

    root = Path(tempfile.mkdtemp()) / "annotations"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus" / "annotations", root)
    art = root / "articles" / "2024" / "2024-03-06-xi-jiangsu-delegation.yml"
    art.write_text(
        art.read_text(encoding="utf-8").replace("    note: Dateline of the report.", '    note: \'=HYPERLINK("http://evil.example","x")\''), encoding="utf-8"
    )
    concept = root / "concepts" / "craftsmanship.yml"
    concept.write_text(concept.read_text(encoding="utf-8").replace("label: craftsmanship", "label: '@SUM(1+1)'"), encoding="utf-8")
    checked, corpus = build_corpus(root)
    assert checked.ok, checked.problems
    files = {**data_files(corpus, Site()), **figure_files(corpus)}
    import csv
    import io

    cells = [cell for path, text in files.items() if path.endswith(".csv") for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:].replace(".", "").isdigit())]


def test_site_is_swapped_in_one_step(tmp_path):
    from tifa.cli import swap_in

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / "fresh").mkdir()
    (tmp_path / "fresh" / "index.html").write_text("new", encoding="utf-8")
    inode = (tmp_path / "fresh").stat().st_ino
    swap_in(tmp_path / "fresh", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "site").stat().st_ino == inode and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_build_dies_with_its_parent(tmp_path):
    """`make site` killed with SIGKILL: its build process goes too (it kept running before)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import subprocess, sys, time\n"
                "from tifa.cli import _die_with_parent\n"
                f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], process_group=0, preexec_fn=_die_with_parent)\n"
                f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
                "time.sleep(60)\n"
            ),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
    )
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(100):  # the kernel sends the child SIGKILL at once; reaped by init soon after
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        with open(f"/proc/{child}/stat") as f:
            if f.read().split(") ", 1)[1][0] == "Z":
                break
        time.sleep(0.05)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the build outlived its parent")
