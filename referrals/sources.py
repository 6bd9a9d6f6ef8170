"""Where a referral comes from: a validated decision of the regional board (decisions app)."""

from __future__ import annotations

from decisions.models import Decision


def validated_decision(case, decision_id) -> Decision | None:
    """The case's validated decision `decision_id`, or None (absent, another case's, a draft)."""
    try:
        pk = int(decision_id)
    except (TypeError, ValueError):
        return None
    return (
        Decision.objects.select_related("item__session__board")
        .filter(pk=pk, case=case, status=Decision.Status.VALIDATED)
        .first()
    )


def opinion_text(decision: Decision) -> str:
    """The regional opinion as the referral carries it: the proposal the fiche validated."""
    options = [str(option.get("label", "")) for option in decision.chosen_options or []]
    parts = [" ; ".join(o for o in options if o), decision.free_proposal.strip()]
    text = " — ".join(p for p in parts if p)
    return text or str(decision.get_outcome_display())
