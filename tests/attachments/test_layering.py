"""Apps import downwards only: accounts, guidelines, boards, cases, audit < attachments <
board_sessions < dossiers; referrals sits above board_sessions and decisions (it links a
referral to the regional board's validated decision)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.decisions.test_layering import _imports

BELOW_ATTACHMENTS = ("accounts", "guidelines", "boards", "cases", "audit")
ABOVE = {
    "attachments": {*BELOW_ATTACHMENTS},
    "referrals": {*BELOW_ATTACHMENTS, "attachments", "board_sessions", "decisions"},
}


def _top_level_imports(app: str) -> set[str]:
    seen = set()
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        seen |= {name.split(".")[0] for name in _imports(path)}
    return seen


@pytest.mark.parametrize("app", BELOW_ATTACHMENTS)
def test_lower_apps_do_not_import_attachments_or_referrals(app):
    assert not _top_level_imports(app) & {"attachments", "referrals"}


@pytest.mark.parametrize("app", ["board_sessions", "dossiers", "decisions"])
def test_no_app_below_referrals_imports_it(app):
    assert "referrals" not in _top_level_imports(app)


@pytest.mark.parametrize("app", sorted(ABOVE))
def test_attachments_and_referrals_import_only_below(app):
    project_apps = {*BELOW_ATTACHMENTS, "attachments", "board_sessions", "dossiers", "decisions",
                    "referrals"}  # fmt: skip
    imported = _top_level_imports(app) & project_apps
    assert imported - {app} <= ABOVE[app]
