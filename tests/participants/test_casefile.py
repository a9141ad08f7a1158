from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from koop.participants import crypto
from koop.participants.models import (
    Anonymisation,
    CaseFile,
    CaseFileAccessLog,
    CaseReader,
    ExitOutcome,
)
from koop.participants.services import case_file_read, case_file_write, exit_record
from koop.people.factories import PersonFactory
from koop.people.models import Person
from tests.participants.cases import place
from tests.personas import World


def test_a_case_file_is_encrypted_at_rest(world: World, case) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT health FROM participants_casefile WHERE person_id = %s", [case.person_id]
        )
        stored = cursor.fetchone()[0]
    assert stored
    assert "Ryggbesvär" not in stored
    assert case_file_read(person=world.persons["participant"], acting_user=None).health == (
        "Ryggbesvär"
    )


def test_every_read_is_logged_with_who_and_whose(world: World, client_for, case) -> None:  # type: ignore[no-untyped-def]
    before = CaseFileAccessLog.objects.filter(action="read").count()
    response = client_for("leader").get(f"/participants/{case.person_id}/case-file/")
    assert response.status_code == 200
    assert "Ryggbesvär" in response.content.decode()
    log = CaseFileAccessLog.objects.filter(action="read").first()
    assert CaseFileAccessLog.objects.filter(action="read").count() == before + 1
    assert (log.user, log.person_id) == (world.user("leader"), case.person_id)


def test_the_access_log_cannot_be_changed(case) -> None:  # type: ignore[no-untyped-def]
    log = CaseFileAccessLog.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFileAccessLog.objects.filter(pk=log.pk).update(action="read")


@pytest.mark.parametrize(
    "persona", ["admin", "finance", "vd", "cooperator", "leader_b", "participant", "board"]
)
def test_only_the_current_leader_and_supervisor_read_the_case_file(
    persona: str,
    client_for,
    case,  # type: ignore[no-untyped-def]
) -> None:
    assert client_for(persona).get(f"/participants/{case.person_id}/case-file/").status_code == 404


def test_an_explicit_case_reader_may_read_every_case_file(world: World, client_for, case) -> None:  # type: ignore[no-untyped-def]
    CaseReader.objects.create(user=world.user("vd"), note="Rehabkoordinator")
    assert client_for("vd").get(f"/participants/{case.person_id}/case-file/").status_code == 200


def test_after_a_move_the_old_unit_leader_loses_the_case_file(
    world: World,
    client_for,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    from koop.participants.services import placement_move

    agreement = fresh_agreement(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2099, 1, 1))
    placement = place(
        agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2020, 1, 1)
    )
    case_file_write(
        person=agreement.person, health="x", disability="", background="", acting_user=None
    )
    url = f"/participants/{agreement.person_id}/case-file/"
    assert client_for("leader").get(url).status_code == 200
    placement_move(
        placement=placement,
        unit=world.unit_b,
        supervisor=world.persons["leader_b"],
        moved_on=dt.date(2021, 1, 1),
        schedule={},
        acting_user=None,
    )
    assert client_for("leader").get(url).status_code == 404
    assert client_for("leader_b").get(url).status_code == 200


def test_the_administrator_reads_the_access_log(client_for, case) -> None:  # type: ignore[no-untyped-def]
    body = client_for("admin").get("/participants/case-file-log/").content.decode()
    assert "Participant Testsson" in body


