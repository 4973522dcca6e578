"""`python -m tifa missing`: known concept names that no annotation covers, located in the file."""

from __future__ import annotations

import doctest
import random
import re

import pytest

from tifa.corpus import missing
from tifa.corpus.index import index
from tifa.corpus.missing import Coverage, Finder, fold, text_layout
from tifa.data.check import check_tree
from tifa.data.model import Alias, Annotation, Article, Concept
from tifa.site.generate import site_files

ARTICLE = "annotations/articles/2024/2024-01-02-example-report.yml"


def concept(cid, label, zh=None, aliases=()):
    return Concept(cid, label, "development", "…", (), f"annotations/concepts/{cid}.yml", zh=zh, aliases=tuple(Alias(a, "wording", "en", ()) for a in aliases))


def found(finder, *paragraphs):
    return [(h.concept, h.paragraph, h.start, h.text) for h in finder.find(paragraphs)]


def test_doctests():
    assert doctest.testmod(missing).failed == 0


def test_latin_is_case_insensitive_with_word_boundaries():
    f = Finder([concept("forces", "productive forces"), concept("force", "forces")])
    assert found(f, "Productive FORCES, workforces and forces-based; forcesx.") == [
        ("forces", 1, 0, "Productive FORCES"),
        ("force", 1, 11, "FORCES"),
        ("force", 1, 34, "forces"),
    ]


def test_chinese_is_exact_and_needs_no_boundaries():
    f = Finder([concept("nqpf", "new quality productive forces", zh="新质生产力"), concept("latin", "5G")])
    assert found(f, "因地制宜发展新质生产力和5G网络") == [("nqpf", 1, 6, "新质生产力"), ("latin", 1, 12, "5G")]
    assert found(f, "新質生產力") == []  # traditional characters are another text


def test_overlapping_names_of_one_concept_count_once_and_other_concepts_count_too():
    f = Finder([concept("nqpf", "new quality productive forces", aliases=["develop new quality productive forces"]), concept("pf", "productive forces")])
    assert found(f, "We develop new quality productive forces.") == [
        ("nqpf", 1, 3, "develop new quality productive forces"),
        ("pf", 1, 23, "productive forces"),
    ]


def test_one_phrase_shared_by_two_concepts():
    f = Finder([concept("a", "reform"), concept("b", "Reform")])
    assert found(f, "reform") == [("a", 1, 0, "reform"), ("b", 1, 0, "reform")]


def test_offsets_survive_characters_whose_lower_case_is_longer():
    f = Finder([concept("x", "plan")])
    assert found(f, "İİ plan") == [("x", 1, 3, "plan")]
    assert len(fold("İİ plan")) == len("İİ plan")


LATIN_WORD = "[^\\W\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"  # \\w, less the scripts written without spaces


def naive(concepts, paragraphs):
    """The obvious implementation, to compare with: a regex per name."""
    out = []
    for number, para in enumerate(paragraphs, 1):
        per = {}
        for c in concepts:
            for name in {c.label, c.zh, *(a.label for a in c.aliases)} - {None}:
                left = rf"(?<!{LATIN_WORD})" if re.match(LATIN_WORD, name[0]) else ""
                right = rf"(?!{LATIN_WORD})" if re.match(LATIN_WORD, name[-1]) else ""
                for m in re.finditer(left + re.escape(name.lower()) + right, para.lower()):
                    per.setdefault(c.id, []).append((m.start(), m.end()))
        for cid, spans in per.items():
            reach = -1
            for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
                if s >= reach:
                    out.append((cid, number, s, para[s:e]))
                    reach = e
    return sorted(out, key=lambda t: (t[1], t[2], t[0]))


