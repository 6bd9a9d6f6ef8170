"""The case's status changes and the "editable" decision: one place (cases/policies.py), one
writer (cases.actions.transition), and nothing else assigns a case's status."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from cases import actions, policies
from cases.models import Case
from tests.cases.factories import CaseFactory

D, R, REG, DISC = (Case.Status.DRAFT, Case.Status.READY, Case.Status.REGISTERED, "discussed")
STATUSES = (D, R, REG, DISC)

# What the app does today, written out rather than read from the module under test.
ALLOWED = {(D, R), (R, D), (R, REG), (REG, R), (REG, DISC)}


@pytest.mark.parametrize("source", STATUSES)
@pytest.mark.parametrize("target", STATUSES)
def test_transition_table(source, target):
    case = Case(status=source)
    assert policies.can_transition(case, target) is ((source, target) in ALLOWED)


def test_marking_ready_is_for_drafts_only():
    # A registered case gets back to "ready" by leaving the agenda, not from the case page.
    assert policies.can_transition(Case(status=REG), R)
    assert not policies.can_transition(Case(status=REG), R, only_from=D)
    assert policies.can_transition(Case(status=D), R, only_from=D)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (REG, R, "Seul un brouillon peut être marqué prêt (statut actuel : Inscrit en séance)."),
        (DISC, R, "Seul un brouillon peut être marqué prêt (statut actuel : Discuté)."),
        (D, D, "Seul un dossier prêt peut repasser en brouillon (statut actuel : Brouillon)."),
        (
            REG,
            D,
            "Seul un dossier prêt peut repasser en brouillon (statut actuel : Inscrit en séance).",
        ),
        (D, REG, "Seul un dossier « prêt » peut être inscrit (statut actuel : Brouillon)."),
        (DISC, REG, "Seul un dossier « prêt » peut être inscrit (statut actuel : Discuté)."),
        (R, DISC, "Seul un dossier inscrit peut être discuté (statut actuel : Prêt)."),
    ],
)
def test_refusals_say_why_in_french(source, target, message):
    only_from = D if target == R else None
    with pytest.raises(ValidationError) as refused:
        policies.check_can_transition(Case(status=source), target, only_from=only_from)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(("status", "editable"), [(D, True), (R, True), (REG, True), (DISC, False)])
def test_editable_until_discussed(status, editable):
    assert policies.is_editable(Case(status=status)) is editable
    if editable:
        policies.check_editable(Case(status=status))
    else:
        with pytest.raises(ValidationError, match="plus modifiable"):
            policies.check_editable(Case(status=status))


def _user(*perms, centre_id=1):
    return SimpleNamespace(has_perm=lambda perm: perm in perms, centre_id=centre_id)


@pytest.mark.parametrize(
    ("user", "status", "allowed"),
    [
        (_user("cases.view_case", "cases.change_case"), D, True),
        (_user("cases.view_case", "cases.change_case"), REG, True),
        (_user("cases.view_case", "cases.change_case"), DISC, False),
        (_user("cases.view_case", "cases.change_case", centre_id=2), D, False),
        (_user("cases.view_case", "cases.change_case", centre_id=None), D, False),
        (_user("cases.view_case"), D, False),  # a secretary reads, never edits
        (_user(), D, False),
    ],
)
def test_can_edit_case_table(user, status, allowed):
    assert policies.can_edit_case(user, Case(status=status, centre_id=1)) is allowed


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        (_user("cases.add_case"), True),
        (_user("cases.add_case", centre_id=None), False),
        (_user("cases.view_case"), False),
    ],
)
def test_can_create_case_table(user, allowed):
    assert policies.can_create_case(user) is allowed


# --- the one writer ------------------------------------------------------------------------------


def test_transition_bumps_the_version_and_records_who(centre, secretary):
    case = CaseFactory(centre=centre, status=R)
    version = case.version
    fresh = actions.transition(case=case, to=REG, by=secretary)
    assert fresh.status == case.status == REG  # the caller's object follows
    assert fresh.version == case.version == version + 1
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.version) == (REG, version + 1)
    last = stored.history.first()
    assert (last.status, last.history_user) == (REG, secretary)


def test_transition_refused_changes_nothing(centre, secretary):
    case = CaseFactory(centre=centre, status=D)
    with pytest.raises(ValidationError, match="Seul un dossier « prêt » peut être inscrit"):
        actions.transition(case=case, to=REG, by=secretary)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.version) == (D, case.version)
    assert stored.history.count() == 1


def test_transition_checks_the_stored_status_not_the_callers_copy(centre, secretary):
    case = CaseFactory(centre=centre, status=R)
    stale = Case.objects.get(pk=case.pk)
    actions.transition(case=case, to=REG, by=secretary)
    with pytest.raises(ValidationError):
        actions.transition(case=stale, to=D, by=secretary)  # ready → draft, but it is registered
    assert Case.objects.get(pk=case.pk).status == REG


# --- nobody else writes a case's status ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path("cases/actions.py")
WRITE_CALLS = {"update", "create", "get_or_create", "update_or_create", "Case"}


def _mentions(node: ast.AST, text: str) -> bool:
    return text in ast.unparse(node)


def _case_like(node: ast.AST) -> bool:
    """`case.status`, `fresh_case.status`, `item.case.status`…"""
    return "case" in ast.unparse(node).lower()


def status_writes(source: str) -> list[int]:
    """Line numbers where `source` writes a case's status outside the actions."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets, value = [node.target], node.value
        for target in targets:
            for leaf in ast.walk(target):
                if (
                    isinstance(leaf, ast.Attribute)
                    and leaf.attr == "status"
                    and (_case_like(leaf.value) or _mentions(value, "Case.Status"))
                ):
                    found.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ast.unparse(node.func)
        if name == "setattr" and len(node.args) >= 3:
            obj, attr, value = node.args[:3]
            if ast.unparse(attr) in ("'status'", '"status"') and (
                _case_like(obj) or _mentions(value, "Case.Status")
            ):
                found.append(node.lineno)
        if name in WRITE_CALLS:
            for keyword in node.keywords:
                if keyword.arg == "status" and (
                    _mentions(keyword.value, "Case.Status")
                    or name == "Case"
                    or _mentions(node.func, "Case.")
                ):
                    found.append(node.lineno)
    return found


