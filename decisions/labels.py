"""French labels of the engine's codes for the decision screens (screens never show a code).

Labels come from the one vocabulary (guidelines/vocabulary.py), built from the engine's enums.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from guidelines.vocabulary import level_label, regulatory_label


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
