"""`.env.example` names every variable the settings read, so an operator can see them all."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_METHODS = {"str", "bool", "int", "float", "list", "tuple", "dict", "json", "url", "db",
               "db_url", "cache", "cache_url", "email", "email_url", "search_url", "path"}  # fmt: skip


def variables_read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "cja_site" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        function = node.func
        reads_env = (isinstance(function, ast.Name) and function.id == "env") or (
            isinstance(function, ast.Attribute)
            and function.attr in ENV_METHODS
            and isinstance(function.value, ast.Name)
            and function.value.id == "env"
        )
        if reads_env and isinstance(node.args[0], ast.Constant):
            names.add(node.args[0].value)
    return names


def variables_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_read():
    read = variables_read_by_settings()
    assert {"SECRET_KEY", "SITE_URL", "DATABASE_URL", "MEDIA_ROOT"} <= read  # the parser works
    assert sorted(read - variables_in_env_example()) == []


def test_env_example_lists_nothing_the_settings_ignore():
    assert sorted(variables_in_env_example() - variables_read_by_settings()) == []