def _app_modules():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for package in config["tool"]["importlinter"]["root_packages"]:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts and relative != WRITER:
                yield relative


@pytest.mark.parametrize(
    "snippet",
    [
        "case.status = Case.Status.READY",
        "item.case.status = 'discussed'",
        "fresh.status = Case.Status.DRAFT",
        "setattr(case, 'status', 'ready')",
        "Case.objects.filter(pk=1).update(status=Case.Status.DISCUSSED)",
        "Case.objects.filter(pk=1).update(status=target)",
        "Case(centre=centre, status='ready')",
        "Case.objects.create(centre=centre, status=Case.Status.READY)",
    ],
)
def test_the_scan_sees_a_status_write(snippet):
    assert status_writes(snippet) == [1]


@pytest.mark.parametrize(
    "snippet",
    [
        "cases.filter(status=Case.Status.READY)",
        "referral.status = Referral.Status.REGISTERED",
        "session.status = BoardSession.Status.LOCKED",
        "if case.status == Case.Status.READY: pass",
    ],
)
def test_the_scan_ignores_reads_and_other_models(snippet):
    assert status_writes(snippet) == []


def test_only_the_actions_write_a_case_status():
    modules = list(_app_modules())
    assert len(modules) > 50  # the scan does see the apps
    offenders = [
        f"{path}:{line}"
        for path in modules
        for line in status_writes((ROOT / path).read_text(encoding="utf-8"))
    ]
    assert offenders == [], "Change a case's status with cases.actions.transition"
