"""The register extract (GDPR art. 15): everything Koop holds about one person, in words
the person reads.

One structure feeds both forms of the extract:

- the PDF (``pdf.register_extract``) is what the person reads: headings and labels in
  their language, dates as people write them, yes and no, choices by their labels, and
  no field name or internal code anywhere;
- the JSON keeps the same content machine-readable: stable English keys, dates and
  moments in ISO 8601, yes/no as true/false, hours as decimal strings, choices by their
  labels. Its ``keys`` object documents every key (``"person.first_name"``: "Förnamn"), in
  the language the extract was made in (``language``).

Making an extract decrypts the case file, so it is logged as a case-file read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from koop.core.audit import action_label
from koop.core.formatting import NO_VALUE, format_date, format_datetime, format_hours
from koop.core.models import AuditEntry
from koop.participants.models import (
    AbsenceReason,
    Agreement,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    CaseFile,
    CaseFileAccessLog,
    CaseFileAction,
)
from koop.participants.services._common import Actor
from koop.participants.services.casefile import case_file_read
from koop.people.models import Person

# Every key of the extract and what it means: the labels of the PDF and the documentation
# of the JSON. A section's key stands alone; a field's key is "<section>.<field>".
KEYS: dict[str, Promise] = {
    "made_at": gettext_lazy("When the extract was made"),
    "language": gettext_lazy("Language of the extract"),
    "person": gettext_lazy("About you"),
    "person.name": gettext_lazy("Name"),
    "person.first_name": gettext_lazy("First name"),
    "person.last_name": gettext_lazy("Last name"),
    "person.email": gettext_lazy("E-mail"),
    "person.phone": gettext_lazy("Phone"),
    "person.street_address": gettext_lazy("Street address"),
    "person.postal_code": gettext_lazy("Postal code"),
    "person.city": gettext_lazy("City"),
    "person.personnummer": gettext_lazy("Personal identity number"),
    "person.gender": gettext_lazy("Gender (told by you)"),
    "person.other_background": gettext_lazy("Other ethnic background (told by you)"),
    "person.self_report_consent_at": gettext_lazy("You agreed to us keeping what you told us"),
    "person.login": gettext_lazy("User name for logging in"),
    "memberships": gettext_lazy("Membership of the cooperative"),
    "memberships.started_on": gettext_lazy("Member from"),
    "memberships.ended_on": gettext_lazy("Member until"),
    "employments": gettext_lazy("Employments"),
    "employments.kind": gettext_lazy("Kind of employment"),
    "employments.title": gettext_lazy("Title"),
    "employments.unit": gettext_lazy("Unit"),
    "employments.started_on": gettext_lazy("From"),
    "employments.ended_on": gettext_lazy("Until"),
    "employments.wage_step": gettext_lazy("Wage step"),
    "employments.hours_per_week": gettext_lazy("Hours per week"),
    "roles": gettext_lazy("What you may do in Koop"),
    "roles.role": gettext_lazy("Role"),
    "roles.unit": gettext_lazy("Unit"),
    "agreements": gettext_lazy("Three-party agreements"),
    "agreements.referring_body": gettext_lazy("Referring body"),
    "agreements.officer_name": gettext_lazy("Case officer"),
    "agreements.officer_phone": gettext_lazy("Case officer's phone"),
    "agreements.officer_email": gettext_lazy("Case officer's e-mail"),
    "agreements.decision_reference": gettext_lazy("Decision reference"),
    "agreements.decision_date": gettext_lazy("Date of the decision"),
    "agreements.hours_per_week": gettext_lazy("Hours per week"),
    "agreements.support_kind": gettext_lazy("Kind of support"),
    "agreements.unit": gettext_lazy("Unit"),
    "agreements.starts_on": gettext_lazy("Agreement from"),
    "agreements.ends_on": gettext_lazy("Agreement until"),
    "agreements.body_consent_at": gettext_lazy("The referring body's decision recorded"),
    "agreements.cooperative_consent_at": gettext_lazy("The cooperative's yes recorded"),
    "agreements.participant_consent_at": gettext_lazy("Your yes recorded"),
    "agreements.ended_early_on": gettext_lazy("Ended early on"),
    "changes": gettext_lazy("Changes to the agreement"),
    "changes.kind": gettext_lazy("Change"),
    "changes.previous_ends_on": gettext_lazy("Ended before on"),
    "changes.new_ends_on": gettext_lazy("Ends now on"),
    "changes.reason": gettext_lazy("Why"),
    "changes.recorded_at": gettext_lazy("Recorded"),
    "placements": gettext_lazy("Placements"),
    "placements.unit": gettext_lazy("Unit"),
    "placements.starts_on": gettext_lazy("From"),
    "placements.ends_on": gettext_lazy("Until"),
    "placements.schedule": gettext_lazy("Working days"),
    "plan": gettext_lazy("Development plan"),
    "goals": gettext_lazy("Goals"),
    "goals.text": gettext_lazy("Goal"),
    "goals.status": gettext_lazy("Status"),
    "goals.target_on": gettext_lazy("Target date"),
    "steps": gettext_lazy("Steps"),
    "steps.text": gettext_lazy("Step"),
    "steps.due_on": gettext_lazy("By"),
    "steps.done_on": pgettext_lazy("completed on", "Done"),
    "meetings": gettext_lazy("Follow-up meetings"),
    "meetings.held_on": gettext_lazy("Held on"),
    "meetings.notes": gettext_lazy("Notes"),
    "meetings.next_on": gettext_lazy("Next meeting"),
    "exit": gettext_lazy("When you left"),
    "exit.exited_on": gettext_lazy("Left on"),
    "exit.outcome": gettext_lazy("What came next"),
    "exit.note": gettext_lazy("Note"),
    "follow_ups": gettext_lazy("Follow-ups after you left"),
    "follow_ups.months": gettext_lazy("Months after leaving"),
    "follow_ups.due_on": gettext_lazy("Due"),
    "follow_ups.done_on": pgettext_lazy("completed on", "Done"),
    "follow_ups.outcome": gettext_lazy("How it went"),
    "follow_ups.note": gettext_lazy("Note"),
    "attendance": gettext_lazy("Attendance"),
    "attendance.day": gettext_lazy("Day"),
    "attendance.status": gettext_lazy("Present or absent"),
    "attendance.reason": gettext_lazy("Reason for absence"),
    "attendance.hours": gettext_lazy("Hours"),
    "attendance.reported_by_you": gettext_lazy("Reported by you"),
    "attendance.confirmed": gettext_lazy("Confirmed by your supervisor"),
    "attendance_corrections": gettext_lazy("Changes to your attendance"),
    "attendance_corrections.day": gettext_lazy("Day"),
    "attendance_corrections.before": gettext_lazy("Before"),
    "attendance_corrections.after": gettext_lazy("After"),
    "attendance_corrections.corrected_at": gettext_lazy("Changed"),
    "case_file": gettext_lazy("Case file (health, disability, background)"),
    "case_file.health": gettext_lazy("Health"),
    "case_file.disability": gettext_lazy("Disability"),
    "case_file.background": gettext_lazy("Background"),
    "case_file.updated_at": gettext_lazy("Last changed"),
    "case_file_access": gettext_lazy("Who has opened your case file"),
    "case_file_access.at": gettext_lazy("When"),
    "case_file_access.by": gettext_lazy("Who"),
    "case_file_access.action": gettext_lazy("What"),
    "audit_trail": gettext_lazy("Changes to your details"),
    "audit_trail.at": gettext_lazy("When"),
    "audit_trail.action": gettext_lazy("What"),
}


@dataclass(frozen=True)
class Value:
    """One fact: ``data`` for the JSON, ``text`` for the person."""

    key: str
    label: str
    data: Any
    text: str


@dataclass
class Record:
    values: list[Value]
    title: str = ""
    parts: list[Section] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {v.key: v.data for v in self.values}
        for part in self.parts:
            out[part.key] = part.as_json()
        return out


@dataclass
class Section:
    key: str
    records: list[Record]
    single: bool = False  # one record: a JSON object instead of a list
    table: bool = False  # the PDF shows one row per record

    @property
    def heading(self) -> str:
        return str(KEYS[self.key])

    def as_json(self) -> Any:
        if self.single:
            return self.records[0].as_json() if self.records else None
        return [r.as_json() for r in self.records]


@dataclass
class Extract:
    person_name: str
    made_at: dt.datetime
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "made_at": _moment_data(self.made_at),
            "language": get_language() or "sv",
        }
        for section in self.sections:
            data[section.key] = section.as_json()
        data["keys"] = {key: str(label) for key, label in KEYS.items()}
        return data


class _Builder:
    """Makes the values of one section, its key prefixing every label looked up."""

    def __init__(self, section: str) -> None:
        self.section = section

    def _label(self, name: str) -> str:
        return str(KEYS[f"{self.section}.{name}"])

    def text(self, name: str, value: object) -> Value:
        shown = "" if value is None else str(value)
        return Value(name, self._label(name), shown, shown or NO_VALUE)

    def day(self, name: str, value: dt.date | None) -> Value:
        return Value(
            name, self._label(name), value.isoformat() if value else None, format_date(value)
        )

    def moment(self, name: str, value: dt.datetime | None) -> Value:
        return Value(name, self._label(name), _moment_data(value), format_datetime(value))

    def yes_no(self, name: str, value: bool | None) -> Value:
        text = NO_VALUE if value is None else (_("Yes") if value else _("No"))
        return Value(name, self._label(name), value, text)

    def choice(self, name: str, label: object) -> Value:
        shown = str(label) if label else ""
        return Value(name, self._label(name), shown or None, shown or NO_VALUE)

    def hours(self, name: str, value: Decimal | None) -> Value:
        data = None if value is None else str(Decimal(value).normalize())
        return Value(name, self._label(name), data, format_hours(value))

    def number(self, name: str, value: int | None) -> Value:
        return Value(name, self._label(name), value, NO_VALUE if value is None else str(value))


def _moment_data(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _person(person: Person) -> Section:
    b = _Builder("person")
    values = [
        b.text("name", person.full_name),
        b.text("first_name", person.first_name),
        b.text("last_name", person.last_name),
        b.text("email", person.email),
        b.text("phone", person.phone),
        b.text("street_address", person.street_address),
        b.text("postal_code", person.postal_code),
        b.text("city", person.city),
        b.text("personnummer", person.personnummer),
        b.choice("gender", person.get_gender_display() if person.gender else ""),
        b.yes_no("other_background", person.other_background),
        b.moment("self_report_consent_at", person.self_report_consent_at),
        b.text("login", person.user.get_username() if person.user else None),
    ]
    return Section("person", [Record(values)], single=True)


def _people_sections(person: Person) -> list[Section]:
    m = _Builder("memberships")
    memberships = [
        Record([m.day("started_on", x.started_on), m.day("ended_on", x.ended_on)])
        for x in person.memberships.all()
    ]
    e = _Builder("employments")
    employments = [
        Record(
            [
                e.choice("kind", x.get_kind_display()),
                e.text("title", x.title),
                e.text("unit", x.unit or ""),
                e.day("started_on", x.started_on),
                e.day("ended_on", x.ended_on),
                e.number("wage_step", x.wage_step),
                e.hours("hours_per_week", x.hours_per_week),
            ]
        )
        for x in person.employments.select_related("unit")
    ]
    r = _Builder("roles")
    roles = (
        [
            Record([r.choice("role", x.get_role_display()), r.text("unit", x.unit or "")])
            for x in person.user.role_assignments.select_related("unit")
        ]
        if person.user
        else []
    )
    return [
        Section("memberships", memberships, table=True),
        Section("employments", employments),
        Section("roles", roles, table=True),
    ]


def _schedule_value(placement: Any) -> Value:
    days = list(placement.schedule.all())
    label = str(KEYS["placements.schedule"])
    data = {str(d.get_weekday_display()): str(Decimal(d.hours).normalize()) for d in days}
    text = ", ".join(f"{d.get_weekday_display()} {format_hours(d.hours)}" for d in days)
    return Value("schedule", label, data, text or NO_VALUE)


def _agreement_record(agreement: Agreement) -> Record:
    referral = agreement.referral
    b = _Builder("agreements")
    values = [
        b.text("referring_body", referral.body),
        b.text("officer_name", referral.officer_name),
        b.text("officer_phone", referral.officer_phone),
        b.text("officer_email", referral.officer_email),
        b.text("decision_reference", referral.decision_reference),
        b.day("decision_date", referral.decision_date),
        b.hours("hours_per_week", referral.hours_per_week),
        b.text("support_kind", referral.support_kind),
        b.text("unit", agreement.unit),
        b.day("starts_on", agreement.starts_on),
        b.day("ends_on", agreement.ends_on),
        b.moment("body_consent_at", agreement.body_consent_at),
        b.moment("cooperative_consent_at", agreement.cooperative_consent_at),
        b.moment("participant_consent_at", agreement.participant_consent_at),
        b.day("ended_early_on", agreement.ended_early_on),
    ]
    c = _Builder("changes")
    p = _Builder("placements")
    parts = [
        Section(
            "changes",
            [
                Record(
                    [
                        c.choice("kind", x.get_kind_display()),
                        c.day("previous_ends_on", x.previous_ends_on),
                        c.day("new_ends_on", x.new_ends_on),
                        c.text("reason", x.reason),
                        c.moment("recorded_at", x.recorded_at),
                    ]
                )
                for x in agreement.changes.all()
            ],
        ),
        Section(
            "placements",
            [
                Record(
                    [
                        p.text("unit", x.unit),
                        p.day("starts_on", x.starts_on),
                        p.day("ends_on", x.ends_on),
                        _schedule_value(x),
                    ]
                )
                for x in agreement.placements.all()
            ],
        ),
    ]
    plan = getattr(agreement, "plan", None)
    if plan is not None:
        g, s, m = _Builder("goals"), _Builder("steps"), _Builder("meetings")
        goals = [
            Record(
                [
                    g.text("text", x.text),
                    g.choice("status", x.get_status_display()),
                    g.day("target_on", x.target_on),
                ],
                parts=[
                    Section(
                        "steps",
                        [
                            Record(
                                [
                                    s.text("text", y.text),
                                    s.day("due_on", y.due_on),
                                    s.day("done_on", y.done_on),
                                ]
                            )
                            for y in x.steps.all()
                        ],
                        table=True,
                    )
                ],
            )
            for x in plan.goals.all()
        ]
        meetings = [
            Record(
                [
                    m.day("held_on", x.held_on),
                    m.text("notes", x.notes),
                    m.day("next_on", x.next_on),
                ]
            )
            for x in plan.meetings.all()
        ]
        parts.append(
            Section(
                "plan",
                [Record([], parts=[Section("goals", goals), Section("meetings", meetings)])],
                single=True,
            )
        )
    exit_ = getattr(agreement, "exit", None)
    if exit_ is not None:
        x, f = _Builder("exit"), _Builder("follow_ups")
        follow_ups = [
            Record(
                [
                    f.number("months", y.months),
                    f.day("due_on", y.due_on),
                    f.day("done_on", y.done_on),
                    f.choice("outcome", y.get_outcome_display() if y.outcome else ""),
                    f.text("note", y.note),
                ]
            )
            for y in exit_.follow_ups.all()
        ]
        parts.append(
            Section(
                "exit",
                [
                    Record(
                        [
                            x.day("exited_on", exit_.exited_on),
                            x.choice("outcome", exit_.get_outcome_display()),
                            x.text("note", exit_.note),
                        ],
                        parts=[Section("follow_ups", follow_ups)],
                    )
                ],
                single=True,
            )
        )
    title = _("%(unit)s, %(start)s – %(end)s") % {
        "unit": agreement.unit,
        "start": format_date(agreement.starts_on),
        "end": format_date(agreement.ends_on),
    }
    return Record(values, title=title, parts=parts)


def _mark_text(values: dict[str, str]) -> str:
    """What a correction says a day was: "Present, 6 h", "Absent (sick)", "Nothing"."""
    status = values.get("status", "")
    if status == AttendanceStatus.PRESENT:
        hours = values.get("hours") or "0"
        return f"{AttendanceStatus.PRESENT.label}, {format_hours(Decimal(hours))}"
    if status == AttendanceStatus.ABSENT:
        reason = dict(AbsenceReason.choices).get(values.get("reason", ""), "")
        return (
            f"{AttendanceStatus.ABSENT.label} ({str(reason).lower()})"
            if reason
            else str(AttendanceStatus.ABSENT.label)
        )
    return _("Nothing recorded")


def _attendance_sections(person: Person) -> list[Section]:
    a = _Builder("attendance")
    attendance = [
        Record(
            [
                a.day("day", x.day),
                a.choice("status", x.get_status_display()),
                a.choice("reason", x.get_reason_display() if x.reason else ""),
                a.hours("hours", x.hours),
                a.yes_no("reported_by_you", x.self_reported_at is not None),
                # Only what you reported yourself waits for a confirmation.
                a.yes_no(
                    "confirmed", None if x.self_reported_at is None else x.confirmed_at is not None
                ),
            ]
        )
        for x in Attendance.objects.filter(person=person).order_by("day")
    ]
    c = _Builder("attendance_corrections")
    corrections = [
        Record(
            [
                c.day("day", x.day),
                Value("before", c._label("before"), x.before, _mark_text(x.before)),
                Value("after", c._label("after"), x.after, _mark_text(x.after)),
                c.moment("corrected_at", x.corrected_at),
            ]
        )
        for x in AttendanceCorrection.objects.filter(person=person).order_by("day", "pk")
    ]
    return [
        Section("attendance", attendance, table=True),
        Section("attendance_corrections", corrections, table=True),
    ]


def _who(user: Any) -> str:
    if user is None:
        return NO_VALUE
    try:
        return str(user.person.full_name)
    except Person.DoesNotExist:
        return str(user.get_username())


def register_extract_of(*, person: Person, acting_user: Actor) -> Extract:
    """What the people and participants apps hold about ``person``."""
    sections = [_person(person), *_people_sections(person)]
    agreements = (
        Agreement.objects.filter(person=person)
        .select_related("referral__body", "referral__support_kind", "unit", "exit")
        .prefetch_related(
            "placements__unit",
            "placements__schedule",
            "changes",
            "plan__goals__steps",
            "plan__meetings",
            "exit__follow_ups",
        )
        .order_by("starts_on", "pk")
    )
    sections.append(Section("agreements", [_agreement_record(a) for a in agreements]))
    sections += _attendance_sections(person)
    if CaseFile.objects.filter(person=person).exists():
        contents = case_file_read(
            person=person, acting_user=acting_user, action=CaseFileAction.EXTRACT
        )
        b = _Builder("case_file")
        sections.append(
            Section(
                "case_file",
                [
                    Record(
                        [
                            b.text("health", contents.health),
                            b.text("disability", contents.disability),
                            b.text("background", contents.background),
                            b.moment("updated_at", contents.updated_at),
                        ]
                    )
                ],
                single=True,
            )
        )
    b = _Builder("case_file_access")
    sections.append(
        Section(
            "case_file_access",
            [
                Record(
                    [
                        b.moment("at", log.at),
                        b.text("by", _who(log.user)),
                        b.choice("action", log.get_action_display()),
                    ]
                )
                for log in CaseFileAccessLog.objects.filter(person=person).select_related(
                    "user__person"
                )
            ],
            table=True,
        )
    )
    b = _Builder("audit_trail")
    sections.append(
        Section(
            "audit_trail",
            [
                Record(
                    [
                        b.moment("at", e.at),
                        b.text("action", action_label(e.action, e.object_type)),
                    ]
                )
                for e in AuditEntry.objects.filter(
                    object_type="people.person", object_id=str(person.pk)
                ).order_by("at", "pk")
            ],
            table=True,
        )
    )
    return Extract(person_name=person.full_name, made_at=timezone.now(), sections=sections)


def register_extract(*, person: Person, acting_user: Actor) -> dict[str, Any]:
    """The extract as JSON-ready data (see the module's docstring)."""
    return register_extract_of(person=person, acting_user=acting_user).as_json()
