"""MkDocs hooks file (mkdocs.yml ``hooks:``): Tifa's adapter, ``tifa_mkdocs``.

MkDocs loads this file by path and imports it again on every rebuild of ``mkdocs
serve``; the adapter and its state live in a package imported once per process.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # MkDocs loads hooks by file path

from tifa_mkdocs.plugin import ADAPTER, EVENTS  # noqa: E402

globals().update({event: getattr(ADAPTER, event) for event in EVENTS})
