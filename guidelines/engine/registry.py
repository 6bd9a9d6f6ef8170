"""RULES: every rule of DIGEST.md, in the digest's order (the Référentiel page lists them so).

Each rules module declares its rules on their functions (model.RuleBook); this gathers them.
"""

from __future__ import annotations

from .context import rule_rank
from .model import Rule
from .rules_local import LOCAL_RULES
from .rules_locoregional import LOCOREGIONAL_RULES
from .rules_metastatic import PREREQUISITE_RULES, SECRETORY_RULES
from .rules_treatment import TREATMENT_RULES

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *LOCAL_RULES,
            *PREREQUISITE_RULES,
            *SECRETORY_RULES,
            *TREATMENT_RULES,
            *LOCOREGIONAL_RULES,
        ),
        key=lambda rule: rule_rank(rule.id),
    )
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

if len(RULES_BY_ID) != len(RULES):  # pragma: no cover - guards a copy-paste slip at import
    raise RuntimeError("duplicate rule id in RULES")
