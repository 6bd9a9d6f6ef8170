"""Registers the decision history on the case page and the "decisions" section of the case
JSON (cases.extensions): cases never imports decisions."""

from __future__ import annotations

from django.template.loader import render_to_string

from cases.extensions import TransferSection, register_page_section, register_transfer_section


def case_page_section(request, case) -> str:
    from decisions.views import case_history_context

    return render_to_string(
        "decisions/_case_section.html",
        case_history_context(case, with_care_plans=False),
        request=request,
    )


def register() -> None:
    from decisions import transfer

    register_page_section("decisions", case_page_section)
    register_transfer_section(
        "decisions",
        TransferSection(
            export=transfer.export_decisions,
            check=transfer.check_decisions,
            describe=transfer.DESCRIBE,
        ),
    )
