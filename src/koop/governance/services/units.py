"""A unit and its bodies, made together: every unit that is not closed has its unit
meeting (VS), weekly and daily meeting from the day it exists.

The organisation app makes the unit and must never know about governance (it sits below
it), so the two are joined here, in one transaction: the unit is never saved without its
bodies. The new-unit page, the unit edit page and ``POST /api/v1/units`` all come here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from koop.governance.services.common import Actor
from koop.governance.services.setup import governance_setup
from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit, UnitStatus
from koop.organisation.services import unit_create, unit_update


def unit_create_with_bodies(
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
    """Create the unit (``organisation.services.unit_create``) and, unless it is closed,
    its bodies with their agenda templates."""
    with transaction.atomic():
        unit = unit_create(
            cooperative=cooperative,
            name=name,
            municipality=municipality,
            cost_centre=cost_centre,
            started_on=started_on,
            business_areas=business_areas,
            status=status,
            description=description,
            acting_user=acting_user,
        )
        governance_setup(cooperative=cooperative, acting_user=acting_user)
    return unit


def unit_update_with_bodies(
    *,
    unit: Unit,
    acting_user: Actor,
    business_areas: Iterable[BusinessArea] | None = None,
    **changes: object,
) -> Unit:
    """Change the unit (``organisation.services.unit_update``); a unit reopened after
    being closed gets whichever of its bodies it lacks."""
    with transaction.atomic():
        unit = unit_update(
            unit=unit, acting_user=acting_user, business_areas=business_areas, **changes
        )
        if unit.status != UnitStatus.CLOSED:
            governance_setup(cooperative=unit.cooperative, acting_user=acting_user)
    return unit
