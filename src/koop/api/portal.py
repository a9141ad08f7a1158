"""The group in figures as JSON: the dashboard's numbers."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from koop.api.schemas import FiguresOut
from koop.core.access import found, principal_of
from koop.portal.selectors import group_figures

router = Router(tags=["figures"])


@router.get("/figures", response=FiguresOut)
def figures(request: HttpRequest) -> object:
    principal = principal_of(request)
    cooperative_id = found(principal.cooperative_id)
    return group_figures(cooperative_id=cooperative_id, on=timezone.localdate()).as_dict()
