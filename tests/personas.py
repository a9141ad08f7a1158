"""The personas every test reuses: one login per role, in two units of one cooperative.

``unit_a`` is the home unit of the unit-scoped personas; ``unit_b`` is somebody else's,
so a test can check that unit A's people get 404 for unit B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from koop.core.access import Role
from koop.organisation.factories import (
    BusinessAreaFactory,
    CooperativeFactory,
    MunicipalityFactory,
    UnitFactory,
)
from koop.organisation.models import Cooperative, Unit
from koop.people.factories import (
    EmploymentFactory,
    MembershipFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from koop.people.models import EmploymentKind, Person

PASSWORD = "koop-test"
ROLE_PERSONAS = ["admin", "finance", "vd", "board", "leader", "cooperator", "participant"]


@dataclass
class World:
    cooperative: Cooperative
    unit_a: Unit
    unit_b: Unit
    users: dict[str, AbstractBaseUser]
    persons: dict[str, Person]

    def user(self, persona: str) -> AbstractBaseUser:
        return self.users[persona]


def build_world() -> World:
    cooperative = CooperativeFactory()
    norrkoping = MunicipalityFactory(cooperative=cooperative, name="Norrköping", code="0581")
    linkoping = MunicipalityFactory(cooperative=cooperative, name="Linköping", code="0580")
    transport = BusinessAreaFactory(cooperative=cooperative, name="Transport", code="transport")
    unit_a = UnitFactory(
        cooperative=cooperative, name="Möbellagret", municipality=norrkoping, cost_centre="110"
    )
    unit_a.business_areas.add(transport)
    unit_b = UnitFactory(
        cooperative=cooperative, name="Cykelbudet", municipality=linkoping, cost_centre="120"
    )
    users: dict[str, AbstractBaseUser] = {}
    persons: dict[str, Person] = {}
    spec = {
        "admin": (Role.ADMIN, None, EmploymentKind.CENTRAL),
        "finance": (Role.FINANCE, None, EmploymentKind.CENTRAL),
        "vd": (Role.REGIONAL_MANAGER, None, EmploymentKind.CENTRAL),
        "board": (Role.BOARD, None, None),
        "leader": (Role.UNIT_LEADER, unit_a, EmploymentKind.UNIT_LEADER),
        "cooperator": (Role.COOPERATOR, unit_a, EmploymentKind.COOPERATOR),
        "participant": (Role.PARTICIPANT, unit_a, None),
        "leader_b": (Role.UNIT_LEADER, unit_b, EmploymentKind.UNIT_LEADER),
    }
    for persona, (role, unit, employment_kind) in spec.items():
        user = UserFactory(username=persona)
        person = PersonFactory(
            cooperative=cooperative, user=user, first_name=persona.title(), last_name="Testsson"
        )
        RoleAssignmentFactory(user=user, role=role.value, unit=unit)
        if employment_kind is not None:
            EmploymentFactory(person=person, kind=employment_kind, unit=unit)
        MembershipFactory(person=person, started_on=dt.date(2020, 1, 1))
        users[persona] = user
        persons[persona] = person
    return World(cooperative, unit_a, unit_b, users, persons)
