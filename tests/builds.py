"""Real builds shared by several test modules: each is made once per test session.

* ``real_site``: the project's code and pages with the fixture corpus (tests/fixtures/corpus);
* ``hostile_site``: the same plus the hostile corpus of tests/hostile_corpus.py.

Both are copies in pytest's temporary folder (helpers.copy_project), built with the real
``mkdocs build --strict``; the project's own site/ is never touched.
"""

from __future__ import annotations

from pathlib import Path

import hostile_corpus
from helpers import copy_project, mkdocs_build

_built: dict[str, Path] = {}


def _build(name: str, tmp_path_factory, hostile: bool) -> Path:
    """The built project folder (its site/ inside). Fails the calling test if the build fails."""
    if name not in _built:
        project = copy_project(tmp_path_factory.mktemp(name))
        if hostile:
            hostile_corpus.write(project / "annotations")
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr[-4000:]
        _built[name] = project
    return _built[name]


def real_site(tmp_path_factory) -> Path:
    return _build("real", tmp_path_factory, hostile=False)


def hostile_site(tmp_path_factory) -> Path:
    return _build("hostile", tmp_path_factory, hostile=True)
