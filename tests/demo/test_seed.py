"""The demo organisation at scale 1 (the foundation's steps), seeded once for the module.

tests/demo/test_full_seed.py runs every app's steps together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.test import Client, override_settings
from stdnum.se import orgnr, personnummer

from koop.core.access import Role
from koop.core.models import AuditEntry
from koop.demo.seed import FOUNDATION_STEPS, SeedContext, run_seed
from koop.organisation.models import Cooperative, Municipality, Unit, UnitStatus
from koop.people.models import Employment, EmploymentKind, Membership, Person
from koop.people.selectors import principal_for_user
from koop.portal.selectors import group_figures

MUNICIPALITY_CODES = {
    "Finspång": "0562",
    "Kinda": "0513",
    "Linköping": "0580",
    "Norrköping": "0581",
    "Ydre": "0512",
    "Katrineholm": "0483",
    "Vingåker": "0428",
    "Tranås": "0687",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker) -> Iterator[SeedContext]:  # type: ignore[no-untyped-def]
    """One seeding shared by the module's tests, rolled back when they are done. The
    passwords are hashed with the hasher the tests allow (see tests/conftest.py)."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield run_seed(scale=1, seed=1, steps=FOUNDATION_STEPS)
        transaction.set_rollback(True)


@pytest.fixture
def ctx(seeded: SeedContext, db: None) -> SeedContext:
    return seeded


def test_the_cooperative_is_an_ekonomisk_forening_with_a_valid_orgnr(ctx: SeedContext) -> None:
    cooperative = Cooperative.objects.get()
    assert cooperative.name == "Kooperativtjänst K ekonomisk förening"
    assert cooperative.short_name == "Kooptjänst"
    assert orgnr.is_valid(cooperative.org_number)
    assert cooperative.org_number.startswith("7")
    assert cooperative.vat_number == f"SE{orgnr.compact(cooperative.org_number)}01"
    assert cooperative.city == "Norrköping"


def test_eight_municipalities_with_their_real_codes(ctx: SeedContext) -> None:
    assert dict(Municipality.objects.values_list("name", "code")) == MUNICIPALITY_CODES


def test_about_fifty_units_with_unique_cost_centres_and_some_not_active(
    ctx: SeedContext,
) -> None:
    units = list(Unit.objects.all())
    assert 45 <= len(units) <= 55
    assert len({u.cost_centre for u in units}) == len(units)
    statuses = {u.status for u in units}
    assert {UnitStatus.ACTIVE, UnitStatus.PAUSED, UnitStatus.CLOSED} <= statuses
    by_town = {
        name: Unit.objects.filter(municipality__name=name).count() for name in MUNICIPALITY_CODES
    }
    assert by_town["Norrköping"] > by_town["Finspång"]
    assert by_town["Linköping"] > by_town["Ydre"]
    assert all(u.business_areas.exists() for u in units)
    oldest = min(u.started_on for u in units)
    assert oldest >= ctx.today.replace(year=ctx.today.year - 21)
    assert all(u.closed_on is None or u.closed_on >= u.started_on for u in units)


def test_the_dashboard_figures_are_those_the_group_reports(ctx: SeedContext) -> None:
    figures = group_figures(cooperative_id=ctx.coop.pk, on=ctx.today)
    assert figures.municipalities == 8
    assert figures.employees == 87
    assert figures.women_share == Decimal("62.1")
    assert figures.other_background_share == Decimal("26.4")
    assert 0 < figures.members <= Person.objects.count()
    assert figures.units == Unit.objects.filter(status=UnitStatus.ACTIVE).count()


def test_employees_are_leaders_cooperators_and_central_staff(ctx: SeedContext) -> None:
    current = Employment.objects.filter(ended_on__isnull=True)
    kinds = {kind: current.filter(kind=kind).count() for kind in EmploymentKind}
    assert kinds[EmploymentKind.CENTRAL] >= 5
    assert set(current.filter(kind=EmploymentKind.CENTRAL).values_list("title", flat=True)) >= {
        "VD, regional verksamhetschef",
        "Ekonomichef",
    }
    active_units = Unit.objects.filter(status=UnitStatus.ACTIVE)
    assert kinds[EmploymentKind.UNIT_LEADER] == active_units.count()
    assert kinds[EmploymentKind.COOPERATOR] > 0
    assert not current.exclude(unit__isnull=True).exclude(unit__status=UnitStatus.ACTIVE).exists()
    # Former staff too: the group has a history.
    assert Employment.objects.filter(ended_on__isnull=False).count() >= 10
    assert all(1 <= e.wage_step <= 9 for e in Employment.objects.all())


