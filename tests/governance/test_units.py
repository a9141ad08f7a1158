"""Every active unit has its bodies (VS, weekly and daily meeting), whenever and however it
was created, and again when a closed unit is reopened."""

from __future__ import annotations

from koop.governance.models import Body, BodyKind
from koop.organisation.models import Unit
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
