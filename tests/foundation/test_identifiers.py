"""Swedish identity numbers: stored in one form, and a personnummer only ever shown masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from koop.core.identifiers import mask_personnummer, normalise_orgnr, normalise_personnummer
from koop.organisation.services import cooperative_create
from koop.people.services import person_create
from tests.personas import World

PERSONNUMMER = "19811218-9876"


@pytest.mark.parametrize(
    "spelling", ["19811218-9876", "198112189876", "811218-9876", "8112189876", " 811218-9876 "]
)
def test_personnummer_is_normalised_to_the_full_year(spelling: str) -> None:
    assert normalise_personnummer(spelling) == PERSONNUMMER


@pytest.mark.parametrize("spelling", ["7696002182", "769600-2182", "769600 2182"])
def test_orgnr_is_normalised_with_a_hyphen(spelling: str) -> None:
    assert normalise_orgnr(spelling) == "769600-2182"


@pytest.mark.parametrize("bad", ["", "abc", "19811218-987", "811318-9876", "19811218-9877"])
def test_malformed_personnummer_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        normalise_personnummer(bad)


@pytest.mark.parametrize("bad", ["769600-2183", "76960021", "abcdef-ghij"])
def test_malformed_orgnr_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        normalise_orgnr(bad)


def test_services_store_identifiers_normalised(world: World) -> None:
    admin = world.user("admin")
    person = person_create(
        cooperative=world.cooperative,
        first_name="Kort",
        last_name="Form",
        personnummer="811218-9876",
        acting_user=admin,
    )
    person.refresh_from_db()
    assert person.personnummer == PERSONNUMMER
    cooperative = cooperative_create(name="Annan", org_number="7696002182", acting_user=admin)
    cooperative.refresh_from_db()
    assert cooperative.org_number == "769600-2182"


def test_person_page_and_api_show_the_personnummer_masked(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    person = world.persons["cooperator"]
    type(person).objects.filter(pk=person.pk).update(personnummer=PERSONNUMMER)
    for persona in ("admin", "cooperator", "leader"):
        client = client_for(persona)
        body = client.get(f"/people/{person.pk}/").content.decode()
        assert "19811218-****" in body
        assert "-9876" not in body
        assert "198112189876" not in body
        data = client.get(f"/api/v1/people/{person.pk}").json()
        assert data["personnummer_masked"] == "19811218-****"
        assert "9876" not in str(data)
        listed = client.get("/api/v1/people").json()
        assert "-9876" not in str(listed)
    edit = client_for("admin").get(f"/people/{person.pk}/edit/").content.decode()
    assert "-9876" not in edit


def test_people_list_page_never_shows_a_personnummer(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    person = world.persons["cooperator"]
    type(person).objects.filter(pk=person.pk).update(personnummer=PERSONNUMMER)
    body = client_for("admin").get("/people/").content.decode()
    assert "-9876" not in body


# --- property: every valid personnummer normalises and masks the same way -------------

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
serials = st.integers(min_value=0, max_value=999)


def _personnummer(birth: dt.date, serial: int) -> tuple[str, str]:
    """(the full form YYYYMMDD-NNNC with a correct Luhn digit, the check digit)."""
    body = f"{birth:%y%m%d}{serial:03d}"
    check = luhn.calc_check_digit(body)
    return f"{birth:%Y%m%d}-{serial:03d}{check}", check


@given(birth=birth_dates, serial=serials)
def test_valid_personnummer_normalises_to_13_chars_and_masks_the_last_four(
    birth: dt.date, serial: int
) -> None:
    full, _ = _personnummer(birth, serial)
    normalised = normalise_personnummer(full)
    assert normalised == full
    assert len(normalised) == 13
    assert normalise_personnummer(full.replace("-", "")) == full
    assert mask_personnummer(normalised) == f"{birth:%Y%m%d}-****"


@given(birth=birth_dates, serial=serials, wrong=st.integers(min_value=1, max_value=9))
def test_a_personnummer_with_another_check_digit_is_refused(
    birth: dt.date, serial: int, wrong: int
) -> None:
    full, check = _personnummer(birth, serial)
    other = str((int(check) + wrong) % 10)
    with pytest.raises(ValidationError):
        normalise_personnummer(full[:-1] + other)


def test_person_edit_keeps_the_personnummer_when_its_field_is_left_empty(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    person = world.persons["cooperator"]
    type(person).objects.filter(pk=person.pk).update(personnummer=PERSONNUMMER)
    client = client_for("vd")
    page = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert 'placeholder="19811218-****"' in page
    response = client.post(
        f"/people/{person.pk}/edit/",
        {"first_name": "Kim", "last_name": "Testsson", "personnummer": ""},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.personnummer) == ("Kim", PERSONNUMMER)
    client.post(
        f"/people/{person.pk}/edit/",
        {"first_name": "Kim", "last_name": "Testsson", "personnummer": "900101-0017"},
    )
    person.refresh_from_db()
    assert person.personnummer == "19900101-0017"
