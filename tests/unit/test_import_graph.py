"""The package's stages import one way: no cycle between them, not even through an import
made inside a function (which would only hide the cycle), and the pages and the exports
take their paths from generator.urls rather than from each other (issue #21)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from support import REPO_ROOT

PACKAGE = REPO_ROOT / "generator"


def _module(path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str:
    """generator.render.pages -> generator.render; generator.urls -> generator.urls."""
    return ".".join(module.split(".")[:2])


def _imports(path) -> Iterator[str]:
    """Every generator module ``path`` imports, at the top or inside a function, but not
    under `if TYPE_CHECKING:` (never run)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def walk(node: ast.AST) -> Iterator[str]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                yield from (alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join([*up, base] if base else up)
                yield base
                yield from (f"{base}.{alias.name}" for alias in child.names)
            else:
                yield from walk(child)

    for name in walk(ast.parse(path.read_text(encoding="utf-8"))):
        if name == "generator" or name.startswith("generator."):
            yield name


def _stage_graph() -> dict[str, set[str]]:
    modules = {_module(path) for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        source = _stage(_module(path))
        for name in _imports(path):
            if name in modules and _stage(name) not in (source, "generator"):
                graph.setdefault(source, set()).add(_stage(name))
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_cycle_between_stages_even_through_deferred_imports() -> None:
    graph = _stage_graph()
    assert "generator.render" in graph and "generator.export" in graph  # the walk found them
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_pages_and_exports_share_paths_through_urls_only() -> None:
    graph = _stage_graph()
    assert "generator.export" not in graph["generator.render"]
    assert "generator.render" not in graph["generator.export"]
    assert "generator.urls" in graph["generator.render"] & graph["generator.export"]
    assert not graph.get("generator.urls")  # below everything that names a path


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None
