"""Every change made through a service leaves exactly one audit row, in its transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.test import Client

from koop.api.services import token_create, token_revoke
from koop.core.access import Role
from koop.core.audit import audit_record
from koop.core.errors import KoopValidationError
from koop.core.models import AuditEntry
from koop.organisation import services as organisation_services
from koop.organisation.models import Cooperative, Municipality, Unit
from koop.organisation.services import (
    business_area_create,
    cooperative_create,
    cooperative_update,
    municipality_create,
    unit_create,
    unit_update,
)
from koop.people.models import EmploymentKind, Person, RoleAssignment
from koop.people.services import (
    employment_create,
    employment_end,
    membership_end,
    membership_start,
    person_create,
    person_record_self_report,
    person_update,
    role_assign,
    role_revoke,
)
from tests.personas import World
from tests.signin import log_in

PERSONNUMMER = "19811218-9876"


@dataclass(frozen=True)
class Change:
    """A service call and what its audit row must say."""

    action: str
    # (world, acting user, what ``prepare`` made) -> the object changed, or None
    run: Callable[[World, Any, Any], models.Model | None]
    has_before: bool
    has_after: bool = True
    # Made before the count starts: the object a service changes or removes.
    prepare: Callable[[World], models.Model] | None = None


CHANGES: list[Change] = [
    Change(
        "cooperative_create",
        lambda w, u, _: cooperative_create(
            name="Annan förening", org_number="7696002182", acting_user=u
        ),
        has_before=False,
    ),
    Change(
        "cooperative_update",
        lambda w, u, _: cooperative_update(
            cooperative=w.cooperative, city="Linköping", acting_user=u
        ),
        has_before=True,
    ),
    Change(
        "municipality_create",
        lambda w, u, _: municipality_create(cooperative=w.cooperative, name="Kinda", acting_user=u),
        has_before=False,
    ),
    Change(
        "business_area_create",
        lambda w, u, _: business_area_create(
            cooperative=w.cooperative, name="Städ", code="stad", acting_user=u
        ),
        has_before=False,
    ),
    Change(
        "unit_create",
        lambda w, u, _: unit_create(
            cooperative=w.cooperative,
            name="Städpatrullen",
            municipality=w.unit_a.municipality,
            cost_centre="130",
            started_on=dt.date(2024, 1, 1),
            acting_user=u,
        ),
        has_before=False,
    ),
    Change(
        "unit_update",
        lambda w, u, _: unit_update(unit=w.unit_a, name="Möbellagret Syd", acting_user=u),
        has_before=True,
    ),
    Change(
        "person_create",
        lambda w, u, _: person_create(
            cooperative=w.cooperative,
            first_name="Ny",
            last_name="Person",
            personnummer=PERSONNUMMER,
            acting_user=u,
        ),
        has_before=False,
    ),
    Change(
        "person_update",
        lambda w, u, _: person_update(person=w.persons["cooperator"], city="Ydre", acting_user=u),
        has_before=True,
    ),
    Change(
        "person_record_self_report",
        lambda w, u, _: person_record_self_report(
            person=w.persons["cooperator"], consent=True, gender="woman", acting_user=u
        ),
        has_before=True,
    ),
    Change(
        "membership_start",
        lambda w, u, _: membership_start(
            person=_new_person(w), started_on=dt.date(2024, 1, 1), acting_user=u
        ),
        has_before=False,
    ),
    Change(
        "membership_end",
        lambda w, u, _: membership_end(
            membership=w.persons["cooperator"].memberships.get(),
            ended_on=dt.date(2024, 12, 31),
            acting_user=u,
        ),
        has_before=True,
    ),
    Change(
        "employment_create",
        lambda w, u, _: employment_create(
            person=w.persons["participant"],
            kind=EmploymentKind.COOPERATOR,
            unit=w.unit_a,
            started_on=dt.date(2024, 1, 1),
            acting_user=u,
        ),
        has_before=False,
    ),
    Change(
        "employment_end",
        lambda w, u, _: employment_end(
            employment=w.persons["cooperator"].employments.get(),
            ended_on=dt.date(2024, 12, 31),
            acting_user=u,
        ),
        has_before=True,
    ),
    Change(
        "role_assign",
        lambda w, u, _: role_assign(user=w.user("board"), role=Role.FINANCE, acting_user=u),
        has_before=False,
    ),
    Change(
        "role_revoke",
        lambda w, u, assignment: role_revoke(assignment=assignment, acting_user=u),
        has_before=True,
        has_after=False,
        prepare=lambda w: RoleAssignment.objects.get(user=w.user("board")),
    ),
    Change(
        "api_token_create",
        lambda w, u, _: token_create(user=w.user("leader"), acting_user=u)[0],
        has_before=False,
    ),
    Change(
        "api_token_revoke",
        lambda w, u, token: token_revoke(token=token, acting_user=u),
        has_before=True,
        prepare=lambda w: token_create(user=w.user("leader"), acting_user=None)[0],
    ),
]


def _new_person(world: World) -> Person:
    """Someone who is not a member yet."""
    return Person.objects.create(cooperative=world.cooperative, first_name="Ny", last_name="Medlem")


@pytest.mark.parametrize("change", CHANGES, ids=[c.action for c in CHANGES])
def test_each_service_writes_exactly_one_audit_row(change: Change, world: World) -> None:
    admin = world.user("admin")
    prepared = change.prepare(world) if change.prepare else None
    # A removed row loses its pk on delete(); the trail keeps the id it had.
    prepared_id = str(prepared.pk) if prepared is not None else None
    before_ids = set(AuditEntry.objects.values_list("pk", flat=True))
    result = change.run(world, admin, prepared)
    entries = list(AuditEntry.objects.exclude(pk__in=before_ids))
    assert len(entries) == 1, [e.action for e in entries]
    entry = entries[0]
    obj = result if result is not None else prepared
    assert obj is not None
    assert entry.action == change.action
    assert entry.actor_id == admin.pk
    assert entry.at is not None
    assert entry.object_type == obj._meta.label_lower
    assert entry.object_id == (str(result.pk) if result is not None else prepared_id)
    assert (entry.before is not None) == change.has_before
    assert (entry.after is not None) == change.has_after


def test_unit_update_records_the_old_and_the_new_name(world: World) -> None:
    unit_update(unit=world.unit_a, name="Möbellagret Syd", acting_user=world.user("vd"))
    entry = AuditEntry.objects.get(action="unit_update")
    assert entry.actor_id == world.user("vd").pk
    assert entry.before["name"] == "Möbellagret"
    assert entry.after["name"] == "Möbellagret Syd"
    assert ("name", "Möbellagret", "Möbellagret Syd") in entry.changes()


def test_a_change_whose_audit_row_fails_is_not_saved(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row and the change share one transaction: no change without its trail."""

    def broken(**kwargs: object) -> AuditEntry:
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(organisation_services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        unit_update(unit=world.unit_a, name="Aldrig sparad", acting_user=world.user("admin"))
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "Möbellagret"


def test_audit_record_refuses_to_run_outside_a_transaction() -> None:
    # No database here, so no test transaction around it either: the guard must speak first.
    assert not transaction.get_connection().in_atomic_block
    with pytest.raises(RuntimeError, match="transaction"):
        audit_record(actor=None, action="probe", obj=Unit(pk=1), before=None, after={})


def test_a_refused_change_writes_no_audit_row(world: World) -> None:
    count = AuditEntry.objects.count()
    with pytest.raises(KoopValidationError) as refused:
        unit_update(unit=world.unit_b, cost_centre="110", acting_user=world.user("admin"))
    assert [p.field for p in refused.value.problems] == ["cost_centre"]
    assert AuditEntry.objects.count() == count


def test_the_personnummer_is_never_in_clear_in_the_audit_trail(world: World) -> None:
    admin = world.user("admin")
    person = person_create(
        cooperative=world.cooperative,
        first_name="Hemlig",
        last_name="Person",
        personnummer=PERSONNUMMER,
        acting_user=admin,
    )
    person_update(person=person, personnummer="19900101-0017", acting_user=admin)
    person_record_self_report(person=person, consent=True, gender="man", acting_user=admin)
    rows = AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk))
    assert rows.count() == 3
    for row in rows:
        text = json.dumps([row.before, row.after, row.object_repr])
        for secret in ("9876", "0017"):
            assert secret not in text, (row.action, text)
    created = rows.get(action="person_create")
    assert created.after["personnummer"] == "19811218-****"


