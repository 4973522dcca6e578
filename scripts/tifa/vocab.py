"""Controlled vocabularies read from the schemas, the one place they are defined."""
from __future__ import annotations

import json

from tifa.data.schema import SCHEMA_DIR

_COMMON = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))["$defs"]

# series id -> its title, e.g. "jiangsu-delegation" -> "Xi Jinping with the Jiangsu delegation…"
SERIES: dict[str, str] = dict(_COMMON["series"]["x-titles"])
