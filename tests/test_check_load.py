"""The file itself (T001-T012): strict YAML loading, and where files may stand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.data.check import check_tree
from tifa.data.load import MAX_BYTES, load_bytes
from tifa.data.problems import Problem

FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE = FIXTURES / "checker" / "base" / "annotations"
ALPHA = "concepts/alpha-formulation.yml"
GAMMA = "concepts/gamma-formulation.yml"  # referenced by nothing: its problems cannot cascade
PERSON = "people/jane-roe.yml"


def text(rel: str) -> str:
    return (BASE / rel).read_text(encoding="utf-8")


def gamma() -> str:
    return text(ALPHA).replace("alpha-formulation", "gamma-formulation").replace("alpha formulation", "gamma formulation")


def lines(make_tree, files) -> list[str]:
    return [str(p) for p in check_tree(make_tree(files)).problems]


def only(make_tree, files, code) -> list[str]:
    """The messages of the run, asserting that every problem has ``code``."""
    problems = check_tree(make_tree(files)).problems
    assert [p.code for p in problems] == [code] * len(problems), [str(p) for p in problems]
    return [str(p) for p in problems]


# YAML 1.1 traps: every scalar stays the string that was written.


def test_yaml_1_1_scalars_stay_strings():
    raw = b"a: NO\nb: yes\nc: 1.10\nd: 0777\ne: 12:30\nf: 2024-03-05\ng: on\nh: 0x1F\ni: .inf\nj: 1e3\nk: '~'\nl: [Off, 010]\n"
    doc, problems = load_bytes(raw, "x.yml")
    assert problems == []
    assert doc.data == {
        "a": "NO",
        "b": "yes",
        "c": "1.10",
        "d": "0777",
        "e": "12:30",
        "f": "2024-03-05",
        "g": "on",
        "h": "0x1F",
        "i": ".inf",
        "j": "1e3",
        "k": "~",
        "l": ["Off", "010"],
    }


@pytest.mark.parametrize("raw", [b"a:\n", b"a: ~\n", b"a: null\n", b"a: Null\n", b"a: NULL\n"])
def test_null_words_are_nothing(raw):
    doc, problems = load_bytes(raw, "x.yml")
    assert problems == [] and doc.data == {"a": None}


def test_keys_stay_strings_and_marks_are_kept():
    doc, _ = load_bytes(b"# comment\nyes: 1\nlist:\n  - NO\n", "x.yml")
    assert doc.data == {"yes": "1", "list": ["NO"]}
    assert doc.where(("list", 0)) == (4, 5)
    assert doc.where_key(("list",)) == (3, 1)


def test_label_no_is_the_text_no(make_tree):
    result = check_tree(make_tree({ALPHA: text(ALPHA).replace("label: alpha formulation", "label: NO")}))
    assert result.ok
    assert result.concepts["alpha-formulation"].label == "NO"


def test_yaml_1_1_values_in_fields_are_accepted_as_written(make_tree):
    person = text(PERSON) + "sources:\n  - title: 1.10\n    publisher: yes\n    date: 2024-03-05\n"
    result = check_tree(make_tree({PERSON: person}))
    assert result.ok
    source = result.entities["person"]["jane-roe"].sources[0]
    assert (source.title, source.publisher, source.date) == ("1.10", "yes", "2024-03-05")


# Size, encoding and characters.


def test_size_limit_is_inclusive():
    head = b"id: x\nnote: "
    assert load_bytes(head + b"x" * (MAX_BYTES - len(head)), "x.yml")[1] == []
    doc, problems = load_bytes(head + b"x" * (MAX_BYTES - len(head) + 1), "x.yml")
    assert doc is None and [p.code for p in problems] == ["T003"]


def test_bom_is_reported_and_the_file_still_checked():
    doc, problems = load_bytes(b"\xef\xbb\xbfid: x\nid: y\n", "x.yml")
    assert [str(p) for p in problems] == [
        "x.yml:1:1: T002 file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        "x.yml:2:1: T006 duplicate key 'id' (first at line 1); keep one",
    ]


@pytest.mark.parametrize(
    "raw, where",
    [
        (b"id: caf\xe9\n", "1:8"),
        (b"id: x\nnote: \xe4\xb8\xad\xe6\x96\x87 \x80\n", "2:10"),  # columns count characters, not bytes
    ],
)
def test_not_utf8_points_at_the_byte(raw, where):
    doc, problems = load_bytes(raw, "x.yml")
    assert doc is None and len(problems) == 1 and f"x.yml:{where}: T001 byte 0x" in str(problems[0])


WHY = "delete it (control, bidirectional and invisible characters hide what text really says)"


@pytest.mark.parametrize(
    "char, name",
    [
        ("\x00", "U+0000 NULL"),
        ("\x1b", "U+001B control character"),
        ("\x7f", "U+007F control character"),
        ("\x85", "U+0085 control character"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_forbidden_character_at_the_end_of_an_id(make_tree, char, name):
    found = only(make_tree, {PERSON: text(PERSON).replace("id: jane-roe", "id: jane-roe" + char)}, "T011")
    assert found == [f"annotations/people/jane-roe.yml:2:13: T011 forbidden character {name}; {WHY}"]


@pytest.mark.parametrize("char, name", [("\x00", "U+0000 NULL"), ("\u200b", "U+200B ZERO WIDTH SPACE")])
def test_forbidden_character_inside_an_id_is_reported_once(make_tree, char, name):
    """Not also T110/T111 for 'jane- roe' (the character is replaced by a space to go on
    checking) nor T201 in the article, which refers to jane-roe."""
    found = only(make_tree, {PERSON: text(PERSON).replace("id: jane-roe", f"id: jane-{char}roe")}, "T011")
    assert found == [f"annotations/people/jane-roe.yml:2:10: T011 forbidden character {name}; {WHY}"]


@pytest.mark.parametrize(
    "char, name",
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u200c", "U+200C ZERO WIDTH NON-JOINER"),
        ("\u200d", "U+200D ZERO WIDTH JOINER"),
        ("\u2060", "U+2060 WORD JOINER"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_zero_width_character_in_text(make_tree, char, name):
    found = only(make_tree, {PERSON: text(PERSON).replace("A fictional", "A fictional" + char)}, "T011")
    assert found == [f"annotations/people/jane-roe.yml:4:25: T011 forbidden character {name}; {WHY}"]


@pytest.mark.parametrize("char, name", [("\u2028", "U+2028 LINE SEPARATOR"), ("\u2029", "U+2029 PARAGRAPH SEPARATOR")])
def test_line_separator_in_text(make_tree, char, name):
    """Not a T004 one line below: libyaml would take U+2028 for a line break."""
    found = only(make_tree, {ALPHA: text(ALPHA).replace("A made-up", f"A{char}made-up")}, "T011")
    assert found == [f"annotations/concepts/alpha-formulation.yml:6:10: T011 forbidden character {name}; {WHY}"]


@pytest.mark.parametrize(
    "escape, name",
    [
        ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\\u200B", "U+200B ZERO WIDTH SPACE"),
        ("\\0", "U+0000 NULL"),
        ("\\x1b", "U+001B control character"),
        ("\\L", "U+2028 LINE SEPARATOR"),
    ],
)
def test_forbidden_character_written_as_an_escape(make_tree, escape, name):
    """YAML makes the character from the escape only when reading: still T011, at the value."""
    found = only(make_tree, {PERSON: text(PERSON).replace("id: jane-roe", f'id: "jane-{escape}roe"')}, "T011")
    assert found == [f"annotations/people/jane-roe.yml:2:5: T011 forbidden character {name} (written as an escape); {WHY}"]


def test_messages_never_print_a_forbidden_character():
    """A value quoted in a message shows such a character as an escape, on one line."""
    problem = Problem("x.yml", 1, 1, "T101", "unknown field 'la\u202ebel\u200b\x00'")
    assert str(problem) == "x.yml:1:1: T101 unknown field 'la\\u202ebel\\u200b\\u0000'"


def test_nesting_limit(make_tree):
    """32 levels, the file's top-level mapping included; deeper is T013 and ends the file's checks."""

    def note(depth: int) -> str:
        return text(ALPHA) + "note: " + "[" * depth + "x" + "]" * depth + "\nlabl: y\n"

    assert lines(make_tree, {ALPHA: note(31)}) == [
        "annotations/concepts/alpha-formulation.yml:12:7: T103 note must be text, found a list",
        "annotations/concepts/alpha-formulation.yml:13:1: T101 unknown field 'labl' (did you mean 'label'?)",
    ]
    assert lines(make_tree, {ALPHA: note(32)}) == [
        "annotations/concepts/alpha-formulation.yml:12:38: T013 nesting deeper than 32 levels; annotation files need no more than 6"
    ]


def test_forbidden_character_in_an_article_text_is_reported_once(make_tree):
    """Not also T301 for the quote 'Example City' the character splits."""
    art = "articles/2024/2024-01-02-example-report.yml"
    found = only(make_tree, {art: text(art).replace("in Example City", "in Example\u200bCity")}, "T011")
    assert found == [f"annotations/{art}:16:47: T011 forbidden character U+200B ZERO WIDTH SPACE; {WHY}"]


def test_crlf_line_ends_are_fine(make_tree):
    files = {rel: text(rel).replace("\n", "\r\n") for rel in (ALPHA, "articles/2024/2024-01-02-example-report.yml")}
    assert lines(make_tree, files) == []


@pytest.mark.parametrize(
    "body, expected",
    [
        ("id: x\n\tlabel: y\n", ["x.yml:2:1: T005 tab used for indentation; indent with spaces"]),
        ("id: x\nlist:\n  \t- y\n", ["x.yml:3:3: T005 tab used for indentation; indent with spaces"]),
        ("id: x\tand a tab inside a value is fine\n", []),
    ],
)
def test_tabs(body, expected):
    assert [str(p) for p in load_bytes(body.encode(), "x.yml")[1]] == expected


# YAML features that are refused.


@pytest.mark.parametrize(
    "body, expected",
    [
        ("a: 1\nb: 2\na: 3\n", "x.yml:3:1: T006 duplicate key 'a' (first at line 1); keep one"),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", "x.yml:4:3: T006 duplicate key 'b' (first at line 2); keep one"),
        ("a:\n  - b: 1\n    b: 2\n", "x.yml:3:5: T006 duplicate key 'b' (first at line 2); keep one"),
        ("a: &x 1\n", "x.yml:1:4: T007 anchor '&x' is not allowed; write each value out in full"),
        ("a: !!python/object:os.system 1\n", "x.yml:1:4: T008 YAML tag '!!python/object:os.system' is not allowed; write plain values"),
        ("a: !!str 1\n", "x.yml:1:4: T008 YAML tag '!!str' is not allowed; write plain values"),
        ("a: !custom 1\n", "x.yml:1:4: T008 YAML tag '!custom' is not allowed; write plain values"),
        ("a: 1\n---\na: 2\n", "x.yml:2:1: T009 a second YAML document starts here; one file holds one document (remove the `---`)"),
        ("- a\n- b\n", "x.yml:1:1: T010 the file must be a mapping of fields (`field: value` lines)"),
        ("just words\n", "x.yml:1:1: T010 the file must be a mapping of fields (`field: value` lines)"),
        ("", "x.yml:1:1: T010 the file is empty; it must be a mapping of fields"),
        ("# only a comment\n", "x.yml:1:1: T010 the file is empty; it must be a mapping of fields"),
        ("a: 'open\n", "x.yml:2:1: T004 YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that starts at line 1)"),
        ("a: b: c\n", "x.yml:1:5: T004 YAML syntax error: mapping values are not allowed in this context"),
    ],
)
def test_refused_yaml(body, expected):
    assert [str(p) for p in load_bytes(body.encode(), "x.yml")[1]] == [expected]


@pytest.mark.parametrize("body", ["---\na: 1\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n"])
def test_one_explicit_document_is_fine(body):
    doc, problems = load_bytes(body.encode(), "x.yml")
    assert problems == [] and doc.data == {"a": "1"}


def test_duplicate_key_keeps_the_first_value():
    doc, _ = load_bytes(b"a: first\na: second\n", "x.yml")
    assert doc.data == {"a": "first"}


def test_alias_is_reported_once(make_tree):
    """Not also 'T103 note must be text, found nothing': the alias is built as nothing."""
    found = only(make_tree, {ALPHA: text(ALPHA).replace("label: alpha", "label: &l alpha") + "note: *l\n"}, "T007")
    assert found == [
        "annotations/concepts/alpha-formulation.yml:3:8: T007 anchor '&l' is not allowed; write each value out in full",
        "annotations/concepts/alpha-formulation.yml:12:7: T007 alias '*l' is not allowed; write the value out in full",
    ]


def test_merge_key_is_reported_once(make_tree):
    assert only(make_tree, {ALPHA: text(ALPHA) + "<<: {note: merged}\n"}, "T007") == [
        "annotations/concepts/alpha-formulation.yml:12:1: T007 merge key '<<' is not allowed; write the fields out in full"
    ]


def test_quoted_merge_key_is_an_ordinary_unknown_field(make_tree):
    assert only(make_tree, {ALPHA: text(ALPHA) + "'<<': x\n"}, "T101") == [
        "annotations/concepts/alpha-formulation.yml:12:1: T101 unknown field '<<'; allowed: id, former_ids, label, zh, "
        "pinyin, zh_basis, zh_source, category, definition, aliases, broader, related, attestations, note"
    ]


@pytest.mark.parametrize("key", ["~", "[a, b]", "{a: b}"])
def test_key_that_is_not_a_name_is_reported_once(make_tree, key):
    """Not also T102 for label, category and definition, which follow in the file."""
    found = only(make_tree, {ALPHA: text(ALPHA).replace("label:", f"{key}: x\nlabel:")}, "T103")
    assert found == ["annotations/concepts/alpha-formulation.yml:3:1: T103 a key must be a plain name"]


def test_file_with_a_key_that_is_not_a_name_still_answers_references(make_tree):
    """Its file name stays a known id: no T201 in beta-formulation, which refers to it."""
    found = lines(make_tree, {ALPHA: text(ALPHA).replace("label:", "~: x\nlabel:")})
    assert found == ["annotations/concepts/alpha-formulation.yml:3:1: T103 a key must be a plain name"]


def test_tag_on_a_list_is_refused(make_tree):
    found = lines(make_tree, {ALPHA: text(ALPHA) + "note: !!python/object/apply:os.system ['echo hi']\n"})
    assert found == ["annotations/concepts/alpha-formulation.yml:12:7: T008 YAML tag '!!python/object/apply:os.system' is not allowed; write plain values"]


# Where files stand (T012).

ELSEWHERE = "articles go in annotations/articles/<year>/<id>.yml, others in annotations/<concepts|people|places|organizations>/<id>.yml"


@pytest.mark.parametrize(
    "rel, hint",
    [
        ("concepts/gamma-formulation.yaml", "name it .yml (lower case)"),
        ("articles/2024/gamma.yaml", "name it .yml (lower case)"),
        ("concepts/gamma-formulation.YML", "name it .yml (lower case)"),
        ("topics/gamma-formulation.YML", ELSEWHERE),
        ("topics/gamma-formulation.yml", ELSEWHERE),
        ("gamma-formulation.yml", ELSEWHERE),
        ("articles/gamma.yml", ELSEWHERE),
        ("articles/2024/extra/gamma.yml", ELSEWHERE),
        ("concepts/more/gamma-formulation.yml", ELSEWHERE),
        ("topics/gamma-formulation.yaml", ELSEWHERE),
    ],
)
def test_file_in_an_unexpected_place(make_tree, rel, hint):
    result = check_tree(make_tree({rel: gamma()}))
    assert [str(p) for p in result.problems] == [f"annotations/{rel}:1:1: T012 not read: file in an unexpected place; {hint}"]
    assert result.files == 6  # not counted as checked


def test_other_files_are_ignored(make_tree):
    assert lines(make_tree, {"README.md": "# notes\n", "concepts/.gitkeep": ""}) == []


@pytest.mark.parametrize("suffix", [".YML", ".Yml", ".YAML", ".Yaml"])
def test_upper_case_extension(make_tree, suffix):
    """Not skipped in silence: its content would never be checked nor published."""
    assert only(make_tree, {"concepts/gamma-formulation" + suffix: gamma()}, "T012") == [
        f"annotations/concepts/gamma-formulation{suffix}:1:1: T012 not read: file in an unexpected place; name it .yml (lower case)"
    ]


def test_misnamed_file_does_not_cascade(make_tree):
    beta = text("concepts/beta-formulation.yml").replace("[alpha-formulation]", "[gamma-formulation]")
    assert lines(make_tree, {"concepts/gamma-formulation.yaml": gamma(), "concepts/beta-formulation.yml": beta}) == [
        "annotations/concepts/gamma-formulation.yaml:1:1: T012 not read: file in an unexpected place; name it .yml (lower case)"
    ]


def test_unreadable_files_keep_the_run_going(make_tree):
    """Problems of several loading stages, in several files, all in one run."""
    found = lines(
        make_tree, {GAMMA: gamma().replace("  text:", "\ttext:"), "concepts/delta-formulation.yml": b"id: delta\xff\n", "concepts/epsilon-formulation.yml": ""}
    )
    assert [line.split(": ", 1)[1][:4] for line in found] == ["T001", "T010", "T005"]
