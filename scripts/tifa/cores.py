"""How many processes share the work that can be shared: checking files, rendering pages."""

from __future__ import annotations

import os


def default_workers() -> int:
    """TIFA_WORKERS, else two where there are two cores and processes can fork (each
    process more holds its own copy of the pages of memory it touches)."""
    wanted = os.environ.get("TIFA_WORKERS")
    if wanted:
        return max(1, int(wanted))
    return 2 if (os.cpu_count() or 1) >= 2 and hasattr(os, "fork") else 1
