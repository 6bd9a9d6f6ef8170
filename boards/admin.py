from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from boards.forms import BoardAdminForm
from boards.models import Board


def _blockers_text(blockers: list[tuple[str, int]]) -> str:
    return ", ".join(f"{count} {name}" for name, count in blockers)


def _refuse_deletion(request, board: Board, blockers: list[tuple[str, int]]) -> None:
    messages.error(
        request,
        gettext(
            "La RCP « %(board)s » ne peut pas être supprimée : elle est liée à %(links)s. "
            "Décochez « active » pour la désactiver."
        )
        % {"board": board.name, "links": _blockers_text(blockers)},
    )


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    form = BoardAdminForm
    list_display = [
        "name",
        "region",
        "level",
        "institution",
        "email",
        "secretariat_phone",
        "is_active",
    ]
    list_display_links = ["name"]
    list_filter = ["region", "level", "is_active"]
    search_fields = [
        "name",
        "region",
        "institution",
        "department",
        "address",
        "referring_physicians",
        "email",
        "secretariat_phone",
    ]
    ordering = ["-is_active", "name"]
    actions = ["delete_selected", "deactivate"]
    filter_horizontal = ["coordinators"]
    history_list_display = ["secretariat_phone", "email", "is_active"]
    fieldsets = [
        (None, {"fields": ["name", "region", "level", "is_active"]}),
        (
            _("Contact"),
            {
                "fields": [
                    "institution",
                    "department",
                    "address",
                    "referring_physicians",
                    "email",
                    "secretariat_phone",
                ]
            },
        ),
        (_("Quorum"), {"fields": ["required_specialties"]}),
        (_("Coordination"), {"fields": ["coordinators"]}),
        (_("Centres adressant à cette RCP"), {"fields": ["served_regions", "served_departments"]}),
        (None, {"fields": ["notes"]}),
    ]

    # The change and delete pages read the board, then Django reads it again and checks the
    # delete permission: remembered on the request (not on this shared instance), read once.
    def get_object(self, request, object_id, from_field=None):
        boards = request.__dict__.setdefault("_admin_boards", {})
        if (object_id, from_field) not in boards:
            boards[object_id, from_field] = super().get_object(request, object_id, from_field)
        return boards[object_id, from_field]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Coordinators sign fiches RCP: active accounts attached to a centre only.
        if db_field.name == "coordinators":
            kwargs["queryset"] = (
                db_field.related_model.objects.filter(is_active=True, centre__isnull=False)
                .select_related("centre")
                .order_by("last_name", "first_name")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _blockers(self, request, board: Board) -> list[tuple[str, int]]:
        blockers = request.__dict__.setdefault("_admin_board_blockers", {})
        if board.pk not in blockers:
            blockers[board.pk] = board.deletion_blockers()
        return blockers[board.pk]

    def has_delete_permission(self, request, obj=None):
        # A board still referred to keeps its history intact: it is deactivated, never deleted.
        if obj is not None and self._blockers(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        board = self.get_object(request, object_id)
        if request.method == "GET" and board is not None and self._blockers(request, board):
            messages.info(
                request,
                gettext(
                    "Cette RCP est liée à %(links)s : elle ne peut pas être supprimée, "
                    "seulement désactivée."
                )
                % {"links": _blockers_text(self._blockers(request, board))},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        board = self.get_object(request, object_id)
        if board is not None and (blockers := self._blockers(request, board)):
            _refuse_deletion(request, board, blockers)
            return redirect(reverse("admin:boards_board_change", args=[board.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description=_("Supprimer les RCP sélectionnées"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        blocked = [
            (board, blockers) for board in queryset if (blockers := board.deletion_blockers())
        ]
        if blocked:
            # All or nothing: a partial deletion would be harder to understand than a refusal.
            for board, blockers in blocked:
                _refuse_deletion(request, board, blockers)
            return None
        return delete_selected(self, request, queryset)

    @admin.action(description=_("Désactiver les RCP sélectionnées"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for board in queryset.filter(is_active=True):
            board.is_active = False
            board.save(update_fields=["is_active"])  # one history record per board
            count += 1
        messages.success(request, gettext("%(count)d RCP désactivée(s).") % {"count": count})
