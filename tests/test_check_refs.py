"""References between files (T201-T203) and quotes anchored in their text (T301-T304)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tifa.data.check import check_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures"

BASE = FIXTURES / "checker" / "base" / "annotations"
ALPHA = "concepts/alpha-formulation.yml"
BETA = "concepts/beta-formulation.yml"
PERSON = "people/jane-roe.yml"
PLACE = "places/example-city.yml"
ORG = "organizations/example-agency.yml"
ART = "articles/2024/2024-01-02-example-report.yml"
A = "annotations/" + ART


def base(rel: str) -> str:
    return (BASE / rel).read_text(encoding="utf-8")


def edit(rel: str, old: str, new: str, text: str | None = None) -> dict[str, str]:
    text = base(rel) if text is None else text
    assert text.count(old) == 1, old
    return {rel: text.replace(old, new)}


def append(rel: str, more: str) -> dict[str, str]:
    return {rel: base(rel) + more}


def lines(make_tree, files) -> list[str]:
    return [str(p) for p in check_tree(make_tree(files)).problems]


def unknown(kind, value, close=None) -> str:
    folder = {"concept": "concepts", "person": "people", "place": "places", "organization": "organizations"}[kind]
    mean = f" (did you mean '{close}'?)" if close else ""
    return f"T201 unknown {kind} '{value}'{mean}; add annotations/{folder}/{value}.yml or fix the id"


# T201: every kind of reference, in every place it can stand.


@pytest.mark.parametrize(
    "files, where, message",
    [
        (edit(ART, "concept: alpha-formulation", "concept: alpha-formulaton"), f"{A}:45:14", unknown("concept", "alpha-formulaton", "alpha-formulation")),
        (edit(ART, "person: jane-roe", "person: jane-rowe"), f"{A}:32:13", unknown("person", "jane-rowe", "jane-roe")),
        (edit(ART, "speaker: jane-roe", "speaker: jan-roe"), f"{A}:29:14", unknown("person", "jan-roe", "jane-roe")),
        (edit(ART, "    place: example-city", "    place: example-town"), f"{A}:35:12", unknown("place", "example-town", "example-city")),
        (edit(ART, "\n  place: example-city", "\n  place: example-cty"), f"{A}:13:10", unknown("place", "example-cty", "example-city")),
        (
            edit(ART, "organization: example-agency", "organization: example-agencies"),
            f"{A}:38:19",
            unknown("organization", "example-agencies", "example-agency"),
        ),
        (edit(ART, "publisher: example-agency", "publisher: sample-agency"), f"{A}:7:14", unknown("organization", "sample-agency", "example-agency")),
        (
            edit(BETA, "[alpha-formulation]", "[alfa-formulation]"),
            "annotations/concepts/beta-formulation.yml:10:11",
            unknown("concept", "alfa-formulation", "alpha-formulation"),
        ),
        (
            append(BETA, "related: [gamma-formulation]\n"),
            "annotations/concepts/beta-formulation.yml:11:11",
            unknown("concept", "gamma-formulation", "alpha-formulation"),
        ),
        (
            edit(ALPHA, "organization: example-agency", "organization: xinhua"),
            "annotations/concepts/alpha-formulation.yml:10:21",
            unknown("organization", "xinhua"),
        ),
        (
            append(
                ALPHA,
                "attestations:\n  - date: 2023\n    event: An invented speech.\n    speaker: jane-doe\n"
                "    source: {title: Example report, publisher: Example Agency}\n",
            ),
            "annotations/concepts/alpha-formulation.yml:15:14",
            unknown("person", "jane-doe", "jane-roe"),
        ),
        (
            edit(PERSON, "organization: example-agency", "organization: example-agencyy"),
            "annotations/people/jane-roe.yml:7:19",
            unknown("organization", "example-agencyy", "example-agency"),
        ),
        (append(PLACE, "within: example-land\n"), "annotations/places/example-city.yml:6:9", unknown("place", "example-land", "example-city")),
        (
            append(ORG, "within: example-ministry\n"),
            "annotations/organizations/example-agency.yml:7:9",
            unknown("organization", "example-ministry", "example-agency"),
        ),
        (
            append(ART, "translation_of: 2024-01-02-example-reprot\n"),
            f"{A}:46:17",
            "T201 unknown article '2024-01-02-example-reprot' (did you mean '2024-01-02-example-report'?); "
            "add annotations/articles/<year>/2024-01-02-example-reprot.yml or fix the id",
        ),
    ],
)
def test_unknown_reference(make_tree, files, where, message):
    assert lines(make_tree, files) == [f"{where}: {message}"]


def test_reference_to_another_kind_is_unknown(make_tree):
    """Ids are per kind: a place id is no person."""
    assert lines(make_tree, edit(ART, "person: jane-roe", "person: example-city")) == [f"{A}:32:13: {unknown('person', 'example-city')}"]


def test_file_with_problems_still_answers_references(make_tree):
    """A schema problem keeps a file out of the cross-file stage, but not its id."""
    assert lines(make_tree, edit(PERSON, "name: Jane Roe", "name: ''")) == ["annotations/people/jane-roe.yml:3:7: T105 name must not be empty"]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"id: alpha-formulation\nlabel: caf\xe9\n", "2:11: T001 byte 0xe9 is not UTF-8; save the file as UTF-8 (it looks like Latin-1 or Windows-1252)"),
        (
            b"id: alpha-formulation\nnote: " + b"x" * 600_000 + b"\n",
            "1:1: T003 file is 600,029 bytes, over the limit of 524,288; split the article or shorten its text",
        ),
        (b"id: alpha-formulation\nlabel: alpha: formulation\n", "2:13: T004 YAML syntax error: mapping values are not allowed in this context"),
        (b"id: alpha-formulation\n\tlabel: alpha formulation\n", "2:1: T005 tab used for indentation; indent with spaces"),
        (b"- id: alpha-formulation\n", "1:1: T010 the file must be a mapping of fields (`field: value` lines)"),
    ],
    ids=["T001", "T003", "T004", "T005", "T010"],
)
def test_unloadable_file_does_not_cascade(make_tree, content, expected):
    """Its file name stays a known id: no 'T201 unknown concept 'alpha-formulation'' in the
    article and in beta-formulation, which refer to it."""
    assert lines(make_tree, {ALPHA: content}) == [f"annotations/concepts/alpha-formulation.yml:{expected}"]


def test_file_with_a_wrong_id_still_answers_to_its_file_name(make_tree):
    assert lines(make_tree, edit(ALPHA, "id: alpha-formulation", "id: alpha-formulations")) == [
        "annotations/concepts/alpha-formulation.yml:2:5: T110 id 'alpha-formulations' does not match the file name "
        "'alpha-formulation.yml'; rename the file to 'alpha-formulations.yml' or set id: alpha-formulation"
    ]


# T202, T203: broader concepts.


@pytest.mark.parametrize("new, where", [("[alpha-formulation, beta-formulation]", "10:30"), ("[beta-formulation]", "10:11")])
def test_self_reference_in_broader(make_tree, new, where):
    """Not also a cycle 'beta-formulation → beta-formulation' (T203) at the same place."""
    assert lines(make_tree, edit(BETA, "[alpha-formulation]", new)) == [
        f"annotations/concepts/beta-formulation.yml:{where}: T202 concept 'beta-formulation' lists itself in broader"
    ]


def test_cycle_of_three(make_tree):
    gamma = base(BETA).replace("beta-formulation", "gamma-formulation").replace("[alpha-formulation]", "[beta-formulation]")
    found = lines(make_tree, {**append(ALPHA, "broader: [gamma-formulation]\n"), "concepts/gamma-formulation.yml": gamma})
    assert found == [
        "annotations/concepts/beta-formulation.yml:10:11: T203 broader concepts form a cycle: alpha-formulation "
        "→ gamma-formulation → beta-formulation → alpha-formulation; a concept cannot be broader than itself"
    ]


def test_related_both_ways_and_shared_broader_are_no_cycle(make_tree):
    gamma = (
        base(BETA)
        .replace("beta-formulation", "gamma-formulation")
        .replace("broader: [alpha-formulation]", "broader: [alpha-formulation]\nrelated: [beta-formulation]")
    )
    files = {**append(ALPHA, "related: [beta-formulation]\n"), "concepts/gamma-formulation.yml": gamma}
    assert lines(make_tree, files) == []


# T301-T304: quotes.


@pytest.mark.parametrize(
    "old, new, where, message",
    [
        ("quote: Jane Roe", "quote: John Doe", "31:12", "quote 'John Doe' is not in the text; copy the words exactly from one paragraph of `text`"),
        (
            "quote: invented for testing",
            "quote: invented  for testing",
            "40:12",
            "quote 'invented  for testing' is not in the text; ¶3 has 'invented for testing' (check case, spacing and punctuation)",
        ),
        ("quote: Jane Roe", "quote: jane roe", "31:12", "quote 'jane roe' is not in the text; ¶2 has 'Jane Roe' (check case, spacing and punctuation)"),
        (
            "quote: Jane Roe",
            "quote: Jane Roe, a fictional spokesperson, described the beta formulation as one part of the alpha formulation. This",
            "31:12",
            "quote 'Jane Roe, a fictional spokesperson, described the beta formulation as one part of the alpha formulation. This' "
            'is not in the text; did you mean ¶2 "Jane Roe, a fictional spokesperson, described the beta formulation as one part of"?',
        ),
        (
            "quote: invented for testing",
            "quote: invented for tests",
            "40:12",
            "quote 'invented for tests' is not in the text; did you mean ¶3 \"invented for testing\"?",
        ),
        (
            "quote: Example City",
            "quote: imaginary work plans in Example",
            "34:12",
            "quote 'imaginary work plans in Example' is not in the text; did you mean ¶1 \"imaginary work plan in Example\"?",
        ),
        (
            "quote: Example City",
            "quote: Officials of Example Agency said",
            "34:12",
            "quote 'Officials of Example Agency said' is not in the text; did you mean ¶1 \"Officials of the Example Agency said\"?",
        ),
    ],
)
def test_quote_not_found(make_tree, old, new, where, message):
    assert lines(make_tree, edit(ART, old, new)) == [f"{A}:{where}: T301 {message}"]


def test_quote_across_a_line_break_of_the_yaml_text(make_tree):
    """A line break inside a paragraph counts as a space."""
    assert lines(make_tree, edit(ART, "quote: Example City", "quote: work plan in Example City")) == []


@pytest.mark.parametrize(
    "quote, has",
    [
        ("straße Report", "Straße report"),
        ("Invented  For Testing", "invented for testing"),  # after the 'ß', which casefold() makes 'ss'
    ],
)
def test_quote_not_found_hint_with_case_folding(make_tree, quote, has):
    """The hint shows the paragraph's own characters, not a slice shifted by case folding."""
    text = base(ART).replace("This report is invented", "This Straße report is invented")
    found = lines(make_tree, edit(ART, "quote: invented for testing", f"quote: {quote}", text))
    assert found == [f"{A}:40:12: T301 quote '{quote}' is not in the text; ¶3 has '{has}' (check case, spacing and punctuation)"]


