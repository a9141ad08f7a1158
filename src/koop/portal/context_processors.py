"""The main menu for every page that uses the base layout, built only when a page shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from koop.core.access import principal_of
from koop.portal.menu import MenuLink, menu_links


def _menu(request: HttpRequest) -> list[MenuLink]:
    principal = principal_of(request)
    user = getattr(request, "user", None)
    return menu_links(
        principal,
        path=request.path,
        is_staff=bool(user is not None and user.is_active and user.is_staff),
    )


def menu(request: HttpRequest) -> dict[str, object]:
    return {"menu": SimpleLazyObject(lambda: _menu(request))}
