"""The CDA builders without the kit: what each document says, and what it refuses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from interop import codes
from interop.cda import build_frcp, build_pps, to_bytes
from interop.documents import DocumentError, Identifier, ProposedTreatment
from tests.interop.samples import (
    CONCORDANT,
    CPC_LUTATHERA,
    DECISIONS,
    HORS_REFERENTIEL,
    NO_QUORUM,
    PATIENT,
    PPS,
)

NS = {"h": "urn:hl7-org:v3", "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def xml(doc, builder=build_frcp):
    return etree.fromstring(to_bytes(builder(doc)))


def codes_of(root, xpath):
    return [node.get("code") for node in root.xpath(xpath, namespaces=NS)]


def test_header_type_templates_set_and_version():
    root = xml(replace(CONCORDANT, version=3))
    assert root.xpath("h:code/@code", namespaces=NS) == ["34794-8"]
    assert "1.2.250.1.213.1.1.1.8" in root.xpath("h:templateId/@root", namespaces=NS)
    assert root.xpath("h:setId/@root", namespaces=NS) == [CONCORDANT.set_id.root]
    assert root.xpath("h:versionNumber/@value", namespaces=NS) == ["3"]


def test_legal_authenticator_is_the_validating_coordinator():
    root = xml(CONCORDANT)
    family = root.xpath(
        "h:legalAuthenticator//h:assignedPerson/h:name/h:family/text()", namespaces=NS
    )
    assert family == [CONCORDANT.legal_authenticator.family]


def test_patient_ipp_only_when_identity_not_qualified():
    ids = xml(CONCORDANT).xpath("h:recordTarget/h:patientRole/h:id", namespaces=NS)
    assert [(i.get("root"), i.get("extension")) for i in ids] == [
        (PATIENT.ipp.root, PATIENT.ipp.extension)
    ]


def test_patient_ins_first_when_qualified():
    qualified = replace(PATIENT, ins_qualified=True)
    ids = xml(replace(CONCORDANT, patient=qualified)).xpath(
        "h:recordTarget/h:patientRole/h:id/@root", namespaces=NS
    )
    assert ids == [PATIENT.ins.root, PATIENT.ipp.root]


def test_encounter_carries_network_manager_and_board_ids_and_the_facility():
    root = xml(CONCORDANT)
    roots = root.xpath("h:componentOf/h:encompassingEncounter/h:id/@root", namespaces=NS)
    assert roots[:3] == [codes.RRC_ROOT, codes.RCP_MANAGER_ROOT, codes.RCP_ROOT]
    assert root.xpath("//h:healthCareFacility/h:location/h:name/text()", namespaces=NS)


@pytest.mark.parametrize(("doc", "morphology"), [(CONCORDANT, "8240/3"), (CPC_LUTATHERA, "8249/3")])
def test_diagnosis_icd10_icdo3_and_tnm_loinc(doc, morphology):
    root = xml(doc)
    obs = root.xpath("//h:observation[h:code/@code='282291009']", namespaces=NS)[0]
    assert obs.xpath("h:value/@code", namespaces=NS) == [morphology]
    assert obs.xpath("h:targetSiteCode/@code", namespaces=NS)[0].startswith("C34")
    assert {"75620-5", "21905-5", "21906-3", "21907-1"} <= set(codes_of(obs, ".//h:code"))


@pytest.mark.parametrize(("doc", "quorum"), [(CONCORDANT, "ORG-126"), (NO_QUORUM, "ORG-133")])
def test_quorum_status_and_case_discussed(doc, quorum):
    root = xml(doc)
    assert codes_of(root, "//h:observation[h:code/@code='ORG-125']/h:value") == [quorum]
    assert codes_of(root, "//h:observation[h:code/@code='ORG-127']/h:value") == ["ORG-134"]


def test_cpc_lutathera_uses_the_nearest_value_set_entry_and_names_it_in_text():
    root = xml(CPC_LUTATHERA)
    procedures = root.xpath("//h:procedure", namespaces=NS)
    assert [p.xpath("h:code/@code", namespaces=NS)[0] for p in procedures] == [
        "GEN-092.03.02",
        "C93352",
    ]
    ref = procedures[0].xpath("h:text/h:reference/@value", namespaces=NS)[0][1:]
    content = root.xpath(f"//h:content[@ID='{ref}']/text()", namespaces=NS)
    assert content == ["RIV Lutathera® (177Lu-DOTATATE)"]
    assert (
        "Cadre de prescription compassionnelle (CPC)"
        in to_bytes(build_frcp(CPC_LUTATHERA)).decode()
    )


def test_hors_referentiel_says_so_in_the_framework_section():
    text = to_bytes(build_frcp(HORS_REFERENTIEL)).decode()
    assert "Non (hors référentiel)" in text
    assert HORS_REFERENTIEL.framework_comment in text


def test_no_quorum_has_no_proposal_and_says_the_case_is_presented_again():
    root = xml(NO_QUORUM)
    assert root.xpath("//h:procedure", namespaces=NS) == []
    assert "représenté" in to_bytes(build_frcp(NO_QUORUM)).decode()


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_every_narrative_reference_points_to_an_id_of_the_document(name):
    root = xml(DECISIONS[name])
    ids = set(root.xpath("//@ID"))
    refs = {value[1:] for value in root.xpath("//h:reference/@value", namespaces=NS)}
    assert refs and refs <= ids
    assert len(ids) == len(root.xpath("//@ID"))  # unique


def test_members_in_and_out_of_quorum():
    root = xml(CONCORDANT)
    functions = root.xpath("h:participant[@typeCode='PRF']/h:functionCode/@code", namespaces=NS)
    assert functions == ["353", "353", "353", "CORRE"]


def test_a_proposal_without_quorum_is_refused():
    with pytest.raises(DocumentError, match="quorum"):
        replace(NO_QUORUM, proposals=CONCORDANT.proposals)


def test_bad_identifiers_and_unbounded_text_are_refused():
    with pytest.raises(DocumentError, match="OID"):
        Identifier("not-an-oid")
    with pytest.raises(DocumentError, match="caractères"):
        ProposedTreatment(type=codes.SURGERY, label="x" * 301)


@settings(max_examples=30, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=200)
)
def test_free_text_is_escaped_by_construction(text):
    doc = replace(CONCORDANT, proposal_text=text, question=text)
    root = etree.fromstring(to_bytes(build_frcp(doc)))
    assert text in "".join(root.itertext())


def test_pps_header_and_calendar():
    root = xml(PPS, build_pps)
    assert root.xpath("h:code/@code", namespaces=NS) == ["18776-5"]
    assert "1.2.250.1.213.1.1.1.26" in root.xpath("h:templateId/@root", namespaces=NS)
    kinds = root.xpath("//h:procedure/h:code/@code", namespaces=NS)
    assert kinds == ["MED-568", "MED-571"]
    assert root.xpath("//h:procedure/h:code/h:qualifier/h:value/@code", namespaces=NS) == [
        "387713003",
        "MED-092",
    ]


def test_pps_never_uses_the_frcp_only_drug_entry():
    assert codes.pps_treatment_type("prrt_lutathera") == codes.OTHER_TREATMENT


def test_every_contract_treatment_has_a_value_set_entry():
    from cases.choices import Treatment

    assert set(Treatment.values) <= set(codes.TREATMENT_TYPE)
