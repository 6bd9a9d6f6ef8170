"""Apps import downwards only: decisions builds on the others, none of them imports it."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

LOWER_APPS = ("accounts", "guidelines", "boards", "cases", "board_sessions", "dossiers", "audit")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_lower_app_imports_decisions():
    offenders = []
    for app in LOWER_APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if any(name.split(".")[0] == "decisions" for name in _imports(path)):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_decisions_imports_only_what_the_issue_allows():
    # renaten: the project's shared helpers (text limits, private files).
    allowed = {*LOWER_APPS, "decisions", "renaten", "django", "celery", "__future__"}
    stdlib = {"dataclasses", "datetime", "typing", "collections", "logging", "smtplib", "pathlib"}
    seen = set()
    for path in (Path(settings.BASE_DIR) / "decisions").rglob("*.py"):
        seen |= {name.split(".")[0] for name in _imports(path)}
    assert seen - allowed - stdlib == set()
