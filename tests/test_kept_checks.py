"""Each file's check kept between builds (tifa.data.kept): taken only where a file's bytes
are those checked, under the same code; anything else is checked again."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from helpers import CORPUS
from tifa.data import kept
from tifa.data.check import check_tree
from tifa.data.kept import KeptChecks

ARTICLE = "annotations/articles/2024/2024-03-06-xi-jiangsu-delegation.yml"


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(CORPUS, tmp_path / "annotations")
    return tmp_path


def build(project: Path, read: bool = True, salted: str = "salt") -> tuple[object, int, int]:
    """A build's check with kept results: (what it found, files taken as kept, shards written)."""
    checks = KeptChecks(project / ".cache" / "checks", read=read, salted=salted)
    cache = checks.load(project)
    taken = len(cache)
    checked = check_tree(project / "annotations", cache=cache)
    return checked, taken, checks.save(cache, project)


def same(a, b) -> None:
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert (a.files, a.concepts, a.entities, a.articles) == (b.files, b.concepts, b.entities, b.articles)


def test_a_second_build_takes_every_file_and_finds_the_same(project):
    first, taken, written = build(project)
    assert first.ok and taken == 0 and 0 < written <= kept.SHARDS
    again, taken, written = build(project)
    assert taken == first.files and written == 0
    same(again, first)
    same(again, check_tree(project / "annotations"))


def test_an_edited_file_is_checked_again_and_one_shard_rewritten(project):
    build(project)
    article = project / ARTICLE
    before = article.stat()
    text = article.read_text(encoding="utf-8")
    # Same size and modification time: only the bytes tell (as on CI, where every file is new).
    article.write_text(text.replace("note: Dateline of the report.", "note: Dateline of the rep0rt."), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    checked, taken, written = build(project)
    assert taken == checked.files - 1 and written == 1
    assert any(a.note == "Dateline of the rep0rt." for a in checked.articles["2024-03-06-xi-jiangsu-delegation"].annotations)
    same(checked, check_tree(project / "annotations"))


def test_a_problem_in_an_edited_file_is_found(project):
    build(project)
    article = project / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("concept: new-quality-productive-forces", "concept: new-quality-productive-forcez", 1), encoding="utf-8"
    )
    checked, taken, _ = build(project)
    assert taken == checked.files - 1
    assert [p.code for p in checked.problems] == [p.code for p in check_tree(project / "annotations").problems] != []


def test_another_salt_is_never_unpickled(project):
    """A shard written by other code (or another Python or PyYAML) is read as missing: its
    pickle is not even loaded."""
    build(project, salted="old code")
    for shard in (project / ".cache" / "checks").iterdir():
        header = shard.read_bytes().split(b"\n", 1)[0]
        shard.write_bytes(header + b"\n" + b"not a pickle")  # loading it would raise
    checked, taken, written = build(project, salted="new code")
    assert taken == 0 and checked.ok and written > 0


@pytest.mark.parametrize("damage", [b"", b"{not json\n", b'{"format": 1}\n', b"\x80\x05garbage"])
def test_a_damaged_shard_is_checked_as_missing(project, damage):
    first, _, _ = build(project)
    for shard in (project / ".cache" / "checks").iterdir():
        shard.write_bytes(damage)
    checked, taken, written = build(project)
    assert taken == 0 and written > 0
    same(checked, first)


def test_a_shard_that_is_not_a_dict_is_checked_as_missing(project):
    build(project)
    for shard in (project / ".cache" / "checks").iterdir():
        header = shard.read_bytes().split(b"\n", 1)[0]
        shard.write_bytes(header + b"\n" + pickle.dumps(["a", "list"]))
    assert build(project)[1] == 0


def test_a_cold_build_reads_nothing_and_writes_every_shard(project):
    build(project)
    checked, taken, written = build(project, read=False)
    assert taken == 0 and written == len(list((project / ".cache" / "checks").iterdir()))


def test_a_removed_file_leaves_its_shard(project):
    build(project)
    (project / ARTICLE).unlink()
    checked, taken, written = build(project)
    assert taken == checked.files and written == 1
    assert not any(ARTICLE in entries for entries in (KeptChecks(project / ".cache" / "checks", salted="salt")._read(n) for n in range(kept.SHARDS)))


def test_the_salt_follows_the_code_and_schemas(tmp_path, monkeypatch):
    assert kept.salt() == kept.salt() and len(kept.salt()) == 32
    for name in ("PACKAGE", "SCHEMA_DIR"):
        folder = tmp_path / name
        shutil.copytree(getattr(kept, name), folder, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(kept, name, folder)
        before = kept.salt()
        changed = next(p for p in sorted(folder.rglob("*")) if p.suffix in (".py", ".json"))
        changed.write_bytes(changed.read_bytes() + b" ")
        assert kept.salt() != before, name
