"""Reads of the organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from koop.core.errors import NotFound
from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit, UnitStatus


def cooperative_current() -> Cooperative:
    """The cooperative this installation serves (one per installation in this version)."""
    cooperative = Cooperative.objects.order_by("pk").first()
    if cooperative is None:
        raise NotFound("No cooperative has been set up yet; run `koop seed` or use the admin.")
    return cooperative


def unit_list(*, cooperative_id: int) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(cooperative_id=cooperative_id)
        .select_related("municipality")
        .prefetch_related("business_areas")
        .order_by("municipality__name", "name")
    )


def active_units(*, cooperative_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(cooperative_id=cooperative_id, status=UnitStatus.ACTIVE)


def municipality_list(*, cooperative_id: int) -> QuerySet[Municipality]:
    return Municipality.objects.filter(cooperative_id=cooperative_id).order_by("name")


def business_area_list(*, cooperative_id: int) -> QuerySet[BusinessArea]:
    return BusinessArea.objects.filter(cooperative_id=cooperative_id).order_by("name")