def test_same_answers_as_a_naive_search_on_random_texts():
    rng = random.Random(11)
    words = ["forces", "work", "new", "quality", "high", "development", "发展", "新质", "生产力", "-", ",", "Forces"]
    names = sorted({" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))).replace(" ,", ",") for _ in range(40)})
    names = [n for n in names if n.strip(" ,-")]
    concepts = [concept(f"c{i}", n, aliases=[names[(i + 1) % len(names)]] if i % 3 == 0 else ()) for i, n in enumerate(names)]
    finder = Finder(concepts)
    for _ in range(200):
        paras = ["".join(rng.choice(words + [" ", " ", "x"]) for _ in range(rng.randint(0, 30))) for _ in range(3)]
        assert found(finder, *paras) == naive(concepts, paras)


def test_bench_compares_both_ways_on_the_same_texts():
    result = missing.bench(articles=40, phrases=30)
    assert result["occurrences"] > 0  # bench itself asserts both ways found the same


def article(paragraphs, annotations=()):
    return Article("a", "t", "news-report", "en", "p", "2024-01-01", "a.yml", "me", "2024-01-01", paragraphs=tuple(paragraphs), annotations=tuple(annotations))


def ann(aid, concept_id, paragraph, start, end):
    return Annotation(aid, "q", "me", "2024-01-01", concept=concept_id, paragraph=paragraph, start=start, end=end)


def test_an_annotation_of_the_same_concept_covers_what_it_overlaps():
    f = Finder([concept("nqpf", "new quality productive forces"), concept("pf", "productive forces")])
    a = article(["new quality productive forces; new quality productive forces"], [ann("x", "nqpf", 1, 4, 29), ann("y", "other", 1, 31, 60)])
    assert [(h.concept, h.start, h.covered) for h in f.scan(a)] == [("nqpf", 0, True), ("pf", 12, False), ("nqpf", 31, False), ("pf", 43, False)]
    assert f.coverage(a) == Coverage(2, 3, True, ("nqpf", "pf"))
    assert str(f.coverage(a)) == "40%: 2 concept annotations, 3 occurrences of known concepts not annotated"


def test_coverage_wording():
    assert str(Coverage(1, 0)) == "100%: 1 concept annotation, 0 occurrences of known concepts not annotated"
    assert str(Coverage(199, 1)) == "99%: 199 concept annotations, 1 occurrence of known concepts not annotated"
    assert Finder([]).coverage(article([])) == Coverage(0, 0, measured=False)


# --- Where in the file ------------------------------------------------------------------------

SOURCE = """\
id: x
text: |
  First paragraph, about the
    alpha formulation.

  发展新质生产力
annotations: []
"""


def test_layout_points_into_the_literal_block():
    paragraphs = ("First paragraph, about the alpha formulation.", "发展新质生产力")
    layout = text_layout(SOURCE, 2, 7, paragraphs)
    assert missing.locate(layout, 1, paragraphs[0].index("alpha")) == (4, 5)
    assert missing.locate(layout, 1, 0) == (3, 3)
    assert missing.locate(layout, 2, 2) == (6, 5)


@pytest.mark.parametrize(
    "source",
    [
        'id: x\ntext: "First paragraph, about the alpha formulation.\\n\\n发展新质生产力"\n',
        "id: x\ntext: >\n  First paragraph, about the\n  alpha formulation.\n\n  发展新质生产力\n",
    ],
)
def test_other_styles_are_not_guessed(source):
    assert text_layout(source, 2, 7, ("First paragraph, about the alpha formulation.", "发展新质生产力")) is None


# --- The command ----------------------------------------------------------------------------


def test_command_points_at_each_unannotated_name(make_tree, run_tifa):
    root = make_tree()
    path = root.parent / ARTICLE
    text = path.read_text(encoding="utf-8")
    text = text.replace("  This report is invented", "  The Alpha Formulation again, and the\n  alpha formulation.\n\n  This report is invented")
    path.write_text(text, encoding="utf-8")
    run = run_tifa("--root", root, "missing", cwd=root.parent)
    assert (run.returncode, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert lines == [
        f"{ARTICLE}:15:60: paragraph 1: 'alpha formulation' (alpha-formulation)",
        f"{ARTICLE}:21:7: paragraph 3: 'Alpha Formulation' (alpha-formulation)",
        f"{ARTICLE}:22:3: paragraph 3: 'alpha formulation' (alpha-formulation)",
        f"{ARTICLE}: coverage 40%: 2 concept annotations, 3 occurrences of known concepts not annotated",
        "1 article: 3 occurrences of known concepts not annotated",
    ]
    file_lines = text.split("\n")
    for line in lines[:3]:
        where, phrase = re.match(r"\S+?:(\d+:\d+): paragraph \d+: '(.*)' ", line).groups()
        n, col = map(int, where.split(":"))
        assert file_lines[n - 1][col - 1 :].startswith(phrase.split(" ")[0])


def test_command_by_id_path_and_folder(make_tree, run_tifa):
    root = make_tree()
    for arg in ("2024-01-02-example-report", ARTICLE, "annotations/articles"):
        run = run_tifa("--root", root, "missing", arg, cwd=root.parent)
        assert run.stdout.splitlines()[-1] == "1 article: 1 occurrence of known concepts not annotated", arg


def test_command_unknown_article(make_tree, run_tifa):
    root = make_tree()
    run = run_tifa("--root", root, "missing", "2024-01-02-example-reprot", cwd=root.parent)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", "tifa: no article '2024-01-02-example-reprot' (did you mean '2024-01-02-example-report'?)\n")


def test_command_needs_a_clean_tree(make_tree, run_tifa):
    root = make_tree({"concepts/alpha-formulation.yml": "id: alpha-formulation\nlabl: x\n"})
    run = run_tifa("--root", root, "missing", cwd=root.parent)
    assert run.returncode == 1
    assert run.stdout.splitlines()[-1] == "fix these first: `missing` reads checked annotations only"


def test_article_page_shows_its_coverage(make_tree):
    root = make_tree()
    page = site_files(index(check_tree(root)))["articles/2024-01-02-example-report.md"]
    assert "<dt>Coverage</dt><dd>66%: 2 concept annotations, 1 occurrence of known concepts not annotated</dd>" in page
