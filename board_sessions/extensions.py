"""Hooks through which apps built on board_sessions add to the session page.

Apps import downwards only: board_sessions cannot import the apps that work on a session later
(dossiers exports it). Those register here from their AppConfig.ready(), as cases/extensions.py
does for the case page.

A page section is ``fn(request, session, *, items, own_items, oob) -> str``: HTML (escaped by
its own template) shown on the secretary's session page; ``items`` is the agenda, ``own_items``
its items of the user's centre; with ``oob`` the section marks itself for an htmx out-of-band
swap, because a change of the agenda (an htmx partial) changes it too.
"""

from __future__ import annotations

from collections.abc import Callable

PageSection = Callable[..., str]

_page_sections: dict[str, PageSection] = {}


def register_page_section(name: str, section: PageSection) -> None:
    _page_sections[name] = section


def page_sections() -> list[PageSection]:
    return list(_page_sections.values())
