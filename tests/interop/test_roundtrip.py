"""The round-trip check itself (the PDF side runs with the decisions app's real fiche)."""

from __future__ import annotations

from interop.cda import build_frcp
from interop.roundtrip import cda_facts, mismatches
from tests.interop.samples import CPC_LUTATHERA, NO_QUORUM


def test_facts_read_back_from_the_cda():
    facts = cda_facts(build_frcp(CPC_LUTATHERA))
    assert facts.version == 1
    assert facts.quorum == "Quorum atteint"
    assert facts.proposals == ("RIV Lutathera® (177Lu-DOTATATE)", "Évérolimus (Afinitor®)")
    assert facts.participants[0] == "Claire Martin"


def test_a_pdf_saying_the_same_passes_and_a_different_one_is_reported():
    facts = cda_facts(build_frcp(NO_QUORUM))
    names = " ".join(facts.participants)
    same = f"Fiche RCP Version 1\n{names}\nQuorum non\natteint. RIV"
    assert mismatches(facts, same) == []
    assert mismatches(facts, f"Version 2 {names} Quorum atteint") == [
        "version 1",
        "quorum « Quorum non atteint »",
    ]
