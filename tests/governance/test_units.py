"""Every active unit has its bodies (VS, weekly and daily meeting), whenever and however it
was created, and again when a closed unit is reopened."""

from __future__ import annotations

import datetime as dt
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from koop.core.models import AuditEntry
from koop.governance.models import Body, BodyKind
from koop.organisation.models import Unit
from koop.organisation.services import unit_create
from tests.governance.helpers import Gov

UNIT_KINDS = {BodyKind.UNIT_MEETING, BodyKind.WEEKLY, BodyKind.DAILY}


def _form(gov: Gov, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Cykelverkstan",
        "municipality": gov.world.unit_a.municipality_id,
        "cost_centre": "130",
        "started_on": "2026-12-01",
        "status": "active",
        "description": "",
    }
    data.update(changes)
    return data


def test_a_unit_made_on_the_new_unit_page_gets_its_bodies(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin").post("/organisation/units/new/", _form(gov))

    assert response.status_code == 302
    unit = Unit.objects.get(name="Cykelverkstan")
    kinds = set(Body.objects.filter(unit=unit).values_list("kind", flat=True))
    assert kinds == UNIT_KINDS
    vs = Body.objects.get(unit=unit, kind=BodyKind.UNIT_MEETING)
    assert vs.agenda_template.items.count() > 0


def test_a_closed_unit_reopened_on_its_edit_page_gets_its_bodies(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    from koop.governance.services import unit_create_with_bodies

    unit = unit_create_with_bodies(
        cooperative=gov.world.cooperative,
        name="Vilande",
        municipality=gov.world.unit_a.municipality,
        cost_centre="140",
        started_on=dt.date(2026, 1, 1),
        status="closed",
        acting_user=None,
    )
    assert not Body.objects.filter(unit=unit).exists()  # a closed unit holds no meetings

    response = client_for("admin").post(
        f"/organisation/units/{unit.pk}/edit/", _form(gov, name="Vilande", cost_centre="140")
    )

    assert response.status_code == 302
    assert set(Body.objects.filter(unit=unit).values_list("kind", flat=True)) == UNIT_KINDS


def test_the_api_creates_a_unit_with_its_bodies(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    data = {
        "name": "Cykelverkstan",
        "municipality_id": gov.world.unit_a.municipality_id,
        "cost_centre": "130",
        "started_on": "2026-12-01",
    }

    response = client_for("admin").post("/api/v1/units", data, content_type="application/json")
    refused = client_for("leader").post("/api/v1/units", data, content_type="application/json")

    assert response.status_code == 201
    unit = Unit.objects.get(pk=response.json()["id"])
    assert set(Body.objects.filter(unit=unit).values_list("kind", flat=True)) == UNIT_KINDS
    assert refused.status_code == 404


def test_the_api_names_the_field_of_a_bad_unit(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin").post(
        "/api/v1/units",
        {
            "name": "Dubbel",
            "municipality_id": gov.world.unit_a.municipality_id,
            "cost_centre": gov.world.unit_a.cost_centre,
            "started_on": "2026-12-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "cost_centre"
    assert not Unit.objects.filter(name="Dubbel").exists()


def test_a_unit_is_never_saved_without_its_bodies(gov: Gov, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from koop.governance.services import units

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the bodies could not be made")

    monkeypatch.setattr(units, "governance_setup", broken)
    with pytest.raises(RuntimeError):
        units.unit_create_with_bodies(
            cooperative=gov.world.cooperative,
            name="Halvfärdig",
            municipality=gov.world.unit_a.municipality,
            cost_centre="150",
            started_on=dt.date(2026, 1, 1),
            acting_user=None,
        )

    assert not Unit.objects.filter(name="Halvfärdig").exists()
    assert not AuditEntry.objects.filter(action="unit_create").exists()


def test_the_migration_gives_existing_units_the_bodies_they_lack(gov: Gov) -> None:
    # Made the way units were made before: the organisation's service alone.
    lacking = unit_create(
        cooperative=gov.world.cooperative,
        name="Tvätteriet",
        municipality=gov.world.unit_a.municipality,
        cost_centre="160",
        started_on=dt.date(2025, 1, 1),
        acting_user=None,
    )
    closed = unit_create(
        cooperative=gov.world.cooperative,
        name="Nedlagd",
        municipality=gov.world.unit_a.municipality,
        cost_centre="170",
        started_on=dt.date(2020, 1, 1),
        status="closed",
        acting_user=None,
    )
    Body.objects.filter(unit=gov.world.unit_b, kind=BodyKind.DAILY).delete()
    before = Body.objects.count()
    repair = import_module("koop.governance.migrations.0005_unit_bodies")

    repair.add_missing_unit_bodies(django_apps, None)
    repair.add_missing_unit_bodies(django_apps, None)  # a second run adds nothing

    assert Body.objects.count() == before + 4
    assert set(Body.objects.filter(unit=lacking).values_list("kind", flat=True)) == UNIT_KINDS
    assert Body.objects.filter(unit=gov.world.unit_b, kind=BodyKind.DAILY).exists()
    assert not Body.objects.filter(unit=closed).exists()
    vs = Body.objects.get(unit=lacking, kind=BodyKind.UNIT_MEETING)
    assert vs.name == "Verksamhetsmöte (VS), Tvätteriet"  # in the installation's language
    assert vs.agenda_template.items.order_by("position").first().title == (
        "Ekonomirapporter från olika nivåer"
    )
    assert AuditEntry.objects.filter(action="governance_setup").count() == 2


def test_organisation_never_imports_governance() -> None:
    # Why the new-unit page lives in governance: organisation sits below it.
    source = Path(import_module("koop.organisation").__file__).parent  # type: ignore[arg-type]
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"^\s*(from|import) koop\.governance", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []
