"""The register extract (GDPR art. 15): everything Koop holds about one person."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from koop.core.models import AuditEntry
from koop.participants.models import (
    Agreement,
    Attendance,
    CaseFile,
    CaseFileAccessLog,
    CaseFileAction,
)
from koop.participants.services._common import Actor
from koop.participants.services.casefile import case_file_read
from koop.people.models import Person


def _value(v: Any) -> Any:
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if v is None or isinstance(v, bool | int | str):
        return v
    return str(v)


def _row(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {f: _value(getattr(obj, f)) for f in fields}


def register_extract(*, person: Person, acting_user: Actor) -> dict[str, Any]:
    """What the people and participants apps hold about ``person``, as JSON-ready data.

    The case file is decrypted for it, so making an extract is logged as a case-file read."""
    data: dict[str, Any] = {"made_at": timezone.now().isoformat()}
    data["person"] = {
        "name": person.full_name,
        **_row(
            person,
            [
                "first_name",
                "last_name",
                "email",
                "phone",
                "street_address",
                "postal_code",
                "city",
                "personnummer",
                "gender",
                "other_background",
                "self_report_consent_at",
            ],
        ),
        "login": person.user.get_username() if person.user else None,
    }
    data["memberships"] = [_row(m, ["started_on", "ended_on"]) for m in person.memberships.all()]
    data["employments"] = [
        {
            **_row(e, ["kind", "title", "started_on", "ended_on", "wage_step"]),
            "unit": str(e.unit or ""),
        }
        for e in person.employments.select_related("unit")
    ]
    data["roles"] = (
        [
            {"role": r.role, "unit": str(r.unit or "")}
            for r in person.user.role_assignments.select_related("unit")
        ]
        if person.user
        else []
    )
    agreements = []
    for agreement in (
        Agreement.objects.filter(person=person)
        .select_related("referral__body", "referral__support_kind", "unit", "exit")
        .prefetch_related(
            "placements__unit",
            "placements__schedule",
            "changes",
            "plan__goals__steps",
            "plan__meetings",
        )
    ):
        referral = agreement.referral
        item: dict[str, Any] = {
            "referring_body": str(referral.body),
            **_row(
                referral,
                [
                    "officer_name",
                    "officer_phone",
                    "officer_email",
                    "decision_reference",
                    "decision_date",
                    "hours_per_week",
                ],
            ),
            "support_kind": str(referral.support_kind),
            "unit": str(agreement.unit),
            **_row(
                agreement,
                [
                    "starts_on",
                    "ends_on",
                    "body_consent_at",
                    "cooperative_consent_at",
                    "participant_consent_at",
                    "ended_early_on",
                ],
            ),
            "changes": [
                _row(c, ["kind", "previous_ends_on", "new_ends_on", "reason", "recorded_at"])
                for c in agreement.changes.all()
            ],
            "placements": [
                {
                    **_row(p, ["starts_on", "ends_on"]),
                    "unit": str(p.unit),
                    "schedule": {
                        str(d.get_weekday_display()): str(d.hours) for d in p.schedule.all()
                    },
                }
                for p in agreement.placements.all()
            ],
        }
        plan = getattr(agreement, "plan", None)
        if plan is not None:
            item["plan"] = {
                "goals": [
                    {
                        **_row(g, ["text", "status", "target_on"]),
                        "steps": [_row(s, ["text", "due_on", "done_on"]) for s in g.steps.all()],
                    }
                    for g in plan.goals.all()
                ],
                "meetings": [_row(m, ["held_on", "notes", "next_on"]) for m in plan.meetings.all()],
            }
        exit_ = getattr(agreement, "exit", None)
        if exit_ is not None:
            item["exit"] = {
                **_row(exit_, ["exited_on", "outcome", "note"]),
                "follow_ups": [
                    _row(f, ["months", "due_on", "done_on", "outcome", "note"])
                    for f in exit_.follow_ups.all()
                ],
            }
        agreements.append(item)
    data["agreements"] = agreements
    data["attendance"] = [
        _row(a, ["day", "status", "reason", "hours"])
        for a in Attendance.objects.filter(person=person).order_by("day")
    ]
    if CaseFile.objects.filter(person=person).exists():
        data["case_file"] = case_file_read(
            person=person, acting_user=acting_user, action=CaseFileAction.EXTRACT
        ).as_dict()
    data["case_file_access"] = [
        {
            "at": _value(log.at),
            "by": log.user.get_username() if log.user else None,
            "action": log.action,
        }
        for log in CaseFileAccessLog.objects.filter(person=person).select_related("user")
    ]
    data["audit_trail"] = [
        {"at": _value(e.at), "action": e.action}
        for e in AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk))
    ]
    return data
