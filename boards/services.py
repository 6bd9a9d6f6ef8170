"""Read-side helpers other apps call: which board to suggest for a centre."""

from __future__ import annotations

from collections.abc import Iterable

from boards.models import Board
from boards.regions import department_of_finess, region_key


def _rank(board: Board, region: str, department: str) -> tuple | None:
    """Lower is better; None when the board does not serve the centre at all."""
    if department and department in board.served_departments:
        match = 0
    elif region and region_key(board.region) == region:
        match = 1
    elif region and region in {region_key(r) for r in board.served_regions}:
        match = 2
    else:
        return None
    # A regional board before a national one; then a stable order an administrator can read.
    level = 0 if board.level == Board.Level.REGIONAL else 1
    return (match, level, board.name.casefold(), board.pk)


def suggested_board_for(centre, active_boards: Iterable[Board] | None = None) -> Board | None:
    """The active board a case of this centre is referred to by default, or None.

    Best match first: a board serving the centre's département (read from its FINESS number),
    then one named after the centre's region, then one listing it among its served regions.
    Deterministic: ties go to regional boards, then by name. A caller that already holds the
    active boards passes them, saving the query.
    """
    if centre is None:
        return None
    region = region_key(centre.region)
    department = department_of_finess(centre.finess)
    ranked = [
        (rank, board)
        for board in (
            Board.objects.filter(is_active=True) if active_boards is None else active_boards
        )
        if (rank := _rank(board, region, department)) is not None
    ]
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None
