"""The panel's layout (cases.panel): eligible first, pending next, the rest folded; alerts
with their option. Engine-1 strings and engine-2 findings both read."""

from cases.panel import ELIGIBLE, INELIGIBLE, PENDING, eligibility, layout


def _option(code, level="discuss", eligible=False, unmet=(), rules=("T5",), **extra):
    return {
        "code": code,
        "label": code,
        "level": level,
        "eligible": eligible,
        "unmet": list(unmet),
        "because": [],
        "rules": list(rules),
        **extra,
    }


def test_groups_from_an_engine_1_output():
    facts = {"disease_extent": "metastatic", "tumour_burden": "high"}
    result = {
        "alerts": [
            {"code": "rcp_renaten_required", "rules": ["P1"], "severity": "warning"},
            {"code": "oxaliplatin_max_8_cycles", "rules": ["T5"], "severity": "info"},
        ],
        "options": [
            _option("ssa_antitumour", unmet=["tumour_burden: low requis (actuellement: high)"]),
            _option("chemo_oxaliplatin", eligible=True),
            _option("chemo_temozolomide", eligible=True),
            _option("liver_surgery", unmet=["liver_resectable: true requis"]),
            _option("sunitinib", level="not_recommended"),
        ],
    }
    panel = layout(result, facts)
    assert [o.code for o in panel.eligible] == ["chemo_oxaliplatin", "chemo_temozolomide"]
    assert [o.code for o in panel.pending] == ["liver_surgery"]
    assert [o.code for o in panel.folded] == ["ssa_antitumour", "sunitinib"]
    # The case-wide alert stays on top; the oxaliplatin one goes with its option only.
    assert [a["code"] for a in panel.alerts] == ["rcp_renaten_required"]
    assert [a["code"] for a in panel.eligible[0].alerts] == ["oxaliplatin_max_8_cycles"]
    assert panel.eligible[1].alerts == []
    assert panel.folded[0].reasons and not panel.folded[0].missing


def test_engine_2_eligibility_and_sentences_are_used_as_given():
    finding = {"fact": "sstr_imaging", "required": "positive", "actual": None}
    finding["text"] = "IRS à faire"
    option = _option("prrt_lutathera", unmet=[finding], eligibility=PENDING, excluded_by=[])
    assert eligibility(option, {}) == PENDING
    panel = layout({"alerts": [], "options": [option]}, {})
    assert panel.pending[0].missing == ["IRS à faire"]
    assert eligibility({"eligible": True}, {}) == ELIGIBLE
    assert eligibility(_option("x", level="contraindicated", unmet=["a: b"]), {}) == INELIGIBLE
