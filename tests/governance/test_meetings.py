"""Calling meetings: the statutes' notice, the agenda templates, the notice e-mail with its
invitation, and each person's calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from icalendar import Calendar

from koop.core.errors import KoopValidationError
from koop.governance.models import AgendaItemKind, Meeting, MeetingKind
from koop.governance.services import (
    agenda_template_update,
    calendar_token_for,
    meeting_create,
    meeting_send_notice,
)
from koop.governance.services.setup import template_line
from tests.governance.helpers import Gov, at


def test_an_ordinary_assembly_called_with_less_than_four_weeks_notice_is_refused(gov: Gov) -> None:
    with pytest.raises(KoopValidationError, match="Too short notice") as error:
        meeting_create(
            body=gov.assembly, title="Stämma", starts_at=at(27), place="Aulan", acting_user=None
        )
    assert error.value.problems[0].field == "starts_at"
    assert not Meeting.objects.exists()


def test_an_extra_assembly_needs_two_weeks_notice(gov: Gov) -> None:
    with pytest.raises(KoopValidationError, match="Too short notice"):
        meeting_create(
            body=gov.assembly,
            title="Extra",
            kind=MeetingKind.EXTRA,
            starts_at=at(13),
            place="Aulan",
            acting_user=None,
        )
    meeting = meeting_create(
        body=gov.assembly,
        title="Extra",
        kind=MeetingKind.EXTRA,
        starts_at=at(14),
        place="Aulan",
        acting_user=None,
    )
    assert meeting.pk


def test_notice_earlier_than_six_weeks_before_the_assembly_is_refused(gov: Gov) -> None:
    meeting = meeting_create(
        body=gov.assembly, title="Stämma", starts_at=at(50), place="Aulan", acting_user=None
    )
    with pytest.raises(KoopValidationError, match="Too early"):
        meeting_send_notice(meeting=meeting, acting_user=None)
    assert len(mail.outbox) == 0
    meeting_send_notice(
        meeting=meeting, acting_user=None, today=timezone.localdate() + dt.timedelta(days=10)
    )
    meeting.refresh_from_db()
    assert meeting.status == "called"


def test_notice_is_mailed_to_every_member_with_the_agenda_and_an_invitation(
    gov: Gov,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    for person in gov.world.persons.values():
        person.email = f"{person.first_name.lower()}@example.se"
        person.save()
    meeting = meeting_create(
        body=gov.assembly,
        title="Föreningsstämma 2026",
        starts_at=at(30),
        place="Aulan",
        acting_user=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_send_notice(meeting=meeting, acting_user=None)
    assert len(mail.outbox) == len(gov.world.persons)
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert "Adoption of the voting register" in message.body or "röstlängd" in message.body
    _name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Föreningsstämma 2026"
    assert event.decoded("dtstart") == meeting.starts_at


def test_the_assembly_agenda_follows_the_law_and_the_vs_agenda_is_the_cooperatives_own(
    gov: Gov,
) -> None:
    assembly = meeting_create(
        body=gov.assembly, title="Stämma", starts_at=at(30), place="Aulan", acting_user=None
    )
    kinds = list(assembly.items.order_by("position").values_list("kind", "matter_kind"))
    assert len(kinds) == 17
    assert ("standard", "annual_accounts") in kinds
    assert ("standard", "discharge") in kinds
    assert ("motions", "general") in kinds
    assert ("elections", "election") in kinds
    vs = meeting_create(
        body=gov.vs_a, title="VS", starts_at=at(10), place="Lagret", acting_user=None
    )
    assert [i.kind for i in vs.items.order_by("position")] == [
        AgendaItemKind.ECONOMIC_REPORTS,
        "standard",
        AgendaItemKind.MATTERS,
        AgendaItemKind.PROPOSALS,
        "standard",
        AgendaItemKind.PENDING_DECISIONS,
        AgendaItemKind.NEXT_MEETING,
    ]


def test_an_edited_template_shapes_the_next_agenda(gov: Gov) -> None:
    agenda_template_update(
        template=gov.weekly_a.agenda_template,
        text="Check-in\nInköp\nÄrenden [matters]",
        acting_user=None,
    )
    meeting = meeting_create(
        body=gov.weekly_a, title="Vecka", starts_at=at(3), place="Lagret", acting_user=None
    )
    assert list(meeting.items.order_by("position").values_list("title", "kind")) == [
        ("Check-in", "standard"),
        ("Inköp", "standard"),
        ("Ärenden", "matters"),
    ]
    with pytest.raises(KoopValidationError, match=r"Line 2: unknown section \[nonsense\]"):
        agenda_template_update(
            template=gov.weekly_a.agenda_template, text="A\nX [nonsense]", acting_user=None
        )


def test_a_template_names_its_sections_in_the_readers_language(gov: Gov) -> None:
    with translation.override("sv"):
        agenda_template_update(
            template=gov.weekly_a.agenda_template,
            text="Ekonomi [ekonomirapporter]\nNästa gång [Nästa möte]",
            acting_user=None,
        )
        assert template_line("Nästa gång", "next_meeting") == "Nästa gång [Nästa möte]"
    items = gov.weekly_a.agenda_template.items.order_by("position")
    assert list(items.values_list("kind", flat=True)) == ["economic_reports", "next_meeting"]
    with translation.override("en"):
        agenda_template_update(
            template=gov.weekly_a.agenda_template, text="Money [Economic reports]", acting_user=None
        )
        assert template_line("Money", "economic_reports") == "Money [Economic reports]"


def test_the_calendar_feed_lists_a_persons_meetings_without_login(gov: Gov) -> None:
    meeting_create(
        body=gov.vs_a, title="VS Möbellagret", starts_at=at(10), place="Lagret", acting_user=None
    )
    meeting_create(
        body=gov.vs_b, title="VS Cykelbudet", starts_at=at(10), place="Cykeln", acting_user=None
    )
    token = calendar_token_for(person=gov.person("cooperator"), acting_user=None)
    response = Client().get(f"/governance/calendar/{token.token}.ics")
    assert response.status_code == 200
    summaries = {str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert summaries == {"VS Möbellagret"}
    assert Client().get("/governance/calendar/not-a-token.ics").status_code == 404


def test_refusals_and_new_templates_speak_swedish(world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from koop.governance.models import AgendaTemplateItem
    from koop.governance.services import governance_setup

    with translation.override("sv"):
        governance_setup(cooperative=world.cooperative, acting_user=None)
        assembly = world.cooperative.bodies.get(kind="general_assembly")
        with pytest.raises(KoopValidationError, match="För kort kallelsetid"):
            meeting_create(
                body=assembly, title="Stämma", starts_at=at(3), place="Aulan", acting_user=None
            )
    titles = set(AgendaTemplateItem.objects.values_list("title", flat=True))
    assert "Fastställande av röstlängd" in titles
    assert "Beslutade ej verkställda beslut" in titles


def test_economic_reports_from_a_registered_provider_appear_on_the_agenda(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    from koop.governance import economy

    def provider(body, on, reader):  # type: ignore[no-untyped-def]
        return [economy.EconomicReport(title=f"Resultat {body.name}", rows=[("Omsättning", "1")])]

    meeting = meeting_create(
        body=gov.vs_a, title="VS", starts_at=at(10), place="Lagret", acting_user=None
    )
    economy.register_provider(provider)
    try:
        page = client_for("leader").get(f"/governance/meetings/{meeting.pk}/").content.decode()
    finally:
        economy._providers.remove(provider)
    assert f"Resultat {gov.vs_a.name}" in page
