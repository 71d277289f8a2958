"""Every error graphx raises: one tree in graphx/errors.py, exported from `graphx`, each with the exit code the
README's table documents."""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import graphx
from graphx import errors

ROOT = Path(__file__).resolve().parents[1]


def _error_classes() -> list[type[Exception]]:
    return [value for _, value in inspect.getmembers(errors, inspect.isclass)
            if issubclass(value, Exception) and value.__module__ == "graphx.errors"]


def test_every_exception_class_graphx_defines_lives_in_errors_py():
    """Except the HTTP layer's two signals to requests (BodyTooLarge, DeadlineExceeded): they must be requests
    exceptions to travel through its hooks, and fetch_json turns them into a SourceError before returning."""
    defined_elsewhere = []
    for path in (ROOT / "graphx").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bases = [ast.unparse(b) for b in node.bases] if isinstance(node, ast.ClassDef) else []
            if any(re.search(r"Error|Exception|Miss|Limited|Refused|Build$", b) for b in bases) and not all(
                b.startswith("requests.") for b in bases
            ):
                defined_elsewhere.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert defined_elsewhere == []


def test_every_user_facing_error_is_exported_from_graphx():
    user_facing = [cls.__name__ for cls in _error_classes() if issubclass(cls, errors.GraphxError)]
    assert sorted(user_facing) == sorted(name for name in user_facing if name in graphx.__all__)
    assert all(getattr(graphx, name) is getattr(errors, name) for name in user_facing)


def test_each_error_exits_with_a_code_the_readme_documents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| exit | meaning |"):]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    codes = {cls.__name__: cls.exit_code for cls in _error_classes() if issubclass(cls, errors.GraphxError)}
    assert {name: code for name, code in codes.items() if code not in documented} == {}
    assert {1, 2, 3, 4, 130} <= documented


def test_exit_codes_follow_the_tree():
    assert errors.InputError.exit_code == 2
    assert errors.IncompleteBuild.exit_code == 3
    assert errors.SetupError.exit_code == 4
    assert errors.RateLimited.exit_code == errors.SourceError.exit_code == errors.GraphxError.exit_code == 1
    assert issubclass(errors.RateLimited, errors.SourceError) and issubclass(errors.KeyRefused, errors.SourceError)
