"""Changes to the organisation. Each service runs in one transaction and writes its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.identifiers import normalise_orgnr
from koop.core.validation import validate_model
from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit, UnitStatus

Actor = AbstractBaseUser | AnonymousUser | None


def cooperative_create(
    *,
    name: str,
    org_number: str,
    acting_user: Actor,
    short_name: str = "",
    **details: str | bool,
) -> Cooperative:
    cooperative = Cooperative(name=name, short_name=short_name, org_number=org_number, **details)
    validate_model(cooperative)
    cooperative.org_number = normalise_orgnr(org_number)
    with transaction.atomic():
        cooperative.save()
        audit_record(
            actor=acting_user,
            action="cooperative_create",
            obj=cooperative,
            before=None,
            after=snapshot(cooperative),
        )
    return cooperative


def cooperative_update(
    *, cooperative: Cooperative, acting_user: Actor, **changes: str | bool
) -> Cooperative:
    with transaction.atomic():
        cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        before = snapshot(cooperative)
        for name, value in changes.items():
            setattr(cooperative, name, value)
        validate_model(cooperative)
        cooperative.org_number = normalise_orgnr(cooperative.org_number)
        cooperative.save()
        audit_record(
            actor=acting_user,
            action="cooperative_update",
            obj=cooperative,
            before=before,
            after=snapshot(cooperative),
        )
    return cooperative


def municipality_create(
    *, cooperative: Cooperative, name: str, code: str = "", acting_user: Actor
) -> Municipality:
    municipality = Municipality(cooperative=cooperative, name=name.strip(), code=code)
    validate_model(municipality)
    with transaction.atomic():
        municipality.save()
        audit_record(
            actor=acting_user,
            action="municipality_create",
            obj=municipality,
            before=None,
            after=snapshot(municipality),
        )
    return municipality


def business_area_create(
    *, cooperative: Cooperative, name: str, code: str, acting_user: Actor
) -> BusinessArea:
    area = BusinessArea(cooperative=cooperative, name=name.strip(), code=code)
    validate_model(area)
    with transaction.atomic():
        area.save()
        audit_record(
            actor=acting_user,
            action="business_area_create",
            obj=area,
            before=None,
            after=snapshot(area),
        )
    return area


def unit_create(
    *,
    cooperative: Cooperative,
    name: str,
    municipality: Municipality,
    cost_centre: str,
    started_on: dt.date,
    business_areas: Iterable[BusinessArea] = (),
    status: str = UnitStatus.ACTIVE,
    description: str = "",
    acting_user: Actor,
) -> Unit:
    unit = Unit(
        cooperative=cooperative,
        name=name.strip(),
        municipality=municipality,
        cost_centre=cost_centre.strip(),
        started_on=started_on,
        status=status,
        description=description,
    )
    _check_cost_centre_free(unit)
    validate_model(unit)
    _check_same_cooperative(unit, business_areas)
    with transaction.atomic():
        unit.save()
        unit.business_areas.set(list(business_areas))
        audit_record(
            actor=acting_user, action="unit_create", obj=unit, before=None, after=snapshot(unit)
        )
    return unit


def unit_update(
    *,
    unit: Unit,
    acting_user: Actor,
    business_areas: Iterable[BusinessArea] | None = None,
    **changes: object,
) -> Unit:
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit)
        for name, value in changes.items():
            setattr(unit, name, value.strip() if isinstance(value, str) else value)
        _check_cost_centre_free(unit)
        validate_model(unit)
        unit.save()
        if business_areas is not None:
            _check_same_cooperative(unit, business_areas)
            unit.business_areas.set(list(business_areas))
        audit_record(
            actor=acting_user, action="unit_update", obj=unit, before=before, after=snapshot(unit)
        )
    return unit


def _check_cost_centre_free(unit: Unit) -> None:
    # The unique constraint's own message names no field (it spans two); this one does.
    taken = (
        Unit.objects.filter(cooperative_id=unit.cooperative_id, cost_centre=unit.cost_centre)
        .exclude(pk=unit.pk)
        .exists()
    )
    if taken:
        raise KoopValidationError(
            _("Another unit already has this cost centre code."), field="cost_centre"
        )


def _check_same_cooperative(unit: Unit, business_areas: Iterable[BusinessArea]) -> None:
    if unit.municipality.cooperative_id != unit.cooperative_id:
        raise KoopValidationError(
            _("The municipality belongs to another cooperative."), field="municipality"
        )
    if any(area.cooperative_id != unit.cooperative_id for area in business_areas):
        raise KoopValidationError(
            _("A business area belongs to another cooperative."), field="business_areas"
        )
