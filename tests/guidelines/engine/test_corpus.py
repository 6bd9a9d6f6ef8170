"""The engine's output on a large random corpus is byte-identical to its recording.

The recording (corpus_output.json) was made from the engine before the rules were reorganised
(issue 15, item 5); a reorganisation must not change one byte of any output. See corpus.py to
record again when an engine version changes its output on purpose.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from .corpus import COUNT, RECORDING, SAMPLE_EVERY, cases, rule_metadata, serialize


@pytest.fixture(scope="module")
def recording() -> dict:
    return json.loads(RECORDING.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outputs(recording) -> list[str]:
    return [serialize(facts, settings) for facts, settings in cases(recording["count"])]


def test_corpus_is_large_and_valid(recording, outputs):
    assert recording["count"] == COUNT >= 5000
    assert len(outputs) == recording["cases"] == len(recording["per_case"])
    refused = [line for line in outputs if line.startswith('{"errors"')]
    assert refused == [], "the corpus holds only valid facts"
    settings = {json.loads(line)["setting"] for line in outputs}
    assert settings == {"localized", "locally_advanced_inoperable", "metastatic"}


def test_recorded_samples_are_identical(recording, outputs):
    # Whole outputs first: a difference here reads as a diff, not as a digest.
    assert [s["index"] for s in recording["samples"]] == list(range(0, len(outputs), SAMPLE_EVERY))
    for sample in recording["samples"]:
        assert json.loads(outputs[sample["index"]]) == sample["output"], sample["facts"]


def test_every_output_is_identical(recording, outputs):
    digests = [hashlib.sha256(line.encode()).hexdigest()[:12] for line in outputs]
    pairs = zip(digests, recording["per_case"], strict=True)
    differing = [i for i, (a, b) in enumerate(pairs) if a != b]
    assert differing == [], f"{len(differing)} outputs differ, first: {outputs[differing[0]]}"
    whole = hashlib.sha256("".join(line + "\n" for line in outputs).encode()).hexdigest()
    assert whole == recording["sha256"]


def test_rule_metadata_is_identical(recording):
    # What the Référentiel page, the panel and the PDF show of each rule, and which function
    # runs each phase.
    assert rule_metadata() == recording["rules"]
