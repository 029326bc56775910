"""The layout holds: no project import hides inside a function, and no two modules import each
other, directly or round a longer circle. (`lint-imports` holds the layers between apps.)"""

import ast
from pathlib import Path

import grimp
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = sorted(
    config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()
)


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_names(node: ast.AST) -> list[tuple[str, int]]:
    if isinstance(node, ast.ImportFrom):
        return [(("." if node.level else "") + (node.module or ""), node.lineno)]
    if isinstance(node, ast.Import):
        return [(alias.name, node.lineno) for alias in node.names]
    return []


def _is_project_import(name: str) -> bool:
    return name.startswith(".") or name.split(".")[0] in PROJECT_APPS


def test_no_project_import_sits_inside_a_function():
    """Except in AppConfig.ready(), where Django asks for them: models cannot be imported
    while the app registry is being filled."""
    found = []
    for package in PROJECT_APPS:
        for path in _modules(package):
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if path.name == "apps.py" and function.name == "ready":
                    continue
                for node in ast.walk(function):
                    for name, line in _imported_names(node):
                        if _is_project_import(name):
                            found.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert found == []


def test_no_circle_between_modules():
    graph = grimp.build_graph(*PROJECT_APPS)
    modules = {module for module in graph.modules if ".migrations" not in module}
    circles = []
    for module in sorted(modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in modules and imported != module:
                back = graph.find_shortest_chain(importer=imported, imported=module)
                if back:
                    circles.append((module, *back))
    assert circles == []


def test_the_shared_app_has_no_models():
    assert list(apps.get_app_config("sitewide").get_models()) == []
