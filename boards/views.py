from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import require_perm
from boards.models import Board
from boards.services import suggested_board_for


@require_GET
@require_perm("boards.view_board")
def contacts(request):
    """Read-only list of the active boards and their contacts."""
    boards = list(Board.objects.filter(is_active=True).order_by("name"))
    return render(
        request,
        "boards/contacts.html",
        {"boards": boards, "suggested": suggested_board_for(request.user.centre, boards)},
    )
