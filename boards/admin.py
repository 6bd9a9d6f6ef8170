from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

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


def french_value(model, name: str, value) -> str:
    """A board field's value as the administrator reads it (never "True" or "None")."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("Oui") if value else gettext("Non")
    field = model._meta.get_field(name)
    choices = dict(field.flatchoices) if field.choices else {}
    form_field = BoardAdminForm.base_fields.get(name)
    if not choices and form_field is not None and hasattr(form_field, "choices"):
        choices = dict(form_field.choices)
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value) or "—"
    return str(choices.get(value, value))


def _same_text(old, new) -> bool:
    # Browsers post textareas with CRLF; an older record may hold LF: not a change.
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n").strip() == new.replace("\r\n", "\n").strip()
    return old == new


def _with_french_columns(records, names):
    for record in records:
        record.french_columns = [french_value(Board, n, getattr(record, n)) for n in names]


class BoardHistoryHelper(HistoricalRecordContextHelper):
    """French field labels and values in the board's history; no phantom changes."""

    def context_for_delta_changes(self, delta):
        real = [c for c in delta.changes if not _same_text(c.old, c.new)]
        return [
            {
                "field": capfirst(self.model._meta.get_field(c.field).verbose_name),
                # prepare_…: many-to-many rows (coordinators) become their objects first.
                "old": french_value(self.model, c.field, self.prepare_delta_change_value(c, c.old)),
                "new": french_value(self.model, c.field, self.prepare_delta_change_value(c, c.new)),
            }
            for c in real
        ]


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
    # Columns of the history page: French headers and values (boards/admin/history_list.html).
    history_list_display = ["secretariat_phone", "email", "is_active"]
    object_history_list_template = "boards/admin/history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return BoardHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        super().set_history_delta_changes(request, historical_records, **kwargs)
        _with_french_columns(historical_records, self.history_list_display)

    def history_view(self, request, object_id, extra_context=None):
        columns = [
            (name, capfirst(Board._meta.get_field(name).verbose_name))
            for name in self.history_list_display
        ]
        extra = {"history_columns": columns, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=extra)

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
        (_("RCP nationale : secrétariat"), {"fields": ["secretaries"]}),
        (None, {"fields": ["notes"]}),
    ]
    filter_horizontal = ["secretaries"]

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
            # A warning, not a success: the administrator is told what they cannot do.
            messages.warning(
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
