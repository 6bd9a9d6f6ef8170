"""The referral from the decision page: a validated regional fiche is its source."""

from __future__ import annotations

import pytest
from django.urls import reverse

from boards.models import Board
from decisions import actions as decision_actions
from referrals.models import Referral
from tests.decisions.helpers import concordant, held_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def validated(centre, secretary, other_clinician):
    held = held_session(centre=centre, coordinator=other_clinician)
    decision = decision_actions.save_decision(
        item=held.prrt_item,
        data=concordant(
            option_codes=["ssa_antitumour"],
            conditions={"ssa_antitumour:rcp_validation": (True, "")},
        ),
        by=secretary,
    )
    return decision_actions.validate_decision(decision=decision, by=other_clinician)


def test_the_decision_page_links_to_the_referral_and_the_referral_records_its_source(
    secretary_client, validated
):
    page = secretary_client.get(reverse("decisions:detail", args=[validated.pk])).content.decode()
    url = reverse("referrals:create", args=[validated.case_id]) + f"?decision={validated.pk}"
    assert url.replace("&", "&amp;") in page or url in page
    form_page = secretary_client.get(url)
    assert form_page.status_code == 200
    assert f"fiche RCP n° {validated.pk}" in form_page.content.decode()
    national = Board.objects.get(level=Board.Level.NATIONAL)
    response = secretary_client.post(
        url,
        {
            "to_board": national.pk,
            "reason": form_page.context["form"]["reason"].value(),
            "regional_opinion": form_page.context["form"]["regional_opinion"].value(),
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.decision_id == validated.pk
    assert referral.from_board == validated.item.session.board
    assert referral.regional_opinion


def test_a_draft_or_foreign_decision_is_not_a_source(secretary_client, validated, centre):
    from tests.cases.factories import metastatic_case

    other_case = metastatic_case(centre=centre, status="ready")
    url = reverse("referrals:create", args=[other_case.pk]) + f"?decision={validated.pk}"
    page = secretary_client.get(url).content.decode()
    assert "fiche RCP n°" not in page
