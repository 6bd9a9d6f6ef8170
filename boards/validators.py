import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 10 digits starting with 0 (01–09), or +33 followed by 9 digits; spaces, dots, dashes allowed.
_FRENCH_PHONE = re.compile(r"^(?:0[1-9]|\+33\s?[1-9])(?:[\s.\-]?\d{2}){4}$")


def normalise_french_phone(value: str) -> str:
    """'04.72.11.00.94' → '04 72 11 00 94' (national format), for display and storage."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def validate_french_phone(value: str) -> None:
    if value and not _FRENCH_PHONE.match(value.strip()):
        raise ValidationError(
            _("Numéro de téléphone français invalide (ex. : 04 72 11 00 94 ou +33 4 72 11 00 94)."),
            code="invalid_phone",
        )