def test_suffix_chooses_an_occurrence(make_tree):
    assert lines(make_tree, edit(ART, "prefix: 'part of the '", "suffix: ' will guide'")) == []


@pytest.mark.parametrize(
    "old, new, where, message",
    [
        (
            "quote: Jane Roe",
            "quote: Jane Roe\n    suffix: ' said'",
            "32:13",
            "suffix of quote 'Jane Roe' matches none of its 1 occurrence (¶2); copy it from the text right after the quote",
        ),
        (
            "prefix: 'part of the '",
            "prefix: 'a part of the '",
            "44:13",
            "prefix of quote 'alpha formulation' matches none of its 2 occurrences (¶1, ¶2); copy it from the text right before the quote",
        ),
        (
            "prefix: 'part of the '",
            "prefix: 'a part of the '\n    suffix: '.'",
            "44:13",
            "prefix of quote 'alpha formulation' matches none of its 2 occurrences (¶1, ¶2); copy it from the text right before the quote",
        ),
        pytest.param(
            "prefix: 'part of the '",
            "prefix: 'part of the '\n    suffix: ' soon'",
            "45:13",
            "suffix of quote 'alpha formulation' matches none of its 2 occurrences (¶1, ¶2); copy it from the text right after the quote",
        ),
    ],
    ids=["suffix", "prefix", "wrong-prefix-right-suffix", "right-prefix-wrong-suffix"],
)
def test_prefix_or_suffix_matches_nothing(make_tree, old, new, where, message):
    """T303 points at the prefix (or suffix) value, the thing to correct."""
    assert lines(make_tree, edit(ART, old, new)) == [f"{A}:{where}: T303 {message}"]


