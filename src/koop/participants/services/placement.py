"""Starting, moving and ending placements; each is one transaction that locks the person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.validation import validate_model
from koop.organisation.models import BusinessArea, Unit
from koop.participants.models import Agreement, Placement, ScheduleDay
from koop.participants.services._common import Actor, database_rules
from koop.people.models import Employment, Person

Schedule = Mapping[int, Decimal]  # weekday (0 = Monday) -> hours


def _placement_snapshot(placement: Placement) -> dict[str, object]:
    data = snapshot(placement)
    data["schedule"] = {str(d.weekday): str(d.hours) for d in placement.schedule.all()}
    return data


def _check_new_placement(
    *,
    agreement: Agreement,
    unit: Unit,
    business_area: BusinessArea | None,
    supervisor: Person,
    starts_on: dt.date,
    ends_on: dt.date | None,
    schedule: Schedule,
    exclude_pk: int | None = None,
) -> None:
    problems: list[FieldProblem] = []
    if not agreement.is_complete:
        missing = ", ".join(label for _kind, label, at, _by in agreement.consents() if at is None)
        problems.append(
            FieldProblem(
                "agreement",
                _(
                    "A placement cannot start before all three parties have said yes. Missing: "
                    "%(missing)s."
                )
                % {"missing": missing},
            )
        )
    if not agreement.starts_on <= starts_on <= agreement.ends_on:
        problems.append(
            FieldProblem(
                "starts_on",
                _("The placement must start inside the agreement's period (%(start)s–%(end)s).")
                % {"start": agreement.starts_on, "end": agreement.ends_on},
            )
        )
    if ends_on is not None and ends_on < starts_on:
        problems.append(FieldProblem("ends_on", _("A placement cannot end before it starts.")))
    if unit.cooperative_id != agreement.person.cooperative_id:
        problems.append(FieldProblem("unit", _("The unit belongs to another cooperative.")))
    if business_area is not None and not unit.business_areas.filter(pk=business_area.pk).exists():
        problems.append(
            FieldProblem(
                "business_area", _("%(unit)s does not work in this business area.") % {"unit": unit}
            )
        )
    employed = Employment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on),
        person=supervisor,
        unit=unit,
        started_on__lte=starts_on,
    ).exists()
    if not employed:
        problems.append(
            FieldProblem(
                "supervisor", _("The supervisor must be employed in %(unit)s.") % {"unit": unit}
            )
        )
    for weekday, hours in schedule.items():
        if not 0 <= weekday <= 6 or not Decimal(0) < hours <= Decimal(12):
            problems.append(
                FieldProblem("schedule", _("Each scheduled day has between 0 and 12 hours."))
            )
            break
    overlapping = Placement.objects.filter(person_id=agreement.person_id).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    clash = overlapping.select_related("unit").first()
    if clash is not None:
        problems.append(
            FieldProblem(
                "starts_on",
                _(
                    "The participant is already placed in %(unit)s from %(start)s; end that "
                    "placement first or move them."
                )
                % {"unit": clash.unit, "start": clash.starts_on},
            )
        )
    if problems:
        raise KoopValidationError(problems)


def _create(
    *,
    agreement: Agreement,
    unit: Unit,
    business_area: BusinessArea | None,
    supervisor: Person,
    starts_on: dt.date,
    ends_on: dt.date | None,
    schedule: Schedule,
    acting_user: Actor,
    action: str,
) -> Placement:
    _check_new_placement(
        agreement=agreement,
        unit=unit,
        business_area=business_area,
        supervisor=supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        schedule=schedule,
    )
    placement = Placement(
        agreement=agreement,
        person_id=agreement.person_id,
        unit=unit,
        business_area=business_area,
        supervisor=supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    validate_model(placement)
    with database_rules():
        placement.save()
    ScheduleDay.objects.bulk_create(
        ScheduleDay(placement=placement, weekday=weekday, hours=hours)
        for weekday, hours in sorted(schedule.items())
    )
    audit_record(
        actor=acting_user,
        action=action,
        obj=placement,
        before=None,
        after=_placement_snapshot(placement),
    )
    return placement


def placement_start(
    *,
    agreement: Agreement,
    unit: Unit,
    supervisor: Person,
    starts_on: dt.date,
    schedule: Schedule,
    acting_user: Actor,
    business_area: BusinessArea | None = None,
    ends_on: dt.date | None = None,
) -> Placement:
    """Place the participant in ``unit`` from ``starts_on``; all three consents must exist.

    ``ends_on`` empty: the placement runs as long as the agreement."""
    with transaction.atomic():
        # One change of a person's placements at a time: the overlap check then sees every
        # committed placement, on PostgreSQL as on SQLite.
        Person.objects.select_for_update().get(pk=agreement.person_id)
        agreement = Agreement.objects.select_related("person").get(pk=agreement.pk)
        return _create(
            agreement=agreement,
            unit=unit,
            business_area=business_area,
            supervisor=supervisor,
            starts_on=starts_on,
            ends_on=ends_on,
            schedule=schedule,
            acting_user=acting_user,
            action="placement_start",
        )


def placement_end(*, placement: Placement, ended_on: dt.date, acting_user: Actor) -> Placement:
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=placement.person_id)
        placement = Placement.objects.get(pk=placement.pk)
        if ended_on < placement.starts_on or (
            placement.ends_on is not None and ended_on > placement.ends_on
        ):
            raise KoopValidationError(
                _("The placement can only end between %(start)s and %(end)s.")
                % {"start": placement.starts_on, "end": placement.ends_on or "…"},
                field="ended_on",
            )
        before = _placement_snapshot(placement)
        placement.ends_on = ended_on
        with database_rules():
            placement.save(update_fields=["ends_on"])
        audit_record(
            actor=acting_user,
            action="placement_end",
            obj=placement,
            before=before,
            after=_placement_snapshot(placement),
        )
    return placement


def placement_move(
    *,
    placement: Placement,
    unit: Unit,
    supervisor: Person,
    moved_on: dt.date,
    schedule: Schedule,
    acting_user: Actor,
    business_area: BusinessArea | None = None,
) -> Placement:
    """Move the participant: the old placement ends the day before ``moved_on`` and a new one
    starts on it, so the history of where they have been stays."""
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=placement.person_id)
        placement = Placement.objects.select_related("agreement__person").get(pk=placement.pk)
        last_day = moved_on - dt.timedelta(days=1)
        if last_day < placement.starts_on or (
            placement.ends_on is not None and moved_on > placement.ends_on
        ):
            raise KoopValidationError(
                _("A move lies inside the current placement (%(start)s–%(end)s).")
                % {"start": placement.starts_on, "end": placement.ends_on or "…"},
                field="moved_on",
            )
        before = _placement_snapshot(placement)
        previous_end = placement.ends_on
        placement.ends_on = last_day
        with database_rules():
            placement.save(update_fields=["ends_on"])
        audit_record(
            actor=acting_user,
            action="placement_end",
            obj=placement,
            before=before,
            after=_placement_snapshot(placement),
        )
        try:
            return _create(
                agreement=placement.agreement,
                unit=unit,
                business_area=business_area,
                supervisor=supervisor,
                starts_on=moved_on,
                ends_on=previous_end,
                schedule=schedule,
                acting_user=acting_user,
                action="placement_move",
            )
        except KoopValidationError as error:
            # The new placement's own start field is the move's date on this form.
            raise KoopValidationError(
                [
                    p if p.field != "starts_on" else type(p)("moved_on", p.message)
                    for p in error.problems
                ]
            ) from None
