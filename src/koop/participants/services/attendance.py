"""Saving a unit's attendance grid in one go, with every change to a recorded day logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record
from koop.core.errors import FieldProblem, KoopValidationError
from koop.organisation.models import Unit
from koop.participants.models import (
    AbsenceReason,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    Placement,
)
from koop.participants.services._common import Actor, database_rules, user_or_none

MAX_HOURS = Decimal(24)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class AttendanceEntry:
    """One cell of the grid: a person on a day."""

    person_id: int
    day: dt.date
    status: str
    reason: str = ""
    hours: Decimal | str | None = None

    @property
    def field(self) -> str:
        """The name of the grid cell, so a page can show the message beside it."""
        return f"cell-{self.person_id}-{self.day.isoformat()}"


@dataclass(frozen=True)
class AttendanceSaved:
    created: int
    corrected: int
    unchanged: int


def _cell_values(attendance: Attendance) -> dict[str, str]:
    return {
        "status": attendance.status,
        "reason": attendance.reason,
        "hours": str(Decimal(attendance.hours).quantize(TENTH)),
    }


def _parse(entry: AttendanceEntry, problems: list[FieldProblem]) -> tuple[str, str, Decimal] | None:
    status = entry.status
    reason = entry.reason or ""
    if status not in AttendanceStatus.values:
        problems.append(FieldProblem(entry.field, _("Choose present or absent.")))
        return None
    if status == AttendanceStatus.ABSENT and reason not in AbsenceReason.values:
        problems.append(FieldProblem(entry.field, _("Give a reason for the absence.")))
        return None
    if status == AttendanceStatus.PRESENT:
        reason = ""
    try:
        hours = Decimal(str(entry.hours)) if entry.hours not in (None, "") else Decimal(0)
    except InvalidOperation:
        problems.append(FieldProblem(entry.field, _("Hours are a number, like 6 or 4.5.")))
        return None
    if not Decimal(0) <= hours <= MAX_HOURS or hours != hours.quantize(TENTH):
        problems.append(
            FieldProblem(entry.field, _("Hours lie between 0 and 24, in tenths at most."))
        )
        return None
    if status == AttendanceStatus.ABSENT:
        hours = Decimal(0)
    return status, reason, hours.quantize(TENTH)


def attendance_save(
    *, unit: Unit, entries: Sequence[AttendanceEntry], acting_user: Actor
) -> AttendanceSaved:
    """Save many cells of ``unit``'s grid at once: all of them, or (on any error) none.

    A day must lie inside the participant's agreement and a placement in ``unit``. A cell
    that changes a recorded day leaves an ``AttendanceCorrection`` with before and after."""
    if not entries:
        return AttendanceSaved(0, 0, 0)
    first = min(e.day for e in entries)
    last = max(e.day for e in entries)
    person_ids = sorted({e.person_id for e in entries})
    problems: list[FieldProblem] = []
    with transaction.atomic():
        placements = list(
            Placement.objects.filter(unit=unit, person_id__in=person_ids, starts_on__lte=last)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
            .select_related("agreement", "person")
        )
        existing = {
            (a.person_id, a.day): a
            for a in Attendance.objects.select_for_update().filter(
                person_id__in=person_ids, day__gte=first, day__lte=last
            )
        }
        creates: list[Attendance] = []
        updates: list[Attendance] = []
        corrections: list[AttendanceCorrection] = []
        unchanged = 0
        user = user_or_none(acting_user)
        now = timezone.now()
        seen: set[tuple[int, dt.date]] = set()
        for entry in entries:
            key = (entry.person_id, entry.day)
            if key in seen:
                problems.append(FieldProblem(entry.field, _("This day is given twice.")))
                continue
            seen.add(key)
            parsed = _parse(entry, problems)
            if parsed is None:
                continue
            placement = next(
                (p for p in placements if p.person_id == entry.person_id and p.covers(entry.day)),
                None,
            )
            if placement is None:
                problems.append(
                    FieldProblem(
                        entry.field,
                        _("%(day)s: the participant is not placed in %(unit)s that day.")
                        % {"day": entry.day, "unit": unit},
                    )
                )
                continue
            agreement = placement.agreement
            if not agreement.starts_on <= entry.day <= agreement.ends_on:
                problems.append(
                    FieldProblem(
                        entry.field,
                        _("%(day)s lies outside %(name)s's agreement (%(start)s–%(end)s).")
                        % {
                            "day": entry.day,
                            "name": placement.person.full_name,
                            "start": agreement.starts_on,
                            "end": agreement.ends_on,
                        },
                    )
                )
                continue
            status, reason, hours = parsed
            record = existing.get(key)
            if record is None:
                creates.append(
                    Attendance(
                        agreement=agreement,
                        person_id=entry.person_id,
                        unit=unit,
                        day=entry.day,
                        status=status,
                        reason=reason,
                        hours=hours,
                        recorded_by=user,
                    )
                )
                continue
            before = _cell_values(record)
            after = {"status": status, "reason": reason, "hours": str(hours)}
            if before == after:
                unchanged += 1
                continue
            record.status, record.reason, record.hours = status, reason, hours
            record.recorded_by = user
            record.recorded_at = now
            updates.append(record)
            corrections.append(
                AttendanceCorrection(
                    attendance=record, before=before, after=after, corrected_by=user
                )
            )
        if problems:
            raise KoopValidationError(problems)
        with database_rules():
            Attendance.objects.bulk_create(creates)
            if updates:
                Attendance.objects.bulk_update(
                    updates, ["status", "reason", "hours", "recorded_by", "recorded_at"]
                )
        AttendanceCorrection.objects.bulk_create(corrections)
        audit_record(
            actor=acting_user,
            action="attendance_save",
            obj=unit,
            before=None,
            after={
                "from": first.isoformat(),
                "to": last.isoformat(),
                "created": len(creates),
                "corrected": len(corrections),
            },
        )
    return AttendanceSaved(created=len(creates), corrected=len(corrections), unchanged=unchanged)
