import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from boards.forms import BoardAdminForm
from boards.validators import (
    PHONE_MESSAGE,
    is_french_phone,
    normalise_french_phone,
    validate_departments,
    validate_french_phone,
    validate_regions,
    validate_specialties,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("04.72.11.00.94", "04 72 11 00 94"),  # as the référentiel writes it
        ("04 72 11 00 94", "04 72 11 00 94"),
        ("0472110094", "04 72 11 00 94"),
        ("04-72-11-00-94", "04 72 11 00 94"),
        ("+33 4 72 11 00 94", "04 72 11 00 94"),
        ("+33472110094", "04 72 11 00 94"),
        ("  01 23 45 67 89 ", "01 23 45 67 89"),
        ("09 00 00 00 00", "09 00 00 00 00"),
    ],
)
def test_good_phones_are_accepted_and_normalised(typed, normalised):
    validate_french_phone(typed)
    assert normalise_french_phone(typed) == normalised


@pytest.mark.parametrize(
    "typed",
    [
        "00 72 11 00 94",  # no 00 prefix
        "4 72 11 00 94",
        "04 72 11 00 9",
        "04 72 11 00 944",
        "+33 0 72 11 00 94",
        "+44 20 7946 0958",
        "04..72.11.00.94",
        "04 72 11 00 94 poste 12",
        "04 72 11 00 94\n",
        "04\n72 11 00 94",
        "04\t72\t11\t00\t94",
        "٠٤ ٧٢ ١١ ٠٠ ٩٤",  # Arabic-Indic digits are not ASCII digits
        "０４ ７２ １１ ００ ９４",  # full-width digits
        "<script>alert(1)</script>",
        "04 72 11 00 94<script>",
        "'; DROP TABLE boards_board; --",
        "tel:0472110094",
        "téléphone",
    ],
)
def test_bad_phones_are_refused_with_a_french_message(typed):
    with pytest.raises(ValidationError) as error:
        validate_french_phone(typed)
    assert error.value.messages == [str(PHONE_MESSAGE)]
    assert "Numéro de téléphone français invalide" in error.value.messages[0]


def test_an_empty_phone_is_allowed():
    validate_french_phone("")


@given(st.text(max_size=30))
def test_any_text_is_either_refused_or_a_ten_digit_number(text):
    if is_french_phone(text):
        normalised = normalise_french_phone(text)
        assert len(normalised.replace(" ", "")) == 10
        assert normalised.replace(" ", "").isascii()
        assert normalised.startswith("0")
    elif text:
        with pytest.raises(ValidationError):
            validate_french_phone(text)


def _email_errors(email: str) -> tuple[list[str], str | None]:
    """The administrator's form: the e-mail field's errors and its cleaned value (the form
    checks the name is unique: callers need the database)."""
    form = BoardAdminForm(
        data={"name": "RCP", "region": "Corse", "level": "regional", "email": email}
    )
    form.is_valid()
    return form.errors.get("email", []), form.cleaned_data.get("email")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["thomas.walter@chu-lyon.fr", "itauveron@chu-clermontferrand.fr", "a.b-c@exemple.org"]
)
def test_good_emails(email):
    assert _email_errors(email) == ([], email)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    [
        "thomas.walter",
        "thomas.walter@",
        "@chu-lyon.fr",
        "thomas walter@chu-lyon.fr",
        "a@b@chu-lyon.fr",
        "<script>@chu-lyon.fr",
        "secretariat@chu-lyon.fr\nBcc: x@exemple.org",
    ],
)
def test_bad_emails_are_refused_with_a_french_message(email):
    errors, _ = _email_errors(email)
    assert errors and "Adresse électronique invalide" in errors[0]


@pytest.mark.django_db
def test_no_email_is_stored_with_a_newline():
    # The form strips the line end a paste leaves; no header can ride along in the address.
    assert _email_errors("secretariat@chu-lyon.fr\n") == ([], "secretariat@chu-lyon.fr")


@pytest.mark.parametrize(
    ("validator", "good"),
    [
        (validate_specialties, ["pathology", "thoracic_surgery"]),
        (validate_regions, ["Auvergne-Rhône-Alpes", "Bretagne"]),
        (validate_departments, ["69", "2A", "974"]),
    ],
)
def test_code_lists_accept_known_codes(validator, good):
    validator(good)
    validator([])


@pytest.mark.parametrize(
    ("validator", "bad"),
    [
        (validate_specialties, ["astrology"]),
        (validate_specialties, "pathology"),
        (validate_specialties, [1]),
        (validate_specialties, ["pathology", "pathology"]),
        (validate_regions, ["Rhône-Alpes"]),  # a former region: not a current one
        (validate_regions, {"region": "Bretagne"}),
        (validate_departments, ["00"]),
        (validate_departments, ["96"]),
        (validate_departments, ["977"]),
        (validate_departments, ["6 9"]),
        (validate_departments, [69]),
    ],
)
def test_code_lists_refuse_unknown_or_malformed_values(validator, bad):
    with pytest.raises(ValidationError):
        validator(bad)
