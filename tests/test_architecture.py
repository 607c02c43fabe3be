"""The model layer knows nothing of the terminal (STYLE.md, "Structure"), and no
module of Floor imports itself back through others."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import models
from tests.replay import ROOT


def test_models_import_neither_textual_nor_rich():
    modules = [f"models.{m.name}" for m in pkgutil.iter_modules(models.__path__)]
    assert "models.procedure" in modules and "models.minutes" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"models/ pulled in: {out.stdout.strip()}"


def _own_modules() -> dict[str, Path]:
    """Every module of Floor's models/ and tui/ packages, by dotted name."""
    modules: dict[str, Path] = {}
    for package in ("models", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, own: dict[str, Path]) -> set[str]:
    """Floor's modules that ``name`` imports anywhere in its source (module
    level, inside functions, classes or ``if`` blocks alike). ``import a.b.c``
    and ``from a.b import c`` (c a module) count as importing ``a.b.c`` only:
    a package's ``__init__`` importing its submodules, and a submodule
    importing a sibling (``models.procedure.common``), are not circles."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in own else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in own:  # "models.tables.Meeting" → "models.tables"
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_import_graph_has_no_cycles():
    """No module of models/ or tui/ imports itself back through others, not even
    from inside a function (issue 7, point 6): the record's model knows nothing
    of writing files, the exports write files from it, and the text helpers
    they share live in a module that imports neither."""
    own = _own_modules()
    assert {"models.minutes", "models.exports", "models.summary", "models.procedure.common", "tui.app"} <= set(own)
    graph = {name: _imports(name, path, own) for name, path in own.items()}
    assert "models.procedure.common" in graph["models.procedure.floor"]  # the walk sees imports at all
    cycle = _cycle(graph)
    assert cycle is None, "import circle: " + " → ".join(cycle)
    # the record's model knows nothing of files; the text helpers import neither side
    assert not {"models.exports", "models.summary"} & graph["models.minutes"]
    assert not {"models.exports", "models.minutes"} & graph["models.summary"]
    assert graph["models.unstyle"] == set(), graph["models.unstyle"]


def test_the_cycle_finder_finds_cycles():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
