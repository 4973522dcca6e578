"""The check's results of each file, kept between builds under a digest of its bytes.

Every build checks every annotation file: at 10,000 articles about 10 s, the largest
part of a warm build's own work after one edited file. A file's own check (its parse,
schema and rules; tifa.data.check) depends only on its bytes, its path and Tifa's code,
so ``make site`` keeps each file's result in ``.cache/tifa/checks/``, and the next build
takes it for every file whose bytes are the same: only the changed files are read again,
then the references between files are checked as always. A file's mtime is not what
decides (CI checks out every file anew), its bytes are.

The results are kept in ``SHARDS`` files by a digest of each file's path, so a build
after one edit rewrites one of them (a few MB at 10,000 articles), not all. Each starts
with a line of JSON naming the format and a *salt*, a digest of Tifa's code, the schemas
and the versions of Python and PyYAML: a shard under another salt is never unpickled,
and one that cannot be read is checked as if it were missing. The folder is written by
Tifa's own builds and restored by CI from main's cache only (a pull request's build
cannot write a cache that main reads); nothing else should be put there.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import platform
from pathlib import Path

import yaml

from tifa.vocab import SCHEMA_DIR

FORMAT = 1
SHARDS = 32
PACKAGE = Path(__file__).resolve().parents[1]  # all of Tifa's code: the check calls into more than tifa.data


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _shard(shown: str) -> int:
    return int.from_bytes(hashlib.blake2b(shown.encode(), digest_size=2).digest(), "big") % SHARDS


def salt() -> str:
    """One digest of what a file's check depends on besides its bytes and path."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"python={platform.python_version()}\0pyyaml={yaml.__version__}\0{hasattr(yaml, 'CSafeLoader')}\0".encode())
    for folder, suffixes in ((PACKAGE, (".py", ".json")), (SCHEMA_DIR, (".json",))):
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(n for n in names if n.endswith(suffixes)):
                path = Path(root) / name
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class KeptChecks:
    """The shards in ``folder``, read for a build (``load``; not for a cold one, which
    checks every file: ``read=False``) and written after it (``save``)."""

    def __init__(self, folder: Path, read: bool = True, salted: str | None = None) -> None:
        self.folder = folder
        self.read = read
        self.salt = salted if salted is not None else salt()
        self.loaded: dict[int, dict[str, tuple[str, object, tuple]]] = {}  # shard -> shown -> (bytes digest, document, problems)
        self.fingerprints: dict[str, tuple[int, int]] = {}  # shown -> (mtime, size) when its digest was read

    def load(self, base: Path) -> dict:
        """A cache for ``check_tree`` (shown -> ((mtime, size), document, problems)): the
        kept result of every file under ``base`` whose bytes are still those checked."""
        # Millions of small objects and no cycles: the cycle collector would walk them
        # again and again as they are unpickled (as when they are loaded: check_tree).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._load(base)
        finally:
            if collecting:
                gc.enable()

    def _load(self, base: Path) -> dict:
        cache: dict = {}
        for number in range(SHARDS if self.read else 0):
            entries = self._read(number)
            self.loaded[number] = entries
            for shown, (digest, doc, problems) in entries.items():
                now = _as_read(base / shown)
                if now is not None and now[1] == digest:
                    self.fingerprints[shown] = now[0]
                    cache[shown] = (now[0], doc, problems)
        return cache

    def save(self, cache: dict, base: Path) -> int:
        """Keep the results in ``cache`` (as ``check_tree`` left it) of the files that are
        still as checked; rewrite the shards that changed. How many were written."""
        fresh: dict[int, dict[str, tuple[str, object, tuple]]] = {number: {} for number in range(SHARDS)}
        for shown, (fingerprint, doc, problems) in cache.items():
            number = _shard(shown)
            kept = self.loaded.get(number, {}).get(shown)
            if kept is not None and self.fingerprints.get(shown) == fingerprint:
                fresh[number][shown] = (kept[0], doc, tuple(problems))
                continue
            now = _as_read(base / shown)
            if now is not None and now[0] == fingerprint:  # not changed since it was checked
                fresh[number][shown] = (now[1], doc, tuple(problems))
        written = 0
        for number, entries in fresh.items():
            if number in self.loaded and _same(self.loaded[number], entries):
                continue
            self._write(number, entries)
            written += 1
        return written

    def _path(self, number: int) -> Path:
        return self.folder / f"check-{number:02d}.pickle"

    def _read(self, number: int) -> dict:
        try:
            with open(self._path(number), "rb") as f:
                header = json.loads(f.readline())
                if header != {"format": FORMAT, "salt": self.salt, "shard": number}:
                    return {}
                entries = pickle.load(f)
            return entries if isinstance(entries, dict) else {}
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError):
            return {}

    def _write(self, number: int, entries: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(number)
        fresh = path.with_name(path.name + ".tmp")
        with open(fresh, "wb") as f:
            f.write(json.dumps({"format": FORMAT, "salt": self.salt, "shard": number}).encode() + b"\n")
            pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fresh, path)


def _as_read(path: Path) -> tuple[tuple[int, int], str] | None:
    """A file's (mtime, size), as check_tree fingerprints it, and the digest of its bytes;
    None when it cannot be read."""
    try:
        info = path.stat()
        return (info.st_mtime_ns, info.st_size), _digest(path.read_bytes())
    except OSError:
        return None


def _same(old: dict, new: dict) -> bool:
    """Whether a shard holds the same files with the same bytes (a file's result is a
    function of its bytes under one salt)."""
    return old.keys() == new.keys() and all(old[shown][0] == new[shown][0] for shown in new)
