"""Engine settings: thresholds the référentiel does not fix, made explicit and visible."""

from __future__ import annotations

import math
from dataclasses import dataclass

LOW_PROLIFERATION_REASON = (
    "Le référentiel ne fixe pas de seuil pour le « faible index de prolifération ». Seuil retenu : "
    "Ki-67 < 10 %, population de l'étude CLARINET citée au §5.2 (« index de prolifération faibles "
    "(Ki-67 < 10%) »). Réglage modifiable ; la valeur comparée est imprimée dans le dossier."
)

LOW_PROLIFERATION_SOURCE = "seuil de l'étude CLARINET citée au §5.2, le texte n'en fixe pas"


@dataclass(frozen=True, slots=True)
class EngineSettings:
    # Ki-67 strictly below this value counts as a low proliferation index (CLARINET: Ki-67 < 10 %).
    low_proliferation_ki67_max: float = 10.0
    low_proliferation_reason: str = LOW_PROLIFERATION_REASON
    # Short citation printed beside the threshold wherever low proliferation is used.
    low_proliferation_source: str = LOW_PROLIFERATION_SOURCE

    def __post_init__(self) -> None:
        value = self.low_proliferation_ki67_max
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("low_proliferation_ki67_max must be a number")
        if not math.isfinite(value) or not 0 < value <= 100:
            raise ValueError("low_proliferation_ki67_max must be in ]0, 100]")
        if not self.low_proliferation_reason.strip():
            raise ValueError("low_proliferation_reason must explain the threshold")

    def is_low_proliferation(self, ki67_percent: float | None) -> bool | None:
        if ki67_percent is None:
            return None
        return ki67_percent < self.low_proliferation_ki67_max


DEFAULT_SETTINGS = EngineSettings()
