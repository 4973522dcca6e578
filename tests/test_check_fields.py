"""Fields (T101-T106), identifiers (T110-T114) and values (T120, T121)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tifa.data.check import check_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE = FIXTURES / "checker" / "base" / "annotations"
ALPHA = "concepts/alpha-formulation.yml"
BETA = "concepts/beta-formulation.yml"
PERSON = "people/jane-roe.yml"
PLACE = "places/example-city.yml"
ART = "articles/2024/2024-01-02-example-report.yml"
A = "annotations/" + ART


def edit(rel: str, old: str, new: str) -> dict[str, str]:
    """{rel: base text of rel with ``old`` (which must occur once) replaced by ``new``}."""
    text = (BASE / rel).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return {rel: text.replace(old, new)}


def append(rel: str, more: str) -> dict[str, str]:
    return {rel: (BASE / rel).read_text(encoding="utf-8") + more}


def lines(make_tree, files) -> list[str]:
    return [str(p) for p in check_tree(make_tree(files)).problems]


def mini_article(id_: str, published: str) -> str:
    return (
        f"id: {id_}\ntitle: A second invented report\ngenre: commentary\nlanguage: en\n"
        f"source:\n  publisher: example-agency\n  published: {published}\n  url: https://example.org/second.html\n"
        "provenance:\n  annotator: test-curator\n  date: 2024-01-06\nrights: {holder: Example Agency, shown: excerpts}\nannotations: []\n"
    )


# Fields.


@pytest.mark.parametrize(
    "files, expected",
    [
        pytest.param(
            edit(ALPHA, "label:", "labl:"),
            [  # one mistake: no T102 for the 'label' it suggests
                "annotations/concepts/alpha-formulation.yml:3:1: T101 unknown field 'labl' (did you mean 'label'?)",
            ],
            id="misspelt-required-field",
        ),
        pytest.param(
            edit(ART, "    quote: Jane Roe", "    qoute: Jane Roe"),
            [
                f"{A}:31:5: T101 unknown field 'qoute' in annotations[1] (did you mean 'quote'?)",
            ],
            id="nested-unknown-field",
        ),
        pytest.param(
            {**edit(ALPHA, "label:", "lable:"), **edit(BETA, "category: governance\n", "")},
            [
                "annotations/concepts/alpha-formulation.yml:3:1: T101 unknown field 'lable' (did you mean 'label'?)",
                "annotations/concepts/beta-formulation.yml:2:1: T102 missing required field 'category'",
            ],
            id="misspelt-and-missing-fields",
        ),
        pytest.param(
            append(PLACE, "population: 12\n"),
            [
                "annotations/places/example-city.yml:6:1: T101 unknown field 'population'; "
                "allowed: id, former_ids, name, zh, kind, within, description, sources",
            ],
            id="no-close-field",
        ),
        pytest.param(
            edit(ART, "  publisher: example-agency\n", ""),
            [
                f"{A}:7:3: T102 missing required field 'publisher' in source",
            ],
            id="nested-missing-field",
        ),
        pytest.param(
            edit(ART, "  - id: spokesperson\n    quote: Jane Roe\n", "  - quote: Jane Roe\n"),
            [
                f"{A}:30:5: T102 missing required field 'id' in annotations[1]",
            ],
            id="annotation-without-id",
        ),
        pytest.param(
            append(ART, "  - quote: Jane Roe\n"),
            [
                f"{A}:46:5: T102 missing required field 'id' in annotations[6]",
                f"{A}:46:5: T106 annotations[6] needs at least one of concept, person, place, organization or note",
            ],
            id="annotation-with-only-a-quote",
        ),
        pytest.param(
            edit(ALPHA, "label: alpha formulation", "label:"),
            [
                "annotations/concepts/alpha-formulation.yml:3:7: T103 label must be text, found nothing",
            ],
            id="empty-value",
        ),
        pytest.param(
            edit(ALPHA, "label: alpha formulation", "label: [alpha, formulation]"),
            [
                "annotations/concepts/alpha-formulation.yml:3:8: T103 label must be text, found a list",
            ],
            id="list-for-text",
        ),
        pytest.param(
            edit(ART, "provenance: {annotator: test-curator, date: 2024-01-03}\n", "provenance: test-curator\n"),
            [
                f"{A}:22:13: T103 provenance must be a mapping of fields, found text",
            ],
            id="text-for-mapping",
        ),
        pytest.param(
            edit(ART, "genre: news-report", "genre: news report"),
            [
                f"{A}:4:8: T104 genre 'news report' is not allowed (did you mean 'news-report'?); use one of: news-report, "
                "meeting-readout, speech, signed-article, commentary, policy-document",
            ],
            id="enum-did-you-mean",
        ),
        pytest.param(
            edit(PLACE, "kind: city", "kind: town"),
            [
                "annotations/places/example-city.yml:4:7: T104 kind 'town' is not allowed; use one of: country, province, "
                "municipality, city, county, region, river, site",
            ],
            id="enum-no-close-value",
        ),
        pytest.param(
            edit(BETA, "      publisher: Example Agency\n", "      publisher: Example Agency\n  sources: []\n"),
            [
                "annotations/concepts/beta-formulation.yml:10:3: T006 duplicate key 'sources' (first at line 7); keep one",
            ],
            id="duplicate-nested-key",
        ),
        pytest.param(
            edit(BETA, "  sources:\n    - title: Example report\n      publisher: Example Agency\n", "  sources: []\n"),
            [
                "annotations/concepts/beta-formulation.yml:7:12: T105 definition.sources needs at least 1 item",
            ],
            id="empty-list",
        ),
        pytest.param(
            edit(BETA, "broader: [alpha-formulation]", "broader: [alpha-formulation, alpha-formulation]"),
            [
                "annotations/concepts/beta-formulation.yml:10:10: T105 broader lists the same item twice",
            ],
            id="same-item-twice",
        ),
        pytest.param(
            edit(PERSON, "    as_of: 2024-01-02\n", ""),
            [
                "annotations/people/jane-roe.yml:6:5: T105 roles[0] needs a date: from, to or as_of",
            ],
            id="role-without-date",
        ),
        pytest.param(edit(ART, "language: en", "language: zh-Hans-CN"), [], id="good-language-tag"),
    ],
)
def test_field_problems(make_tree, files, expected):
    assert lines(make_tree, files) == expected


def test_wrong_language_tag(make_tree):
    found = lines(make_tree, edit(ART, "language: en", "language: English"))
    assert found == [f"{A}:5:11: T105 invalid language tag 'English' in language; use a BCP 47 tag such as 'en' or 'zh-Hans'"]


def test_long_value_is_shortened_in_the_message(make_tree):
    found = lines(make_tree, edit(ART, "language: en", "language: " + "X" * 80))
    assert found == [f"{A}:5:11: T105 invalid language tag '{'X' * 59}…' in language; use a BCP 47 tag such as 'en' or 'zh-Hans'"]


CATEGORIES = (
    "development, economy, industry, science-and-technology, reform, regional-development, governance, party-building, social-policy, culture, public-safety"
)


@pytest.mark.parametrize(
    "value, where, found",
    [
        ("", "4:10", "nothing"),
        (" ~", "4:11", "nothing"),
        (" [governance]", "4:11", "a list"),
        (" {a: b}", "4:11", "a mapping of fields"),
    ],
)
def test_enum_given_no_text(make_tree, value, where, found):
    """Not "category '' is not allowed": say what was found, as T103 does."""
    assert lines(make_tree, edit(ALPHA, "category: governance", "category:" + value)) == [
        f"annotations/concepts/alpha-formulation.yml:{where}: T104 category must be one of: {CATEGORIES}; found {found}"
    ]


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            edit(ART, "title: Example Agency reports on an invented plan", "title: |\n  Example Agency reports\n  on an invented plan"),
            f"{A}:3:8: T105 invalid value 'Example Agency reports\\non an invented plan\\n' in title; it must fit on one line",
        ),
        (
            edit(ART, "quote: invented for testing", 'quote: "invented\\nfor testing"'),
            f"{A}:40:12: T105 invalid value 'invented\\nfor testing' in annotations[4].quote; it must fit on one line",
        ),
        (
            edit(ART, "quote: invented for testing", 'quote: "invented for testing\\n"'),
            f"{A}:40:12: T105 invalid value 'invented for testing\\n' in annotations[4].quote; it must fit on one line",
        ),
        pytest.param(
            edit(ART, "title: Example Agency reports on an invented plan", 'title: "Example Agency reports\\ron an invented plan"'),
            f"{A}:3:8: T105 invalid value 'Example Agency reports\\ron an invented plan' in title; it must fit on one line",
        ),
    ],
    ids=["title", "quote", "quote-ending-in-a-line-break", "carriage-return"],
)
def test_value_on_two_lines(make_tree, files, expected):
    assert lines(make_tree, files) == [expected]


@pytest.mark.parametrize(
    "files, expected",
    [
        (append(ALPHA, '"lab\\nel": x\n'), "annotations/concepts/alpha-formulation.yml:12:1: T101 unknown field 'lab\\nel' (did you mean 'label'?)"),
        (
            edit(ART, "title: Example Agency reports on an invented plan", "title: |\n  Example Agency reports\n  on an invented plan"),
            f"{A}:3:8: T105 invalid value 'Example Agency reports\\non an invented plan\\n' in title; it must fit on one line",
        ),
    ],
    ids=["key", "value"],
)
def test_every_message_is_one_line(make_tree, files, expected):
    """A line break inside a key or value is shown as \\n: one problem, one output line."""
    problems = check_tree(make_tree(files)).problems
    assert [str(p) for p in problems] == [expected]
    assert all("\n" not in str(p) and "\r" not in str(p) and "\n" not in p.github() for p in problems)


def test_annotation_that_says_nothing(make_tree):
    assert lines(make_tree, append(ART, "  - id: bare\n    quote: Jane Roe\n    speaker: jane-roe\n")) == [
        f"{A}:46:5: T106 annotations[6] needs at least one of concept, person, place, organization or note"
    ]


# Identifiers.


def test_id_equal_to_file_name_passes(make_tree):
    found = lines(make_tree, {"people/john-doe.yml": (BASE / PERSON).read_text(encoding="utf-8").replace("id: jane-roe", "id: john-doe")})
    assert found == []


def test_id_not_file_name_does_not_cascade(make_tree):
    assert lines(make_tree, edit(PERSON, "id: jane-roe", "id: jane-doe")) == [
        "annotations/people/jane-roe.yml:2:5: T110 id 'jane-doe' does not match the file name 'jane-roe.yml'; "
        "rename the file to 'jane-doe.yml' or set id: jane-roe"
    ]


def test_id_not_file_name_suggests_only_valid_ids(make_tree):
    """'Example-Town' is no valid id: only renaming the file is offered."""
    place = (BASE / PLACE).read_text(encoding="utf-8").replace("id: example-city", "id: example-town")
    assert lines(make_tree, {"places/Example-Town.yml": place}) == [
        "annotations/places/Example-Town.yml:2:5: T110 id 'example-town' does not match the file name 'Example-Town.yml'; rename the file to 'example-town.yml'"
    ]


def test_invalid_id_is_not_also_a_wrong_file_name(make_tree):
    """T110 only for a valid id: an invalid one is T111 alone."""
    assert lines(make_tree, edit(PERSON, "id: jane-roe", "id: Jane_Roe")) == [f"annotations/people/jane-roe.yml:2:5: T111 invalid id 'Jane_Roe'; {ID_HINT}"]


ID_HINT = "use lower-case letters and digits joined by single hyphens, e.g. 'new-quality-productive-forces'"


@pytest.mark.parametrize("value", ["jane--roe", "-jane", "jane-", "jane roe", "jane.roe", "jane_roe", "j\u0101ne"])
def test_invalid_ids(make_tree, value):
    person = (BASE / PERSON).read_text(encoding="utf-8").replace("id: jane-roe", f"id: '{value}'")
    assert lines(make_tree, {f"people/{value}.yml": person}) == [f"annotations/people/{value}.yml:2:5: T111 invalid id '{value}'; {ID_HINT}"]


def test_invalid_reference(make_tree):
    assert lines(make_tree, edit(ART, "concept: alpha-formulation", "concept: Alpha_Formulation")) == [
        f"{A}:45:14: T111 invalid reference 'Alpha_Formulation' in annotations[5].concept; {ID_HINT}"
    ]


def test_id_of_101_characters(make_tree):
    value = "x" * 101
    person = (BASE / PERSON).read_text(encoding="utf-8").replace("id: jane-roe", f"id: {value}")
    assert lines(make_tree, {f"people/{value}.yml": person}) == [f"annotations/people/{value}.yml:2:5: T111 id is longer than 100 characters"]


def test_id_of_101_characters_in_another_file(make_tree):
    assert lines(make_tree, edit(PERSON, "id: jane-roe", "id: " + "x" * 101)) == ["annotations/people/jane-roe.yml:2:5: T111 id is longer than 100 characters"]


def test_ids_equal_ignoring_case(make_tree, tmp_path):
    (tmp_path / "probe").touch()
    if (tmp_path / "PROBE").exists():
        pytest.skip("Foo.yml and foo.yml cannot both exist on a case-insensitive file system")
    person = (BASE / PERSON).read_text(encoding="utf-8").replace("id: jane-roe", "id: Jane-Roe")
    # T112 is on the file with capitals, the one a valid id could not have.
    assert lines(make_tree, {"people/Jane-Roe.yml": person}) == [
        "annotations/people/Jane-Roe.yml:1:1: T112 id 'Jane-Roe' equals 'jane-roe' (annotations/people/jane-roe.yml) "
        "ignoring case; ids must differ in more than case",
        f"annotations/people/Jane-Roe.yml:2:5: T111 invalid id 'Jane-Roe'; {ID_HINT}",
    ]


def test_same_id_in_two_kinds_is_fine(make_tree):
    """'example-city' as an organization too is fine: ids are unique per kind."""
    org = (BASE / PLACE).read_text(encoding="utf-8").replace("kind: city", "kind: other")
    assert lines(make_tree, {"organizations/example-city.yml": org}) == []


def test_annotation_ids_may_repeat_across_articles(make_tree):
    second = (BASE / ART).read_text(encoding="utf-8").replace("2024-01-02-example-report", "2024-01-02-example-copy")
    assert lines(make_tree, {"articles/2024/2024-01-02-example-copy.yml": second}) == []


def test_article_in_the_wrong_year_and_id_twice(make_tree):
    found = lines(make_tree, {"articles/2023/2024-01-02-example-report.yml": mini_article("2024-01-02-example-report", "2024-01-02")})
    assert found == [
        "annotations/articles/2023/2024-01-02-example-report.yml:7:14: T114 published in 2024 but filed under "
        "articles/2023/; move it to annotations/articles/2024/",
        f"{A}:2:5: T113 article id '2024-01-02-example-report' is also used by "
        "annotations/articles/2023/2024-01-02-example-report.yml; article ids are unique across years",
    ]


# Values.


@pytest.mark.parametrize(
    "files, where, value, field",
    [
        (edit(ART, "date: 2024-01-03}", "date: 2024-02-30}"), "22:45", "2024-02-30", "provenance.date"),
        (edit(ART, "  date: 2024-01-01", "  date: 2024-13-01"), "11:9", "2024-13-01", "event.date"),
        (edit(ART, "  date: 2024-01-01", "  date: 2024-00"), "11:9", "2024-00", "event.date"),
        (edit(ART, "2024-01-02T09:30:00+08:00", "2024-01-02T25:00:00+08:00"), "8:14", "2024-01-02T25:00:00+08:00", "source.published"),
        (edit(ART, "2024-01-02T09:30:00+08:00", "2024-01-02T23:60+08:00"), "8:14", "2024-01-02T23:60+08:00", "source.published"),
        # 29 February of a common year: the one impossible day the schema's pattern lets through
        (edit(PERSON, "as_of: 2024-01-02", "as_of: 2023-02-29"), "8:12", "2023-02-29", "roles[0].as_of"),
        (append(ART, "    date: 2024-04-31\n"), "46:11", "2024-04-31", "annotations[5].date"),  # an annotation's own date
    ],
)
def test_no_such_day(make_tree, files, where, value, field):
    """Found by the schema's pattern or the calendar check, one message naming the field."""
    rel = next(iter(files))
    found = lines(make_tree, files)
    assert found == [f"annotations/{rel}:{where}: T120 invalid date '{value}' in {field}: no such day or time on the calendar"]


