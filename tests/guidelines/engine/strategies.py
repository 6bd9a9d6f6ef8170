"""Hypothesis strategies for valid and invalid case facts, built from FACT_FIELDS."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from guidelines.engine import FACT_FIELDS, FACT_NAMES, FactField, OptionCode, TreatmentOutcome

_PRIOR = st.fixed_dictionaries(
    {
        "treatment": st.sampled_from([c.value for c in OptionCode]),
        "outcome": st.sampled_from([o.value for o in TreatmentOutcome]),
    }
)


def _value(field: FactField) -> st.SearchStrategy[Any]:
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "number":
        high = field.maximum if field.maximum is not None else 1000
        return st.integers(int(field.minimum or 0), int(high)) | st.floats(
            field.minimum or 0, high, allow_nan=False
        )
    if field.kind == "choices":
        return st.lists(st.sampled_from(field.choices), max_size=4)
    return st.lists(_PRIOR, max_size=4)


def contradictions(facts: dict[str, Any]) -> set[frozenset[str]]:
    """The pairs of fields that contradict each other (issue 12, class 1), written independently
    of the engine's own check."""
    found: set[frozenset[str]] = set()
    if facts.get("surgery_done") is False:
        for name in ("surgery_type", "resection_status"):
            if facts.get(name) is not None:
                found.add(frozenset({name, "surgery_done"}))
    if facts.get("metastatic_sites") and facts.get("disease_extent") != "metastatic":
        found.add(frozenset({"disease_extent", "metastatic_sites"}))
    if facts.get("carcinoid_syndrome") == "none":
        for name in ("carcinoid_crisis", "refractory_diarrhoea"):
            if facts.get(name) is True:
                found.add(frozenset({name, "carcinoid_syndrome"}))
    ongoing = {
        p["treatment"] for p in facts.get("prior_treatments") or () if p["outcome"] == "ongoing"
    }
    if ongoing & set(facts.get("contraindications") or ()):
        found.add(frozenset({"contraindications", "prior_treatments"}))
    return found


def _coherent(facts: dict[str, Any]) -> dict[str, Any]:
    if facts.get("surgery_done") is False:
        facts.pop("surgery_type", None)
        facts.pop("resection_status", None)
    if facts.get("disease_extent") != "metastatic":
        facts.pop("metastatic_sites", None)
    if facts.get("carcinoid_syndrome") == "none":
        facts.pop("carcinoid_crisis", None)
        facts.pop("refractory_diarrhoea", None)
    ongoing = {
        p["treatment"] for p in facts.get("prior_treatments") or () if p["outcome"] == "ongoing"
    }
    if facts.get("contraindications"):
        facts["contraindications"] = [c for c in facts["contraindications"] if c not in ongoing]
    return facts


# Optional fields are absent (unknown), null (unknown) or a valid value.
any_facts = st.fixed_dictionaries(
    {f.name: _value(f) for f in FACT_FIELDS if f.required},
    optional={f.name: _value(f) | st.none() for f in FACT_FIELDS if not f.required},
)
valid_facts = any_facts.map(_coherent)

# A richer metastatic mix, so that eligibility branches are reached often.
metastatic_facts = any_facts.map(lambda f: _coherent({**f, "disease_extent": "metastatic"}))

_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _bad_value(field: FactField) -> st.SearchStrategy[Any]:
    """A value that the field must refuse."""
    if field.kind == "choice":
        return _ANYTHING.filter(lambda v: v is not None and v not in field.choices)
    if field.kind == "bool":
        return _ANYTHING.filter(lambda v: v is not None and not isinstance(v, bool))
    if field.kind == "number":
        out_of_range = st.floats(allow_nan=True).filter(
            lambda v: (
                v != v
                or v < (field.minimum or 0)
                or (field.maximum is not None and v > field.maximum)
            )
        )
        wrong_type = _ANYTHING.filter(
            lambda v: v is not None and (isinstance(v, bool) or not isinstance(v, int | float))
        )
        return out_of_range | wrong_type
    if field.kind == "choices":
        bad_item = _ANYTHING.filter(lambda v: v not in field.choices)
        return st.lists(bad_item, min_size=1, max_size=3) | st.text(max_size=5) | st.integers()
    bad_prior = st.one_of(
        _ANYTHING.filter(lambda v: not isinstance(v, dict)),
        st.fixed_dictionaries({"treatment": st.text(max_size=5), "outcome": st.just("ongoing")}),
        st.fixed_dictionaries({"treatment": st.just("everolimus")}),
        _PRIOR.map(lambda p: {**p, "extra": 1}),
    )
    return st.lists(bad_prior, min_size=1, max_size=3) | st.text(max_size=5)


@st.composite
def invalid_facts(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["bad_value", "unknown_key", "missing_required", "not_object"]))
    if kind == "not_object":
        return draw(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers())))
    facts = draw(valid_facts)
    if kind == "bad_value":
        field = draw(st.sampled_from(FACT_FIELDS))
        facts[field.name] = draw(_bad_value(field))
    elif kind == "unknown_key":
        key = draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in FACT_NAMES))
        facts[key] = draw(_ANYTHING)
    else:
        facts.pop(draw(st.sampled_from(["histology", "disease_extent"])))
    return facts
