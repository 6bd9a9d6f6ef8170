"""The exported FRCP and PPS against the ANS's own checks (kit in INTEROP_KIT_DIR).

Done when: XSD + volet schematron report 0 failed assertions for the four demo decisions
(concordant, hors référentiel, CPC Lutathera®, no quorum) and the PPS; the generic
content-model layer reports no more failures than ANS's own example. Skipped, with the reason,
where the kit is absent.
"""

from __future__ import annotations

from functools import cache

import pytest
from lxml import etree

from interop.cda import build_frcp, build_pps, to_bytes
from tests.interop import kit
from tests.interop.samples import DECISIONS, PPS

FRCP_EXAMPLE = "CANCER-FRCP_2022.01_Appareil.xml"
PPS_EXAMPLE = "CANCER-PPS_2022.01_Autopresentable.xml"


@cache
def baseline(name: str, volet: str) -> dict[str, list[str]]:
    return kit.layers(kit.example(name), volet)


def _write(tmp_path, name, tree) -> object:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(to_bytes(tree))
    return path


def test_the_kit_accepts_ans_example_as_its_readme_says():
    found = baseline(FRCP_EXAMPLE, "FRCP")
    assert found["xsd"] == [] and found["volet"] == []
    assert len(found["generic"]) == 1  # an author-specialty value-set assertion


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_frcp_of_each_demo_decision_passes_xsd_volet_and_generic(tmp_path, name):
    found = kit.layers(_write(tmp_path, name, build_frcp(DECISIONS[name])), "FRCP")
    assert found["xsd"] == []
    assert found["volet"] == []
    assert len(found["generic"]) <= len(baseline(FRCP_EXAMPLE, "FRCP")["generic"])
    assert found["generic"] == []


def test_pps_passes_xsd_volet_and_generic(tmp_path):
    found = kit.layers(_write(tmp_path, "pps", build_pps(PPS)), "PPS")
    assert found == {"xsd": [], "volet": [], "generic": []}
    assert len(found["generic"]) <= len(baseline(PPS_EXAMPLE, "PPS")["generic"])


def test_the_checks_are_not_vacuous_a_document_without_tnm_fails(tmp_path):
    """Negative control: remove the T category and the FRCP volet must say so."""
    tree = build_frcp(DECISIONS["concordant"])
    for code in tree.iter("{urn:hl7-org:v3}code"):
        if code.get("code") == "21905-5":
            code.set("code", "00000-0")
    found = kit.layers(_write(tmp_path, "broken", tree), "FRCP", only=("volet",))
    assert any("'T'" in failure for failure in found["volet"])


def test_the_checks_are_not_vacuous_an_unknown_quorum_code_fails(tmp_path):
    tree = build_frcp(DECISIONS["no_quorum"])
    for value in tree.iter("{urn:hl7-org:v3}value"):
        if value.get("code") == "ORG-133":
            value.set("code", "ORG-999")
    found = kit.layers(_write(tmp_path, "bad-quorum", tree), "FRCP", only=("volet",))
    assert any("StatutQuorum" in failure for failure in found["volet"])


def test_the_xsd_refuses_a_misplaced_element(tmp_path):
    tree = build_frcp(DECISIONS["concordant"])
    root = tree.getroot()
    root.insert(0, etree.Element("{urn:hl7-org:v3}versionNumber", value="2"))
    assert kit.layers(_write(tmp_path, "misplaced", tree), "FRCP", only=("xsd",))["xsd"]
