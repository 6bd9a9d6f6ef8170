"""The administrator's Ki-67 threshold (issue 12, class 9): stored, historised, used, printed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from guidelines.engine import DEFAULT_SETTINGS
from guidelines.models import ProliferationThreshold, engine_settings

pytestmark = pytest.mark.django_db

FACTS = {"histology": "typical", "disease_extent": "metastatic", "ki67_percent": 12}


def test_defaults_until_the_administrator_changes_it():
    assert ProliferationThreshold.objects.count() == 1  # created by the migration
    assert engine_settings() == DEFAULT_SETTINGS


def test_the_setting_is_used_named_and_historised(clinician_client):
    row = ProliferationThreshold.objects.get()
    row.ki67_max, row.reason = Decimal("15"), "Seuil local fictif."
    row.save()
    row.ki67_max = Decimal("20")
    row.save()
    assert ProliferationThreshold.objects.count() == 1
    assert row.history.count() == 2  # both changes kept (the migration's row has none)
    response = clinician_client.post(
        reverse("guidelines:evaluate_api"), FACTS, content_type="application/json"
    )
    low = response.json()["thresholds"]["low_proliferation"]
    assert low["ki67_max"] == 20 and low["is_low"] is True
    assert low["reason"] == "Seuil local fictif."


def test_the_administrator_sets_the_threshold_in_the_admin(admin_client_role):
    row = ProliferationThreshold.objects.get()
    url = reverse("admin:guidelines_proliferationthreshold_change", args=[row.pk])
    response = admin_client_role.post(
        url, {"ki67_max": "12", "reason": "Seuil retenu par le réseau (fictif).", "source": "RCP"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.ki67_max == Decimal("12") and row.updated_by is not None
    bad = admin_client_role.post(url, {"ki67_max": "140", "reason": "x", "source": "y"})
    assert bad.status_code == 200 and "errornote" in bad.content.decode()
    assert engine_settings().low_proliferation_ki67_max == 12
    assert (
        admin_client_role.get(reverse("admin:guidelines_proliferationthreshold_add")).status_code
        == 403
    )
