"""Turning ids given as input (API bodies, query strings) into objects, or into an error
naming the field: a wrong id is bad input (422), not a missing page."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from koop.core.errors import KoopValidationError
from koop.work.models import WorkOrderStatus

M = TypeVar("M", bound=Model)


def pick(queryset: QuerySet[M], pk: int, *, field: str) -> M:
    """The object ``pk`` names among ``queryset``."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise KoopValidationError(_("No such choice: %(id)s.") % {"id": pk}, field=field)
    return obj


def pick_optional(queryset: QuerySet[M], pk: int | None, *, field: str) -> M | None:
    return None if pk is None else pick(queryset, pk, field=field)


def pick_many(queryset: QuerySet[M], pks: list[int], *, field: str) -> list[M]:
    objs = list(queryset.filter(pk__in=pks))
    missing = sorted(set(pks) - {o.pk for o in objs})
    if missing:
        raise KoopValidationError(
            _("No such choice: %(id)s.") % {"id": ", ".join(map(str, missing))}, field=field
        )
    return objs


def status_filter(status: str) -> str:
    """``status`` if it is a work order state or empty (no filter)."""
    if status and status not in WorkOrderStatus.values:
        raise KoopValidationError(
            _("Unknown status %(status)s.") % {"status": status}, field="status"
        )
    return status
