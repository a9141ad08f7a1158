"""Attendance: a unit's grid saved in one go, and a participant's own report of absence.

Rules every write here keeps:

- a mark is for today or a day that has passed, never a day to come (no planned absence:
  the model has no such notion, so an absence in advance is refused like a presence);
- a mark lies inside a placement in the unit and inside the agreement;
- every change to a recorded day, its removal included, leaves an ``AttendanceCorrection``
  with before and after;
- what a participant reports about themself (sick or away, today only) waits for staff to
  confirm it, and reports leave it out until they do.

Both services lock the people whose days they write (the same lock the placement services
take), so a leader's save and a participant's report of the same day run one after the
other instead of colliding on the one-mark-a-day rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.formatting import format_date, parse_decimal
from koop.organisation.models import Unit
from koop.participants.models import (
    AbsenceReason,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    Placement,
)
from koop.participants.services._common import Actor, database_rules, user_or_none
from koop.people.models import Person

MAX_HOURS = Decimal(24)
TENTH = Decimal("0.1")
# A removed mark, as a correction's "after" records it: nothing is recorded for the day.
NOTHING_RECORDED = {"status": "", "reason": "", "hours": ""}
# What a participant may say about today, and the reason of absence each one records.
SELF_REPORTS = {"sick": AbsenceReason.SICK, "away": AbsenceReason.OTHER}


@dataclass(frozen=True)
class AttendanceEntry:
    """One cell of the grid: a person on a day.

    ``status`` is "present", "absent" (with a ``reason``) or "" to remove the day's mark.
    ``confirm`` confirms what the participant reported for the day, as it stands."""

    person_id: int
    day: dt.date
    status: str
    reason: str = ""
    hours: Decimal | str | None = None
    confirm: bool = False

    @property
    def field(self) -> str:
        """The name of the grid cell, so a page can show the message beside it."""
        return f"cell-{self.person_id}-{self.day.isoformat()}"


@dataclass(frozen=True)
class AttendanceSaved:
    created: int
    corrected: int
    unchanged: int
    removed: int = 0
    confirmed: int = 0
    filled: int = 0


def _cell_values(attendance: Attendance) -> dict[str, str]:
    return {
        "status": attendance.status,
        "reason": attendance.reason,
        "hours": str(Decimal(attendance.hours).quantize(TENTH)),
    }


def not_yet_message(day: dt.date) -> str:
    return _(
        "%(day)s has not come yet: attendance is marked on the day or afterwards, never in advance."
    ) % {"day": format_date(day)}


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
        hours = parse_decimal(str(entry.hours)) if entry.hours not in (None, "") else Decimal(0)
    except ValueError:
        problems.append(FieldProblem(entry.field, _("Hours are a number, like 6 or 4,5.")))
        return None
    if (
        not hours.is_finite()
        or not Decimal(0) <= hours <= MAX_HOURS
        or hours != hours.quantize(TENTH)
    ):
        problems.append(
            FieldProblem(entry.field, _("Hours lie between 0 and 24, in tenths at most."))
        )
        return None
    if status == AttendanceStatus.PRESENT and hours == 0:
        problems.append(
            FieldProblem(entry.field, _("Give the hours of a presence, like 6 or 4,5."))
        )
        return None
    if status == AttendanceStatus.ABSENT:
        hours = Decimal(0)
    return status, reason, hours.quantize(TENTH)


def _lock_people(person_ids: set[int]) -> None:
    # In one order, so two saves over the same people never wait on each other in a circle.
    list(Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk"))


def _placements_on(unit: Unit, day: dt.date) -> Q:
    return Q(unit=unit, starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def attendance_save(
    *,
    unit: Unit,
    entries: Sequence[AttendanceEntry],
    acting_user: Actor,
    fill_day: dt.date | None = None,
) -> AttendanceSaved:
    """Save many cells of ``unit``'s grid at once: all of them, or (on any error) none.

    A mark must lie inside a placement in ``unit`` and the participant's agreement, on
    today or a day that has passed. An entry with an empty status removes the day's mark.
    A change or a removal leaves an ``AttendanceCorrection`` with before and after.

    ``fill_day`` ("all present"): everyone placed in ``unit`` that day with that weekday in
    their schedule, and no mark yet (nor an entry in this save), is marked present with
    their scheduled hours. A mark already made is never overwritten."""
    if not entries and fill_day is None:
        return AttendanceSaved(0, 0, 0)
    today = timezone.localdate()
    days = [e.day for e in entries] + ([fill_day] if fill_day is not None else [])
    first, last = min(days), max(days)
    problems: list[FieldProblem] = []
    if fill_day is not None and fill_day > today:
        problems.append(FieldProblem("fill", not_yet_message(fill_day)))
        fill_day = None
    with transaction.atomic():
        person_ids = {e.person_id for e in entries}
        if fill_day is not None:
            person_ids |= set(
                Placement.objects.filter(_placements_on(unit, fill_day)).values_list(
                    "person_id", flat=True
                )
            )
        _lock_people(person_ids)
        placements = list(
            Placement.objects.filter(unit=unit, person_id__in=person_ids, starts_on__lte=last)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
            .select_related("agreement", "person")
            .prefetch_related("schedule")
        )
        existing = {
            (a.person_id, a.day): a
            for a in Attendance.objects.select_for_update().filter(
                person_id__in=person_ids, day__gte=first, day__lte=last
            )
        }
        creates: list[Attendance] = []
        updates: list[Attendance] = []
        removals: list[Attendance] = []
        corrections: list[AttendanceCorrection] = []
        confirmed: list[Attendance] = []
        unchanged = 0
        user = user_or_none(acting_user)
        now = timezone.now()
        seen: set[tuple[int, dt.date]] = set()

        def placement_for(person_id: int, day: dt.date) -> Placement | None:
            return next((p for p in placements if p.person_id == person_id and p.covers(day)), None)

        for entry in entries:
            key = (entry.person_id, entry.day)
            if key in seen:
                problems.append(FieldProblem(entry.field, _("This day is given twice.")))
                continue
            seen.add(key)
            record = existing.get(key)
            placement = placement_for(entry.person_id, entry.day)
            if entry.status == "":
                # A removal: of a mark made in this unit, or of a day placed here.
                if record is None:
                    unchanged += 1
                elif record.unit_id != unit.pk and placement is None:
                    problems.append(
                        FieldProblem(
                            entry.field,
                            _("%(day)s: the participant is not placed in %(unit)s that day.")
                            % {"day": format_date(entry.day), "unit": unit},
                        )
                    )
                else:
                    removals.append(record)
                    corrections.append(
                        AttendanceCorrection(
                            person_id=record.person_id,
                            day=record.day,
                            before=_cell_values(record),
                            after=dict(NOTHING_RECORDED),
                            corrected_by=user,
                        )
                    )
                continue
            parsed = _parse(entry, problems)
            if parsed is None:
                continue
            if entry.day > today:
                problems.append(FieldProblem(entry.field, not_yet_message(entry.day)))
                continue
            if placement is None:
                problems.append(
                    FieldProblem(
                        entry.field,
                        _("%(day)s: the participant is not placed in %(unit)s that day.")
                        % {"day": format_date(entry.day), "unit": unit},
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
                            "day": format_date(entry.day),
                            "name": placement.person.full_name,
                            "start": format_date(agreement.starts_on),
                            "end": format_date(agreement.ends_on),
                        },
                    )
                )
                continue
            status, reason, hours = parsed
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
                if entry.confirm and record.awaiting_confirmation:
                    record.confirmed_at, record.confirmed_by = now, user
                    confirmed.append(record)
                    updates.append(record)
                else:
                    unchanged += 1
                continue
            if record.awaiting_confirmation:
                # Staff changing what the participant reported have dealt with the report.
                record.confirmed_at, record.confirmed_by = now, user
                confirmed.append(record)
            record.status, record.reason, record.hours = status, reason, hours
            record.agreement, record.unit = agreement, unit
            record.recorded_by = user
            record.recorded_at = now
            updates.append(record)
            corrections.append(
                AttendanceCorrection(
                    person_id=record.person_id,
                    day=record.day,
                    before=before,
                    after=after,
                    corrected_by=user,
                )
            )
        filled = 0
        if fill_day is not None:
            for placement in placements:
                key = (placement.person_id, fill_day)
                agreement = placement.agreement
                if (
                    not placement.covers(fill_day)
                    or not agreement.starts_on <= fill_day <= agreement.ends_on
                    or key in seen
                    or key in existing
                ):
                    continue
                scheduled = next(
                    (d.hours for d in placement.schedule.all() if d.weekday == fill_day.weekday()),
                    None,
                )
                if scheduled is None:
                    continue
                seen.add(key)
                creates.append(
                    Attendance(
                        agreement=agreement,
                        person_id=placement.person_id,
                        unit=unit,
                        day=fill_day,
                        status=AttendanceStatus.PRESENT,
                        reason="",
                        hours=Decimal(scheduled).quantize(TENTH),
                        recorded_by=user,
                    )
                )
                filled += 1
        if problems:
            raise KoopValidationError(problems)
        with database_rules():
            Attendance.objects.bulk_create(creates)
            if updates:
                Attendance.objects.bulk_update(
                    updates,
                    [
                        "status",
                        "reason",
                        "hours",
                        "agreement",
                        "unit",
                        "recorded_by",
                        "recorded_at",
                        "confirmed_at",
                        "confirmed_by",
                    ],
                )
            if removals:
                Attendance.objects.filter(pk__in=[r.pk for r in removals]).delete()
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
                "corrected": len(corrections) - len(removals),
                "removed": [{"person": r.person_id, "day": r.day.isoformat()} for r in removals],
                "confirmed": [{"person": r.person_id, "day": r.day.isoformat()} for r in confirmed],
                "filled": {"day": fill_day.isoformat(), "count": filled} if fill_day else None,
            },
        )
    return AttendanceSaved(
        created=len(creates) - filled,
        corrected=len(corrections) - len(removals),
        unchanged=unchanged,
        removed=len(removals),
        confirmed=len(confirmed),
        filled=filled,
    )


def attendance_self_report(
    *, person: Person, kind: str, acting_user: Actor, day: dt.date | None = None
) -> Attendance:
    """The participant says they are sick or away today.

    It is recorded as an absence that waits for their supervisor or unit leader to confirm
    it. Only for today, only while placed, and never over a mark staff have made; a report
    not yet confirmed may be changed (sick to away, or back)."""
    today = timezone.localdate()
    if kind not in SELF_REPORTS:
        raise KoopValidationError(_("Choose sick or away."), field="kind")
    if day is not None and day != today:
        raise KoopValidationError(
            _("You can only tell us about today, %(today)s.") % {"today": format_date(today)},
            field="day",
        )
    reason = SELF_REPORTS[kind]
    with transaction.atomic():
        _lock_people({person.pk})
        placement = (
            Placement.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today),
                person=person,
                starts_on__lte=today,
                agreement__starts_on__lte=today,
                agreement__ends_on__gte=today,
            )
            .select_related("agreement", "unit")
            .first()
        )
        if placement is None:
            raise KoopValidationError(
                _("You have no place to work at today, so there is nothing to tell."),
                field="kind",
            )
        record = Attendance.objects.select_for_update().filter(person=person, day=today).first()
        if record is not None and not record.awaiting_confirmation:
            raise KoopValidationError(
                _("Your supervisor has already written down today. Talk to your supervisor."),
                field="kind",
            )
        user = user_or_none(acting_user)
        if record is not None:
            if record.reason == reason:
                return record
            before = snapshot(record)
            values_before = _cell_values(record)
            record.reason = reason
            record.recorded_by = user
            record.self_reported_at = timezone.now()
            record.save(update_fields=["reason", "recorded_by", "self_reported_at", "recorded_at"])
            AttendanceCorrection.objects.create(
                person=person,
                day=today,
                before=values_before,
                after=_cell_values(record),
                corrected_by=user,
            )
        else:
            before = None
            record = Attendance(
                agreement=placement.agreement,
                person=person,
                unit=placement.unit,
                day=today,
                status=AttendanceStatus.ABSENT,
                reason=reason,
                hours=Decimal(0),
                recorded_by=user,
                self_reported_at=timezone.now(),
            )
            with database_rules():
                record.save()
        audit_record(
            actor=acting_user,
            action="attendance_self_report",
            obj=record,
            before=before,
            after=snapshot(record),
        )
    return record
