"""Every role's home and every list behind its counts ask the database the same number of
questions for a small morning as for a busy one: no query per unit, order or invoice."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from koop.portal.homes import SECTIONS
from tests.personas import World
from tests.portal.scenario import NOW, fill

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "finance", "vd", "board", "leader", "cooperator"]
# The session, the user and the principal, then each count a query or two: a query per row
# would pass this at the busier morning.
HOME_QUERIES = {
    "admin": 24,  # finance's and the regional manager's sections
    "finance": 17,
    "vd": 13,
    "board": 10,
    "leader": 23,
    "cooperator": 12,
}
LIST_QUERIES = 8
# Those who must sign in with a second factor pay one query a request for it: the
# verified authenticator is looked up again, so a device removed by an admin stops counting.
SECOND_FACTOR = {"admin", "finance", "leader"}


def bound(persona: str, queries: int) -> int:
    return queries + (1 if persona in SECOND_FACTOR else 0)


@pytest.fixture
def morning(world: World) -> Iterator[World]:
    with time_machine.travel(NOW, tick=False):
        yield world


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_home_costs_the_same_queries_for_a_small_and_a_busy_morning(
    persona: str, morning: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    fill(morning, copies=1)
    small = queries(client, "/")
    fill(morning, copies=4)
    busy = queries(client, "/")
    assert small == busy
    assert busy <= bound(persona, HOME_QUERIES[persona])


LISTS = [(spec.key, item.key) for spec in SECTIONS for item in spec.items]
LIST_OWNER = {
    "unit": "leader",
    "mine": "cooperator",
    "finance": "finance",
    "region": "vd",
    "board": "board",
}


@pytest.mark.parametrize(("section", "item"), LISTS)
def test_a_list_behind_a_count_costs_the_same_queries_for_few_and_many_rows(
    section: str, item: str, morning: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(LIST_OWNER[section])
    url = f"/home/{section}/{item}/"
    fill(morning, copies=1)
    few = queries(client, url)
    fill(morning, copies=4)
    many = queries(client, url)
    assert few == many
    assert many <= bound(LIST_OWNER[section], LIST_QUERIES)
