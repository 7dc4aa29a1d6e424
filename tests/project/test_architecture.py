"""The apps' imports run one way: reports uses assessment; exchange and api use both, never the
reverse, nor each other; and no module of app code imports itself back through others (imports
inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

APP_PACKAGES = ("assessment", "reports", "exchange", "api", "config")


def app_modules() -> dict[str, Path]:
    """Every module of app code by dotted name (a package by its own name)."""
    modules = {}
    for package in APP_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """The dotted names a module's source imports, anywhere in it; relative imports resolved."""
    names = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the app modules it imports (the most specific module each import names)."""
    modules = app_modules()

    def app_module(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        imported = imported_names(path.read_text(), name, path.name == "__init__.py")
        graph[name] = {target for target in map(app_module, imported) if target} - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        ("assessment", "reports"),
        ("assessment", "exchange"),
        ("assessment", "api"),
        ("reports", "exchange"),
        ("reports", "api"),
        ("exchange", "api"),
        ("api", "exchange"),
    ],
)
def test_imports_run_one_way(app: str, forbidden: str) -> None:
    graph = import_graph()
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.split(".")[0] == app
        for target in targets
        if target.split(".")[0] == forbidden
    )
    assert wrong == []


def test_no_module_imports_itself_back() -> None:
    assert cycles(import_graph()) == []


def test_the_graph_sees_imports_inside_functions_and_relative_ones() -> None:
    source = "def later():\n    from reports import tasks\nfrom . import models\n"
    assert imported_names(source, "reports.issuing", is_package=False) == {
        "reports",
        "reports.tasks",
        "reports.models",
    }
    graph = import_graph()
    assert "assessment.results" in graph["reports.presentation"]
    assert "assessment.access" in graph["api.views.data"]
    assert "assessment.scoring.breakdown" in graph["assessment.results"]


def test_cycles_are_found_through_other_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
