"""Fictional demo centre and one user per role (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Centre, User
from accounts.roles import ADMINISTRATOR, CLINICIAN, SECRETARY, assign_role

DEMO_PASSWORD = "rcp-demo-2026"

DEMO_CENTRE = {
    "name": "CHU fictif de Valserine",
    "city": "Valserine",
    "region": "Auvergne-Rhône-Alpes",
    # Fictional FINESS in the Rhône département: the demo centre is referred to Lyon's board.
    "finess": "699999999",
}

DEMO_USERS = (
    ("clinicien", "Claire", "Martin-Démo", CLINICIAN, "Pneumologie"),
    ("secretaire", "Sophie", "Bernard-Démo", SECRETARY, ""),
    ("admin", "Antoine", "Petit-Démo", ADMINISTRATOR, ""),
)


@dataclass
class DemoAccounts:
    centre: Centre
    users: dict[str, User]


def load() -> DemoAccounts:
    centre, _ = Centre.objects.update_or_create(
        name=DEMO_CENTRE["name"], defaults={k: v for k, v in DEMO_CENTRE.items() if k != "name"}
    )
    users = {}
    for username, first, last, role, specialty in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "centre": centre},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.centre = centre
        user.specialty = specialty
        user.save()
        assign_role(user, role)
        users[role] = user
    return DemoAccounts(centre=centre, users=users)
