from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from koop.core.errors import KoopValidationError
from koop.participants.factories import ReferringBodyFactory, support_kind
from koop.participants.models import (
    Agreement,
    AgreementChange,
    ConsentKind,
    Placement,
    Referral,
    SupportKind,
)
from koop.participants.selectors import agreements_ending_soon
from koop.participants.services import (
    agreement_consent,
    agreement_end_early,
    agreement_extend,
    participant_register,
    placement_start,
    referral_create,
)
from koop.people.models import Person
from tests.personas import World


def test_support_kinds_are_seeded_by_the_data_migration(db: None) -> None:
    codes = set(SupportKind.objects.values_list("code", flat=True))
    assert {
        "arbetstraning",
        "arbetsprovning",
        "praktik",
        "lonebidrag",
        "nystartsjobb",
        "introduktionsjobb",
        "annat",
    } <= codes


def test_referral_opens_an_agreement_without_any_consent(world: World) -> None:
    person = participant_register(
        cooperative=world.cooperative,
        first_name="Amina",
        last_name="Ali",
        acting_user=world.user("leader"),
    )
    body = ReferringBodyFactory(cooperative=world.cooperative)
    agreement = referral_create(
        person=person,
        body=body,
        unit=world.unit_a,
        officer_name="Eva Handläggare",
        officer_email="eva@example.se",
        decision_reference="AF-1",
        decision_date=dt.date(2026, 1, 2),
        support_kind=support_kind("praktik"),
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 7, 31),
        hours_per_week=Decimal(20),
        acting_user=world.user("leader"),
    )
    assert agreement.starts_on == dt.date(2026, 2, 1)
    assert not agreement.is_complete
    assert all(at is None for _k, _l, at, _b in agreement.consents())


def test_an_invalid_personnummer_is_refused_naming_the_field(world: World) -> None:
    before = Person.objects.count()
    with pytest.raises(KoopValidationError) as error:
        participant_register(
            cooperative=world.cooperative,
            first_name="A",
            last_name="B",
            personnummer="19900101-1234",
            acting_user=None,
        )
    assert error.value.problems[0].field == "personnummer"
    assert Person.objects.count() == before


def test_a_referral_with_the_period_backwards_is_refused_and_nothing_saved(world: World) -> None:
    person = participant_register(
        cooperative=world.cooperative, first_name="A", last_name="B", acting_user=None
    )
    with pytest.raises(KoopValidationError) as error:
        referral_create(
            person=person,
            body=ReferringBodyFactory(cooperative=world.cooperative),
            unit=world.unit_a,
            officer_name="X",
            decision_reference="R",
            decision_date=dt.date(2026, 1, 1),
            support_kind=support_kind(),
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 2, 1),
            hours_per_week=Decimal(20),
            acting_user=None,
        )
    assert "__all__" in error.value.as_dict() or "ends_on" in error.value.as_dict()
    assert not Referral.objects.filter(person=person).exists()
    assert not Agreement.objects.filter(person=person).exists()


def test_each_consent_records_who_and_when(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement(consented=False)
    leader = world.user("leader")
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        agreement = agreement_consent(
            agreement=agreement, kind=ConsentKind.COOPERATIVE, acting_user=leader
        )
    assert agreement.cooperative_consent_by_id == leader.pk
    assert agreement.cooperative_consent_at == dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    with pytest.raises(KoopValidationError):
        agreement_consent(agreement=agreement, kind=ConsentKind.COOPERATIVE, acting_user=leader)


def test_a_placement_before_all_three_consents_is_refused_naming_what_is_missing(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    agreement = fresh_agreement(consented=False)
    agreement_consent(agreement=agreement, kind=ConsentKind.BODY, acting_user=None)
    with pytest.raises(KoopValidationError) as error:
        placement_start(
            agreement=agreement,
            unit=world.unit_a,
            supervisor=world.persons["leader"],
            starts_on=dt.date(2026, 1, 10),
            schedule={0: Decimal(6)},
            acting_user=None,
        )
    problem = error.value.problems[0]
    assert problem.field == "agreement"
    assert "participant" in problem.message.lower()
    assert "cooperative" in problem.message.lower()
    assert not Placement.objects.filter(agreement=agreement).exists()


def test_the_database_refuses_a_placement_without_consents(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement(consented=False)
    with (
        pytest.raises(IntegrityError, match="placement_needs_three_consents"),
        transaction.atomic(),
    ):
        Placement.objects.create(
            agreement=agreement,
            person_id=agreement.person_id,
            unit=world.unit_a,
            supervisor=world.persons["leader"],
            starts_on=dt.date(2026, 1, 10),
        )


def test_extension_and_early_end_keep_their_history(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    agreement_extend(
        agreement=agreement,
        new_ends_on=dt.date(2027, 3, 31),
        decision_reference="AF-2",
        acting_user=None,
    )
    placement = placement_start(
        agreement=agreement,
        unit=world.unit_a,
        supervisor=world.persons["leader"],
        starts_on=dt.date(2026, 1, 5),
        schedule={0: Decimal(6)},
        acting_user=None,
    )
    agreement = agreement_end_early(
        agreement=agreement, ended_on=dt.date(2026, 6, 30), reason="Fick jobb", acting_user=None
    )
    changes = list(
        AgreementChange.objects.filter(agreement=agreement).values_list(
            "kind", "previous_ends_on", "new_ends_on"
        )
    )
    assert changes == [
        ("extension", dt.date(2026, 12, 31), dt.date(2027, 3, 31)),
        ("early_end", dt.date(2027, 3, 31), dt.date(2026, 6, 30)),
    ]
    placement.refresh_from_db()
    assert placement.ends_on == dt.date(2026, 6, 30)


def test_an_extension_must_end_later(fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    with pytest.raises(KoopValidationError) as error:
        agreement_extend(agreement=agreement, new_ends_on=dt.date(2026, 6, 1), acting_user=None)
    assert error.value.problems[0].field == "new_ends_on"


def test_agreements_ending_within_30_days_are_listed_for_their_unit(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    soon = fresh_agreement(ends_on=dt.date(2026, 3, 20))
    fresh_agreement(ends_on=dt.date(2026, 5, 1))
    fresh_agreement(ends_on=dt.date(2026, 3, 10), unit=world.unit_b)
    listed = agreements_ending_soon(unit_ids=[world.unit_a.pk], on=dt.date(2026, 3, 1))
    assert list(listed) == [soon]


def test_the_ending_soon_list_is_on_the_leaders_participant_page(
    world: World,
    client_for,
    case,  # type: ignore[no-untyped-def]
) -> None:
    body = client_for("leader").get("/participants/").content.decode()
    assert "Participant Testsson" in body
    assert body.count(case.agreement.ends_on.isoformat()) >= 1
