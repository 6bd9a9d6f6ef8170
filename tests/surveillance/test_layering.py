"""Apps import downwards only: surveillance builds on cases and the engine; indicators reads
every app and nothing imports it."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

BELOW_SURVEILLANCE = ("accounts", "guidelines", "boards", "cases", "audit")
OTHER_APPS = ("board_sessions", "dossiers", "decisions")


def _top_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _app_imports(app: str, *, skip: tuple[str, ...] = ()) -> dict[str, set[str]]:
    root = Path(settings.BASE_DIR) / app
    return {
        str(path.relative_to(settings.BASE_DIR)): _top_imports(path)
        for path in root.rglob("*.py")
        if path.name not in skip
    }


def test_surveillance_imports_only_lower_apps():
    project_apps = {*BELOW_SURVEILLANCE, *OTHER_APPS, "indicators", "surveillance"}
    for path, names in _app_imports("surveillance").items():
        assert names & project_apps <= {*BELOW_SURVEILLANCE, "surveillance"}, path


def test_nothing_below_imports_surveillance_or_indicators():
    for app in (*BELOW_SURVEILLANCE, *OTHER_APPS):
        if not (Path(settings.BASE_DIR) / app).is_dir():
            continue
        for path, names in _app_imports(app).items():
            assert not names & {"surveillance", "indicators"}, path
    for path, names in _app_imports("surveillance").items():
        assert "indicators" not in names, path
