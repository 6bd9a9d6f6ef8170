"""Hooks through which apps built on cases add to the case page and to the case JSON.

Apps import downwards only: cases cannot import the apps that record what happens to a case
later (decisions…). Those register here from their AppConfig.ready().

- A page section is ``fn(request, case) -> str`` (HTML, escaped by its own template) shown on
  the case page after the record.
- A transfer section is exported under its key by export_case_data and checked on import:
  ``check(value) -> list[str]`` returns French problems; any problem refuses the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PageSection = Callable[[Any, Any], str]


@dataclass(frozen=True)
class TransferSection:
    export: Callable[[Any], Any]
    check: Callable[[Any], list[str]]
    describe: str  # one line for the import command's warnings (what happens to the section)


_page_sections: dict[str, PageSection] = {}
_transfer_sections: dict[str, TransferSection] = {}


def register_page_section(name: str, section: PageSection) -> None:
    _page_sections[name] = section


def register_transfer_section(name: str, section: TransferSection) -> None:
    _transfer_sections[name] = section


def page_sections() -> list[PageSection]:
    return list(_page_sections.values())


def transfer_sections() -> dict[str, TransferSection]:
    return dict(_transfer_sections)
