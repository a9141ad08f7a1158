"""Seeding is deterministic, scales, and only goes into an empty database.

These run the foundation's steps only (organisation and people), so that they stay fast
however much the other apps seed; tests/demo/test_seed.py seeds everything once."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from koop.demo import seed as seeding
from koop.demo.seed import FOUNDATION_STEPS, SeedRefused, run_seed
from koop.organisation.factories import CooperativeFactory
from koop.organisation.models import Unit
from koop.people.models import Employment, Person
from koop.portal.selectors import group_figures


def _fingerprint(*, seed: int) -> list[tuple[object, ...]]:
    """What a seeding made, by natural keys, rolled back afterwards."""
    with transaction.atomic():
        run_seed(scale=1, seed=seed, steps=FOUNDATION_STEPS)
        persons = sorted(
            Person.objects.values_list(
                "first_name", "last_name", "personnummer", "gender", "other_background", "city"
            ),
            key=repr,
        )
        employments = sorted(
            Employment.objects.values_list(
                "person__first_name",
                "person__last_name",
                "unit__name",
                "kind",
                "started_on",
                "ended_on",
                "wage_step",
            ),
            key=repr,
        )
        units = sorted(Unit.objects.values_list("name", "cost_centre", "started_on", "status"))
        transaction.set_rollback(True)
    return [*persons, *employments, *units]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    first = _fingerprint(seed=7)
    assert Person.objects.count() == 0
    assert _fingerprint(seed=7) == first
    assert _fingerprint(seed=8) != first


@pytest.mark.django_db
def test_seeding_refuses_a_database_that_has_a_cooperative() -> None:
    CooperativeFactory()
    with pytest.raises(SeedRefused):
        run_seed(scale=1, seed=1, steps=FOUNDATION_STEPS)
    with pytest.raises(CommandError, match="already holds a cooperative"):
        call_command("seed")
    assert Person.objects.count() == 0
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_scale_two_doubles_units_and_people_and_keeps_the_shares() -> None:
    ctx = run_seed(scale=2, seed=1, steps=FOUNDATION_STEPS)
    units = list(Unit.objects.all())
    assert len(units) == 2 * len([u for u in units if not u.name.endswith(" (2)")])
    assert len({u.cost_centre for u in units}) == len(units)
    assert Unit.objects.filter(name="Möbellagret (2)").exists()
    figures = group_figures(cooperative_id=ctx.coop.pk, on=ctx.today)
    assert figures.municipalities == 8
    assert figures.employees == 2 * 87
    assert figures.women_share == Decimal("62.1")
    assert figures.other_background_share == Decimal("26.4")
    assert len(ctx.data["users"]) == 7


@pytest.mark.django_db
def test_the_seed_command_reports_what_it_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seeding, "STEPS", FOUNDATION_STEPS)
    out = StringIO()
    call_command("seed", "--scale", "1", "--seed", "2", stdout=out)
    assert "87 employees" in out.getvalue()
    assert "people" in out.getvalue()


@pytest.mark.django_db
def test_the_seed_command_refuses_a_scale_below_one() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed", "--scale", "0")
