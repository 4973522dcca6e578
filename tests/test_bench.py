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
from tifa_bench import warm as bench_warm
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
    # The baseline (0a545ef) is built unless the clone lacks its commit, which is no error.
    assert r["baseline"]["rc"] == 0 and r["baseline"]["site"]["files"] > 0 if "skipped" not in r["baseline"] else "not in" in r["baseline"]["skipped"]
    assert r["site"]["files"] > r["site"]["html_pages"] and r["site"]["article_pages"] == size
    assert r["warm"]["rc"] == 0 and 0 < r["warm"]["reused"] < r["warm"]["pages"], r["warm"]  # one note edited: most pages reused
    missing = (0 if bench_web.CHROMIUM.exists() else 2) + ("skipped" in r["baseline"])
    assert Counter(row["verdict"] for row in data["budgets"])["n/a"] == missing
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


def _results(n: int = 10_000, wall: float = 30.0, baseline: dict | None = None, site: dict | None = None) -> dict:
    """One size's results as measure() records them, with made-up figures (no timing is taken)."""
    r = {
        "articles": n,
        "load_before": 1.0,
        "load_after": 1.0,
        "parse": {"seconds": 2.0},
        "check": {"seconds": 1.5},
        "generator": {"seconds": 2.5, "largest_markdown": ["concepts/x.md", 400_000]},
        "build": {"wall": wall, "rc": 0, "maxrss_mb": 900, "tree_peak_mb": 1000, "killed_at_mib": None},
        "pagefind": {"wall": 5.0, "rc": 0, "maxrss_mb": 100},
        "site": site
        if site is not None
        else {
            "over_1mb": [],
            "largest_kb": 400,
            "bytes": 350_000_000,
            "files": 50_000,
            "folders_mb": {"articles": 200.0, "concepts": 50.0, "data": 60.0, "pagefind": 30.0, "people": 1, "places": 1, "organizations": 1, "other": 7.0},
            "article_pages": n,
            "article_mean_kb": 20.0,
            "article_largest_kb": 31.5,
            "downloads_mb": 59.9,
        },
        "baseline": baseline if baseline is not None else {"commit": "0a545ef", "wall": 60.0, "rc": 0, "corpus": {"files": 900, "mb": 2.5}},
    }
    return {n: r}


def _budget(rows: list[dict], start: str) -> dict:
    (row,) = [r for r in rows if r["budget"].startswith(start)]
    return row


def test_the_cold_build_is_a_ratio_of_the_baselines_in_the_same_run():
    results = _results(wall=30.0)
    assert bench_report.derive(results[10_000])["baseline_ratio"] == 0.5
    row = _budget(bench_report.budgets(results), "cold `mkdocs build` ≤ 0.6 × 0a545ef's")
    assert row == {"budget": "cold `mkdocs build` ≤ 0.6 × 0a545ef's, built in the same run", "measured": "30.0 s / 60.0 s = 0.50×", "verdict": "PASS"}
    assert _budget(bench_report.budgets(_results(wall=45.0)), "cold `mkdocs build`")["verdict"] == "FAIL"  # 0.75×
    table = bench_report.report(bench_report.machine() | {"baseline": "0a545ef"}, results, bench_report.budgets(results), 1)
    assert "| cold build ÷ baseline's | 0.50× |" in table and "0a545ef: 60.0 s, 900 YAML files (2.5 MB)" in table


def test_a_missing_baseline_gives_n_a_and_says_why():
    skipped = "commit 0a545ef is not in this repository (a shallow clone?): no baseline built"
    for baseline, why in (
        ({"commit": "0a545ef", "skipped": skipped}, skipped),
        ({"commit": "0a545ef", "wall": 9.0, "rc": 1, "error": "boom", "corpus": {"files": 1, "mb": 0.1}}, "the baseline build failed (exit 1)"),
        ({"commit": "0a545ef", "error": "its synthetic corpus: boom"}, "the baseline's synthetic corpus failed"),
    ):
        results = _results(baseline=baseline)
        assert bench_report.derive(results[10_000])["baseline_ratio"] is None
        row = _budget(bench_report.budgets(results), "cold `mkdocs build`")
        assert (row["verdict"], row["measured"]) == ("n/a", why)
        table = bench_report.report(bench_report.machine(), results, bench_report.budgets(results), 1)
        assert "| cold build ÷ baseline's | — |" in table
    table = bench_report.report(bench_report.machine(), _results(baseline={"commit": "none", "skipped": "no baseline (--baseline none)"}), [], 1)
    assert "| no baseline (--baseline none) |" in table


