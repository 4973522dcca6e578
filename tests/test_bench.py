"""The benchmark keeps working: its synthetic corpus has the promised shapes, is the same
for the same seed, passes the checker; and `python -m tifa bench` runs end to end at a
tiny size. No timing is asserted here: figures live in the benchmark (make bench), never
in tests, since the machines that run tests are shared and noisy.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, tifa
from tifa.data.check import check_tree
from tifa.data.model import split_paragraphs
from tifa_bench import process as bench_process
from tifa_bench import project as bench_project
from tifa_bench import report as bench_report
from tifa_bench import serve as bench_serve
from tifa_bench import web as bench_web
from tifa_bench.synth import write_corpus

ARTICLES = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth")
    return out / "annotations", write_corpus(out, ARTICLES)


def _articles(root: Path) -> list[dict]:
    return [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted((root / "articles").rglob("*.yml"))]


def test_the_synthetic_tree_passes_the_checker(corpus):
    root, summary = corpus
    checked = check_tree(root)
    assert [str(p) for p in checked.problems] == []
    assert checked.files == summary["files"] == ARTICLES + summary["concepts"] + summary["people"] + summary["places"] + summary["organizations"]
    assert len(checked.articles) == ARTICLES


def test_articles_have_the_shapes_of_real_ones(corpus):
    root, summary = corpus
    articles = _articles(root)
    assert len(articles) == ARTICLES
    for a in articles:
        paragraphs = split_paragraphs(a["text"])
        assert 8 <= len(paragraphs) <= 12, a["id"]
        assert 20 <= len(a["annotations"]) <= 40, a["id"]
        assert 2000 <= len(a["text"].encode("utf-8")) <= 6000, a["id"]  # ~2–4 KB of text
        for ann in a["annotations"]:
            assert any(ann["quote"] in p for p in paragraphs)
    zh = [a for a in articles if a["language"] == "zh-Hans"]
    assert 0.05 * ARTICLES <= len(zh) == summary["zh_articles"] <= 0.2 * ARTICLES
    assert all(" " not in a["text"] for a in zh)  # Chinese runs without spaces
    assert sum(1 for a in articles for ann in a["annotations"] if "prefix" in ann or "suffix" in ann) > ARTICLES  # repeated words are disambiguated
    assert {a["genre"] for a in articles} == {"news-report", "meeting-readout", "speech", "signed-article", "commentary", "policy-document"}
    assert len({a["source"]["publisher"] for a in articles}) >= 5
    years = {str(a["source"]["published"])[:4] for a in articles}
    assert min(years) == "2012" and max(years) == "2026" and len(years) == 15


def test_concept_frequencies_are_skewed_and_records_are_rich(corpus):
    root, summary = corpus
    assert summary["concepts"] == 500
    assert 100 <= summary["people"] and 100 <= summary["places"] and 50 <= summary["organizations"]
    counts = sorted(summary["concept_occurrences"].values(), reverse=True)
    # Zipf-like: the most frequent concept is in most articles (thousands of occurrences
    # at 10,000 articles), the median one in a handful.
    assert counts[0] >= 0.5 * ARTICLES
    assert counts[len(counts) // 2] <= 5
    concepts = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in (root / "concepts").glob("*.yml")]
    assert sum(1 for c in concepts if c.get("zh") and c.get("pinyin")) >= 200
    assert sum(1 for c in concepts if c.get("aliases")) >= 100
    assert sum(1 for c in concepts if c.get("attestations")) >= 50


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_same_bytes_whatever_the_workers(tmp_path):
    # 600 articles are two shares of work: one process or two must write the same files.
    one = write_corpus(tmp_path / "one", 600, seed=7, workers=1)
    two = write_corpus(tmp_path / "two", 600, seed=7, workers=2)
    assert _tree(tmp_path / "one" / "annotations") == _tree(tmp_path / "two" / "annotations")
    assert {k: v for k, v in one.items() if k != "root"} == {k: v for k, v in two.items() if k != "root"}
    write_corpus(tmp_path / "seed7", 20, seed=7)
    write_corpus(tmp_path / "seed8", 20, seed=8)
    assert _tree(tmp_path / "seed7" / "annotations") != _tree(tmp_path / "seed8" / "annotations")


def test_never_writes_into_a_folder_that_holds_annotations(tmp_path):
    with pytest.raises(FileExistsError):
        write_corpus(ROOT, 1)  # the project's own annotations/ is left alone
    (tmp_path / "annotations" / "concepts").mkdir(parents=True)
    (tmp_path / "annotations" / "concepts" / "x.yml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_corpus(tmp_path, 1)


def test_every_serve_edit_keeps_the_article_valid(tmp_path):
    summary = write_corpus(tmp_path, 20)
    path, edits, watch = bench_serve.serve_plan(tmp_path, summary)
    assert [e.kind for e in edits] == ["quote", "concept", "entity"] * 2
    assert watch == [f"articles/{Path(path).stem}/"]
    source = tmp_path / "annotations" / path
    texts = bench_serve.states(source.read_text(encoding="utf-8"), edits, "Benchedit")
    for n, (edit, text) in enumerate(zip(edits, texts[1:]), 1):
        source.write_text(text, encoding="utf-8")
        checked = check_tree(tmp_path / "annotations")
        assert [str(p) for p in checked.problems] == []
        edited = next(a for a in checked.articles[source.stem].annotations if a.id == edit.annotation)
        assert edited.note == f"Benchedit{n} edited."
        for field, value in edit.fields:
            assert getattr(edited, field) == value
    (quote,) = (dict(e.fields)["quote"] for e in edits[3:4])
    assert quote == dict(edits[0].fields)["quote"].rsplit(" ", 1)[0]  # the fourth edit narrows the first one's quote again


def test_an_edit_replaces_a_whole_field_and_adds_a_missing_one():
    text = "annotations:\n  - id: a-1\n    quote: x\n    note: >-\n      long\n      note\n  - id: b-1\n    quote: y\n"
    out = bench_serve.edited(text, "a-1", {"note": "new: note", "concept": "c"})
    assert yaml.safe_load(out)["annotations"] == [{"id": "a-1", "quote": "x", "note": "new: note", "concept": "c"}, {"id": "b-1", "quote": "y"}]


def test_page_urls_and_visible_text():
    assert [bench_serve.url_of(p) for p in ("index.md", "concepts/index.md", "concepts/x.md", "dashboard.md")] == ["", "concepts/", "concepts/x/", "dashboard/"]
    assert bench_serve.text_of('<li><a href="../x/">A &amp; B</a> <small>4</small></li>') == "A & B 4"


def test_the_pages_an_edit_reaches_come_from_the_generator(tmp_path):
    """Moving an annotation to another concept reaches both concept pages, the concept
    index and the article; widening an entity's quote reaches the entity's page. Each page
    comes with the new raw-HTML lines to look for."""
    project = tmp_path / "project"
    project.mkdir()
    for name in bench_project.PROJECT_PARTS:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    summary = write_corpus(project, 20)
    path, edits, watch = bench_serve.serve_plan(project, summary)
    source = project / "annotations" / path
    texts = bench_serve.states(source.read_text(encoding="utf-8"), edits[:3], "Benchedit")
    changes = bench_serve.reached(project, path, texts, tmp_path / "pages")
    assert source.read_text(encoding="utf-8") == texts[0]  # the file is put back
    article = watch[0]
    old, new = dict(edits[0].fields), dict(edits[1].fields)["concept"]
    moved_from = next(a.concept for a in check_tree(project / "annotations").articles[source.stem].annotations if a.id == edits[1].annotation)
    assert {article, f"concepts/{moved_from}/"} <= set(changes[0]) and old
    assert {article, f"concepts/{moved_from}/", f"concepts/{new}/", "concepts/"} <= set(changes[1])
    assert article in changes[2] and any(url.startswith(("people/", "places/", "organizations/")) for url in changes[2])
    for change in changes:
        assert all(lines and all(line.startswith("<") for line in lines) for lines in change.values())
    assert any("Benchedit2 edited." in line for line in changes[1][article])


def test_publish_writes_between_the_markers(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(f"# Performance\n\nBefore.\n\n{bench_report.START}\nold table\n{bench_report.END}\n\nAfter.\n", encoding="utf-8")
    bench_report.publish("| a | b |\n", page)
    bench_report.publish("| new | table |\n", page)
    assert page.read_text(encoding="utf-8") == f"# Performance\n\nBefore.\n\n{bench_report.START}\n| new | table |\n{bench_report.END}\n\nAfter.\n"


def test_the_performance_page_has_the_markers():
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    assert text.count(bench_report.START) == 1 and text.count(bench_report.END) == 1


@pytest.mark.slow
def test_the_benchmark_runs_end_to_end_at_a_tiny_size(tmp_path):
    size = 20
    args = ["bench", "--sizes", str(size), "--out", str(tmp_path / "out"), "--serve-size", str(size), "--work", str(tmp_path)]
    if not bench_web.CHROMIUM.exists():
        args.append("--no-browser")
    result = tifa(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    r = data["results"][str(size)]
    for step in ("parse", "check", "generator"):
        assert "error" not in r[step] and r[step]["seconds"] > 0, r[step]
    assert r["check"]["problems"] == []
    assert r["generator"]["pages"] > size and r["build"]["rc"] == 0 and r["pagefind"]["rc"] == 0
    assert r["site"]["html_pages"] >= r["generator"]["pages"] and r["site"]["largest_kb"] > 0
    if bench_web.CHROMIUM.exists():
        searches = [v for v in r["search"].values() if isinstance(v, dict)]
        assert searches and all(v["bytes"] > 0 and v["results_shown"] > 0 and "wasm" in v["parts"] for v in searches), r["search"]
    assert "error" not in r["serve"], r["serve"]
    assert len(r["serve"]["seconds"]) == 6 and r["serve"]["console_errors"] == []
    assert [len(e["pages"]) > 2 for e in r["serve"]["edits"]] == [False, True, False] * 2  # a moved annotation reaches more pages
    assert {row["verdict"] for row in data["budgets"]} <= {"PASS", "FAIL", "n/a"}
    # Without a browser the search figure is missing and the serve figure is over HTTP
    # only (not the budget's); the per-article ratio needs two sizes.
    assert ("no_browser" in r["serve"]) is not bench_web.CHROMIUM.exists()
    assert Counter(row["verdict"] for row in data["budgets"])["n/a"] == (0 if bench_web.CHROMIUM.exists() else 2)
    table = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "| measure | 20 articles |" in table and "| budget | measured | verdict |" in table
    assert not list(tmp_path.glob("tifa-bench-*"))  # the synthetic projects are gone without --keep


def test_the_search_download_counts_every_part_of_a_merged_index():
    assert bench_web._part("/pagefind/index/zh_1.pf_index") == "index chunks"
    assert bench_web._part("/pagefind-3/index/zh_2.pf_index") == "index chunks"
    assert bench_web._part("/pagefind-12/pagefind.zh_3.pf_meta") == "meta"
    assert bench_web._part("/pagefind/pagefind-ui.js") is None  # the search page's own script
    assert bench_web._part("/pagefinder/index/x") is None and bench_web._part("/assets/search.js") is None


FORKED_PAIR = """
import os, time
held = b"x" * (200 * 1024 * 1024)  # written, so resident; shared with the child after the fork
child = os.fork()
time.sleep(2.5)
if child:
    os.waitpid(child, 0)
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="PSS needs Linux's smaps_rollup")
def test_memory_shared_by_a_forked_pair_counts_once(tmp_path):
    """The tree's peak sums each process's PSS: 200 MB held by a parent and its forked
    child is about 200 MB, not the 400 MB their resident sizes add up to."""
    import sys

    result = bench_process.run([sys.executable, "-c", FORKED_PAIR], tmp_path)
    assert result["rc"] == 0, result["stderr"]
    assert len(result["at_peak_mib"]) == 2, result["at_peak_mib"]  # both processes were seen
    assert 190 <= result["tree_peak_mb"] <= 300, result["tree_peak_mb"]