def test_many_occurrences_are_listed_briefly(make_tree):
    text = base(ART).replace("This report is invented for testing", "This report is invented for testing" + " and testing" * 9)
    assert lines(make_tree, edit(ART, "quote: invented for testing", "quote: testing", text)) == [
        f"{A}:40:12: T302 quote 'testing' occurs 10 times (¶3, ¶3, ¶3, ¶3, ¶3, ¶3, ¶3, ¶3, …); add a prefix or suffix "
        "to choose one, e.g. prefix: 'report is invented for '"
    ]


def _suggested(line: str) -> tuple[str, str]:
    """(prefix or suffix, value) that a T302 message suggests."""
    return re.search(r"e\.g\. (prefix|suffix): '(.*)'$", line).groups()


@pytest.mark.parametrize(
    "text_old, text_new, quote, message",
    [
        (
            "describes no real event.",
            "describes no real event in Example City.",
            "Example City",
            f"{A}:34:12: T302 quote 'Example City' occurs 2 times (¶1, ¶3); add a prefix or suffix to choose one, e.g. prefix: 'imaginary work plan in '",
        ),  # starts at a word, not in the middle of one
        (
            "This report is invented",
            "Jane Roe said this report is invented",
            "Jane Roe",  # at a paragraph's start
            f"{A}:31:12: T302 quote 'Jane Roe' occurs 2 times (¶2, ¶3); add a prefix or suffix to choose one, e.g. suffix: ', a fictional'",
        ),
        (
            "This report is invented",
            "This alpha formulation is invented",
            "alpha formulation",  # the base's prefix is kept
            None,
        ),
    ],
)
def test_suggestion_works(make_tree, text_old, text_new, quote, message):
    """The prefix or suffix that T302 suggests chooses one occurrence."""
    text = base(ART).replace(text_old, text_new)
    found = lines(make_tree, {ART: text})
    if message is None:
        assert found == []
        return
    assert found == [message]
    selector, value = _suggested(found[0])
    fixed = text.replace(f"quote: {quote}\n", f"quote: {quote}\n    {selector}: '{value}'\n")
    assert lines(make_tree, {ART: fixed}) == []


