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

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import action_label
from koop.core.formatting import NO_VALUE, format_date, format_hours
from koop.core.models import AuditEntry
from koop.participants.extract_kit import (
    KEYS,
    Extract,
    Record,
    Section,
    Value,
    registered_sections,
)
from koop.participants.extract_kit import Builder as _Builder
from koop.participants.models import (
    AbsenceReason,
    Agreement,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    CaseFile,
    CaseFileAccessLog,
    CaseFileAction,
    CaseReader,
    ClaimLine,
    Referral,
)
from koop.participants.services._common import Actor
from koop.participants.services.casefile import case_file_read
from koop.people.models import Person


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


# The references to a person or login that this module's sections report (the rest are
# registered by the apps above, see ``extract_kit``).
OWN_COVERS = {
    ("people.Person", "user"),
    ("people.Membership", "person"),
    ("people.Employment", "person"),
    ("people.RoleAssignment", "user"),
    ("participants.Referral", "person"),
    ("participants.Agreement", "person"),
    ("participants.Placement", "person"),
    ("participants.Attendance", "person"),
    ("participants.AttendanceCorrection", "person"),
    ("participants.CaseFile", "person"),
    ("participants.CaseFileAccessLog", "person"),
    ("participants.CaseFileAccessLog", "user"),
    ("participants.ClaimLine", "person"),
    ("participants.CaseReader", "user"),
    ("core.AuditEntry", "actor"),
}


def _own_sections(person: Person) -> list[Section]:
    """Claim lines, referrals that led to no agreement, the case files this person's login
    has opened and what the login did in Koop (the audit rows by it)."""
    c = _Builder("claim_lines")
    claims = [
        Record(
            [
                c.day("month", x.claim.month),
                c.text("referring_body", x.claim.body),
                c.text("explanation", x.explanation),
                c.text("amount", x.amount),
            ]
        )
        for x in ClaimLine.objects.filter(person=person)
        .select_related("claim__body")
        .order_by("claim__month", "pk")
    ]
    r = _Builder("referrals")
    referrals = [
        Record(
            [
                r.text("referring_body", x.body),
                r.text("officer_name", x.officer_name),
                r.text("decision_reference", x.decision_reference),
                r.day("decision_date", x.decision_date),
                r.day("starts_on", x.starts_on),
                r.day("ends_on", x.ends_on),
            ]
        )
        for x in Referral.objects.filter(person=person, agreement__isnull=True)
        .select_related("body")
        .order_by("decision_date", "pk")
    ]
    reads: list[Record] = []
    done: list[Record] = []
    grants: list[Record] = []
    if person.user_id is not None:
        g = _Builder("case_reader")
        grants = [
            Record([g.moment("granted_at", x.granted_at), g.text("note", x.note)])
            for x in CaseReader.objects.filter(user_id=person.user_id)
        ]
        o = _Builder("case_files_opened")
        reads = [
            Record(
                [
                    o.moment("at", log.at),
                    o.text("whose", log.person.full_name),
                    o.choice("action", log.get_action_display()),
                ]
            )
            for log in CaseFileAccessLog.objects.filter(user_id=person.user_id)
            .select_related("person")
            .order_by("at", "pk")
        ]
        a = _Builder("audit_by_you")
        done = [
            Record([a.moment("at", e.at), a.text("action", action_label(e.action, e.object_type))])
            for e in AuditEntry.objects.filter(actor_id=person.user_id).order_by("at", "pk")
        ]
    return [
        Section("claim_lines", claims, table=True),
        Section("referrals", referrals),
        Section("case_reader", grants, table=True),
        Section("case_files_opened", reads, table=True),
        Section("audit_by_you", done, table=True),
    ]


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
    sections += _own_sections(person)
    sections += registered_sections(person)
    return Extract(person_name=person.full_name, made_at=timezone.now(), sections=sections)


def register_extract(*, person: Person, acting_user: Actor) -> dict[str, Any]:
    """The extract as JSON-ready data (see the module's docstring)."""
    return register_extract_of(person=person, acting_user=acting_user).as_json()
