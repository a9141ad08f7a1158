"""Reads of participants' data; every list here costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from koop.core.access import Principal
from koop.core.formatting import format_input
from koop.core.stats import MIN_GROUP, share
from koop.organisation.models import Unit
from koop.participants.access import full_view_q, names_view_q
from koop.participants.models import (
    Agreement,
    Attendance,
    AttendanceStatus,
    Exit,
    ExitOutcome,
    FollowUpMeeting,
    Placement,
    ScheduleDay,
)
from koop.people.models import Person


def _current_placements(on: dt.date) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            starts_on__lte=on,
            agreement__ends_on__gte=on,
        )
        .select_related("unit", "supervisor", "business_area")
        .prefetch_related("schedule")
    )


def participant_list(
    *,
    principal: Principal,
    on: dt.date,
    search: str = "",
    unit_id: int | None = None,
    current_only: bool = False,
) -> QuerySet[Person]:
    """Participants ``principal`` may see, each with ``current_placements`` (placed ``on``)
    and ``full_view`` (False: name and schedule only)."""
    people = (
        Person.objects.filter(
            names_view_q(principal, on=on), cooperative_id=principal.cooperative_id or 0
        )
        .prefetch_related(
            Prefetch(
                "participant_placements",
                queryset=_current_placements(on),
                to_attr="current_placements",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    people = people.annotate(
        full_view=Case(
            When(full_view_q(principal), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if unit_id is not None:
        people = people.filter(pk__in=Placement.objects.filter(unit_id=unit_id).values("person_id"))
    if current_only:
        people = people.filter(pk__in=_current_placements(on).values("person_id"))
    for word in search.split():
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return people


def current_placement(person: Person, *, on: dt.date) -> Placement | None:
    return _current_placements(on).filter(person=person).first()


def agreements_of(person: Person) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(person=person)
        .select_related("referral__body", "referral__support_kind", "unit", "exit")
        .prefetch_related(
            "changes",
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related("unit", "supervisor", "business_area")
                .prefetch_related("schedule")
                .order_by("starts_on"),
            ),
        )
        .order_by("-starts_on")
    )


def agreements_ending_soon(
    *, unit_ids: list[int] | None, on: dt.date, days: int = 30
) -> QuerySet[Agreement]:
    """Running agreements that end within ``days`` (all units when ``unit_ids`` is None)."""
    agreements = Agreement.objects.filter(
        ends_on__gte=on,
        ends_on__lte=on + dt.timedelta(days=days),
        exit__isnull=True,
    )
    if unit_ids is not None:
        agreements = agreements.filter(unit_id__in=unit_ids)
    return agreements.select_related("person", "unit", "referral__body").order_by("ends_on")


def week_days(monday: dt.date, count: int = 7) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(count)]


@dataclass
class GridCell:
    day: dt.date
    field: str
    open: bool  # inside the placement and the agreement: may be recorded
    scheduled: Decimal | None
    record: Attendance | None
    future: bool = False  # after today: nothing may be marked yet
    # A mark that may only be removed: on a day to come, or outside the placement but made
    # in this unit (a placement ended or moved afterwards).
    removable: bool = False
    confirm_ticked: bool = False
    # What the page shows (the stored values, or what was typed when a save was refused).
    shown_value: str = ""
    shown_hours: str = ""
    # What the page showed when it was loaded: a save sends only the cells changed since.
    was_value: str = ""
    was_hours: str = ""

    @property
    def markable(self) -> bool:
        return self.open and not self.future

    @property
    def awaiting_confirmation(self) -> bool:
        return self.record is not None and self.record.awaiting_confirmation

    @property
    def value(self) -> str:
        """What the cell's choice shows: "present", "absent:<reason>" or "" (not recorded)."""
        if self.record is None:
            return ""
        if self.record.status == AttendanceStatus.ABSENT:
            return f"absent:{self.record.reason}"
        return str(self.record.status)

    @property
    def hours_text(self) -> str:
        """The hours as the cell's input shows them: "6", "3,5"."""
        if self.record is not None:
            return format_input(self.record.hours)
        return format_input(self.scheduled) if self.scheduled is not None else ""


@dataclass
class GridRow:
    person: Person
    placement: Placement
    cells: list[GridCell] = field(default_factory=list)


