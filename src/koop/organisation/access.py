"""Who may see and change the organisation.

The structure (municipalities, business areas, the list of units) is open to everyone
signed in who works in the group; a unit's own page is unit-scoped; changes are for
administrators and the regional manager."""

from __future__ import annotations

from koop.core.access import Principal, Role, found, require
from koop.organisation.models import BusinessArea, Municipality, Unit


def can_browse_organisation(principal: Principal) -> bool:
    return principal.is_authenticated and not principal.is_participant_only


def can_change_organisation(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER)


def access_organisation(principal: Principal, *, write: bool = False) -> None:
    require(can_change_organisation(principal) if write else can_browse_organisation(principal))


def access_unit(principal: Principal, unit_id: int, *, write: bool = False) -> Unit:
    """The unit, if ``principal`` may see it (or change it, with ``write``); else NotFound."""
    cooperative_id = found(principal.cooperative_id)
    unit = Unit.objects.filter(pk=unit_id, cooperative_id=cooperative_id).first()
    allowed = unit is not None and principal.can_see_unit(unit.pk)
    if write:
        allowed = allowed and can_change_organisation(principal)
    return found(unit, allowed=allowed)


def access_municipality(principal: Principal, municipality_id: int) -> Municipality:
    municipality = Municipality.objects.filter(
        pk=municipality_id, cooperative_id=found(principal.cooperative_id)
    ).first()
    return found(municipality, allowed=can_browse_organisation(principal))


def access_business_area(principal: Principal, area_id: int) -> BusinessArea:
    area = BusinessArea.objects.filter(
        pk=area_id, cooperative_id=found(principal.cooperative_id)
    ).first()
    return found(area, allowed=can_browse_organisation(principal))
