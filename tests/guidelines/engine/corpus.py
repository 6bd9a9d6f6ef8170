"""A large, seeded corpus of valid case facts and the engine's serialized output for each.

Written for issue 15 (item 5): the rules were reorganised with their output held byte-identical.
`test_corpus.py` compares the engine's output on the corpus with the recording in
`corpus_output.json`, made from the engine before the reorganisation.

When the engine's output is meant to change (a new engine version), record it again:
    .venv/bin/python -m tests.guidelines.engine.corpus
and say in the commit which outputs changed and why.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from guidelines.engine import (
    DEFAULT_SETTINGS,
    FACT_FIELDS,
    RULES,
    EngineSettings,
    FactField,
    FactsError,
    OptionCode,
    TreatmentOutcome,
    evaluate,
)

from .situations import SITUATIONS
from .strategies import _coherent

SEED = 20261201
COUNT = 5000
SAMPLE_EVERY = 500  # cases kept whole in the recording, for readable differences
RECORDING = Path(__file__).with_name("corpus_output.json")

# The richest branches are metastatic: weight the setting towards them.
_EXTENTS = ("metastatic",) * 6 + ("localized",) * 3 + ("locally_advanced_inoperable",)
# Values around the low-proliferation threshold (10, or 5.5 in the alternative settings).
_KI67 = (0, 1, 2.5, 5, 5.5, 9, 9.9, 10, 10.1, 12, 20, 55, 100)
_OTHER_SETTINGS = EngineSettings(low_proliferation_ki67_max=5.5)
_TREATMENTS = tuple(code.value for code in OptionCode)
_OUTCOMES = tuple(outcome.value for outcome in TreatmentOutcome)


def _number(rng: random.Random, field: FactField) -> int | float:
    if field.name == "ki67_percent" and rng.random() < 0.6:
        return rng.choice(_KI67)
    high = field.maximum if field.maximum is not None else 1000
    if rng.random() < 0.5:
        return rng.randint(int(field.minimum or 0), int(high))
    return round(rng.uniform(field.minimum or 0, high), rng.choice((1, 2, 6)))


def _value(rng: random.Random, field: FactField) -> Any:
    if field.kind == "choice":
        return rng.choice(field.choices)
    if field.kind == "bool":
        return rng.random() < 0.5
    if field.kind == "number":
        return _number(rng, field)
    if field.kind == "choices":
        return [rng.choice(field.choices) for _ in range(rng.randint(0, 3))]
    return [
        {"treatment": rng.choice(_TREATMENTS), "outcome": rng.choice(_OUTCOMES)}
        for _ in range(rng.randint(0, 3))
    ]


def _facts(rng: random.Random) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for field in FACT_FIELDS:
        if field.name == "disease_extent":
            facts[field.name] = rng.choice(_EXTENTS)
        elif field.required:
            facts[field.name] = _value(rng, field)
        else:
            draw = rng.random()  # absent, null (both unknown) or a value
            if draw < 0.1:
                facts[field.name] = None
            elif draw >= 0.35:
                facts[field.name] = _value(rng, field)
    return _coherent(facts)


def cases(count: int = COUNT, seed: int = SEED) -> Iterator[tuple[dict[str, Any], EngineSettings]]:
    """The hand-written situations, then `count` random valid fact sets; one in seven random
    cases is evaluated with another low-proliferation threshold."""
    for facts in SITUATIONS.values():
        yield facts, DEFAULT_SETTINGS
    rng = random.Random(seed)
    for index in range(count):
        yield _facts(rng), (_OTHER_SETTINGS if index % 7 == 3 else DEFAULT_SETTINGS)


def serialize(facts: dict[str, Any], settings: EngineSettings) -> str:
    """The engine's output as canonical JSON (a refused input serializes its errors)."""
    try:
        output: Any = evaluate(facts, settings)
    except FactsError as error:
        output = {"errors": error.errors}
    return json.dumps(output, sort_keys=True, ensure_ascii=False)


def rule_metadata() -> list[dict[str, Any]]:
    """Every rule as the Référentiel page, the panel and the PDF read it (its phases by name)."""
    return [
        {
            "id": rule.id,
            "section": rule.section,
            "source": rule.source,
            "title": rule.title,
            "excerpt": rule.excerpt,
            "excerpt_fragments": list(rule.excerpt_fragments),
            "reads": list(rule.reads),
            "settings": [extent.value for extent in rule.settings],
            "outcome": rule.outcome,
            "options": [code.value for code in rule.options],
            "alerts": [code.value for code in rule.alerts],
            "follow_up": [code.value for code in rule.follow_up],
            "interpretation": rule.interpretation,
            "apply": rule.apply.__name__ if rule.apply else None,
            "after": rule.after.__name__ if rule.after else None,
        }
        for rule in RULES
    ]


def record(count: int = COUNT, seed: int = SEED) -> dict[str, Any]:
    """Digest of every output, a short digest per case, every SAMPLE_EVERY-th case whole, and
    the rules' metadata."""
    whole = hashlib.sha256()
    per_case: list[str] = []
    samples: list[dict[str, Any]] = []
    for index, (facts, settings) in enumerate(cases(count, seed)):
        line = serialize(facts, settings)
        whole.update(line.encode() + b"\n")
        per_case.append(hashlib.sha256(line.encode()).hexdigest()[:12])
        if index % SAMPLE_EVERY == 0:
            samples.append(
                {
                    "index": index,
                    "facts": facts,
                    "ki67_threshold": settings.low_proliferation_ki67_max,
                    "output": json.loads(line),
                }
            )
    return {
        "seed": seed,
        "count": count,
        "cases": len(per_case),
        "sha256": whole.hexdigest(),
        "per_case": per_case,
        "samples": samples,
        "rules": rule_metadata(),
    }


def main() -> None:
    recording = record()
    RECORDING.write_text(
        json.dumps(recording, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    sys.stdout.write(f"{recording['cases']} outputs recorded, sha256 {recording['sha256']}\n")


if __name__ == "__main__":
    main()
