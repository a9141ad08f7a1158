"""The organisation's endpoints: municipalities, business areas and units.

A unit is created through governance's ``unit_create_with_bodies`` (a unit comes with its
unit meeting, weekly and daily meeting), the same service the new-unit page calls."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from koop.api.schemas import BusinessAreaOut, MunicipalityOut, UnitOut
from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.governance.services import unit_create_with_bodies
from koop.organisation.access import (
    access_business_area,
    access_municipality,
    access_organisation,
    access_unit,
)
from koop.organisation.models import BusinessArea, Municipality, Unit, UnitStatus
from koop.organisation.selectors import (
    business_area_list,
    cooperative_current,
    municipality_list,
    unit_list,
)

router = Router(tags=["organisation"])


class UnitIn(Schema):
    name: str
    municipality_id: int
    cost_centre: str
    started_on: dt.date
    business_area_ids: list[int] = []
    status: str = UnitStatus.ACTIVE
    description: str = ""


def _unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        name=unit.name,
        municipality_id=unit.municipality_id,
        municipality=unit.municipality.name,
        business_area_ids=[a.pk for a in unit.business_areas.all()],
        cost_centre=unit.cost_centre,
        started_on=unit.started_on,
        status=unit.status,
    )


@router.get("/municipalities", response=list[MunicipalityOut])
@paginate
def list_municipalities(request: HttpRequest) -> object:
    principal = principal_of(request)
    access_organisation(principal)
    return municipality_list(cooperative_id=principal.cooperative_id or 0)


@router.get("/municipalities/{municipality_id}", response=MunicipalityOut)
def get_municipality(request: HttpRequest, municipality_id: int) -> object:
    return access_municipality(principal_of(request), municipality_id)


@router.get("/business-areas", response=list[BusinessAreaOut])
@paginate
def list_business_areas(request: HttpRequest) -> object:
    principal = principal_of(request)
    access_organisation(principal)
    return business_area_list(cooperative_id=principal.cooperative_id or 0)


@router.get("/business-areas/{area_id}", response=BusinessAreaOut)
def get_business_area(request: HttpRequest, area_id: int) -> object:
    return access_business_area(principal_of(request), area_id)


@router.get("/units", response=list[UnitOut])
@paginate
def list_units(request: HttpRequest) -> object:
    principal = principal_of(request)
    access_organisation(principal)
    return [_unit_out(u) for u in unit_list(cooperative_id=principal.cooperative_id or 0)]


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: int) -> object:
    unit = access_unit(principal_of(request), unit_id)
    return _unit_out(unit)


@router.post("/units", response={201: UnitOut})
def create_unit(request: HttpRequest, payload: UnitIn) -> object:
    """A new unit with its bodies, for those who change the organisation."""
    principal = principal_of(request)
    access_organisation(principal, write=True)
    cooperative = cooperative_current()
    municipality = Municipality.objects.filter(
        cooperative=cooperative, pk=payload.municipality_id
    ).first()
    if municipality is None:
        raise KoopValidationError(_("No such municipality."), field="municipality_id")
    areas = list(
        BusinessArea.objects.filter(cooperative=cooperative, pk__in=payload.business_area_ids)
    )
    if len(areas) != len(set(payload.business_area_ids)):
        raise KoopValidationError(_("No such business area."), field="business_area_ids")
    if payload.status not in UnitStatus.values:
        raise KoopValidationError(_("Unknown status."), field="status")
    unit = unit_create_with_bodies(
        cooperative=cooperative,
        name=payload.name,
        municipality=municipality,
        cost_centre=payload.cost_centre,
        started_on=payload.started_on,
        business_areas=areas,
        status=payload.status,
        description=payload.description,
        acting_user=request.user,
    )
    return Status(201, _unit_out(unit))