def test_the_size_budgets_and_rows():
    rows = bench_report.budgets(_results())
    assert _budget(rows, "built site ≤ 400 MB") == {"budget": "built site ≤ 400 MB", "measured": "350.0 MB", "verdict": "PASS"}
    assert _budget(rows, "built site ≤ 60,000 files")["measured"] == "50,000 files"
    assert _budget(rows, "mean article page ≤ 25 kB of HTML")["measured"] == "20.0 kB over 10,000 article pages; largest 31.5 kB"
    over = _results(site=_results()[10_000]["site"] | {"bytes": 401_000_000, "files": 60_001, "article_mean_kb": 25.1})
    assert {r["verdict"] for r in bench_report.budgets(over) if r["budget"].startswith(("built site", "mean article"))} == {"FAIL"}
    small = bench_report.budgets(_results(n=1_000))  # measured at the largest size, which is not the budget's
    assert _budget(small, "built site ≤ 400 MB")["budget"] == "built site ≤ 400 MB (measured at 1,000; the budget is for 10,000)"
    unbuilt = _results()
    del unbuilt[10_000]["site"]  # the build failed before the site was written
    assert {r["verdict"] for r in bench_report.budgets(unbuilt) if r["budget"].startswith(("built site", "mean article"))} == {"n/a"}
    table = bench_report.report(bench_report.machine(), _results(), rows, 1)
    assert "| built site (MB, files) | 350.0 MB (50,000 files) |" in table
    assert "articles 200.0, concepts 50.0, data 60.0, pagefind 30.0, people 1.0, places 1.0, organizations 1.0, other 7.0" in table
    assert "| article pages: mean / largest HTML | 20.0 kB / 31.5 kB (10,000 pages) |" in table


def test_a_sites_weight_by_folder_and_its_article_pages(tmp_path):
    files = {
        "index.html": 100,
        "articles/a/index.html": 2_000,
        "articles/b/index.html": 4_000,
        "articles/index.html": 50_000,  # the articles' index, not an article page
        "articles/by-year/2020/index.html": 9_000,
        "data/index.html": 700,  # the Data page, not a download
        "data/tifa.json": 3_000_000,
        "pagefind/a.pf": 1_000,
        "pagefind-3/b.pf": 2_000,
        "assets/x.css": 500,
    }
    for name, size in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    w = bench_project.weigh_site(tmp_path)
    assert (w["bytes"], w["files"]) == (sum(files.values()), len(files))
    assert (w["article_pages"], w["article_mean_kb"], w["article_largest_kb"]) == (2, 3.0, 4.0)
    assert w["downloads_mb"] == 3.0 and w["folders_mb"]["pagefind"] == pytest.approx(0.003) and w["folders_mb"]["other"] == pytest.approx(0.0006)
    assert w["folders_mb"]["people"] == 0 and sum(w["folders_mb"].values()) == pytest.approx(w["bytes"] / 1e6)


def test_no_baseline_without_its_commit(tmp_path):
    from tifa_bench import baseline

    assert baseline.template(tmp_path, "none") == (None, "no baseline (--baseline none)")
    path, why = baseline.template(tmp_path, "0" * 40)
    assert path is None and "not in this repository" in why


def test_the_warm_build_is_a_ratio_of_the_cold_build_in_the_same_run():
    results = _results(wall=30.0)
    results[10_000]["warm"] = {"edited": "annotations/articles/x.yml", "wall": 2.4, "rc": 0, "rendered": 12, "reused": 11_990, "pages": 12_000}
    assert bench_report.derive(results[10_000])["warm_ratio"] == pytest.approx(0.08)
    row = _budget(bench_report.budgets(results), "warm build")
    assert row == {"budget": "warm build after a one-annotation change ≤ 0.1 × the cold build", "measured": "2.4 s / 30.0 s = 0.08×", "verdict": "PASS"}
    table = bench_report.report(bench_report.machine(), results, bench_report.budgets(results), 1)
    assert "2.4 s; 12 of 12,000 generated pages rendered, the HTML of 11,990 of 12,000 reused" in table and "| warm build ÷ cold build | 0.08× |" in table
    results[10_000]["warm"] |= {"wall": 6.0}
    assert _budget(bench_report.budgets(results), "warm build")["verdict"] == "FAIL"
    results[10_000]["warm"] = {"wall": 6.0, "rc": 1, "error": "boom"}
    assert _budget(bench_report.budgets(results), "warm build")["verdict"] == "n/a"


def test_the_warm_edit_changes_one_note(tmp_path):
    article = tmp_path / "annotations" / "articles" / "2024" / "a.yml"
    article.parent.mkdir(parents=True)
    article.write_text("id: a\nannotations:\n  - id: x-1\n    note: First.\n  - id: x-2\n    note: Second.\n", encoding="utf-8")
    assert bench_warm.edit_one_note(tmp_path) == "annotations/articles/2024/a.yml"
    assert article.read_text(encoding="utf-8").count("(edited once)") == 1
