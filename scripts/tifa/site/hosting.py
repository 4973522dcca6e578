"""What a built site weighs, and whether its host takes it.

GitHub Pages refuses a published site over 1 GB; GitLab Pages allows 1 GB and 200,000
files. A build reports its size and file count, and ``python -m tifa size`` stops a
deployment with a clear message before uploading a site the host would refuse (an
upload of 1.6 GB failed after minutes, with the host's own terse error).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

GB = 1_000_000_000  # the hosts count in decimal gigabytes


@dataclass(frozen=True)
class Host:
    name: str
    max_bytes: int
    max_entries: int | None  # files, folders and links
    source: str  # where the limits are stated (read 2026-12-06)


HOSTS = {
    "github-pages": Host("GitHub Pages", 1 * GB, None, "https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits"),
    # GitLab.com: 1 GB and 200,000 file entries (folders and links included) a site
    "gitlab-pages": Host("GitLab Pages", 1 * GB, 200_000, "https://gitlab.com/gitlab-org/gitlab/-/issues/500273"),
}


@dataclass(frozen=True)
class Weight:
    bytes: int
    files: int
    entries: int  # files, folders and links

    def __str__(self) -> str:
        return f"{self.files:,} files, {self.bytes / 1e6:,.1f} MB"


def weigh(site: Path) -> Weight:
    """Bytes, files and entries under ``site`` (os.walk: no recursion of ours)."""
    total = files = entries = 0
    for folder, folders, names in os.walk(site):
        entries += len(folders) + len(names)
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                total += os.path.getsize(path)
                files += 1
    return Weight(total, files, entries)


def refusal(weight: Weight, host: Host) -> str | None:
    """Why ``host`` would refuse a site of this weight, or None if it takes it."""
    over = []
    if weight.bytes > host.max_bytes:
        over.append(f"{weight.bytes / 1e6:,.1f} MB, over its {host.max_bytes / 1e6:,.0f} MB")
    if host.max_entries is not None and weight.entries > host.max_entries:
        over.append(f"{weight.entries:,} files and folders, over its {host.max_entries:,}")
    if not over:
        return None
    return f"{host.name} would refuse this site ({'; '.join(over)}; {host.source}): it was not uploaded"


def report(weight: Weight, host: Host) -> str:
    """One line: the weight and its share of the host's limits."""
    share = f"{100 * weight.bytes / host.max_bytes:.0f} % of {host.name}'s {host.max_bytes / 1e6:,.0f} MB"
    if host.max_entries is not None:
        share += f", {100 * weight.entries / host.max_entries:.0f} % of its {host.max_entries:,} files and folders"
    return f"{weight} ({share})"
