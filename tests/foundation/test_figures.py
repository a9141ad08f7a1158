"""The group in figures: what is counted, and shares that never describe fewer than five."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from koop.organisation.factories import MunicipalityFactory, UnitFactory
from koop.organisation.models import UnitStatus
from koop.people.factories import EmploymentFactory, MembershipFactory, PersonFactory
from koop.people.models import Employment, Gender, Person
from koop.portal.selectors import group_figures
from tests.personas import World

# In the world: units A and B (active, two municipalities); six personas employed
# (admin, finance, vd, leader, cooperator, leader_b); all eight personas members.
WORLD_EMPLOYEES = 6
WORLD_MEMBERS = 8


def figures(world: World):  # type: ignore[no-untyped-def]
    return group_figures(cooperative_id=world.cooperative.pk, on=timezone.localdate())


def employ(world: World, *, gender: str = "", other_background: bool | None = None) -> Person:
    """A new employee of unit A, with what they chose to report (and their consent)."""
    reported = gender != "" or other_background is not None
    person = PersonFactory(
        cooperative=world.cooperative,
        gender=gender,
        other_background=other_background,
        self_report_consent_at=timezone.now() if reported else None,
    )
    EmploymentFactory(person=person, unit=world.unit_a)
    return person


def test_figures_count_the_world(world: World) -> None:
    got = figures(world)
    assert (got.units, got.municipalities, got.employees, got.members) == (
        2,
        2,
        WORLD_EMPLOYEES,
        WORLD_MEMBERS,
    )
    # Empty books: a real figure of 0, not a missing one.
    assert got.turnover_12m == 0


def test_units_and_municipalities_count_active_units_only(world: World) -> None:
    elsewhere = MunicipalityFactory(cooperative=world.cooperative, name="Ydre")
    UnitFactory(
        cooperative=world.cooperative,
        municipality=elsewhere,
        cost_centre="190",
        status=UnitStatus.CLOSED,
        closed_on=dt.date(2024, 1, 1),
    )
    UnitFactory(
        cooperative=world.cooperative,
        municipality=elsewhere,
        cost_centre="191",
        status=UnitStatus.PLANNED,
    )
    got = figures(world)
    assert (got.units, got.municipalities) == (2, 2)
    UnitFactory(cooperative=world.cooperative, municipality=elsewhere, cost_centre="192")
    got = figures(world)
    assert (got.units, got.municipalities) == (3, 3)


def test_employees_are_distinct_persons_employed_today(world: World) -> None:
    today = timezone.localdate()
    # A second employment of the same person today counts them once.
    EmploymentFactory(person=world.persons["cooperator"], unit=world.unit_b)
    # Ended yesterday, and starting tomorrow: not employed today.
    EmploymentFactory(
        person=world.persons["participant"],
        unit=world.unit_a,
        started_on=dt.date(2020, 1, 1),
        ended_on=today - dt.timedelta(days=1),
    )
    EmploymentFactory(
        person=world.persons["board"], unit=world.unit_a, started_on=today + dt.timedelta(days=1)
    )
    # Ending today still counts.
    ending = employ(world)
    Employment.objects.filter(person=ending).update(ended_on=today)
    assert figures(world).employees == WORLD_EMPLOYEES + 1


def test_members_are_those_whose_membership_runs_today(world: World) -> None:
    today = timezone.localdate()
    MembershipFactory(
        person=PersonFactory(cooperative=world.cooperative),
        started_on=dt.date(2019, 1, 1),
        ended_on=today - dt.timedelta(days=1),
    )
    MembershipFactory(
        person=PersonFactory(cooperative=world.cooperative),
        started_on=today + dt.timedelta(days=1),
    )
    MembershipFactory(person=PersonFactory(cooperative=world.cooperative), started_on=today)
    assert figures(world).members == WORLD_MEMBERS + 1


def test_shares_are_hidden_when_fewer_than_five_reported(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        employ(world, gender=Gender.WOMAN, other_background=True)
    got = figures(world)
    assert got.women_share is None
    assert got.other_background_share is None
    body = client_for("leader").get("/figures/").content.decode()
    assert 'id="fig-women">–<' in body
    assert 'id="fig-background">–<' in body
    data = client_for("leader").get("/api/v1/figures").json()
    assert data["women_share"] is None
    assert data["other_background_share"] is None


def test_shares_are_of_those_who_reported(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    for gender in [Gender.WOMAN] * 4 + [Gender.MAN, Gender.OTHER]:
        employ(world, gender=gender)
    for background in [True, False, False, False, False]:
        employ(world, other_background=background)
    # The six personas employed reported nothing, and are not in either denominator.
    got = figures(world)
    assert got.women_share == Decimal("66.7")
    assert got.other_background_share == Decimal("20.0")
    body = client_for("leader").get("/figures/").content.decode()
    assert 'id="fig-women">67\u00a0%<' in body
    assert 'id="fig-background">20\u00a0%<' in body
    data = client_for("leader").get("/api/v1/figures").json()
    assert Decimal(str(data["women_share"])) == Decimal("66.7")
    assert Decimal(str(data["other_background_share"])) == Decimal("20.0")


def test_a_share_of_people_no_longer_employed_is_not_counted(world: World) -> None:
    for _ in range(5):
        person = employ(world, gender=Gender.WOMAN)
    Employment.objects.filter(person=person).update(
        started_on=dt.date(2020, 1, 1), ended_on=dt.date(2021, 1, 1)
    )
    assert figures(world).women_share is None


def test_figures_api_returns_the_dashboard_keys(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("participant").get("/api/v1/figures")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "units",
        "municipalities",
        "employees",
        "women_share",
        "other_background_share",
        "members",
        "turnover_12m",
    }
    assert data["units"] == 2
    assert data["employees"] == WORLD_EMPLOYEES
    assert data["members"] == WORLD_MEMBERS
    assert Decimal(str(data["turnover_12m"])) == 0


@pytest.mark.parametrize("persona", ["admin", "board", "participant", "leader_b"])
def test_every_signed_in_persona_sees_the_same_figures(
    persona: str,
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    body = client_for(persona).get("/figures/").content.decode()
    assert f'id="fig-employees">{WORLD_EMPLOYEES}<' in body
    assert f'id="fig-members">{WORLD_MEMBERS}<' in body
