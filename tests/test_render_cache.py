"""Reusing unchanged pages gives exactly what rendering everything gives.

This is how `mkdocs serve` stays fast: pages go to a folder, a page whose inputs are
unchanged is not rendered again (it comes back without Markdown, its file is kept), and
only files whose content changed are written, so MkDocs rebuilds only those.
"""

from __future__ import annotations

import shutil

from helpers import CORPUS
from tifa.corpus.index import build_corpus
from tifa.site.generate import generate
from tifa.site.pages import Site

ARTICLE = "articles/2024/2024-03-06-xi-jiangsu-delegation.yml"
PAGE = "articles/2024-03-06-xi-jiangsu-delegation.md"


def render(root, folder, memo=None, cache=None):
    checked, corpus = build_corpus(root, cache=cache)
    assert checked.ok, checked.problems
    return generate(corpus, Site(), folder, checked.fingerprints, memo)


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def fresh(root, tmp_path, name) -> dict[str, bytes]:
    render(root, tmp_path / name)
    return tree(tmp_path / name)


def test_edits_rerender_exactly_the_pages_that_change(tmp_path):
    root = tmp_path / "annotations"
    shutil.copytree(CORPUS, root)
    folder, files = tmp_path / "pages", {}
    first = render(root, folder, cache=files)
    assert first.reused == 0 and sorted(first.written) == sorted(first.pages)
    assert all(page.markdown is None for page in first.pages.values())  # nothing kept in memory
    again = render(root, folder, first.memo, files)
    assert again.reused == len(first.pages) and again.written == []
    assert tree(folder) == fresh(root, tmp_path, "fresh0")

    # A note changes: the article and the pages showing that annotation change, nothing else is written.
    article = root / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("note: Chinese 新质生产力.", "note: Edited. Chinese 新质生产力.", 1), encoding="utf-8")
    edited = render(root, folder, again.memo, files)
    assert tree(folder) == fresh(root, tmp_path, "fresh1")
    assert "Edited. Chinese" in (folder / PAGE).read_text(encoding="utf-8")
    assert PAGE in edited.written and 0 < edited.reused < len(edited.pages)
    assert len(edited.written) < len(edited.pages) - edited.reused  # rendered again, but unchanged: not written

    # A concept's label changes: every page linking to it shows the new label.
    concept = root / "concepts" / "craftsmanship.yml"
    concept.write_text(concept.read_text(encoding="utf-8").replace("label: craftsmanship", "label: the spirit of craftsmanship", 1), encoding="utf-8")
    relabelled = render(root, folder, edited.memo, files)
    assert tree(folder) == fresh(root, tmp_path, "fresh2")
    assert "the spirit of craftsmanship" in (folder / PAGE).read_text(encoding="utf-8")
    assert PAGE in relabelled.written


def test_a_deleted_folder_is_rendered_again(tmp_path):
    root = tmp_path / "annotations"
    shutil.copytree(CORPUS, root)
    folder, files = tmp_path / "pages", {}
    first = render(root, folder, cache=files)
    shutil.rmtree(folder)  # `make clean` while serving
    again = render(root, folder, first.memo, files)
    assert again.reused == 0 and tree(folder) == fresh(root, tmp_path, "fresh")


def _annotation_block(lines: list[str], field: str) -> tuple[int, int]:
    """(start, end) lines of the first annotation with ``field`` (e.g. "concept:")."""
    starts = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        if any(line.startswith(f"    {field}") for line in lines[start:end]):
            return start, end
    raise AssertionError(f"no annotation with {field}")


def _retarget(text: str, other: str) -> str:
    lines = text.split("\n")
    start, end = _annotation_block(lines, "concept:")
    i = next(i for i in range(start, end) if lines[i].startswith("    concept: "))
    lines[i] = f"    concept: {other}"
    return "\n".join(lines)


def _drop_annotation(text: str, field: str) -> str:
    lines = text.split("\n")
    start, end = _annotation_block(lines, field)
    return "\n".join(lines[:start] + lines[end:])


def _longer_text(text: str) -> str:
    lines = text.split("\n")
    i = lines.index("annotations:") - 1
    while not lines[i].strip():
        i -= 1
    lines[i] += " Added words close the text."
    return "\n".join(lines)