def test_the_register_extract_holds_people_and_participants_data(
    world: World,
    client_for,
    case,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("participant").get(f"/participants/{case.person_id}/extract.json")
    data = response.json()
    assert data["person"]["first_name"] == "Participant"
    assert data["memberships"]
    assert any(a["placements"] for a in data["agreements"])
    assert data["case_file"]["health"] == "Ryggbesvär"
    assert data["attendance"]
    assert CaseFileAccessLog.objects.filter(action="extract", user=world.user("participant"))
    pdf = client_for("admin").get(f"/participants/{case.person_id}/extract.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_anonymise_after_retention_keeps_outcomes_and_is_idempotent(
    world: World,
    fresh_agreement,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    agreement = fresh_agreement(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 12, 31))
    place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2020, 1, 1))
    exit_record(
        agreement=agreement,
        exited_on=dt.date(2020, 6, 30),
        outcome=ExitOutcome.STUDIES,
        note="Läser på Komvux",
        acting_user=None,
    )
    person = agreement.person
    Person.objects.filter(pk=person.pk).update(personnummer="19900101-0017", email="a@b.se")
    case_file_write(
        person=person, health="Sjukdom", disability="", background="Flykting", acting_user=None
    )

    call_command("participants", "anonymise", "--dry-run")
    assert "would anonymise: 1 case files, 1 participants" in capsys.readouterr().out
    assert CaseFile.objects.get(person=person).health != ""

    call_command("participants", "anonymise")
    person.refresh_from_db()
    assert (person.first_name, person.email, person.personnummer) == ("Anonymiserad", "", None)
    case_file = CaseFile.objects.get(person=person)
    assert (crypto.decrypt(case_file.health), crypto.decrypt(case_file.background)) == ("", "")
    assert case_file.health  # stored encrypted, like any section
    assert case_file.anonymised_at is not None
    assert agreement.exit.outcome == ExitOutcome.STUDIES  # statistics keep the outcome
    call_command("participants", "anonymise")
    assert "anonymised: 0 case files" in capsys.readouterr().out.splitlines()[-1]
    assert Anonymisation.objects.filter(person=person).count() == 1


def test_a_recent_exit_is_not_anonymised(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    from koop.participants.services import participants_anonymise

    agreement = fresh_agreement()
    exit_record(
        agreement=agreement,
        exited_on=dt.date(2026, 6, 30),
        outcome=ExitOutcome.MOVED,
        acting_user=None,
    )
    report = participants_anonymise(
        today=dt.date(2027, 6, 30), retention_days=730, acting_user=None
    )
    assert report.personal_details == []


def _stored(person_id: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT health, disability, background FROM participants_casefile WHERE person_id = %s",
            [person_id],
        )
        return cursor.fetchone()  # type: ignore[no-any-return]


def test_the_database_does_not_show_who_has_which_section(world: World) -> None:
    with_health = PersonFactory(cooperative=world.cooperative)
    without = PersonFactory(cooperative=world.cooperative)
    case_file_write(
        person=with_health,
        health="Ryggbesvär; undviker tunga lyft.",
        disability="",
        background="",
        acting_user=None,
    )
    case_file_write(person=without, health="", disability="", background="", acting_user=None)
    one, other = _stored(with_health.pk), _stored(without.pk)
    for section in (*one, *other):
        assert section is not None
        assert section != ""
        assert "Rygg" not in section
    # Padded to a bucket: a short text and no text at all store the same length.
    assert [len(s) for s in one] == [len(s) for s in other]
    assert len(set(one) | set(other)) == 6  # every token is fresh
    assert case_file_read(person=without, acting_user=None).health == ""
    assert case_file_read(person=with_health, acting_user=None).health.startswith("Rygg")


def test_padding_rounds_lengths_to_buckets_and_old_tokens_still_read(world: World) -> None:
    short, longer = crypto.encrypt("a"), crypto.encrypt("a" * 250)
    assert len(short) == len(longer) == len(crypto.encrypt(""))
    assert len(crypto.encrypt("a" * 300)) > len(short)
    for text in ("", "å", "x\x80y", "slut\x00", "a" * 255, "ö" * 600):
        assert crypto.decrypt(crypto.encrypt(text)) == text
    # A token written before padding (the clear text itself) still decrypts.
    legacy = crypto._fernet(settings.KOOP_FIELD_KEY).encrypt(b"Gammal").decode()
    assert crypto.decrypt(legacy) == "Gammal"


def test_the_migration_encrypts_empty_sections_and_pads_old_tokens(world: World) -> None:
    import importlib

    from django.apps import apps as django_apps

    person = PersonFactory(cooperative=world.cooperative)
    legacy = crypto._fernet(settings.KOOP_FIELD_KEY).encrypt(b"Gammal").decode()
    CaseFile.objects.create(person=person, health=legacy, disability="", background="")
    migration = importlib.import_module(
        "koop.participants.migrations.0007_case_file_sections_all_encrypted"
    )
    migration.encrypt_all(django_apps, None)
    stored = _stored(person.pk)
    assert all(stored)
    assert stored[0] != legacy
    assert len({len(s) for s in stored}) == 1
    assert [crypto.decrypt(s) for s in stored] == ["Gammal", "", ""]
