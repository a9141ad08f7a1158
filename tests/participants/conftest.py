from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from koop.participants.factories import AgreementFactory
from koop.participants.models import Agreement
from tests.participants.cases import Case, participant_case
from tests.personas import World


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Services speak the active language; these tests read their English messages (pages
    are asked over HTTP and answer in Swedish, the default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def case(world: World) -> Case:
    return participant_case(world)


@pytest.fixture
def fresh_agreement(world: World):  # type: ignore[no-untyped-def]
    """``fresh_agreement(consented=...)``: a new participant's agreement in unit A, 2026."""

    def make(*, consented: bool = True, unit=None, **kwargs) -> Agreement:  # type: ignore[no-untyped-def]
        from koop.people.factories import PersonFactory

        person = kwargs.pop("person", None) or PersonFactory(cooperative=world.cooperative)
        return AgreementFactory(
            person=person,
            unit=unit or world.unit_a,
            consented=consented,
            starts_on=kwargs.pop("starts_on", dt.date(2026, 1, 1)),
            ends_on=kwargs.pop("ends_on", dt.date(2026, 12, 31)),
            **kwargs,
        )

    return make