def test_reused_pages_are_what_a_fresh_rendering_gives_after_any_edit(tmp_path):
    """`mkdocs serve` renders again only the pages whose view of the corpus changed
    (render.Shown). After each kind of edit, every page on disk (reused or rendered
    again) and every figure CSV is exactly what rendering everything from scratch gives."""
    import yaml

    from tifa.data.model import split_paragraphs
    from tifa_bench.serve import edited, extension
    from tifa_bench.synth import write_corpus

    write_corpus(tmp_path / "project", 40, seed=3)
    root = tmp_path / "project" / "annotations"
    articles = sorted((root / "articles").rglob("*.yml"))
    concepts = sorted((root / "concepts").glob("*.yml"))
    people = sorted((root / "people").glob("*.yml"))

    def text_of(path):
        return path.read_text(encoding="utf-8")

    def requote(path):
        data = yaml.safe_load(text_of(path))
        text = "\n\n".join(split_paragraphs(data["text"]))
        ann = next(a for a in data["annotations"] if a.get("concept") and extension(text, a["quote"]))
        return edited(text_of(path), ann["id"], {"quote": extension(text, ann["quote"]), "note": "Reworded edited."})

    used = {yaml.safe_load(text_of(a))["annotations"][0].get("concept") for a in articles[:3]}
    other = next(c.stem for c in concepts if c.stem not in used)
    same = next(a for a in articles[5:] if "The meeting called for" in text_of(a))
    broader = next(c for c in concepts if "broader:" not in text_of(c) and c.stem != other)
    edits = [
        ("a quote and a note", articles[0], lambda p: requote(p)),
        ("an annotation's concept", articles[1], lambda p: _retarget(text_of(p), other)),
        ("an article's title", articles[2], lambda p: text_of(p).replace("\ntitle: ", "\ntitle: Retitled ", 1)),
        ("an annotation removed", articles[3], lambda p: _drop_annotation(text_of(p), "person:")),
        ("the text", articles[4], lambda p: _longer_text(text_of(p))),
        # Same length: only the concordance contexts around the word change.
        ("a word of the text", same, lambda p: text_of(p).replace("The meeting called for", "Our meeting called for", 1)),
        ("a concept's definition", concepts[0], lambda p: text_of(p).replace("\n  text: ", "\n  text: Redefined. ", 1)),
        ("a concept's label", concepts[1], lambda p: text_of(p).replace("\nlabel: ", "\nlabel: relabelled ", 1)),
        ("a concept's broader concept", broader, lambda p: text_of(p).replace("\ncategory: ", f"\nbroader: [{other}]\ncategory: ", 1)),
        ("a person's name", people[0], lambda p: text_of(p).replace("\nname: ", "\nname: Renamed ", 1)),
        # A new text changes "in M of the N texts" on every concept and entity page.
        ("an article added", articles[6].with_name("zz-added.yml"), lambda p: _copy_as(articles[6], p)),
    ]
    folder, files = tmp_path / "pages", {}
    made = render(root, folder, cache=files)
    for number, (what, path, edit) in enumerate(edits):
        path.write_text(edit(path), encoding="utf-8")
        checked, corpus = build_corpus(root, cache=files)
        assert checked.ok, (what, checked.problems)
        incremental = generate(corpus, Site(), folder, checked.fingerprints, made.memo)
        scratch = tmp_path / f"fresh{number}"
        from_scratch = generate(corpus, Site(), scratch)
        assert tree(folder) == tree(scratch), what
        assert incremental.extras == from_scratch.extras, what
        assert incremental.written, what  # every edit here shows somewhere
        if what in ("a quote and a note", "an article's title", "a concept's definition"):
            assert incremental.reused > len(incremental.pages) / 2, what  # labels, on every page, are one hash: not these
        made = incremental


def _copy_as(source, path) -> str:
    """The text of ``source`` as a new article whose id is ``path``'s name."""
    import yaml

    old = yaml.safe_load(source.read_text(encoding="utf-8"))["id"]
    return source.read_text(encoding="utf-8").replace(f"id: {old}\n", f"id: {path.stem}\n", 1)


def test_a_build_packs_the_same_pages_in_one_process_or_two(tmp_path):
    """A build's pages go into pack files (one per process); each page's slice is the
    Markdown that a file of its own would hold, whichever process rendered it."""
    from tifa_bench.synth import write_corpus

    write_corpus(tmp_path / "project", 40, seed=5)
    checked, corpus = build_corpus(tmp_path / "project" / "annotations")
    assert checked.ok, checked.problems
    expected = tree_of(generate(corpus, Site(), tmp_path / "files"), tmp_path / "files")
    for workers in (1, 2):
        made = generate(corpus, Site(), tmp_path / f"packed{workers}", workers=workers, pack=True)
        packs = {page.packed[0] for page in made.pages.values()}
        assert len(packs) == workers and not list((tmp_path / f"packed{workers}").rglob("*.md"))
        assert tree_of(made) == expected, workers


def tree_of(made, folder=None) -> dict[str, bytes]:
    """Each page's Markdown, from its pack file or its own file."""
    out = {}
    for path, page in made.pages.items():
        if page.packed is None:
            out[path] = (folder / path).read_bytes()
        else:
            pack, offset, length = page.packed
            with open(pack, "rb") as f:
                f.seek(offset)
                out[path] = f.read(length)
    return out
