"""The data downloads of a build: MkDocs knows them as files from the start (links to
them are checked like any other), but they are copied into the site last.

The generator's process writes them (527 MB at 10,000 articles, 17 to 22 s) on the
other core while MkDocs goes through the pages. MkDocs copies its files before it
writes the first page, so a build used to wait for the downloads there: most of their
time in a warm build, where MkDocs has little to convert. Copied after the pages and the
search index, they are written while MkDocs writes the pages and Pagefind indexes them
(docs/performance.md, "Warm builds", has the runs before and after).
"""

from __future__ import annotations

from mkdocs.structure.files import File


class Download(File):
    """A data download, copied by ``copy_now`` once it is written, not with MkDocs's files."""

    def copy_file(self, dirty: bool = False) -> None:
        return None  # not written yet: see copy_now

    def copy_now(self) -> None:
        super().copy_file()
