"""The organisation's endpoints: municipalities, business areas and units."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from koop.api.schemas import BusinessAreaOut, MunicipalityOut, UnitOut
from koop.core.access import principal_of
from koop.organisation.access import (
    access_business_area,
    access_municipality,
    access_organisation,
    access_unit,
)
from koop.organisation.models import Unit
from koop.organisation.selectors import business_area_list, municipality_list, unit_list

router = Router(tags=["organisation"])


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