@pytest.mark.parametrize(
    "files",
    [
        edit(PERSON, "as_of: 2024-01-02", "as_of: 2024-02-29"),
        edit(PERSON, "as_of: 2024-01-02", "as_of: 2024-02"),
        edit(PERSON, "as_of: 2024-01-02", "as_of: 2024"),
        edit(ART, "09:30:00+08:00", "23:59Z"),
    ],
)
def test_real_dates_pass(make_tree, files):
    assert lines(make_tree, files) == []


def test_date_of_the_wrong_form(make_tree):
    assert lines(make_tree, edit(ART, "date: 2024-01-03}", "date: 2024-1-3}")) == [
        f"{A}:22:45: T120 invalid date '2024-1-3' in provenance.date; write YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known"
    ]


DAY_FORM = "write YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known"


@pytest.mark.parametrize(
    "files, expected",
    [
        (edit(ART, "date: 2024-01-03}", "date: January 2024}"), f"{A}:22:45: T120 invalid date 'January 2024' in provenance.date; {DAY_FORM}"),
        (edit(ART, "date: 2024-01-03}", "date: ''}"), f"{A}:22:45: T120 invalid date '' in provenance.date; {DAY_FORM}"),
        (
            edit(ART, "2024-01-02T09:30:00+08:00", "2024-01-02T9:30+08:00"),
            f"{A}:8:14: T120 invalid date '2024-01-02T9:30+08:00' in source.published; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+08:00",
        ),
        (
            edit(PERSON, "as_of: 2024-01-02", "from: last year"),
            f"annotations/people/jane-roe.yml:8:11: T120 invalid date 'last year' in roles[0].from; {DAY_FORM}",
        ),
    ],
    ids=["words", "empty", "one-digit-hour", "role-from"],
)
def test_date_of_the_wrong_form_does_not_crash(make_tree, files, expected):
    """The calendar check leaves a value of the wrong form to the schema: one T120, no traceback."""
    assert lines(make_tree, files) == [expected]


