"""Bad input is refused with a message naming the field, and nothing is saved.

The service is the friendly check; the database is the guarantee, so the same input
written past Python (raw SQL, bulk writes) hits a constraint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model

from koop.core.errors import KoopValidationError
from koop.core.models import AuditEntry
from koop.organisation.models import Cooperative, Unit
from koop.organisation.services import cooperative_create, unit_create, unit_update
from koop.people.models import Employment, EmploymentKind, Person
from koop.people.services import employment_create, employment_end, person_create
from tests.personas import World

INVALID_PERSONNUMMER = "19811218-9877"  # 19811218-9876 with a wrong check digit
INVALID_ORGNR = "556000-0000"


@contextmanager
def nothing_saved(*models: type[Model]) -> Iterator[None]:
    """Fails unless the row counts of ``models`` and of the audit trail stay as they were."""
    counted = (*models, AuditEntry)
    before = {m: m.objects.count() for m in counted}
    yield
    after = {m: m.objects.count() for m in counted}
    assert after == before


def refused_fields(call: Callable[[], object]) -> set[str | None]:
    with pytest.raises(KoopValidationError) as caught:
        call()
    return {problem.field for problem in caught.value.problems}


def field_error(body: str, field: str) -> bool:
    """The page shows an error list right beside the field's input."""
    return f'id="id_{field}_error"' in body


# --- org.nr ---------------------------------------------------------------------------


def test_cooperative_with_an_invalid_orgnr_is_refused(world: World) -> None:
    with nothing_saved(Cooperative):
        fields = refused_fields(
            lambda: cooperative_create(
                name="Fel förening", org_number=INVALID_ORGNR, acting_user=world.user("admin")
            )
        )
    assert fields == {"org_number"}


# --- personnummer ---------------------------------------------------------------------


