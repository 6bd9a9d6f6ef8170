import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boards.regions import DEPARTMENT_CODE, Region
from boards.specialties import Specialty

# 10 digits starting with 0 (01–09), or +33 followed by 9 digits; single spaces, dots or dashes
# between pairs. ASCII digits only ([0-9], not \d) and fullmatch: no newline or other script.
_FRENCH_PHONE = re.compile(r"(?:0[1-9]|\+33 ?[1-9])(?:[ .\-]?[0-9]{2}){4}")

PHONE_MESSAGE = _(
    "Numéro de téléphone français invalide : 10 chiffres commençant par 0 "
    "(ex. : 04 72 11 00 94, 04.72.11.00.94 ou +33 4 72 11 00 94)."
)
EMAIL_MESSAGE = _("Adresse électronique invalide (ex. : secretariat.rcp@chu-exemple.fr).")


def is_french_phone(value: str) -> bool:
    return isinstance(value, str) and _FRENCH_PHONE.fullmatch(value.strip(" ")) is not None


def normalise_french_phone(value: str) -> str:
    """'04.72.11.00.94' or '+33 4 72 11 00 94' → '04 72 11 00 94' (national format)."""
    digits = re.sub(r"[^0-9]", "", value)
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def validate_french_phone(value: str) -> None:
    if value and not is_french_phone(value):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


def _validate_codes(value, allowed, label, code: str) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("%(label)s : une liste de codes est attendue.") % {"label": label})
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise ValidationError(
            _("%(label)s : valeur(s) inconnue(s) : %(values)s.")
            % {"label": label, "values": ", ".join(unknown)},
            code=code,
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("%(label)s : valeur en double.") % {"label": label}, code=code)


def validate_specialties(value) -> None:
    _validate_codes(value, Specialty.values, _("Spécialités"), "unknown_specialty")


def validate_regions(value) -> None:
    _validate_codes(value, Region.values, _("Régions desservies"), "unknown_region")


def validate_departments(value) -> None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        allowed = {item for item in value if DEPARTMENT_CODE.fullmatch(item)}
    else:
        allowed = set()
    _validate_codes(value, allowed, _("Départements desservis"), "unknown_department")
