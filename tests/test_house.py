"""The shape of the code, as the next maintainer needs it (issue 17): small modules and
functions, imports that go one way, a pure core, one thin adapter, and MkDocs's
internals used only where they are declared and still exist."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from helpers import ROOT

SCRIPTS = ROOT / "scripts"
PACKAGES = ("tifa", "tifa_mkdocs", "tifa_bench")
MODULE_LINES, FUNCTION_LINES, ADAPTER_LINES = 400, 60, 250


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the three packages."""
    out = {}
    for package in PACKAGES:
        for path in sorted((SCRIPTS / package).rglob("*.py")):
            parts = path.relative_to(SCRIPTS).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports(path: Path, name: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import of a module, at any depth."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Imports for type annotations only (under `if TYPE_CHECKING:`) never run.
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.append((base, [alias.name for alias in node.names], node.lineno))
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, names, _ in imports(path, name):
            for candidate in [f"{target}.{n}" for n in names] + [target]:
                if candidate in known and candidate != name:
                    edges[name].add(candidate)
                    break
    return edges


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MODULE_LINES:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > FUNCTION_LINES:
                too_long.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert not too_long


def test_the_adapter_module_is_small_and_the_hooks_file_a_shim():
    assert len((SCRIPTS / "tifa_mkdocs" / "plugin.py").read_text().splitlines()) < ADAPTER_LINES
    assert len((SCRIPTS / "hooks.py").read_text().splitlines()) < 20


def test_no_import_cycle():
    """Depth-first search, iterative, over the imports between the packages' modules
    (imports inside functions too: a cycle hidden there is still a cycle)."""
    edges = graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in edges:
        if start in state:
            continue
        path, stack = [start], [iter(sorted(edges[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join(path[path.index(nxt) :] + [nxt]))
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(edges[nxt])))


def test_no_module_imports_another_modules_private_names():
    known = modules()
    found = [
        f"{name}:{line} takes {n} from {target}"
        for name, path in known.items()
        for target, names, line in imports(path, name)
        if target in known and target != name
        for n in names
        if n.startswith("_") and n != "__version__"
    ]
    assert not found


def test_the_core_never_imports_mkdocs_and_the_product_never_the_benchmark():
    for name, path in modules().items():
        taken = {target.split(".")[0] for target, _, _ in imports(path, name)}
        if name.startswith("tifa.") or name == "tifa":
            assert "mkdocs" not in taken and "tifa_mkdocs" not in taken, name
            assert "tifa_bench" not in taken or name == "tifa.cli", name  # `tifa bench` runs it


def test_mkdocs_internals_are_the_ones_this_mkdocs_has():
    """private.py names MkDocs internals; this fails when an MkDocs upgrade changes them
    (then update private.py, or serving falls back to MkDocs's own, slower rebuild)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.livereload import LiveReloadServer

    from tifa_mkdocs import private

    assert private.available()
    assert list(inspect.signature(mkdocs_build._populate_page).parameters)[:3] == ["page", "config", "files"]
    assert list(inspect.signature(mkdocs_build._build_page).parameters)[:5] == ["page", "config", "doc_files", "nav", "env"]
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root="/nonexistent")
    assert private.available(server)
    private.request_rebuild(server)
    assert server._want_rebuild is True


def test_private_mkdocs_names_appear_only_in_private_py():
    for path in [*(SCRIPTS / "tifa_mkdocs").glob("*.py"), SCRIPTS / "hooks.py"]:
        if path.name == "private.py":
            continue
        text = path.read_text(encoding="utf-8")
        for name in ("_populate_page", "_build_page", "_want_rebuild", "_rebuild_cond"):
            assert name not in text, f"{path.name} uses {name}"


def test_the_package_example_runs(monkeypatch):
    """tifa/__init__.py's example, run as written (from the project's folder)."""
    import doctest

    import tifa

    monkeypatch.chdir(ROOT)
    assert doctest.testmod(tifa).attempted > 0 and doctest.testmod(tifa).failed == 0
