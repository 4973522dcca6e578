"""Which version of the data each page shows: the last commit that changed its files.

One ``git log`` over the whole history answers for every file at once (a git call per
page would cost minutes at 10,000 pages). A page's version is the newest commit among
the files it is built from; its number is that commit's position in the history
(1 for the first commit), so versions read like releases: "version 37".
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Version:
    number: int  # commits up to and including this one; 0 when unknown
    commit: str  # full hash, or "" when unknown
    date: str  # YYYY-MM-DD (committer date), or "" when unknown
    modified: bool = False  # the working tree differs from that commit

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def label(self) -> str:
        if not self.commit:
            return "unversioned"
        return f"{self.number}" + ("+" if self.modified else "")


UNKNOWN = Version(0, "", "")


class History:
    """Last change of every file under some folders of a git work tree."""

    def __init__(self, repo: Path | str, folders=("annotations",)):
        self.repo = Path(repo)
        self.last: dict[str, Version] = {}
        self.dirty: set[str] = set()
        try:
            log = subprocess.run(
                ["git", "log", "--format=%x1e%H %cs", "--name-only", "--no-renames", "--", *folders],
                cwd=self.repo, capture_output=True, text=True, check=True,
            ).stdout
            total = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=self.repo, capture_output=True, text=True, check=True).stdout)
            order = subprocess.run(["git", "rev-list", "HEAD"], cwd=self.repo, capture_output=True, text=True, check=True).stdout.split()
            status = subprocess.run(["git", "status", "--porcelain", "--", *folders], cwd=self.repo, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError, ValueError):
            return  # not a git work tree (e.g. a source archive): pages say "unversioned"
        position = {commit: total - i for i, commit in enumerate(order)}
        for record in log.split("\x1e")[1:]:
            head, *names = record.strip().split("\n")
            commit, date = head.split()
            version = Version(position.get(commit, 0), commit, date)
            for name in names:
                if name:
                    self.last.setdefault(name, version)
        self.dirty = {line[3:].strip().strip('"') for line in status.splitlines()}

    def of(self, paths) -> Version:
        """The newest version among ``paths`` (repository-relative)."""
        if not self.last:
            return UNKNOWN  # not a git work tree, or nothing committed
        versions = [self.last.get(p, UNKNOWN) for p in paths]
        newest = max(versions, default=UNKNOWN)
        if any(p in self.dirty or p not in self.last for p in paths) and newest.commit:
            return Version(newest.number, newest.commit, newest.date, True)
        return newest
