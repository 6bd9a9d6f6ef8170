"""The case's decisions in the case JSON (export_case / import_case), section "decisions".

Exported: every version of every decision, oldest first, as recorded (frozen options,
concordance, conditions, quorum, versions). On import the section is checked — a decision whose
concordance does not follow from its options, that is hors référentiel without justification,
whose CPC/hors AMM conditions are neither met nor explained, or that claims a validation without
its date, refuses the whole file. Decisions belong to the sessions of the installation that held
them: an imported case starts as a draft, so they are not recreated (the import says so).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from decisions import rules
from decisions.models import Decision

KEYS = (
    "version",
    "status",
    "outcome",
    "board",
    "session_starts_at",
    "chosen_options",
    "free_proposal",
    "concordance",
    "justification",
    "conditions",
    "refer_to_national",
    "deferral_reason",
    "trial_nct",
    "follow_up_physician",
    "participants",
    "quorum_reached",
    "to_represent",
    "referentiel",
    "engine_version",
    "correction_reason",
    "validated_at",
)


def export_decisions(case) -> list[dict[str, Any]]:
    rows = []
    for d in case.decisions.select_related("item__session__board").order_by(
        "item__session__starts_at", "version"
    ):
        rows.append(
            {
                "version": d.version,
                "status": d.status,
                "outcome": d.outcome,
                "board": d.item.session.board.name,
                "session_starts_at": d.item.session.starts_at.isoformat(),
                "chosen_options": d.chosen_options,
                "free_proposal": d.free_proposal,
                "concordance": d.concordance,
                "justification": d.justification,
                "conditions": d.conditions,
                "refer_to_national": d.refer_to_national,
                "deferral_reason": d.deferral_reason,
                "trial_nct": d.trial_nct,
                "follow_up_physician": d.follow_up_physician,
                "participants": [
                    {k: p.get(k) for k in ("name", "specialty", "is_physician")}
                    for p in d.participants
                ],
                "quorum_reached": d.quorum_reached,
                "to_represent": d.to_represent,
                "referentiel": d.referentiel,
                "engine_version": d.engine_version,
                "correction_reason": d.correction_reason,
                "validated_at": d.validated_at.isoformat() if d.validated_at else None,
            }
        )
    return rows


def check_decisions(value: Any) -> list[str]:
    if not isinstance(value, list):
        return ["une liste est attendue"]
    problems = []
    for index, row in enumerate(value, start=1):
        where = f"[{index}]"
        if not isinstance(row, dict):
            problems.append(f"{where} un objet JSON est attendu")
            continue
        unknown = sorted(set(row) - set(KEYS))
        if unknown:
            problems.append(f"{where} clé(s) inconnue(s) : {', '.join(unknown)}")
        outcome = row.get("outcome")
        if outcome not in Decision.Outcome.values:
            problems.append(f"{where}.outcome : issue inconnue {outcome!r}")
            continue
        if row.get("status") not in Decision.Status.values:
            problems.append(f"{where}.status : statut inconnu {row.get('status')!r}")
        options = row.get("chosen_options") or []
        if not isinstance(options, list) or not all(
            isinstance(o, dict) and "code" in o for o in options
        ):
            problems.append(f"{where}.chosen_options : liste d'options attendue")
            continue
        proposal = outcome == Decision.Outcome.PROPOSAL
        if proposal and not options and not str(row.get("free_proposal") or "").strip():
            problems.append(f"{where} : proposition sans option ni texte")
        expected = rules.concordance(proposal, options)
        if row.get("concordance") != expected:
            problems.append(
                f"{where}.concordance : {row.get('concordance')!r} incohérent avec les options "
                f"retenues (attendu {expected!r})"
            )
        if expected == rules.OUT and not str(row.get("justification") or "").strip():
            problems.append(f"{where}.justification : obligatoire hors référentiel")
        for condition in row.get("conditions") or []:
            if not isinstance(condition, dict):
                problems.append(f"{where}.conditions : objet attendu")
            elif not condition.get("met") and not str(condition.get("explanation") or "").strip():
                problems.append(
                    f"{where}.conditions : « {condition.get('label', '?')} » ni remplie ni "
                    "expliquée"
                )
        validated_at = row.get("validated_at")
        if row.get("status") in (Decision.Status.VALIDATED, Decision.Status.SUPERSEDED):
            try:
                dt.datetime.fromisoformat(str(validated_at))
            except ValueError:
                problems.append(f"{where}.validated_at : date de validation absente ou invalide")
    return problems


DESCRIBE = (
    "Décisions RCP du fichier vérifiées mais non recréées : elles appartiennent aux séances "
    "de l'installation d'origine (le dossier importé est un brouillon)."
)