@pytest.mark.parametrize("zone", ["+99:99", "+15:00", "-15:00", "+14:60", "+08:60"])
def test_impossible_time_zone(make_tree, zone):
    assert lines(make_tree, edit(ART, "09:30:00+08:00", "09:30:00" + zone)) == [
        f"{A}:8:14: T120 invalid date '2024-01-02T09:30:00{zone}' in source.published: no such day or time on the calendar"
    ]


@pytest.mark.parametrize("zone", ["Z", "+00:00", "-00:00", "+14:00", "-12:00", "+05:45", "+14:59", "-14:59"])
def test_real_time_zones_pass(make_tree, zone):
    assert lines(make_tree, edit(ART, "09:30:00+08:00", "09:30:00" + zone)) == []


@pytest.mark.parametrize(
    "files, where, what",
    [
        (edit(ART, "url: https://example.org/2024/01/02/report.html", "url: javascript:alert(1)"), "9:8", "'javascript:alert(1)' in source.url"),
        (edit("organizations/example-agency.yml", "https://example.org/", "ftp://example.org/"), "5:6", "'ftp://example.org/' in url"),
        (edit("organizations/example-agency.yml", "https://example.org/", "'https://example.org/a page'"), "5:6", "'https://example.org/a page' in url"),
        (edit("organizations/example-agency.yml", "https://example.org/", "example.org"), "5:6", "'example.org' in url"),
    ],
)
def test_url_not_http(make_tree, files, where, what):
    rel = next(iter(files))
    assert lines(make_tree, files) == [f"annotations/{rel}:{where}: T121 invalid URL {what}; only http:// and https:// addresses are allowed"]


def test_http_and_upper_case_scheme_pass(make_tree):
    assert lines(make_tree, edit("organizations/example-agency.yml", "https://example.org/", "HTTP://example.org/")) == []