def test_the_admin_reads_the_trail_of_an_object(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    unit_update(unit=world.unit_a, name="Möbellagret Syd", acting_user=world.user("vd"))
    unit_update(unit=world.unit_a, status="paused", acting_user=world.user("admin"))
    url = f"/audit/organisation.unit/{world.unit_a.pk}/"
    response = client_for("admin").get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Unit changed") == 2
    assert "unit_update" not in body
    assert "Möbellagret Syd" in body
    assert "Paused" in body
    assert "paused" not in body
    for persona in ("vd", "finance", "leader", "board", "participant"):
        assert client_for(persona).get(url).status_code == 404, persona


def test_django_admin_saves_leave_an_audit_row(world: World) -> None:
    staff = get_user_model().objects.create_superuser("backoffice", "bo@example.se", "x-secret")
    client = log_in(Client(), staff)
    response = client.post(
        "/admin/organisation/municipality/add/",
        {"cooperative": world.cooperative.pk, "name": "Vingåker", "code": "0428"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    municipality = Municipality.objects.get(name="Vingåker")
    added = AuditEntry.objects.get(action="admin_add")
    assert added.actor_id == staff.pk
    assert added.object_id == str(municipality.pk)
    assert added.before is None
    assert added.after["name"] == "Vingåker"

    response = client.post(
        f"/admin/organisation/municipality/{municipality.pk}/change/",
        {"cooperative": world.cooperative.pk, "name": "Vingåker kommun", "code": "0428"},
    )
    assert response.status_code == 302
    changed = AuditEntry.objects.get(action="admin_change")
    assert changed.before["name"] == "Vingåker"
    assert changed.after["name"] == "Vingåker kommun"

    unit = Unit.objects.create(
        cooperative=world.cooperative,
        name="Tillfällig",
        municipality=municipality,
        cost_centre="199",
        started_on=dt.date(2024, 1, 1),
    )
    response = client.post(f"/admin/organisation/unit/{unit.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(action="admin_delete")
    assert deleted.before["name"] == "Tillfällig"
    assert deleted.after is None


def test_django_admin_person_save_keeps_the_personnummer_out_of_the_trail(world: World) -> None:
    staff = get_user_model().objects.create_superuser("backoffice", "bo@example.se", "x-secret")
    client = log_in(Client(), staff)
    response = client.post(
        "/admin/people/person/add/",
        {
            "cooperative": world.cooperative.pk,
            "first_name": "Admin",
            "last_name": "Inlagd",
            "personnummer": "811218-9876",
            "gender": "",
            "other_background": "unknown",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(last_name="Inlagd")
    # Stored in the one form every other path stores, so uniqueness compares like with like.
    assert person.personnummer == PERSONNUMMER
    added = AuditEntry.objects.get(action="admin_add", object_type="people.person")
    assert "9876" not in json.dumps([added.before, added.after, added.object_repr])


def test_django_admin_stores_the_orgnr_normalised(world: World) -> None:
    staff = get_user_model().objects.create_superuser("backoffice", "bo@example.se", "x-secret")
    client = log_in(Client(), staff)
    response = client.post(
        "/admin/organisation/cooperative/add/",
        {"name": "Annan förening", "org_number": "7696002182", "legal_form": "ekonomisk förening"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Cooperative.objects.filter(org_number="769600-2182").exists()
    refused = client.post(
        "/admin/organisation/cooperative/add/",
        {"name": "Fel förening", "org_number": "769600-2183", "legal_form": "ekonomisk förening"},
    )
    assert refused.status_code == 200
    assert not Cooperative.objects.filter(name="Fel förening").exists()
