"""Which version of the data each page shows: the last commit that changed its files.

One ``git log`` over the whole history answers for every file at once (a git call per
page would cost minutes at 10,000 pages). A page's version is the newest commit among
the files it is built from; its number is that commit's position in the history
(1 for the first commit), so versions read like releases: "version 37".
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Version:
    number: int  # commits up to and including this one; 0 when unknown
    commit: str  # full hash, or "" when unknown
    date: str  # YYYY-MM-DD (committer date), or "" when unknown
    modified: bool = False  # the working tree differs from that commit
    content: str = ""  # without git history: a digest of the files, which names the version

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def label(self) -> str:
        if not self.commit:
            # "c" and 7 decimal digits of the digest: a label CSL processors agree is one
            # version (citeproc-py reads hex such as "3f2a1bc" as a list: "Versions")
            return f"c{int(self.content[:12], 16) % 10**7:07d}" if self.content else "unversioned"
        return f"{self.number}" + ("+" if self.modified else "")


UNKNOWN = Version(0, "", "")


def build_date() -> str:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when set, as reproducible builds do."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def content_version(repo: Path, folders=("annotations",)) -> Version:
    """The version of a build without git history (a source archive, a preview): named by
    a SHA-256 over the files' paths and contents, dated by the build."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(repo, folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                digest.update(path.relative_to(repo).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return Version(0, "", build_date(), content=digest.hexdigest())


class History:
    """Last change of every file under some folders of a git work tree."""

    def __init__(self, repo: Path | str, folders=("annotations",)):
        self.repo = Path(repo)
        self.last: dict[str, Version] = {}
        self.first: dict[str, Version] = {}  # the commit that added each file
        self.dirty: set[str] = set()
        self.folders = tuple(folders)
        self._fallback: Version | None = None
        try:
            log = subprocess.run(
                ["git", "log", "--format=%x1e%H %cs", "--name-only", "--no-renames", "--", *folders],
                cwd=self.repo,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            total = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=self.repo, capture_output=True, text=True, check=True).stdout)
            order = subprocess.run(["git", "rev-list", "HEAD"], cwd=self.repo, capture_output=True, text=True, check=True).stdout.split()
            status = subprocess.run(["git", "status", "--porcelain", "--", *folders], cwd=self.repo, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError, ValueError):
            return  # not a git work tree (e.g. a source archive): see fallback
        position = {commit: total - i for i, commit in enumerate(order)}
        for record in log.split("\x1e")[1:]:
            head, *names = record.strip().split("\n")
            commit, date = head.split()
            version = Version(position.get(commit, 0), commit, date)
            for name in names:
                if name:
                    self.last.setdefault(name, version)
                    self.first[name] = version  # the log runs newest first: the last seen is the first
        self.dirty = {line[3:].strip().strip('"') for line in status.splitlines()}

    def refresh(self, paths) -> None:
        """Whether each of ``paths`` differs from the last commit now: serving reads the
        history once, and a file edited since must say so ("with changes not yet
        committed"), and stop saying so once the edit is undone. One `git status` over
        those paths only."""
        paths = sorted(paths)
        if not self.last or not paths:
            return
        try:
            status = subprocess.run(["git", "status", "--porcelain", "--", *paths], cwd=self.repo, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return
        self.dirty = (self.dirty - set(paths)) | {line[3:].strip().strip('"') for line in status.splitlines()}

    @property
    def fallback(self) -> Version:
        """What a page without a committed version cites: the content version and build date."""
        if self._fallback is None:
            self._fallback = content_version(self.repo, self.folders)
        return self._fallback

    def of(self, paths) -> Version:
        """The newest version among ``paths`` (repository-relative); without history,
        the fallback, so that every citation has a version and a date."""
        if not self.last:
            return self.fallback  # not a git work tree, or nothing committed
        versions = [self.last.get(p, UNKNOWN) for p in paths]
        newest = max(versions, default=UNKNOWN)
        if not newest.commit:
            return self.fallback  # files not committed yet
        if any(p in self.dirty or p not in self.last for p in paths):
            return Version(newest.number, newest.commit, newest.date, True)
        return newest

    def newest(self) -> Version:
        """The newest version of anything (the home page's)."""
        return max(self.last.values(), default=None) or self.fallback