def test_suggestion_with_an_apostrophe_can_be_pasted(make_tree):
    text = base(ART).replace("describes no real event.", "describes no real event in Example City.").replace("imaginary work plan in", "agency's plan in")
    assert lines(make_tree, {ART: text}) == [
        f"{A}:34:12: T302 quote 'Example City' occurs 2 times (¶1, ¶3); add a prefix or suffix to choose one, e.g. prefix: 'an agency''s plan in '"
    ]


def test_prefix_that_still_leaves_several(make_tree):
    """Lists only the occurrences left, and the suggestion chooses one of them."""
    text = base(ART).replace("describes no real event.", "describes no alpha formulation that is real.")
    files = edit(ART, "prefix: 'part of the '", "suffix: ' '", text)
    assert lines(make_tree, files) == [
        f"{A}:43:12: T302 quote 'alpha formulation' with this prefix/suffix still occurs 2 times (¶1, ¶3); lengthen them "
        "to choose one, e.g. prefix: 'on Tuesday that the '"
    ]
    fixed = edit(ART, "suffix: ' '", "suffix: ' '\n    prefix: 'on Tuesday that the '", files[ART])
    assert lines(make_tree, fixed) == []


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("the Example Agency said", []),  # contains 'Example Agency'
        ("Example", []),  # inside 'Example Agency'
        ("Example Agency", []),  # the same words twice is fine
        (
            "Agency said on Tuesday",
            [f"{A}:47:12: T304 quote of 'extra' overlaps quote of 'agency' without containing it (¶1); make one contain the other, or shorten one"],
        ),
        (
            "Officials of the Example",
            [f"{A}:37:12: T304 quote of 'agency' overlaps quote of 'extra' without containing it (¶1); make one contain the other, or shorten one"],
        ),
    ],
)
def test_quotes_nest_but_do_not_cross(make_tree, quote, expected):
    extra = f"  - id: extra\n    quote: {quote}\n    note: An extra annotation.\n"
    if quote == "Example":
        extra += "    prefix: 'Officials of the '\n"
    assert lines(make_tree, append(ART, extra)) == expected


def test_excerpt_only_article_is_not_anchored(make_tree):
    """Without `text` quotes cannot be checked; prefix and suffix are kept as context."""
    text = base(ART)
    start, end = text.index("text: |"), text.index("provenance:")
    result = check_tree(make_tree({ART: (text[:start] + text[end:]).replace("shown: full", "shown: excerpts")}))
    assert result.ok
    article = result.articles["2024-01-02-example-report"]
    assert not article.has_text and all(a.paragraph is None for a in article.annotations)
