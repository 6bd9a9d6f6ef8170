"""French labels of the engine's codes for the decision screens (screens never show a code).

Labels come from the engine's vocabulary (guidelines.engine LEVEL_LABELS / REGULATORY_LABELS);
when guidelines/vocabulary.py lands, this is the one place to switch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from guidelines.engine import LEVEL_LABELS, REGULATORY_LABELS


def level_label(code: str) -> str:
    return str(LEVEL_LABELS.get(code, code))


def regulatory_label(code: str) -> str:
    return str(REGULATORY_LABELS.get(code, code))


def labelled(options: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The options with "level_label" and "regulatory_label" added."""
    return [
        {
            **option,
            "level_label": level_label(option.get("level", "")),
            "regulatory_label": regulatory_label(option.get("regulatory", "")),
        }
        for option in options
    ]
