"""Every free-text field has a size that fits its use, checked by the form, the model (actions,
imports) and the import command; request bodies are capped before they are parsed."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from board_sessions.models import BoardSession
from boards.models import Board
from cases.models import Case, Patient
from tests.board_sessions.factories import BoardFactory, BoardSessionFactory
from tests.cases.factories import metastatic_case
from tests.cases.helpers import form_data

pytestmark = pytest.mark.django_db

PROJECT_APPS = {
    "accounts", "audit", "board_sessions", "boards", "cases", "decisions", "dossiers", "guidelines",
}  # fmt: skip

CASE_TEXTS = {
    "discovery_circumstances": 2000,
    "comorbidities": 2000,
    "clinical_summary": 5000,
    "question": 2000,
}


def _project_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                yield model, field


def test_every_text_field_of_the_project_is_bounded_in_the_model():
    unbounded = []
    for model, field in _project_text_fields():
        bounded = field.max_length and any(
            isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length
            for v in field.validators
        )
        if not bounded:
            unbounded.append(f"{model._meta.label}.{field.name}")
    assert unbounded == []


@pytest.mark.parametrize(("field", "limit"), sorted(CASE_TEXTS.items()))
def test_the_case_form_takes_the_limit_and_refuses_one_more(clinician_client, field, limit):
    url = reverse("cases:create")
    too_long = clinician_client.post(url, form_data(**{field: "é" * (limit + 1)}))
    assert too_long.status_code == 400
    assert too_long.context["form"].errors[field]
    assert Case.objects.count() == 0 and Patient.objects.count() == 0
    page = clinician_client.get(url).content.decode()
    assert f'maxlength="{limit}"' in page  # the browser stops typing there too
    assert clinician_client.post(url, form_data(**{field: "é" * limit})).status_code == 302
    assert len(getattr(Case.objects.get(), field)) == limit


@pytest.mark.parametrize(("field", "limit"), sorted(CASE_TEXTS.items()))
def test_the_model_refuses_past_the_limit(centre, field, limit):
    case = metastatic_case(centre=centre)
    setattr(case, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert field in refused.value.message_dict


def test_session_notes_are_bounded(secretary_client, centre, secretary):
    board = BoardFactory()
    session = BoardSessionFactory(board=board, organiser_centre=centre, created_by=secretary)
    data = {
        "board": board.pk,
        "starts_at": (timezone.now() + timezone.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Salle A",
        "notes": "n" * 2001,
    }
    response = secretary_client.post(reverse("board_sessions:edit", args=[session.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["notes"]
    assert BoardSession.objects.get(pk=session.pk).notes == session.notes


@pytest.mark.parametrize(("field", "limit"), [("address", 500), ("notes", 2000)])
def test_board_texts_are_bounded(field, limit):
    board = BoardFactory()
    setattr(board, field, "b" * (limit + 1))
    with pytest.raises(ValidationError):
        board.full_clean()
    assert Board.objects.get(pk=board.pk)


def test_an_import_with_an_over_long_text_is_refused_and_changes_nothing(
    centre, other_centre, tmp_path
):
    case = metastatic_case(centre=centre)
    out = io.StringIO()
    call_command("export_case", str(case.pk), stdout=out)
    data = copy.deepcopy(json.loads(out.getvalue()))
    data["case"]["clinical_summary"] = "s" * 5001
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = (Case.objects.count(), Patient.objects.count())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_case", str(path), "--centre", str(other_centre.pk), stderr=err)
    assert "clinical_summary" in err.getvalue() or "résumé clinique" in err.getvalue()
    assert (Case.objects.count(), Patient.objects.count()) == before


def test_a_body_past_the_cap_is_refused_before_parsing(clinician, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client = Client(raise_request_exception=False)
    client.force_login(clinician)
    response = client.post(reverse("cases:create"), form_data(question="q" * 70_000))
    assert response.status_code == 400
    assert Case.objects.count() == 0
    api = client.post(
        reverse("guidelines:evaluate_api"), b" " * 70_000, content_type="application/json"
    )
    assert api.status_code in (400, 413)


def test_the_default_cap_takes_the_largest_legitimate_case_form(clinician_client, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 1024 * 1024
    full = form_data(**{name: "🫁" * limit for name, limit in CASE_TEXTS.items()})
    assert clinician_client.post(reverse("cases:create"), full).status_code == 302