def attendance_grid(*, unit: Unit, days: list[dt.date], today: dt.date) -> list[GridRow]:
    """Participants placed in ``unit`` on any of ``days`` × ``days``, in three queries.

    A day after ``today`` is not markable yet."""
    first, last = days[0], days[-1]
    placements = list(
        Placement.objects.filter(unit=unit, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .filter(agreement__starts_on__lte=last, agreement__ends_on__gte=first)
        .select_related("person", "agreement")
        .prefetch_related(Prefetch("schedule", queryset=ScheduleDay.objects.order_by("weekday")))
        .order_by("person__first_name", "person__last_name", "starts_on")
    )
    records = {
        (a.person_id, a.day): a
        for a in Attendance.objects.filter(
            person_id__in=[p.person_id for p in placements], day__gte=first, day__lte=last
        )
    }
    rows: dict[int, GridRow] = {}
    for placement in placements:
        row = rows.setdefault(placement.person_id, GridRow(placement.person, placement))
        schedule = {d.weekday: d.hours for d in placement.schedule.all()}
        for day in days:
            inside = placement.covers(day) and (
                placement.agreement.starts_on <= day <= placement.agreement.ends_on
            )
            existing = next((c for c in row.cells if c.day == day), None)
            if existing is not None:
                if inside and not existing.open:
                    existing.open, existing.scheduled = True, schedule.get(day.weekday())
                continue
            row.cells.append(
                GridCell(
                    day=day,
                    field=f"cell-{placement.person_id}-{day.isoformat()}",
                    open=inside,
                    scheduled=schedule.get(day.weekday()) if inside else None,
                    record=records.get((placement.person_id, day)),
                    future=day > today,
                )
            )
    for row in rows.values():
        for cell in row.cells:
            cell.removable = (
                cell.record is not None
                and not cell.markable
                and (cell.open or cell.record.unit_id == unit.pk)
            )
    return list(rows.values())


def attendance_that_happened(*, on: dt.date) -> QuerySet[Attendance]:
    """The attendance that reports and claims stand on, as known ``on`` a day.

    Left out: days after ``on`` (they have not happened), marks outside a placement of the
    same agreement in the same unit (a placement ended or moved afterwards), and what a
    participant reported that nobody has confirmed yet."""
    placed = Placement.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("day")),
        agreement_id=OuterRef("agreement_id"),
        unit_id=OuterRef("unit_id"),
        starts_on__lte=OuterRef("day"),
    )
    return Attendance.objects.filter(
        Q(self_reported_at__isnull=True) | Q(confirmed_at__isnull=False),
        Exists(placed),
        day__lte=on,
    )


def attendance_awaiting_confirmation() -> QuerySet[Attendance]:
    """What participants reported about themselves and staff have not confirmed yet."""
    return Attendance.objects.filter(self_reported_at__isnull=False, confirmed_at__isnull=True)


def attendance_of(*, person: Person, first: dt.date, last: dt.date) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(person=person, day__gte=first, day__lte=last)
        .select_related("unit")
        .order_by("day")
    )


@dataclass(frozen=True)
class MonthSummary:
    present_days: int
    absent_days: int
    hours: Decimal
    absences: dict[str, int]


def month_summary(records: list[Attendance]) -> MonthSummary:
    absences: Counter[str] = Counter(r.reason for r in records if r.status == "absent")
    return MonthSummary(
        present_days=sum(1 for r in records if r.status == AttendanceStatus.PRESENT),
        absent_days=sum(absences.values()),
        hours=sum((r.hours for r in records), Decimal(0)),
        absences=dict(absences),
    )


def next_meeting(person: Person, *, on: dt.date) -> dt.date | None:
    return (
        FollowUpMeeting.objects.filter(plan__agreement__person=person, next_on__gte=on)
        .order_by("next_on")
        .values_list("next_on", flat=True)
        .first()
    )


@dataclass(frozen=True)
class OutcomeRow:
    outcome: str
    label: str
    count: int | None  # None: fewer than five, not shown
    share: Decimal | None


def outcome_statistics(*, cooperative_id: int, year: int) -> tuple[int | None, list[OutcomeRow]]:
    """Exit outcomes in ``year``; no count or share for a group smaller than five."""
    counts = Counter(
        Exit.objects.filter(
            agreement__person__cooperative_id=cooperative_id, exited_on__year=year
        ).values_list("outcome", flat=True)
    )
    total = sum(counts.values())
    rows = []
    for outcome in ExitOutcome:
        n = counts.get(outcome.value, 0)
        shown = n >= MIN_GROUP
        rows.append(
            OutcomeRow(
                outcome.value,
                str(outcome.label),
                n if shown else None,
                share(n, total) if shown else None,
            )
        )
    return (total if total >= MIN_GROUP else None), rows


def has_own_page(principal: Principal) -> bool:
    """Whether the participants app has a page of their own for ``principal``."""
    return (
        principal.person_id is not None
        and Agreement.objects.filter(person_id=principal.person_id).exists()
    )
