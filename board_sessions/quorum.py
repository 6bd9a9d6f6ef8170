"""The board's quorum: at least three physicians of distinct specialties, including those the
board requires. The app warns; the board decides whether to sit."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from boards.specialties import Specialty

MIN_PHYSICIAN_SPECIALTIES = 3


@dataclass(frozen=True)
class Quorum:
    specialties: tuple[str, ...]  # distinct specialty labels among physicians
    missing_required: tuple[str, ...]  # labels of the board's required specialties not present

    @property
    def reached(self) -> bool:
        return len(self.specialties) >= MIN_PHYSICIAN_SPECIALTIES and not self.missing_required

    @property
    def warnings(self) -> list[str]:
        messages = []
        if len(self.specialties) < MIN_PHYSICIAN_SPECIALTIES:
            messages.append(
                _(
                    "Quorum non atteint : %(count)s spécialité(s) médicale(s) représentée(s), "
                    "au moins %(min)s médecins de spécialités différentes sont requis."
                )
                % {"count": len(self.specialties), "min": MIN_PHYSICIAN_SPECIALTIES}
            )
        if self.missing_required:
            messages.append(
                _("Spécialité(s) requise(s) par la RCP absente(s) : %s.")
                % ", ".join(self.missing_required)
            )
        return messages


def quorum_for(session, participants=None) -> Quorum:
    """Quorum of a session from its participants (pass them to avoid a query)."""
    if participants is None:
        participants = list(session.participants.all())
    physician_specialties = {p.specialty for p in participants if p.is_physician}
    required = [s for s in session.board.required_specialties if s in Specialty.values]
    ordered = [s for s in Specialty.values if s in physician_specialties]
    return Quorum(
        specialties=tuple(Specialty(s).label for s in ordered),
        missing_required=tuple(
            Specialty(s).label for s in required if s not in physician_specialties
        ),
    )
