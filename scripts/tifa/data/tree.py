"""Finding the annotation files of a tree, before the check reads any: walked without following
links, refused as a whole over its budget, each file placed by kind from its folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tifa.data.problems import FORBIDDEN, Problem
from tifa.vocab import KIND_OF_FOLDER

# A tree this large is refused before anything is read: ten times the benchmark's 10,000
# articles (80 MB of YAML in 10,100 files).
MAX_FILES = 100_000
MAX_TREE_BYTES = 1 << 30


def discover(root: Path, base: Path):
    """(kind, file, shown path) of every annotation file, sorted; misplaced files as
    problems; and misnamed ones (a `.yaml` in a kind's folder), whose ids still count."""
    under = root.relative_to(base).as_posix()

    def show(parts) -> str:
        return "/".join((under, *parts)) if under != "." else "/".join(parts)

    listed, files, size, problems = _walk(root, show)
    if files > MAX_FILES or size > MAX_TREE_BYTES:
        problems.append(
            Problem(
                (show(()) or ".") + "/*",
                1,
                1,
                "T014",
                f"not read: {files:,} files and {size:,} bytes, over the budget of {MAX_FILES:,} files and {MAX_TREE_BYTES:,} bytes; split the collection",
            )
        )
        return [], problems, []
    found, misnamed = [], []
    for parts in sorted(listed):
        file = root.joinpath(*parts)
        shown = show(parts)
        kind = KIND_OF_FOLDER.get(parts[0]) if len(parts) > 1 else None
        expected_depth = 3 if kind == "article" else 2
        if kind is None or len(parts) != expected_depth or file.suffix != ".yml":
            if kind and len(parts) == expected_depth:
                misnamed.append((kind, file, shown))  # its id still counts for references
            hint = (
                "name it .yml (lower case)"
                if kind and len(parts) == expected_depth
                else "articles go in annotations/articles/<year>/<id>.yml, others in annotations/<concepts|people|places|organizations>/<id>.yml"
            )
            problems.append(Problem(shown, 1, 1, "T012", f"not read: file in an unexpected place; {hint}"))
            continue
        found.append((kind, file, shown))
    return found, problems, misnamed


def _walk(root: Path, show) -> tuple[list[tuple], int, int, list[Problem]]:
    """The parts of the path of every YAML file under ``root``; how many regular files
    there are and their bytes; and the names refused on the way (problems)."""
    # os.walk and strings: pathlib's rglob and relative_to cost a quarter of a second
    # at 1,000 articles, on every edit while serving. Links are never followed (os.walk
    # lists a linked folder without entering it): a file of the tree is a regular file
    # inside it, or it is refused.
    listed, files, size, problems = [], 0, 0, []
    for folder, folders, names in os.walk(root):
        inside = Path(folder).relative_to(root).parts
        for name in sorted(folders + names):
            full = os.path.join(folder, name)
            if FORBIDDEN.search(name) or any(c in name for c in "\n\r\t"):
                problems.append(
                    Problem(
                        show((*inside, name)),
                        1,
                        1,
                        "T016",
                        "not read: the name holds a control, line-break or invisible character; rename it with plain letters, digits and hyphens",
                    )
                )
                folders[:] = [f for f in folders if f != name]
                continue
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode) or not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
                problems.append(Problem(show((*inside, name)), 1, 1, "T015", f"not read: {what}; put the file itself in the tree"))
                continue
            if stat.S_ISREG(info.st_mode):
                files, size = files + 1, size + info.st_size
                if os.path.splitext(name)[1].lower() in (".yml", ".yaml"):
                    listed.append((*inside, name))
    return listed, files, size, problems