def test_members_are_mostly_employees_with_dated_memberships(ctx: SeedContext) -> None:
    employees = set(ctx.data["employees"])
    current = Membership.objects.filter(ended_on__isnull=True).select_related("person")
    members = {m.person for m in current}
    assert len(members & employees) >= 0.8 * len(employees)
    assert members - employees, "some members are former staff or supporters"
    assert Membership.objects.filter(ended_on__isnull=False).exists()


def test_personnummer_are_optional_valid_and_born_1960_to_2003(ctx: SeedContext) -> None:
    numbers = list(
        Person.objects.exclude(personnummer__isnull=True).values_list("personnummer", flat=True)
    )
    assert 0 < len(numbers) < Person.objects.count()
    for number in numbers:
        assert personnummer.is_valid(number), number
        assert dt.date(1960, 1, 1) <= personnummer.get_birth_date(number) <= dt.date(2003, 12, 31)


def test_self_reported_data_only_with_consent_and_almost_everyone_consents(
    ctx: SeedContext,
) -> None:
    # Staff, former staff and members; participants have their own rules for such data.
    persons = Person.objects.filter(
        Q(employments__isnull=False) | Q(memberships__isnull=False)
    ).distinct()
    assert (
        not Person.objects.filter(self_report_consent_at__isnull=True).exclude(gender="").exists()
    )
    consenting = persons.filter(self_report_consent_at__isnull=False).count()
    assert consenting >= 0.85 * persons.count()
    assert persons.filter(self_report_consent_at__isnull=True).exists()


def test_names_are_a_mix_of_swedish_and_international(ctx: SeedContext) -> None:
    last_names = set(Person.objects.values_list("last_name", flat=True))
    assert {"Andersson", "Johansson", "Karlsson", "Nilsson"} & last_names
    assert len(last_names) > 40
    assert last_names - {"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson"}


def test_one_audit_entry_records_the_whole_seeding_not_one_per_row(ctx: SeedContext) -> None:
    entry = AuditEntry.objects.get(action="demo_seed")
    assert entry.after is not None
    assert entry.after["scale"] == 1
    assert entry.after["counts"]["employees"] == 87
    assert AuditEntry.objects.count() == 1


EXPECTED_ROLES = {
    "admin": Role.ADMIN,
    "ekonomi": Role.FINANCE,
    "vd": Role.REGIONAL_MANAGER,
    "styrelse": Role.BOARD,
    "ledare": Role.UNIT_LEADER,
    "kooperator": Role.COOPERATOR,
    "deltagare": Role.PARTICIPANT,
}


@pytest.mark.parametrize(("login", "role"), EXPECTED_ROLES.items())
def test_demo_logins_log_in_with_their_role(ctx: SeedContext, login: str, role: Role) -> None:
    client = Client()
    assert client.login(request=HttpRequest(), username=login, password="koop-demo")
    user = ctx.data["users"][login]
    principal = principal_for_user(user)
    assert role in principal.roles
    assert principal.person_id == ctx.data["demo_persons"][login].pk
    demo_unit = ctx.data["demo_unit"]
    if role.is_unit_role:
        assert principal.unit_roles == {demo_unit.pk: frozenset({role})}
    else:
        assert principal.unit_roles == {}
    assert client.get("/", follow=True).status_code == 200


def test_the_unit_logins_are_the_people_of_mobellagret(ctx: SeedContext) -> None:
    unit = ctx.data["demo_unit"]
    assert unit.name == "Möbellagret"
    assert unit.municipality.name == "Norrköping"
    persons = ctx.data["demo_persons"]
    current = Employment.objects.filter(ended_on__isnull=True)
    assert current.filter(person=persons["ledare"], unit=unit, kind="unit_leader").exists()
    assert current.filter(person=persons["kooperator"], unit=unit, kind="cooperator").exists()
    assert not Employment.objects.filter(person=persons["deltagare"]).exists()
    assert current.filter(person=persons["vd"], kind="central").exists()
    assert current.filter(person=persons["ekonomi"], title="Ekonomichef").exists()
    for login in ("ledare", "kooperator", "vd", "ekonomi", "styrelse"):
        assert Membership.objects.filter(person=persons[login], ended_on__isnull=True).exists()
    assert ctx.data["users"]["admin"].is_superuser
    assert not ctx.data["users"]["ekonomi"].is_staff
