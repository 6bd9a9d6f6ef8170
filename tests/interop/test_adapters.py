"""From the app's records to conformant documents: the adapters, checked by the ANS kit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from cases.models import Case, Patient
from interop import adapters, codes
from interop.cda import build_frcp, build_pps, to_bytes
from tests.interop import fakes, kit

NS = {"h": "urn:hl7-org:v3"}


@pytest.fixture
def case(centre):
    patient = Patient.objects.create(
        centre=centre,
        family_name="FICTIF-CDA",
        given_names="Alex Marie",
        birth_date=dt.date(1970, 1, 2),
        sex="F",
        ipp="IPP-CDA-1",
    )
    return Case.objects.create(
        centre=centre,
        patient=patient,
        referring_physician="Dr Référent Fictif",
        reason="new_diagnosis",
        question="Quelle prise en charge ?",
        clinical_summary="Cas fictif <b>gras</b> & co.",
        histology="atypical",
        ki67_percent=Decimal("5"),
        tnm_t="T2a",
        tnm_n="N1",
        tnm_m="M0",
    )


def test_tumour_codes_from_the_case(db, case):
    dx = adapters.tumour_diagnosis(case)
    assert (dx.topography.code, dx.morphology.code) == ("C34.9", "8249/3")
    case.histology = "unknown"
    assert adapters.tumour_diagnosis(case).morphology is None


@pytest.mark.parametrize("name", sorted(fakes.DECISION_VARIANTS))
def test_frcp_from_a_fiche_is_conformant(db, case, tmp_path, name):
    fiche = fakes.fiche(case, **fakes.DECISION_VARIANTS[name])
    doc = adapters.frcp_document(fiche, case)
    path = tmp_path / f"{name}.xml"
    path.write_bytes(to_bytes(build_frcp(doc)))
    assert doc.quorum == ("not_reached" if name == "no_quorum" else "reached")
    found = kit.layers(path, "FRCP")
    assert found == {"xsd": [], "volet": [], "generic": []}


def test_frcp_setid_follows_the_fiche_versions(db, case):
    first = adapters.frcp_document(fakes.fiche(case), case)
    second = adapters.frcp_document(
        fakes.fiche(case, version=2, supersedes_version=1, correction_reason="Erreur de saisie"),
        case,
    )
    assert first.set_id == second.set_id
    assert first.document_id != second.document_id
    assert second.version == 2 and "corrigeant la version 1" in second.comment


def test_no_quorum_keeps_no_coded_proposal(db, case):
    fiche = fakes.fiche(case, **fakes.DECISION_VARIANTS["no_quorum"])
    doc = adapters.frcp_document(fiche, case)
    assert doc.proposals == ()
    assert "représenter" in doc.proposal_text


def test_cpc_option_maps_to_other_drug_with_the_frame_in_text(db, case):
    doc = adapters.frcp_document(
        fakes.fiche(case, **fakes.DECISION_VARIANTS["cpc_lutathera"]), case
    )
    (proposal,) = doc.proposals
    assert proposal.type == codes.OTHER_DRUG
    assert proposal.label.startswith("RIV Lutathera") and "CPC" in proposal.detail


def test_pps_from_issued_care_plan_is_conformant(db, case, tmp_path):
    doc = adapters.pps_document(fakes.pps(case), case)
    path = tmp_path / "pps.xml"
    path.write_bytes(to_bytes(build_pps(doc)))
    text = etree.tostring(etree.parse(str(path)), encoding="unicode")
    assert "&lt;fictif&gt; &amp;" in text  # escaped by construction
    assert kit.layers(path, "PPS") == {"xsd": [], "volet": [], "generic": []}