def test_person_create_page_refuses_an_invalid_personnummer_beside_the_field(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    with nothing_saved(Person):
        response = client_for("admin").post(
            "/people/new/",
            {"first_name": "Ada", "last_name": "Fel", "personnummer": INVALID_PERSONNUMMER},
        )
    assert response.status_code == 422
    assert field_error(response.content.decode(), "personnummer")


def test_person_create_refuses_an_invalid_personnummer(world: World) -> None:
    with nothing_saved(Person):
        fields = refused_fields(
            lambda: person_create(
                cooperative=world.cooperative,
                first_name="Ada",
                last_name="Fel",
                personnummer=INVALID_PERSONNUMMER,
                acting_user=world.user("admin"),
            )
        )
    assert fields == {"personnummer"}


@pytest.mark.parametrize("spelling", ["19811218-9876", "811218-9876", "198112189876"])
def test_person_create_refuses_a_personnummer_someone_else_has(spelling: str, world: World) -> None:
    admin = world.user("admin")
    person_create(
        cooperative=world.cooperative,
        first_name="Ada",
        last_name="Först",
        personnummer="19811218-9876",
        acting_user=admin,
    )
    with nothing_saved(Person):
        fields = refused_fields(
            lambda: person_create(
                cooperative=world.cooperative,
                first_name="Bo",
                last_name="Sen",
                personnummer=spelling,
                acting_user=admin,
            )
        )
    assert fields == {"personnummer"}


# --- cost centre ----------------------------------------------------------------------


def _unit_form(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Nya enheten",
        "municipality": world.unit_a.municipality_id,
        "cost_centre": "130",
        "started_on": "2024-01-01",
        "status": "active",
        "description": "",
    }
    data.update(changes)
    return data


def test_unit_create_page_refuses_a_duplicate_cost_centre_beside_the_field(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    with nothing_saved(Unit):
        response = client_for("admin").post(
            "/organisation/units/new/", _unit_form(world, cost_centre=world.unit_a.cost_centre)
        )
    assert response.status_code == 422
    assert field_error(response.content.decode(), "cost_centre")


def test_unit_create_refuses_a_duplicate_cost_centre(world: World) -> None:
    with nothing_saved(Unit):
        fields = refused_fields(
            lambda: unit_create(
                cooperative=world.cooperative,
                name="Nya enheten",
                municipality=world.unit_a.municipality,
                cost_centre=world.unit_a.cost_centre,
                started_on=dt.date(2024, 1, 1),
                acting_user=world.user("admin"),
            )
        )
    assert fields == {"cost_centre"}


def test_unit_update_refuses_a_duplicate_cost_centre(world: World) -> None:
    with nothing_saved(Unit):
        fields = refused_fields(
            lambda: unit_update(
                unit=world.unit_b,
                cost_centre=world.unit_a.cost_centre,
                acting_user=world.user("admin"),
            )
        )
    assert fields == {"cost_centre"}
    world.unit_b.refresh_from_db()
    assert world.unit_b.cost_centre == "120"


# --- employment dates -----------------------------------------------------------------


def test_employment_page_refuses_an_end_before_the_start_beside_the_field(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    person = world.persons["participant"]
    with nothing_saved(Employment):
        response = client_for("admin").post(
            f"/people/{person.pk}/employments/new/",
            {
                "kind": EmploymentKind.COOPERATOR,
                "unit": world.unit_a.pk,
                "title": "",
                "started_on": "2024-05-01",
                "ended_on": "2024-04-30",
                "wage_step": 1,
            },
        )
    assert response.status_code == 422
    assert field_error(response.content.decode(), "ended_on")


def test_employment_create_refuses_an_end_before_the_start(world: World) -> None:
    with nothing_saved(Employment):
        fields = refused_fields(
            lambda: employment_create(
                person=world.persons["participant"],
                kind=EmploymentKind.COOPERATOR,
                unit=world.unit_a,
                started_on=dt.date(2024, 5, 1),
                ended_on=dt.date(2024, 4, 30),
                acting_user=world.user("admin"),
            )
        )
    assert fields == {"ended_on"}


def test_employment_end_refuses_a_day_before_the_start(world: World) -> None:
    employment = world.persons["cooperator"].employments.get()
    with nothing_saved(Employment):
        fields = refused_fields(
            lambda: employment_end(
                employment=employment,
                ended_on=employment.started_on - dt.timedelta(days=1),
                acting_user=world.user("admin"),
            )
        )
    assert fields == {"ended_on"}
    employment.refresh_from_db()
    assert employment.ended_on is None


# --- the database refuses what Python was not asked about -----------------------------


def _refused_by_database(write: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_database_refuses_an_employment_that_ends_before_it_starts(world: World) -> None:
    person = world.persons["participant"]
    _refused_by_database(
        lambda: Employment.objects.bulk_create(
            [
                Employment(
                    person=person,
                    kind=EmploymentKind.COOPERATOR,
                    unit=world.unit_a,
                    started_on=dt.date(2024, 5, 1),
                    ended_on=dt.date(2024, 4, 30),
                )
            ]
        )
    )
    employment = world.persons["cooperator"].employments.get()
    table = Employment._meta.db_table

    def raw_update() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET ended_on = %s WHERE id = %s",
                [employment.started_on - dt.timedelta(days=1), employment.pk],
            )

    _refused_by_database(raw_update)


def test_database_refuses_self_reported_gender_without_consent(world: World) -> None:
    person = world.persons["cooperator"]
    _refused_by_database(
        lambda: Person.objects.filter(pk=person.pk).update(
            gender="woman", self_report_consent_at=None
        )
    )
    _refused_by_database(
        lambda: Person.objects.filter(pk=person.pk).update(
            other_background=True, self_report_consent_at=None
        )
    )


def test_database_refuses_a_duplicate_cost_centre(world: World) -> None:
    _refused_by_database(
        lambda: Unit.objects.bulk_create(
            [
                Unit(
                    cooperative=world.cooperative,
                    name="Dubblett",
                    municipality=world.unit_a.municipality,
                    cost_centre=world.unit_a.cost_centre,
                    started_on=dt.date(2024, 1, 1),
                )
            ]
        )
    )
    assert Unit.objects.filter(cost_centre=world.unit_a.cost_centre).count() == 1


def test_a_problem_about_a_field_the_form_lacks_is_shown_in_words_on_top() -> None:
    from django import forms

    from koop.core.errors import FieldProblem, KoopValidationError
    from koop.core.forms import add_service_errors

    class NameForm(forms.Form):
        name = forms.CharField()

    form = NameForm({"name": "x"})
    form.is_valid()
    add_service_errors(
        form,
        KoopValidationError(
            [
                FieldProblem("name", "The name is taken."),
                FieldProblem("meeting_id", "The meeting is closed."),
            ]
        ),
    )
    assert form.errors["name"] == ["The name is taken."]
    assert form.non_field_errors() == ["The meeting is closed."]
