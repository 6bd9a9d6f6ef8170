"""Round trip: what the CDA fiche says (coded entries and narrative) against the PDF fiche.

The CDA and the PDF are built from the same fiche; this check reads the CDA back and looks
for the same version, participants, quorum and proposal in the PDF's text, so that a change
to one of them that the other misses is caught. Pure module: lxml only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

NS = {"h": "urn:hl7-org:v3"}


@dataclass(frozen=True)
class FicheFacts:
    version: int
    participants: tuple[str, ...]
    quorum: str  # the value set's label: "Quorum atteint" / "Quorum non atteint"
    proposals: tuple[str, ...]  # the precise treatments the coded entries point to


def _narrative(root, reference: str) -> str:
    found = root.xpath("//h:*[@ID=$id]", namespaces=NS, id=reference.lstrip("#"))
    return "".join(found[0].itertext()).strip() if found else ""


def cda_facts(tree) -> FicheFacts:
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    quorum = root.xpath(
        "//h:observation[h:code/@code='ORG-125']/h:value/@displayName", namespaces=NS
    )
    narrative_quorum = root.xpath(
        "//h:observation[h:code/@code='ORG-125']/h:text/h:reference/@value", namespaces=NS
    )
    if quorum and narrative_quorum and _narrative(root, narrative_quorum[0]) != quorum[0]:
        raise ValueError("CDA: the quorum narrative and its coded entry disagree")
    participants = tuple(
        " ".join(
            "".join(part.itertext()).strip()
            for part in name
            if etree.QName(part).localname in ("given", "family")
        ).strip()
        for name in root.xpath(
            "h:participant[@typeCode='PRF']/h:associatedEntity/h:associatedPerson/h:name",
            namespaces=NS,
        )
    )
    proposals = tuple(
        _narrative(root, ref)
        for ref in root.xpath(
            "//h:section[h:templateId/@root='1.3.6.1.4.1.19376.1.5.3.1.3.36']"
            "/h:entry/h:procedure/h:text/h:reference/@value",
            namespaces=NS,
        )
    )
    return FicheFacts(
        version=int(root.xpath("h:versionNumber/@value", namespaces=NS)[0]),
        participants=participants,
        quorum=quorum[0] if quorum else "",
        proposals=proposals,
    )


def normalise(text: str) -> str:
    """PDF text extraction breaks lines and may hyphenate: compare on collapsed spaces."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def mismatches(facts: FicheFacts, pdf_text: str) -> list[str]:
    """What the CDA says that the PDF does not (empty when they agree)."""
    pdf = normalise(pdf_text)
    problems = []
    if normalise(f"version {facts.version}") not in pdf:
        problems.append(f"version {facts.version}")
    if facts.quorum and normalise(facts.quorum) not in pdf:
        problems.append(f"quorum « {facts.quorum} »")
    problems += [f"participant « {p} »" for p in facts.participants if normalise(p) not in pdf]
    problems += [f"proposition « {p} »" for p in facts.proposals if normalise(p) not in pdf]
    return problems
