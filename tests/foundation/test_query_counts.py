"""List pages and API lists ask the database the same number of questions for 3 rows as
for 30: no query per row."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from koop.organisation.factories import BusinessAreaFactory, UnitFactory
from koop.people.factories import EmploymentFactory, MembershipFactory, PersonFactory
from koop.people.models import EmploymentKind
from tests.personas import World

URLS = ["/figures/", "/units/", "/people/", "/api/v1/units", "/api/v1/people"]
# Generous enough for the session, the principal and the page's own reads; a query per
# row would pass it at 30 rows.
MAX_QUERIES = 15
_cost_centres = (f"Q{n}" for n in itertools.count(1))


def add_rows(world: World, count: int) -> None:
    """``count`` more units, each with a leader, a cooperator (a member) and two areas."""
    for _ in range(count):
        unit = UnitFactory(
            cooperative=world.cooperative,
            municipality=world.unit_a.municipality,
            cost_centre=next(_cost_centres),
        )
        unit.business_areas.add(
            BusinessAreaFactory(cooperative=world.cooperative),
            BusinessAreaFactory(cooperative=world.cooperative),
        )
        for kind in (EmploymentKind.UNIT_LEADER, EmploymentKind.COOPERATOR):
            person = PersonFactory(cooperative=world.cooperative)
            EmploymentFactory(person=person, unit=unit, kind=kind)
            MembershipFactory(person=person)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def admin_client(world: World, client_for: Callable[[str], Client]) -> Client:
    client = client_for("admin")
    client.get("/")  # warm the session and per-process caches before counting
    return client


@pytest.mark.parametrize("url", URLS)
def test_queries_do_not_grow_with_rows(url: str, world: World, admin_client: Client) -> None:
    add_rows(world, 3)
    few = count_queries(admin_client, url)
    add_rows(world, 27)
    many = count_queries(admin_client, url)
    assert few == many, f"{url}: {few} queries for 3 rows, {many} for 30"


@pytest.mark.parametrize("url", URLS)
def test_queries_stay_under_a_bound_at_30_rows(
    url: str,
    world: World,
    admin_client: Client,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    add_rows(world, 30)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/units/", "/people/", "/api/v1/people"])
def test_a_unit_leader_lists_with_as_few_queries(
    url: str,
    world: World,
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("leader")
    client.get("/")
    for _ in range(3):
        EmploymentFactory(person=PersonFactory(cooperative=world.cooperative), unit=world.unit_a)
    few = count_queries(client, url)
    for _ in range(27):
        EmploymentFactory(person=PersonFactory(cooperative=world.cooperative), unit=world.unit_a)
    assert count_queries(client, url) == few
